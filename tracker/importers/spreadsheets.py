"""Open a spreadsheet export (XLSX, ODS, XLS) as the rows of the sheet that holds the list.

XLSX and ODS are streamed by tracker's own readers (bounded memory, see xlsx.py and ods.py).
XLS, the old binary format, is read by python-calamine, which loads a sheet whole: the format
itself caps a sheet at 65,536 rows × 256 columns, and a file whose sheet would take more
memory than `max_file_mb` allows for it is refused before calamine is asked.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any, Protocol

from tracker.errors import FileProblem
from tracker.importers.limits import ImportLimits
from tracker.importers.ods import OdsReader, is_ods
from tracker.importers.sheets import MergedCells, Row, Table
from tracker.importers.sources import Source
from tracker.importers.xlsx import Workbook


class Book(Protocol):
    sheets: list[tuple[str, str]]  # (name, where its rows are)

    def rows(self, part: str) -> Iterator[Row]: ...

    def close(self) -> None: ...


def _open_book(source: Source, limits: ImportLimits) -> Book:
    if source.head.startswith(b"PK"):
        try:
            archive = zipfile.ZipFile(source.data)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            archive = None
        if archive is not None and is_ods(archive):
            archive.close()
            source.data.seek(0)
            return OdsReader(source.data, source.name, limits)
        source.data.seek(0)
        return Workbook(source.data, source.name, limits)
    return XlsBook(source.data, source.name, limits)


def open_spreadsheet(
    source: Source,
    limits: ImportLimits,
    sheet: str | None,
    has_header: Callable[[Iterator[Row]], bool],
) -> tuple[Table, Book]:
    """Rows of one sheet: the one named, else the first with a header row."""
    book = _open_book(source, limits)
    try:
        names = [name for name, _part in book.sheets]
        if sheet is not None and sheet not in names:
            raise FileProblem(
                f"Tệp «{source.name}» không có trang «{sheet}»; các trang: {', '.join(names)}."
            )
        if not names:
            raise FileProblem(f"Tệp «{source.name}» không có trang nào.")
        chosen = next(
            (
                (name, part)
                for name, part in book.sheets
                if name == sheet or (sheet is None and has_header(book.rows(part)))
            ),
            book.sheets[0],
        )
    except BaseException:
        book.close()
        raise
    name, part = chosen
    position = [0]

    def rows() -> Iterator[Row]:
        for number, cells in book.rows(part):
            position[0] = number
            yield number, cells

    # The number of rows is not known before the end: the bar counts rows, without a total.
    return Table(rows(), lambda: (position[0], 0), sheet=name), book


class XlsBook:
    """An XLS workbook through python-calamine (the binary format's own limits bound it)."""

    def __init__(self, data: IO[bytes], name: str, limits: ImportLimits) -> None:
        from python_calamine import CalamineError, CalamineWorkbook

        self.name = name
        self.limits = limits
        self._error = CalamineError
        try:
            self.workbook = CalamineWorkbook.from_filelike(data)
        except (CalamineError, ValueError, OSError) as exc:
            raise FileProblem(
                f"Tệp «{name}» không mở được như một bảng tính (XLSX, XLS, ODS): {exc}."
            ) from None
        self.sheets = [(sheet, sheet) for sheet in self.workbook.sheet_names]

    def rows(self, part: str) -> Iterator[Row]:
        try:
            data = self.workbook.get_sheet_by_name(part)
        except self._error as exc:
            raise FileProblem(f"Không đọc được trang «{part}» của «{self.name}»: {exc}.") from None
        return _numbered_rows(data, self.limits, self.name)

    def close(self) -> None:
        self.workbook.close()


def _numbered_rows(sheet: Any, limits: ImportLimits, name: str) -> Iterator[Row]:
    """Rows with the number a spreadsheet shows, vertical merged ranges filled down."""
    start = sheet.start
    if start is None:
        return
    iterator = iter(sheet.iter_rows())
    first = next(iterator, None)
    if first is None:
        return
    # python-calamine yields either from the sheet's first row or from its first used row;
    # the first used row is never empty, so an empty first row means numbering from row 1.
    top = 0 if start[0] > 0 and all(c in ("", None) for c in first) else start[0]
    merged = MergedCells(
        [
            (r_top, left - start[1], bottom, right - start[1])
            for (r_top, left), (bottom, right) in sheet.merged_cell_ranges or []
        ],
        limits,
    )
    index = top
    row: list[Any] | None = first
    while row is not None:
        if merged:
            merged.fill(index, row, name)
        yield index + 1, row
        index += 1
        row = next(iterator, None)
