"""The month's notice (cong-van-thang.docx) and its two appendices, as the November 2024 notice
of UBND huyện Gò Dầu names them: Phụ lục 1, the index figures against their targets (per unit
where they are reported per unit); Phụ lục 2, the late dossiers by unit.

The notice goes to every department and commune and to the province: Phụ lục 2 names each
applicant as the public copy of a letter does (family name and initials, `Nguyễn V. A.`).
The dossier code finds the full record in the one-stop system for whoever handles it; nobody
else on the list needs the citizen's full name (the personal-data law, regimes/du-lieu-ca-nhan.toml:
no more personal data than the purpose needs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tracker.documents.template import DocumentTemplate, find_template
from tracker.formats import vn_number, zero_pad
from tracker.letters.context import body_unit_name
from tracker.reports.document import (
    index_figures,
    inline_name,
    lower_first,
    organisation_context,
    rank_text,
    regime_context,
    score_text,
    title_with_unit,
    units_below,
)
from tracker.reports.figures import IndexReport
from tracker.reports.heading import letterhead
from tracker.reports.monthly import CaseLine, MonthlySummary, UnitLine
from tracker.reports.tabular import percent_text
from tracker.text import fold, mask_name

NOTICE_TEMPLATE = "cong-van-thang.docx"
# Who answers for a unit's late dossiers when its head's title is not known.
DEFAULT_TITLE = {"commune": "Chủ tịch UBND"}
DEFAULT_HEAD_TITLE = "Thủ trưởng"
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def roman(number: int) -> str:
    """`I`, `II`, … `XIV`: the numbers of a table's groups in Vietnamese documents."""
    text = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        text += letters * count
    return text


def head_of(line: UnitLine) -> str:
    """`Trưởng phòng Kinh tế và Hạ tầng`, `Chủ tịch UBND xã Hiệp Thạnh`."""
    title = line.head_title or DEFAULT_TITLE.get(line.kind, DEFAULT_HEAD_TITLE)
    return title_with_unit(title, inline_name(line.unit_name, line.kind))


def _heads(summary: MonthlySummary, area: str) -> dict[str, str]:
    """Item 7's addressees: the head of every unit with a late dossier. The template writes
    the departments' heads, then the level ("huyện"), then the communes' chairs (and any other
    unit's). The People's Committee that issues the notice (xã Phước Thạnh's own procedures,
    in its own notice) is not asked to urge itself."""
    late = [
        line
        for line in summary.by_unit
        if line.counts.late and not (line.kind == "commune" and fold(line.unit_name) == fold(area))
    ]
    departments = [head_of(line) for line in late if line.kind == "department"]
    others = [head_of(line) for line in late if line.kind != "department"]
    return {
        "heads_named": ", ".join([*departments, *others]),
        "heads_departments": ", ".join(departments),
        "heads_others": ", ".join(others),
    }


def _changes(index: IndexReport | None) -> list[dict[str, Any]]:
    """Organisation-wide rates that moved since last month, with both values."""
    if index is None:
        return []
    result = []
    for line in index.lines:
        before = index.previous.get(line.metric)
        if line.value is None or before is None or before == line.value:
            continue
        result.append(
            {
                "label_lower": lower_first(line.label),
                "before": percent_text(before),
                "after": percent_text(line.value),
                "rose": line.value > before,
            }
        )
    return result


def _score_change(index: IndexReport | None) -> str:
    if index is None or index.score is None or index.previous_score is None:
        return ""
    change = round(index.score - index.previous_score, 2)
    if change == 0:
        return "không thay đổi"
    return f"{'tăng' if change > 0 else 'giảm'} {vn_number(abs(change))} điểm"


def _appendix_case(case: CaseLine, number: int) -> dict[str, str]:
    return {
        "no": str(number),
        "code": case.code,
        "procedure": case.procedure,
        "applicant": mask_name(case.applicant),
        "due_at": case.due_at,
        "finished_at": case.finished_at,
        "days_late": zero_pad(case.days_late),
        "letter_number": case.letter_number,
        "letter_date": case.letter_date,
    }


def appendix_dossiers(summary: MonthlySummary) -> list[dict[str, Any]]:
    """Phụ lục 2: the late dossiers grouped by unit, in the order of the unit table."""
    by_unit: dict[str, list[CaseLine]] = {}
    for case in summary.cases:
        by_unit.setdefault(case.unit, []).append(case)
    groups: list[dict[str, Any]] = []
    for line in summary.by_unit:
        cases = by_unit.get(line.unit, [])
        if not cases:
            continue
        groups.append(
            {
                "no": roman(len(groups) + 1),
                "name": body_unit_name(line.unit_name, line.kind),
                "count": zero_pad(len(cases)),
                "dossiers": [_appendix_case(case, n) for n, case in enumerate(cases, start=1)],
            }
        )
    return groups


def notice_context(
    summary: MonthlySummary, org: Mapping[str, str], *, today: dt.date
) -> dict[str, Any]:
    """Every placeholder of cong-van-thang.docx. `summary` carries its late dossiers
    (`monthly_summary(…, with_cases=True)`) for Phụ lục 2."""
    index = summary.index
    targets = index.targets() if index else {}
    year, month = summary.period.split("-")
    return {
        **organisation_context(org, today),
        **regime_context(summary),
        "period_label": summary.label,
        "previous_label": summary.previous_label,
        "month": str(int(month)),
        "year": year,
        "score": score_text(index),
        "rank": rank_text(index),
        "score_change": _score_change(index),
        "changes": _changes(index),
        "criteria": [
            {"label": line.label, "value": percent_text(line.value)}
            for line in (index.attention() if index else [])
        ],
        "late_total": zero_pad(summary.total.late),
        "late_departments": zero_pad(summary.departments.late),
        "late_communes": [
            {"name": inline_name(line.unit_name, line.kind), "count": zero_pad(line.counts.late)}
            for line in summary.by_unit
            if line.kind == "commune" and line.counts.late
        ],
        # An organisation without communes under it names each of its units instead.
        "late_units": [
            {"name": body_unit_name(line.unit_name, line.kind), "count": zero_pad(line.counts.late)}
            for line in summary.by_unit
            if line.counts.late
        ],
        "units_below": units_below(index) if index else [],
        "targets": {key: percent_text(value) or "……%" for key, value in targets.items()},
        **_heads(summary, letterhead(org).area),
        "figures": index_figures(index),
        "dossiers": appendix_dossiers(summary),
    }


def render_notice(
    summary: MonthlySummary,
    org: Mapping[str, str],
    templates_dir: Path,
    out: Path,
    *,
    today: dt.date,
    overwrite: bool = False,
) -> None:
    context = notice_context(summary, org, today=today)
    template = DocumentTemplate(find_template(templates_dir, NOTICE_TEMPLATE))
    template.write(out, context, overwrite=overwrite)
