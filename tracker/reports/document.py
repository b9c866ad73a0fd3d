"""The monthly printout as DOCX, and what it shares with the notice (tracker.reports.notice):
display-ready values → the office's template, through the one renderer (`tracker.documents`):
sandboxed, autoescaped, so neither an edited template nor a value typed by a user (an
applicant's name, a reason) can run code or break the document's XML. Every phrase is in the
templates; here only values are made ready to print.

Counts follow one rule everywhere in both documents, as Vietnamese notices write them: two
digits below ten, zero included (`01 hồ sơ`, `00`; tracker.formats.zero_pad). Ordinals (STT,
a rank) and rates are not counts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tracker.dates import format_date
from tracker.documents.pictures import Picture
from tracker.documents.template import DocumentTemplate, find_template
from tracker.formats import letter_date, vn_number, zero_pad
from tracker.letters.context import body_unit_name
from tracker.reports.figures import FigureLine, IndexReport
from tracker.reports.heading import letterhead
from tracker.reports.monthly import CaseLine, Counts, MonthlySummary, Office
from tracker.reports.tabular import change_text, percent_text, verdict
from tracker.text import fold

MONTHLY_TEMPLATE = "bao-cao-thang.docx"
CHART_WIDTH_MM = 150  # the 165 mm between A4 portrait's margins, less some air
NONE = "–"  # a cell with nothing to count (no late dossier: no days late)
# Numbers of Counts that are not printed as plain counts: days late have their own cells, and
# last month's total shows as the change.
_NOT_COUNTED = {"days_late_median", "days_late_mean", "days_late_max", "previous_late"}


def mean_text(value: float | None) -> str:
    """An average number of days, one decimal always (`5,3`, `2,0`): never read as a count."""
    return NONE if value is None else f"{value:.1f}".replace(".", ",")


def _counts(counts: Counts) -> dict[str, str]:
    """Every count of `counts` two digits wide under its own name (a count added to Counts is
    a placeholder at once: `{{ t.letters_issued }}`), and the days late and the change."""
    values = {
        name: zero_pad(value)
        for name, value in dataclasses.asdict(counts).items()
        if isinstance(value, int) and name not in _NOT_COUNTED
    }
    return values | {
        "mean": mean_text(counts.days_late_mean),
        "max": NONE if counts.days_late_max is None else zero_pad(counts.days_late_max),
        "change": change_text(counts.late_change, zero_pad),
    }


def lower_first(text: str) -> str:
    """A label inside a sentence: `Tỷ lệ hồ sơ …` → `tỷ lệ hồ sơ …`."""
    return text[:1].lower() + text[1:]


def inline_name(name: str, kind: str) -> str:
    """A commune's name inside a sentence: `Thị trấn Gò Dầu` → `thị trấn Gò Dầu`."""
    if kind == "commune" and name[:1].isupper() and fold(name).startswith(("thi tran", "xa ")):
        return lower_first(name)
    return name


def title_with_unit(title: str, unit_name: str) -> str:
    """`Trưởng phòng` + `Phòng Kinh tế và Hạ tầng` → `Trưởng phòng Kinh tế và Hạ tầng`: the
    words the title and the name share are written once."""
    title_words, name_words = title.split(), unit_name.split()
    for overlap in range(min(len(title_words), len(name_words)), 0, -1):
        if [fold(w) for w in title_words[-overlap:]] == [fold(w) for w in name_words[:overlap]]:
            return " ".join([*title_words, *name_words[overlap:]])
    return f"{title} {unit_name}"


def figure_values(line: FigureLine) -> dict[str, str]:
    """One figure against its target: `value`, `target` (`–` without one), `verdict`."""
    return {
        "value": percent_text(line.value),
        "target": percent_text(line.target) or NONE,
        "verdict": verdict(line),
    }


def units_below(index: IndexReport) -> list[dict[str, Any]]:
    """Per metric, the units below its target, in the order they were entered."""
    result = []
    for line in index.lines:
        below = index.units_below(line.metric)
        if below:
            result.append(
                {
                    "label": line.label,
                    "label_lower": lower_first(line.label),
                    "target": percent_text(below[0].target),
                    "units": [
                        {
                            "name": inline_name(u.scope_name, u.scope_kind),
                            "value": percent_text(u.value),
                        }
                        for u in below
                    ],
                }
            )
    return result


def score_text(index: IndexReport | None) -> str:
    """`87,07`, or `……` for the clerk to fill in when it was not entered."""
    return vn_number(index.score) if index and index.score is not None else "……"


def rank_text(index: IndexReport | None) -> str:
    """`8/9`, or `……` when it was not entered."""
    if index is None or index.rank is None:
        return "……"
    return f"{index.rank}/{index.rank_of}" if index.rank_of else str(index.rank)


def missing_text(index: IndexReport) -> str:
    """The figures the month still lacks, in words: `tổng số điểm; tỷ lệ hồ sơ …`."""
    names = [lower_first(label) for label in index.missing()]
    return "; ".join(names)


def index_figures(index: IndexReport | None) -> list[dict[str, Any]]:
    """Each rate entered for the month, organisation-wide, with its units below it (in the
    order they were entered); a rate entered only per unit has an empty first line. The
    printout's part IV and the notice's Phụ lục 1."""
    if index is None:
        return []
    result: list[dict[str, Any]] = []
    for line in index.lines:
        units = [u for u in index.unit_lines if u.metric == line.metric and u.value is not None]
        if line.value is None and not units:
            continue
        overall = (
            figure_values(line)
            if line.value is not None
            else dict.fromkeys(("value", "target", "verdict"), "")
        )
        result.append(
            {
                "no": str(len(result) + 1),
                "label": line.label,
                **overall,
                "units": [
                    {"name": body_unit_name(u.scope_name, u.scope_kind), **figure_values(u)}
                    for u in units
                ],
            }
        )
    return result


def _index(index: IndexReport | None) -> dict[str, Any] | None:
    if index is None or not index.has_data:
        return None
    return {
        "score": vn_number(index.score) if index.score is not None else "",
        "rank": rank_text(index) if index.rank is not None else "",
        "figures": index_figures(index),
        "units_below": units_below(index),
        "missing": missing_text(index),
    }


def regime_context(summary: MonthlySummary) -> dict[str, Any]:
    """The law the month's dossiers fall under (one regime, or two across a change of law):
    `deadline_basis` for a sentence, `regime_rules` one sentence each (regimes/*.toml)."""
    return {
        "deadline_basis": "; ".join(r.deadline for r in summary.regimes),
        "regime_rules": [r.rule for r in summary.regimes],
    }


def organisation_context(org: Mapping[str, str], today: dt.date) -> dict[str, Any]:
    """What both documents take from the organisation's settings: the header (through
    `letterhead`, the one reader of the header settings), the date, the notice's signer, and
    the level the templates word their addressees by (`huyện` with its communes, or a `xã`
    with its own departments only)."""
    head = letterhead(org)
    return {
        "level": head.level,
        "has_communes": head.has_communes,
        "org_name": head.name,
        "issuer_line1": head.issuer_line1,
        "issuer_line2": head.issuer_line2,
        "area": head.area,
        "governing_body": head.governing_body,
        "place": head.place,
        "province": head.province,
        "date_text": letter_date(today),
        "date_short": format_date(today),
        "notice_symbol": org.get("notice_symbol", "UBND"),
        "legal_basis": org.get("legal_basis", ""),
        "leader_authority": org.get("leader_authority", ""),
        "leader_title": org.get("leader_title", ""),
        "leader_name": org.get("leader_name", ""),
    }


def _case(case: CaseLine, number: int) -> dict[str, str]:
    values = {k: str(v) for k, v in dataclasses.asdict(case).items()}
    return values | {"no": str(number), "days_late": zero_pad(case.days_late)}


def monthly_context(
    summary: MonthlySummary,
    org: Mapping[str, str],
    *,
    today: dt.date,
    office: Office,
) -> dict[str, Any]:
    """Every placeholder of bao-cao-thang.docx; `office` names the unit that writes it."""
    units = [
        {
            "no": str(n),
            "name": line.unit_name,
            "body_name": body_unit_name(line.unit_name, line.kind),  # inside a sentence
            **_counts(line.counts),
        }
        for n, line in enumerate(summary.by_unit, start=1)
    ]
    heads = [
        {"no": str(n), "head": h.head, "unit_name": h.unit_name, **_counts(h.counts)}
        for n, h in enumerate(summary.by_head, start=1)
    ]
    return {
        **organisation_context(org, today),
        **regime_context(summary),
        **office.context(),
        "period_label": summary.label,
        "previous_label": summary.previous_label,
        "as_of": format_date(summary.as_of),
        "t": _counts(summary.total),
        "d": _counts(summary.departments),
        "c": _counts(summary.communes),
        "change": _change_sentence(summary.total.late_change),
        # Without last month's dossiers the "± tháng trước" column is empty: a note says why.
        "has_previous": summary.total.previous_late is not None,
        "units": units,
        "heads": heads,
        "index": _index(summary.index),
        "cases": [_case(case, n) for n, case in enumerate(summary.cases, start=1)],
        "chart_units": None,
        "chart_trend": None,
    }


def _change_sentence(change: int | None) -> str:
    if change is None:
        return ""
    if change == 0:
        return "không thay đổi"
    return f"{'tăng' if change > 0 else 'giảm'} {zero_pad(abs(change))} hồ sơ"


def render_monthly(
    summary: MonthlySummary,
    org: Mapping[str, str],
    office: Office,
    templates_dir: Path,
    out: Path,
    *,
    today: dt.date,
    overwrite: bool = False,
) -> None:
    from tracker.reports.charts import trend_chart, units_chart

    context = monthly_context(summary, org, today=today, office=office)
    for key, png in (("chart_units", units_chart(summary)), ("chart_trend", trend_chart(summary))):
        context[key] = Picture(png, CHART_WIDTH_MM) if png is not None else None
    template = DocumentTemplate(find_template(templates_dir, MONTHLY_TEMPLATE))
    template.write(out, context, overwrite=overwrite)
