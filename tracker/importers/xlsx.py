"""Rows of an XLSX sheet, streamed from its XML: memory bounded whatever the file declares.

python-calamine loads a whole sheet into one dense range (rows × columns of 32-byte cells), so
a 10 KB file with two cells far apart takes gigabytes; this reader never allocates from what
the file says (dimension, cell references, merged ranges) but only for what it holds, one row
at a time: a row is at most `max_row_kb` of XML and `max_columns` cells, a cell at most
`max_cell_chars`, the shared texts at most `max_shared_strings_mb` (kept as UTF-8 in one
buffer, not as a million Python strings).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator
from typing import IO, Any

from tracker.errors import FileProblem
from tracker.importers import xmlparts
from tracker.importers.limits import ImportLimits, number
from tracker.importers.sheets import MergedCells, Row, check_width, too_many_rows
from tracker.importers.xmlparts import Done, attribute, broken, local_name

_BUILTIN_DATES = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_MERGE = re.compile(
    rb'<(?:[\w.-]+:)?mergeCell\s[^>]*?ref\s*=\s*["\']([A-Za-z]+)(\d+):([A-Za-z]+)(\d+)'
)
_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})$")


def column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _is_date_format(code: str) -> bool:
    text = _QUOTED.sub("", code).lower()
    return text != "general" and any(letter in text for letter in "dmyhs")


class SharedStrings:
    """The workbook's shared texts as one UTF-8 buffer and offsets: ~1 byte per character."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("Q")

    def append(self, text: str) -> None:
        self._data += text.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._data))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:
        start = self._ends[index - 1] if index else 0
        return self._data[start : self._ends[index]].decode("utf-8", "surrogatepass")

    @property
    def size(self) -> int:
        return len(self._data)


class Workbook:
    """An XLSX archive: its sheets by name, its shared texts and which cell styles are dates."""

    def __init__(self, spool: IO[bytes], name: str, limits: ImportLimits) -> None:
        self.name = name
        self.limits = limits
        try:
            self.archive = zipfile.ZipFile(spool)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise broken(name) from None
        book = self._workbook_part()
        self.sheets, self.date1904 = self._read_workbook(book)
        self.date_styles = self._read_styles(posixpath.dirname(book))
        self._strings: SharedStrings | None = None
        self._strings_part = self._related(book, "sharedStrings")

    # -- the parts --------------------------------------------------------------------------

    def _small_part(self, part: str, handlers: dict[str, Any]) -> None:
        xml = xmlparts.parser(self.name)
        for key, handler in handlers.items():
            setattr(xml, key, handler)
        xmlparts.feed(
            xml,
            xmlparts.open_part(self.archive, part, self.name),
            self.name,
            limit=self.limits.shared_strings_bytes,
        )

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Id → (type's last word, target part) of a part's relationships."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        found: dict[str, tuple[str, str]] = {}
        if rels not in self.archive.NameToInfo:
            return found

        def start(tag: str, attrs: dict[str, str]) -> None:
            if local_name(tag) == "Relationship" and "Id" in attrs and "Target" in attrs:
                target = attrs["Target"]
                path = (
                    target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                )
                kind = attrs.get("Type", "").rpartition("/")[2]
                found[attrs["Id"]] = (kind, posixpath.normpath(path))

        self._small_part(rels, {"StartElementHandler": start})
        return found

    def _workbook_part(self) -> str:
        for kind, target in self._relationships("").values():
            if kind == "officeDocument":
                return target
        return "xl/workbook.xml"

    def _related(self, part: str, kind: str) -> str | None:
        return next((t for k, t in self._relationships(part).values() if k == kind), None)

    def _read_workbook(self, part: str) -> tuple[list[tuple[str, str]], bool]:
        rels = self._relationships(part)
        sheets: list[tuple[str, str]] = []
        date1904 = [False]

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = local_name(tag)
            if local == "sheet":
                target = rels.get(attribute(attrs, "id") or "")
                if target is not None and len(sheets) < 1000:
                    sheets.append((attrs.get("name", ""), target[1]))
            elif local == "workbookPr":
                date1904[0] = attrs.get("date1904", "") in ("1", "true")

        self._small_part(part, {"StartElementHandler": start})
        return sheets, date1904[0]

    def _read_styles(self, folder: str) -> set[int]:
        """Indexes of the cell formats (s="…") that show a number as a date."""
        part = posixpath.join(folder, "styles.xml")
        if part not in self.archive.NameToInfo:
            return set()
        custom: dict[int, str] = {}
        formats: list[int] = []
        inside = [""]

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = local_name(tag)
            if local in ("cellXfs", "cellStyleXfs"):
                inside[0] = local
            elif local == "numFmt" and attrs.get("numFmtId", "").isdecimal():
                custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
            elif local == "xf" and inside[0] == "cellXfs":
                value = attrs.get("numFmtId", "0")
                formats.append(int(value) if value.isdecimal() else 0)

        def end(tag: str) -> None:
            if local_name(tag) == inside[0]:
                inside[0] = ""

        self._small_part(part, {"StartElementHandler": start, "EndElementHandler": end})
        return {
            index
            for index, fmt in enumerate(formats)
            if fmt in _BUILTIN_DATES or (fmt in custom and _is_date_format(custom[fmt]))
        }

    def strings(self) -> SharedStrings:
        if self._strings is None:
            self._strings = self._read_strings()
        return self._strings

    def _read_strings(self) -> SharedStrings:
        strings = SharedStrings()
        if self._strings_part is None or self._strings_part not in self.archive.NameToInfo:
            return strings
        texts: list[str] = []
        state = {"mark": 0, "phonetic": False}
        pieces: list[str] = []
        limit = self.limits.shared_strings_bytes

        def start(tag: str, _attrs: dict[str, str]) -> None:
            local = local_name(tag)
            if local == "t":
                state["mark"] = len(texts)
            elif local == "si":
                pieces.clear()
            elif local == "rPh":
                state["phonetic"] = True

        def end(tag: str) -> None:
            local = local_name(tag)
            if local == "t":
                if not state["phonetic"]:
                    pieces.append("".join(texts[int(state["mark"]) :]))
                texts.clear()
            elif local == "rPh":
                state["phonetic"] = False
            elif local == "si":
                strings.append("".join(pieces))
                texts.clear()
                if strings.size > limit:
                    raise self._too_many_strings()

        xml = xmlparts.parser(self.name)
        xml.StartElementHandler, xml.EndElementHandler = start, end
        xml.CharacterDataHandler = texts.append
        handle = xmlparts.open_part(self.archive, self._strings_part, self.name)
        # The XML of the texts is at most a few times their size: bounded the same way.
        xmlparts.feed(xml, handle, self.name, limit=8 * limit, too_big=self._too_many_strings)
        return strings

    def _too_many_strings(self) -> FileProblem:
        return FileProblem(
            f"Tệp «{self.name}» có bảng chữ dùng chung lớn quá "
            f"{number(self.limits.max_shared_strings_mb)} MB (max_shared_strings_mb trong mục "
            "[import] của tệp cấu hình)."
        )

    def merged(self, part: str) -> MergedCells:
        """The sheet's merged ranges (written after its rows: found by a scan of the raw XML)."""
        ranges: list[tuple[int, int, int, int]] = []
        handle = xmlparts.open_part(self.archive, part, self.name)
        tail = b""
        try:
            while chunk := handle.read(1 << 20):
                data = tail + chunk
                if b"mergeCell" in data:
                    end = 0
                    for match in _MERGE.finditer(data):
                        end = match.end()
                        left, top, right, bottom = match.groups()
                        ranges.append(
                            (
                                int(top) - 1,
                                column_index(left.decode().upper()),
                                int(bottom) - 1,
                                column_index(right.decode().upper()),
                            )
                        )
                        if len(ranges) > self.limits.max_rows:
                            raise FileProblem(
                                f"Tệp «{self.name}» có hơn {number(self.limits.max_rows)} vùng ô gộp."
                            )
                    tail = data[max(end, len(data) - 256) :]
                else:
                    tail = data[-256:]
        except (zipfile.BadZipFile, EOFError, OSError, ValueError):
            raise broken(self.name) from None
        finally:
            handle.close()
        return MergedCells(ranges, self.limits)

    def rows(self, part: str) -> Iterator[Row]:
        return SheetReader(self, part).rows()

    def close(self) -> None:
        self.archive.close()


class SheetReader:
    """Streams one sheet: expat events build one row at a time; rows missing from the XML are
    given empty, as a spreadsheet shows them (they count as blank rows)."""

    def __init__(self, book: Workbook, part: str) -> None:
        self.book = book
        self.part = part
        self.limits = book.limits
        self.done: list[Row] = []
        self.row: list[Any] = []
        self.number = 0  # the last row given (1-based)
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
        handle = xmlparts.open_part(self.book.archive, self.part, self.book.name)
        limit = self.limits.row_bytes
        total = 0
        try:
            while chunk := handle.read(xmlparts.CHUNK):
                total += len(chunk)
                xml.Parse(chunk, False)
                yield from self._take(merged)
                if total - self.row_end > limit:
                    raise self._row_too_long()
            xml.Parse(b"", True)
        except Done:
            pass
        except xmlparts.expat.ExpatError:
            raise broken(self.book.name) from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError):
            raise broken(self.book.name) from None
        finally:
            handle.close()
        yield from self._take(merged)

    def _row_too_long(self) -> FileProblem:
        return FileProblem(
            f"Tệp «{self.book.name}», sau dòng {number(self.number)}: một dòng của trang tính "
            f"dài quá {number(self.limits.max_row_kb)} KB (max_row_kb trong mục [import] của tệp "
            "cấu hình): tệp đã hỏng hoặc bị độn thêm."
        )

    def _take(self, merged: MergedCells) -> Iterator[Row]:
        if not self.done:
            return
        done, self.done = self.done, []
        for number_, row in done:
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
                raise self._row_too_long()
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
        # Rows the XML leaves out are empty rows of the sheet.
        for missing in range(self.number + 1, number_):
            self.done.append((missing, []))
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
        raise FileProblem(
            f"Tệp «{self.book.name}», dòng {number(self.number)}: một ô dài quá "
            f"{number(self.limits.max_cell_chars)} ký tự (max_cell_chars trong mục "
            "[import] của tệp cấu hình)."
        )

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
