"""Rows of an XLSX sheet, streamed from its XML: memory bounded whatever the file declares.

This module reads the workbook's parts (sheets, styles, shared texts, merged ranges);
xlsx_rows.py streams a sheet's rows. python-calamine loads a whole sheet into one dense range (rows × columns of 32-byte cells), so
a 10 KB file with two cells far apart takes gigabytes; this reader never allocates from what
the file says (dimension, cell references, merged ranges) but only for what it holds, one row
at a time: a row is at most `max_row_kb` of XML and `max_columns` cells, a cell at most
`max_cell_chars`, the shared texts at most `max_shared_strings_mb` (kept as UTF-8 in one
buffer, not as a million Python strings).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator
from typing import IO, Any

from tracker.errors import FileProblem
from tracker.importers import xmlparts
from tracker.importers.limits import ImportLimits, number
from tracker.importers.sheets import MergedCells, Row, cell_too_long, column_index
from tracker.importers.xmlparts import attribute, broken, local_name

_BUILTIN_DATES = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_MERGE = re.compile(
    rb'<(?:[\w.-]+:)?mergeCell\s[^>]*?ref\s*=\s*["\']([A-Za-z]+)(\d+):([A-Za-z]+)(\d+)'
)
_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})$")


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
        self.archive = xmlparts.open_archive(spool, name)
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
                text = "".join(pieces)
                if len(text) > self.limits.max_cell_chars:
                    raise cell_too_long(self.name, None, self.limits)
                strings.append(text)
                texts.clear()
                # Each text also costs its 8-byte offset: a million empty ones are not free.
                if strings.size + 8 * len(strings) > limit:
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
        from tracker.importers.xlsx_rows import SheetReader

        return SheetReader(self, part).rows()

    def close(self) -> None:
        self.archive.close()
