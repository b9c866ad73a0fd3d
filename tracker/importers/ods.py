"""Rows of an ODS sheet, streamed from content.xml with repeated rows and cells bounded.

OpenDocument compresses runs of equal rows and cells into one element with a repeat count;
LibreOffice writes a million repeated empty rows below every sheet. An empty run only moves
the row or column number; a run with content is given as many times as it says, but never past
`max_rows` rows or `max_columns` columns (python-calamine expands every run into memory: an
800-byte file can ask for 11 GB).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from tracker.importers import xmlparts
from tracker.importers.limits import ImportLimits
from tracker.importers.sheets import Row, cell_too_long, check_width, too_many_rows
from tracker.importers.xmlparts import Done, attribute, local_name

CONTENT = "content.xml"


def is_ods(archive: zipfile.ZipFile) -> bool:
    return CONTENT in archive.NameToInfo and "xl/workbook.xml" not in archive.NameToInfo


def _repeat(attrs: dict[str, str], local: str) -> int:
    value = attribute(attrs, local) or "1"
    return int(value) if value.isdecimal() and value != "0" else 1


def _typed(attrs: dict[str, str], text: str) -> Any:
    kind = attribute(attrs, "value-type")
    if kind in ("float", "percentage", "currency"):
        value = attribute(attrs, "value")
        try:
            return float(value) if value is not None else text
        except ValueError:
            return text
    if kind == "date":
        value = attribute(attrs, "date-value") or ""
        try:
            return dt.datetime.fromisoformat(value[:19])
        except ValueError:
            return text
    if kind == "boolean":
        return attribute(attrs, "boolean-value") == "true"
    return text


class OdsReader:
    def __init__(self, spool: IO[bytes], name: str, limits: ImportLimits) -> None:
        self.name = name
        self.limits = limits
        self.archive = xmlparts.open_archive(spool, name)
        self.sheets = [(sheet, sheet) for sheet in self._names()]

    def _names(self) -> list[str]:
        names: list[str] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = local_name(tag)
            if local == "table":
                names.append(attribute(attrs, "name") or f"Trang {len(names) + 1}")
                if len(names) >= 1000:
                    raise Done

        xml = xmlparts.parser(self.name)
        xml.StartElementHandler = start
        xmlparts.feed(xml, xmlparts.open_part(self.archive, CONTENT, self.name), self.name)
        return names

    def rows(self, sheet: str) -> Iterator[Row]:
        return _SheetRows(self, sheet).rows()

    def close(self) -> None:
        self.archive.close()


class _SheetRows:
    def __init__(self, book: OdsReader, sheet: str) -> None:
        self.book, self.sheet, self.limits = book, sheet, book.limits
        self.inside = False
        self.done: list[Row] = []
        self.row: list[Any] = []
        self.number = 0
        self.row_repeat = 1
        self.column = 0
        self.cell: tuple[dict[str, str], int] | None = None
        self.texts: list[str] = []
        self.paragraphs: list[str] = []
        self.mark = 0
        self.row_end = 0

    def rows(self) -> Iterator[Row]:
        xml = xmlparts.parser(self.book.name)
        xml.StartElementHandler, xml.EndElementHandler = self._start, self._end
        xml.CharacterDataHandler = self.texts.append
        self.xml = xml
        handle = xmlparts.open_part(self.book.archive, CONTENT, self.book.name)
        return xmlparts.stream_rows(
            self, xml, handle, self.book.name, self.limits, lambda: self.inside
        )

    def take(self) -> Iterator[Row]:
        done, self.done = self.done, []
        yield from done

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        local = local_name(tag)
        if local == "table":
            self.inside = (attribute(attrs, "name") or "") == self.sheet
            if self.inside:
                self.row_end = self.xml.CurrentByteIndex
        elif not self.inside:
            return
        elif local in ("table-cell", "covered-table-cell"):
            self.cell = (attrs, _repeat(attrs, "number-columns-repeated"))
            self.paragraphs.clear()
        elif local == "p":
            self.mark = len(self.texts)
        elif local == "s":
            self.texts.append(" " * min(_repeat(attrs, "c"), self.limits.max_cell_chars))
        elif local in ("tab", "line-break"):
            self.texts.append(" ")
        elif local == "table-row":
            self.row = []
            self.column = 0
            self.row_repeat = _repeat(attrs, "number-rows-repeated")

    def _end(self, tag: str) -> None:
        if not self.inside:
            return
        local = local_name(tag)
        if local == "p":
            self.paragraphs.append("".join(self.texts[self.mark :]))
            self.texts.clear()
        elif local in ("table-cell", "covered-table-cell"):
            self._finish_cell()
        elif local == "table-row":
            self._finish_row()
            self.row_end = self.xml.CurrentByteIndex
        elif local == "table":
            raise Done

    def _finish_cell(self) -> None:
        assert self.cell is not None
        attrs, repeat = self.cell
        text = "\n".join(self.paragraphs)
        if len(text) > self.limits.max_cell_chars:
            raise cell_too_long(self.book.name, self.number + 1, self.limits)
        value = _typed(attrs, text)
        if value in ("", None):
            self.column += repeat  # an empty run only moves the column
            return
        end = self.column + repeat
        if end > self.limits.max_columns:
            check_width(self.book.name, self.number + 1, end, self.limits)
        self.row.extend([""] * (self.column - len(self.row)))
        self.row.extend([value] * repeat)
        self.column = end

    def _finish_row(self) -> None:
        if not self.row:
            self.number += self.row_repeat  # an empty run only moves the row number
            if self.number > self.limits.max_rows:
                self.number = self.limits.max_rows  # LibreOffice's trailing empty rows
            return
        if self.number + self.row_repeat > self.limits.max_rows:
            raise too_many_rows(self.book.name, self.limits)
        for _ in range(self.row_repeat):
            self.number += 1
            self.done.append((self.number, list(self.row)))
