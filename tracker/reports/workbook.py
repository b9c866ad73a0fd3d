"""The monthly report as a workbook (XLSX) the leadership sums and filters in Excel: one sheet per
table of the report — by unit, by head, the index figures, the late dossiers — numbers as
numbers, rates as percentages, dates as dates. Pure: a summary in, bytes out (openpyxl).

The CLI's `--format xlsx` writes lists with its own builder (tracker/cli/xlsx.py, from the "cli"
branch); the web cannot reach into the CLI, so this one stands beside the report's other
renderings (tabular.py, document.py) and takes typed cells, not display strings.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tracker.output_files import MARK
from tracker.reports.document import rank_text
from tracker.reports.figures import IndexReport
from tracker.reports.monthly import CaseLine, MonthlySummary
from tracker.reports.tabular import (
    FIGURE_HEADERS,
    HEAD_HEADERS,
    UNIT_HEADERS,
    count_values,
    shown_figures,
    unit_lines,
    verdict,
)


@dataclass(frozen=True)
class Rate:
    """A rate as the index reports it (87,07 for 87,07 %), stored as Excel's own percentage."""

    percent: float


Cell = str | int | float | dt.date | Rate | None


@dataclass(frozen=True)
class Sheet:
    name: str  # at most 31 characters, none of []:*?/\ (Excel's rules)
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]


CASE_HEADERS = [
    "Mã hồ sơ",
    "Thủ tục",
    "Người nộp",
    "Đơn vị",
    "Người đứng đầu",
    "Ngày tiếp nhận",
    "Hẹn trả",
    "Ngày có kết quả",
    "Ngày trễ",
    "Lý do trễ",
    "Số thư xin lỗi",
    "Ngày ban hành",
    "Đăng cổng",
    "Một cửa",
]
_FORMATS = {int: "0", float: "0.0", dt.date: "DD/MM/YYYY", Rate: "0.00%"}
_WIDTH_MIN, _WIDTH_MAX = 8, 60


def monthly_workbook(summary: MonthlySummary) -> bytes:
    """The report of `summary` (made `with_cases` for its last sheet) as an XLSX file."""
    sheets = [
        Sheet(
            "Theo đơn vị",
            UNIT_HEADERS,
            [[name, *count_values(counts)] for name, counts in unit_lines(summary)],
        ),
        Sheet(
            "Theo người đứng đầu",
            HEAD_HEADERS,
            [[h.head, h.unit_name, *count_values(h.counts)] for h in summary.by_head],
        ),
    ]
    if summary.index is not None and summary.index.has_data:
        sheets.append(Sheet("Bộ chỉ số", FIGURE_HEADERS, figure_cells(summary.index)))
    sheets.append(Sheet("Hồ sơ trễ hạn", CASE_HEADERS, [_case_cells(c) for c in summary.cases]))
    return workbook_bytes(sheets)


def figure_cells(index: IndexReport) -> list[list[Cell]]:
    """Score and rank, then every rate against its target (as tabular.figure_rows, typed)."""
    rows: list[list[Cell]] = []
    if index.score is not None:
        rows.append(["Tổng số điểm", "", index.score, None, ""])
    if index.rank is not None:
        rows.append(["Xếp hạng", "", rank_text(index), None, ""])
    rows += [
        [
            line.label,
            line.scope_name or "Chung",
            _rate(line.value),
            _rate(line.target),
            verdict(line),
        ]
        for line in shown_figures(index)
    ]
    return rows


def _rate(value: float | None) -> Rate | None:
    return None if value is None else Rate(value)


def _date(text: str) -> dt.date | str:
    """A display date of the appendix (`20/11/2024`) as a date; any other text stays text."""
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return text


def _case_cells(case: CaseLine) -> list[Cell]:
    return [
        case.code,
        case.procedure,
        case.applicant,
        case.unit_name,
        case.head,
        _date(case.received_at),
        _date(case.due_at),
        _date(case.finished_at),
        case.days_late,
        case.reason,
        case.letter_number or case.letter,
        _date(case.letter_date),
        _date(case.portal),
        _date(case.onestop),
    ]


def _width(header: str, cells: Sequence[Cell]) -> float:
    longest = max([len(header), *(len(str(cell)) for cell in cells if cell is not None)])
    return min(max(longest, _WIDTH_MIN), _WIDTH_MAX) + 2


def _cell(sheet: Any, value: Cell) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, Rate):
        cell = WriteOnlyCell(sheet, value=value.percent / 100)
    elif isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        # An applicant's name or a reason that starts like a formula stays text in Excel.
        cell.data_type = "s"
    else:
        cell = WriteOnlyCell(sheet, value=value)
    if value is not None and type(value) in _FORMATS:
        cell.number_format = _FORMATS[type(value)]
    return cell


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """Each sheet with its header bold, frozen and filterable; columns as wide as their text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.name)
        for number, header in enumerate(spec.headers, start=1):
            column = [row[number - 1] for row in spec.rows]
            sheet.column_dimensions[get_column_letter(number)].width = _width(header, column)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.headers))}{len(spec.rows) + 1}"
        header_cells = []
        for header in spec.headers:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in spec.rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = MARK  # tracker's own file (tracker.output_files)
    return buffer.getvalue()
