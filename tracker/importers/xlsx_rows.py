"""The rows of one XLSX sheet, streamed: expat events build one row at a time (xlsx.py reads
the workbook's other parts). Memory holds one row; a row's XML, its cells and each cell are
bounded by the import's limits, checked as the bytes come, before anything grows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tracker.importers import xmlparts
from tracker.importers.sheets import Row, cell_too_long, check_width, column_index, too_many_rows
from tracker.importers.xmlparts import Done, broken

if TYPE_CHECKING:
    from tracker.importers.xlsx import Workbook


class SheetReader:
    """Streams one sheet: expat events build one row at a time; rows missing from the XML are
    given empty, as a spreadsheet shows them (they count as blank rows)."""

    def __init__(self, book: Workbook, part: str) -> None:
        self.book = book
        self.part = part
        self.limits = book.limits
        self.done: list[Row] = []
        self.row: list[Any] = []
        self.number = 0  # the last row read (1-based)
        self.given = 0  # the last row handed on
        self.texts: list[str] = []
        self.pieces: list[str] = []
        self.cell: dict[str, str] = {}  # the attributes of the cell being read
        self._names("c")
        self.mark = 0
        self.phonetic = False
        self.row_end = 0  # byte index where the last row ended
        self.epoch = dt.datetime(1904, 1, 1) if book.date1904 else dt.datetime(1899, 12, 30)
        self._letters: dict[str, int] = {}

    def rows(self) -> Iterator[Row]:
        merged = self.book.merged(self.part)
        self.strings = self.book.strings()
        xml = xmlparts.parser(self.book.name)
        xml.StartElementHandler = self._first
        xml.EndElementHandler = self._end
        xml.CharacterDataHandler = self.texts.append
        self.xml = xml
        self.merged = merged
        handle = xmlparts.open_part(self.book.archive, self.part, self.book.name)
        return xmlparts.stream_rows(self, xml, handle, self.book.name, self.limits)

    def take(self) -> Iterator[Row]:
        merged = self.merged
        if not self.done:
            return
        done, self.done = self.done, []
        for number_, row in done:
            # Rows the XML leaves out are empty rows of the sheet, made one at a time.
            for missing in range(self.given + 1, number_):
                yield missing, []
            self.given = number_
            if merged:
                merged.fill(number_ - 1, row, self.book.name)
            yield number_, row

    # -- expat handlers (hot: one call per element of the sheet) -----------------------------

    def _names(self, tag: str) -> None:
        """Element names as this file writes them: `c`, or `x:c` under a namespace prefix."""
        prefix = tag[: tag.index(":") + 1] if ":" in tag else ""
        self.c, self.v, self.t, self.row_tag, self.is_ = (
            prefix + local for local in ("c", "v", "t", "row", "is")
        )
        self.others = {prefix + "rPh": "rPh", prefix + "sheetData": "sheetData"}

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == self.c:
            self.cell = attrs
            self.pieces.clear()
        elif tag == self.v or tag == self.t:
            self.mark = len(self.texts)
        elif tag == self.row_tag:
            number_ = attrs.get("r")
            self._begin_row(int(number_) if number_ and number_.isdecimal() else self.number + 1)
        elif self.others.get(tag) == "rPh":
            self.phonetic = True

    def _end(self, tag: str) -> None:
        if tag == self.t or tag == self.v:
            texts = self.texts
            if not self.phonetic:
                self.pieces.append(
                    texts[-1] if len(texts) == self.mark + 1 else "".join(texts[self.mark :])
                )
            texts.clear()
        elif tag == self.c:
            self._finish_cell()
        elif tag == self.is_:
            pass
        elif tag == self.row_tag:
            self.done.append((self.number, self.row))
            self.row = []
            self.texts.clear()
            end = self.xml.CurrentByteIndex
            if end - self.row_end > self.limits.row_bytes:
                raise xmlparts.row_too_long(self.book.name, self.number, self.limits)
            self.row_end = end
        else:
            local = self.others.get(tag)
            if local == "rPh":
                self.phonetic = False
            elif local == "sheetData":
                raise Done

    def _first(self, tag: str, attrs: dict[str, str]) -> None:
        """The root element tells the prefix; every later element goes to `_start`."""
        self._names(tag)
        self.xml.StartElementHandler = self._start

    def _begin_row(self, number_: int) -> None:
        if number_ > self.limits.max_rows:
            raise too_many_rows(self.book.name, self.limits)
        self.number = max(number_, self.number + 1) if number_ <= self.number else number_
        self.row = []

    def _column(self, ref: str | None) -> int:
        """The cell's column: from its reference (`B7`), else the next one."""
        row = self.row
        if ref is None:
            return len(row)
        letters = ref.rstrip("0123456789")
        index = self._letters.get(letters)
        if index is None:
            if not letters.isalpha() or not letters.isascii() or len(letters) > 3:
                raise broken(self.book.name, f" (ô «{ref[:20]}» không hợp lệ)")
            index = self._letters[letters] = column_index(letters.upper())
        return index

    def _finish_cell(self) -> None:
        attrs = self.cell
        row = self.row
        ref = attrs.get("r")
        if ref is None:
            column = len(row)
        else:
            column = self._letters.get(ref.rstrip("0123456789"), -1)
            if column < 0:
                column = self._column(ref)
        pieces = self.pieces
        if not pieces:
            value: Any = ""
        else:
            raw = pieces[0] if len(pieces) == 1 else "".join(pieces)
            kind = attrs.get("t")
            if kind == "inlineStr" or kind == "str":
                value = raw if len(raw) <= self.limits.max_cell_chars else self._too_long()
            else:
                value = self._value(raw, kind, attrs.get("s"))
        if column == len(row):
            if column >= self.limits.max_columns:
                check_width(self.book.name, self.number, column + 1, self.limits)
            row.append(value)
        elif column > len(row):
            if column >= self.limits.max_columns:
                check_width(self.book.name, self.number, column + 1, self.limits)
            row.extend([""] * (column - len(row)))
            row.append(value)
        else:
            row[column] = value

    def _too_long(self) -> str:
        raise cell_too_long(self.book.name, self.number, self.limits)

    def _value(self, raw: str, kind: str | None, style: str | None) -> Any:
        if kind == "s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError):
                raise broken(self.book.name, " (chữ dùng chung không có)") from None
        if kind in ("e", "d"):
            return raw if len(raw) <= self.limits.max_cell_chars else self._too_long()
        if kind == "b":
            return raw.strip() in ("1", "true")
        try:
            value = float(raw)
        except ValueError:
            return raw
        if style is not None and style.isdecimal() and int(style) in self.book.date_styles:
            try:
                return self.epoch + dt.timedelta(days=value)
            except (OverflowError, ValueError):
                return value
        return value
