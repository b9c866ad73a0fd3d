"""`--format xlsx`: a workbook a clerk opens in Excel and works with at once.

One sheet per table; the header bold, frozen and filterable; dates as dates shown dd/mm/yyyy,
numbers as numbers; columns as wide as their content (within reason). openpyxl's write-only
mode streams the rows, so a 100,000-dossier list does not sit twice in memory.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tracker.cli.columns import Kind, column_kind, display, spreadsheet_value

NUMBER_FORMATS: dict[Kind, str] = {
    "date": "DD/MM/YYYY",
    "datetime": "DD/MM/YYYY HH:MM",
    "percent": "0.00%",
}
WIDTH_MIN, WIDTH_MAX, WIDTH_SAMPLE = 6, 50, 1000
# Excel's own limits on a sheet's name.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_LENGTH = 31
_FORMULA_START = ("=", "+", "-", "@")


def sheet_name(title: str, taken: set[str]) -> str:
    """A name Excel accepts, unique in the workbook: `Hồ sơ (17)` → `Hồ sơ (17)`."""
    base = _SHEET_FORBIDDEN.sub("-", title).strip("' ")[:_SHEET_LENGTH] or "Trang"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: _SHEET_LENGTH - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def _width(header: str, cells: Sequence[Any]) -> float:
    """From the header and the first rows: enough to size a column, cheap for 100k rows."""
    from rich.cells import cell_len

    longest = max([cell_len(header), *(cell_len(display(c)) for c in cells[:WIDTH_SAMPLE])])
    return min(max(longest, WIDTH_MIN), WIDTH_MAX) + 2


def write_workbook(
    path: Path, sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]]
) -> None:
    """Write (name, headers, rows) sheets into `path` (an open temporary file's name)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    taken: set[str] = set()
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(sheet_name(title, taken))
        columns = [[row[i] for row in rows] for i in range(len(headers))]
        kinds = [column_kind(cells) for cells in columns]
        for i, (header, cells) in enumerate(zip(headers, columns, strict=True), start=1):
            sheet.column_dimensions[get_column_letter(i)].width = _width(header, cells)
        sheet.freeze_panes = "A2"
        head = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            head.append(cell)
        sheet.append(head)
        for row in rows:
            out: list[Any] = []
            for value, kind in zip(row, kinds, strict=True):
                typed = spreadsheet_value(value, kind)
                if isinstance(typed, str):
                    typed = ILLEGAL_CHARACTERS_RE.sub("", typed)
                    if typed.startswith(_FORMULA_START):
                        cell = WriteOnlyCell(sheet, value=typed)
                        cell.data_type = "s"  # text that looks like a formula stays text
                        cell.quotePrefix = True
                        typed = cell
                elif kind in NUMBER_FORMATS and typed is not None:
                    cell = WriteOnlyCell(sheet, value=typed)
                    cell.number_format = NUMBER_FORMATS[kind]
                    typed = cell
                out.append(typed)  # a plain value: openpyxl makes the cell (≈ 2× faster)
            sheet.append(out)
        last = f"{get_column_letter(len(headers))}{len(rows) + 1}"
        sheet.auto_filter.ref = f"A1:{last}"
    workbook.save(path)
    _mark(path)


def _mark(path: Path) -> None:
    """Sign the workbook as tracker's, so the next run may replace it without --overwrite
    (tracker.output_files; Excel drops the mark when the clerk saves it as their own)."""
    import zipfile

    from tracker.output_files import MARK

    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = MARK
