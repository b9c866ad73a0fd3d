"""The monthly printout and the notice as DOCX: display-ready values → the office's template,
through the one renderer (`tracker.documents`): sandboxed, autoescaped, so neither an edited
template nor a value typed by a user (an applicant's name, a reason) can run code or break the
document's XML. Every phrase is in the templates; here only values are made ready to print.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from tracker.dates import format_date
from tracker.documents.pictures import Picture
from tracker.documents.template import DocumentTemplate, find_template
from tracker.formats import letter_date, vn_number, zero_pad
from tracker.reports.figures import FigureLine, IndexReport
from tracker.reports.monthly import Counts, MonthlySummary, Office
from tracker.reports.tabular import change_text, days_text, percent_text, verdict
from tracker.text import clean, fold

MONTHLY_TEMPLATE = "bao-cao-thang.docx"
NOTICE_TEMPLATE = "cong-van-thang.docx"
CHART_WIDTH_MM = 150  # the 165 mm between A4 portrait's margins, less some air

# The governing-body prefix of an organisation's name, split onto its own header line.
_GOVERNING = "Ủy ban nhân dân"


def count_text(count: int) -> str:
    """A count as notices write it: `01 hồ sơ` below ten, but `0` for none."""
    return zero_pad(count) if count else "0"


def _counts(counts: Counts) -> dict[str, str]:
    return {
        "late": count_text(counts.late),
        "change": change_text(counts.late_change),
        "open": count_text(counts.open),
        "resolved": count_text(counts.resolved),
        "median": days_text(counts.days_late_median) or "–",
        "max": days_text(counts.days_late_max) or "–",
        "letters_drafted": count_text(counts.letters_drafted),
        "letters_issued": count_text(counts.letters_issued),
        "late_apologies": count_text(counts.late_apologies),
        "on_time_apologies": count_text(counts.on_time_apologies),
        "published_portal": count_text(counts.published_portal),
        "updated_onestop": count_text(counts.updated_onestop),
        "published": count_text(counts.published),
        "outstanding": count_text(counts.outstanding),
    }


def inline_name(name: str, kind: str) -> str:
    """A commune's name inside a sentence: `Thị trấn Gò Dầu` → `thị trấn Gò Dầu`."""
    if kind == "commune" and name[:1].isupper() and fold(name).startswith(("thi tran", "xa ")):
        return name[:1].lower() + name[1:]
    return name


def title_with_unit(title: str, unit_name: str) -> str:
    """`Trưởng phòng` + `Phòng Kinh tế và Hạ tầng` → `Trưởng phòng Kinh tế và Hạ tầng`: the
    words the title and the name share are written once."""
    title_words, name_words = title.split(), unit_name.split()
    for overlap in range(min(len(title_words), len(name_words)), 0, -1):
        if [fold(w) for w in title_words[-overlap:]] == [fold(w) for w in name_words[:overlap]]:
            return " ".join([*title_words, *name_words[overlap:]])
    return f"{title} {unit_name}"


def _figure(line: FigureLine, number: int) -> dict[str, str]:
    return {
        "no": str(number),
        "label": line.label,
        "scope": line.scope_name or "Chung",
        "value": percent_text(line.value),
        "target": percent_text(line.target),
        "verdict": verdict(line),
    }


def _units_below(index: IndexReport) -> list[dict[str, Any]]:
    result = []
    for line in index.lines:
        below = index.units_below(line.metric)
        if below:
            result.append(
                {
                    "label": line.label,
                    "label_lower": line.label[:1].lower() + line.label[1:],
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


def _index(index: IndexReport | None) -> dict[str, Any] | None:
    if index is None or not index.has_data:
        return None
    shown = [line for line in [*index.lines, *index.unit_lines] if line.value is not None]
    return {
        "score": vn_number(index.score) if index.score is not None else "……",
        "rank": _rank(index),
        "figures": [_figure(line, n) for n, line in enumerate(shown, start=1)],
        "units_below": _units_below(index),
    }


def _rank(index: IndexReport) -> str:
    if index.rank is None:
        return "……"
    return f"{index.rank}/{index.rank_of}" if index.rank_of else str(index.rank)


def _organisation(org: dict[str, str], today: dt.date) -> dict[str, str]:
    name = clean(org.get("name", ""))
    if fold(name).startswith(fold(_GOVERNING)):
        line1, line2 = _GOVERNING.upper(), name[len(_GOVERNING) :].strip().upper()
        area = name[len(_GOVERNING) :].strip()
    else:
        line1, line2, area = name.upper(), "", name
    return {
        "org_name": name,
        "issuer_line1": line1,
        "issuer_line2": line2,
        "area": area,
        "governing_body": org.get("governing_body", ""),
        "place": org.get("place", ""),
        "province": org.get("province", ""),
        "date_text": letter_date(today),
        "date_short": format_date(today),
        "notice_symbol": org.get("notice_symbol", "UBND"),
        "legal_basis": org.get("legal_basis", ""),
        "leader_authority": org.get("leader_authority", ""),
        "leader_title": org.get("leader_title", ""),
        "leader_name": org.get("leader_name", ""),
    }


def monthly_context(
    summary: MonthlySummary,
    org: dict[str, str],
    *,
    today: dt.date,
    office: Office,
) -> dict[str, Any]:
    """Every placeholder of bao-cao-thang.docx; `office` names the unit that writes it."""
    units = [
        {"no": str(n), "name": line.unit_name, **_counts(line.counts)}
        for n, line in enumerate(summary.by_unit, start=1)
    ]
    heads = [
        {"no": str(n), "head": h.head, "unit_name": h.unit_name, **_counts(h.counts)}
        for n, h in enumerate(summary.by_head, start=1)
    ]
    cases = [
        {"no": str(n), **{k: str(v) for k, v in dataclasses.asdict(case).items()}}
        for n, case in enumerate(summary.cases, start=1)
    ]
    return {
        **_organisation(org, today),
        **office.context(),
        "period_label": summary.label,
        "previous_label": summary.previous_label,
        "as_of": format_date(summary.as_of),
        "t": _counts(summary.total),
        "d": _counts(summary.departments),
        "c": _counts(summary.communes),
        "change": _change_sentence(summary.total.late_change),
        "units": units,
        "heads": heads,
        "index": _index(summary.index),
        "cases": cases,
        "chart_units": None,
        "chart_trend": None,
    }


def _change_sentence(change: int | None) -> str:
    if change is None:
        return ""
    if change == 0:
        return "không thay đổi"
    return f"{'tăng' if change > 0 else 'giảm'} {count_text(abs(change))} hồ sơ"


def notice_context(
    summary: MonthlySummary, org: dict[str, str], *, today: dt.date
) -> dict[str, Any]:
    """Every placeholder of cong-van-thang.docx."""
    index = summary.index
    departments_late = [
        line for line in summary.by_unit if line.kind == "department" and line.counts.late
    ]
    communes_late = [
        line for line in summary.by_unit if line.kind == "commune" and line.counts.late
    ]
    targets = index.targets() if index else {}
    year, month = summary.period.split("-")
    return {
        **_organisation(org, today),
        "period_label": summary.label,
        "previous_label": summary.previous_label,
        "month": str(int(month)),
        "year": year,
        "score": vn_number(index.score) if index and index.score is not None else "……",
        "rank": _rank(index) if index else "……",
        "score_change": _score_change(index),
        "criteria": [
            {"label": line.label, "value": percent_text(line.value)}
            for line in (index.attention() if index else [])
        ],
        "late_total": count_text(summary.total.late),
        "late_departments": count_text(summary.departments.late),
        "late_communes": [
            {"name": inline_name(line.unit_name, line.kind), "count": count_text(line.counts.late)}
            for line in communes_late
        ],
        "units_below": _units_below(index) if index else [],
        "targets": {key: percent_text(value) or "……%" for key, value in targets.items()},
        "heads_named": ", ".join(
            title_with_unit(line.head_title or "Thủ trưởng", line.unit_name)
            for line in departments_late
        ),
    }


def _score_change(index: IndexReport | None) -> str:
    if index is None or index.score is None or index.previous_score is None:
        return ""
    change = round(index.score - index.previous_score, 2)
    if change == 0:
        return "không thay đổi"
    return f"{'tăng' if change > 0 else 'giảm'} {vn_number(abs(change))} điểm"


def render_monthly(
    summary: MonthlySummary,
    org: dict[str, str],
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


def render_notice(
    summary: MonthlySummary,
    org: dict[str, str],
    templates_dir: Path,
    out: Path,
    *,
    today: dt.date,
    overwrite: bool = False,
) -> None:
    context = notice_context(summary, org, today=today)
    template = DocumentTemplate(find_template(templates_dir, NOTICE_TEMPLATE))
    template.write(out, context, overwrite=overwrite)
