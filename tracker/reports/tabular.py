"""The monthly summary as JSON (the keys docs/json.md lists) and as table/CSV rows."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from tracker.formats import vn_number
from tracker.reports.figures import FigureLine, IndexReport
from tracker.reports.monthly import Counts, MonthlySummary


def counts_json(counts: Counts) -> dict[str, Any]:
    """Every field of Counts under its own name, then the change against last month."""
    return {**dataclasses.asdict(counts), "late_change": counts.late_change}


def _figure_json(line: FigureLine) -> dict[str, Any]:
    return {
        "metric": line.metric,
        "label": line.label,
        "unit": line.scope or None,
        "unit_name": line.scope_name or None,
        "value": line.value,
        "target": line.target,
        "below_target": line.below,
    }


def index_json(index: IndexReport) -> dict[str, Any]:
    return {
        "period": index.period,
        "score": index.score,
        "rank": index.rank,
        "rank_of": index.rank_of,
        "figures": [_figure_json(line) for line in index.lines],
        "by_unit": [_figure_json(line) for line in index.unit_lines],
    }


def summary_json(summary: MonthlySummary) -> dict[str, Any]:
    """`report monthly P --format json`: the first published keys first (scripts read them;
    never renamed), then those added since; docs/json.md lists them all."""
    return {
        "period": summary.period,
        "total": summary.total.late,
        "departments_total": summary.departments.late,
        "communes_total": summary.communes.late,
        "by_unit": [
            {
                "unit": line.unit,
                "unit_name": line.unit_name,
                "kind": line.kind,
                **counts_json(line.counts),
                "head": line.head,
            }
            for line in summary.by_unit
        ],
        "as_of": summary.as_of.isoformat(),
        "previous_period": summary.previous_period,
        "totals": counts_json(summary.total),
        "departments": counts_json(summary.departments),
        "communes": counts_json(summary.communes),
        "by_head": [
            {"head": h.head, "unit": h.unit, "unit_name": h.unit_name, **counts_json(h.counts)}
            for h in summary.by_head
        ],
        "trend": [{"period": p.period, "late": p.late} for p in summary.trend],
        "index": index_json(summary.index) if summary.index else None,
        "regimes": [
            {"code": r.code, "citation": r.citation, "deadline": r.deadline, "rule": r.rule}
            for r in summary.regimes
        ],
    }


UNIT_HEADERS = [
    "Đơn vị",
    "Trễ hạn",
    "± tháng trước",
    "Chưa có KQ",
    "Đã có KQ",
    "Ngày trễ trung bình",
    "Ngày trễ nhiều nhất",
    "Thư soạn",
    "Ban hành",
    "Thư muộn",
    "Đăng cổng",
    "Một cửa",
    "Chưa công khai",
]
HEAD_HEADERS = ["Người đứng đầu", *UNIT_HEADERS]
FIGURE_HEADERS = ["Chỉ số", "Đơn vị", "Kết quả", "Chỉ tiêu", "Đánh giá"]


def change_text(change: int | None, count: Callable[[int], str] = str) -> str:
    """`+3`, `−2`, `0` (each number written by `count`), or empty without a previous month."""
    if change is None:
        return ""
    if change > 0:
        return f"+{count(change)}"
    return f"−{count(-change)}" if change < 0 else count(0)


def days_text(value: float | int | None) -> str:
    return "" if value is None else vn_number(value, decimals=1)


def count_values(counts: Counts) -> list[int | float | None]:
    """The numbers under UNIT_HEADERS (after the name), as numbers: a spreadsheet's cells."""
    return [
        counts.late,
        counts.late_change,
        counts.open,
        counts.resolved,
        counts.days_late_mean,
        counts.days_late_max,
        counts.letters_drafted,
        counts.letters_issued,
        counts.late_apologies,
        counts.published_portal,
        counts.updated_onestop,
        counts.outstanding,
    ]


def count_cells(counts: Counts) -> list[str]:
    """The same numbers as a person reads them: `+3`, `5,3`, nothing without a value."""
    late, change, still_open, resolved, mean, most, *letters = count_values(counts)
    return [
        str(late),
        change_text(None if change is None else int(change)),
        str(still_open),
        str(resolved),
        days_text(mean),
        days_text(most),
        *(str(n) for n in letters),
    ]


def unit_lines(summary: MonthlySummary) -> list[tuple[str, Counts]]:
    """One line per unit, then (for a district: communes answer to it) the subtotals of
    departments and communes, and the grand total (the last line)."""
    subtotals = [
        ("Cộng: cơ quan chuyên môn", summary.departments),
        ("Cộng: UBND xã, thị trấn", summary.communes),
    ]
    return [
        *((line.unit_name, line.counts) for line in summary.by_unit),
        *(subtotals if summary.has_communes else []),
        ("TỔNG CỘNG", summary.total),
    ]


def unit_rows(summary: MonthlySummary) -> list[list[str]]:
    return [[name, *count_cells(counts)] for name, counts in unit_lines(summary)]


def head_rows(summary: MonthlySummary) -> list[list[str]]:
    return [[h.head, h.unit_name, *count_cells(h.counts)] for h in summary.by_head]


def percent_text(value: float | None) -> str:
    return "" if value is None else f"{vn_number(value)}%"


def verdict(line: FigureLine) -> str:
    below = line.below
    if below is None:
        return "chưa có chỉ tiêu" if line.value is not None else "chưa có số liệu"
    return "chưa đạt" if below else "đạt"


def headline(index: IndexReport) -> list[list[str]]:
    """Score and rank: `87,07/100 điểm`, `8/9`."""
    rows = []
    if index.score is not None:
        rows.append(["Tổng số điểm", "", f"{vn_number(index.score)}/100", "", ""])
    if index.rank is not None:
        of = f"/{index.rank_of}" if index.rank_of else ""
        rows.append(["Xếp hạng", "", f"{index.rank}{of}", "", ""])
    return rows


def shown_figures(index: IndexReport) -> list[FigureLine]:
    """Every rate organisation-wide (entered or not: its target shows), then each unit's
    entered rate."""
    return [
        line
        for line in [*index.lines, *index.unit_lines]
        if line.value is not None or not line.scope
    ]


def figure_rows(index: IndexReport) -> list[list[str]]:
    """Score and rank, then every rate against its target, organisation-wide then per unit."""
    rows = headline(index)
    for line in shown_figures(index):
        rows.append(
            [
                line.label,
                line.scope_name or "Chung",
                percent_text(line.value),
                percent_text(line.target),
                verdict(line),
            ]
        )
    return rows
