"""Open a spreadsheet export (XLSX, ODS, XLS) as the rows of the sheet that holds the list.

XLSX and ODS are streamed by tracker's own readers (bounded memory, see xlsx.py and ods.py).
XLS, the old binary format, is read by python-calamine in a child process whose memory is
capped (xls.py).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from typing import Protocol

from tracker.errors import FileProblem
from tracker.importers.limits import ImportLimits
from tracker.importers.ods import OdsReader, is_ods
from tracker.importers.sheets import Row, Table
from tracker.importers.sources import Source
from tracker.importers.xls import XlsBook
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
