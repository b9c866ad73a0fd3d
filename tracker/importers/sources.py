"""Open an exported file, whatever it really is, as a stream of numbered rows of cells.

The kind is decided by the bytes, not the extension (offices rename files): a zip or OLE2
container is a spreadsheet read by python-calamine (XLSX, XLS, ODS — about ten times faster
than openpyxl on a 100k-row export); text is CSV in UTF-8 (with or without BOM), UTF-16 or
Windows-1258. CSV is streamed: a 1M-row file is never held in memory.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tracker.errors import FileProblem, InvalidInput
from tracker.failures import csv_reason, os_reason, spreadsheet_reason

Row = tuple[int, list[Any]]  # (the row number a spreadsheet shows, its cells)

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_KNOWN_BINARY = {
    b"\x89PNG": "một ảnh PNG",
    b"\xff\xd8\xff": "một ảnh JPEG",
    b"GIF8": "một ảnh GIF",
    b"%PDF": "một tệp PDF",
}
_CHUNK = 1 << 20
_SAMPLE = 64 * 1024
DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class FileFacts:
    """What one pass over the bytes tells: hash, size, kind and text encoding."""

    sha256: str
    size: int
    kind: str  # "csv" | "spreadsheet"
    encoding: str | None = None


@dataclass
class Table:
    """The rows of one sheet (or of the CSV) and what was learnt opening it."""

    rows: Iterator[Row]
    progress: Callable[[], tuple[int, int]]  # (done, total), same unit, for a progress bar
    sheet: str | None = None
    delimiter: str | None = None


def _not_a_spreadsheet(path: Path, what: str) -> FileProblem:
    return FileProblem(
        f"Tệp «{path.name}» là {what}, không phải bảng tính hay CSV xuất từ hệ thống một cửa."
    )


def _refuse_binary(path: Path, head: bytes) -> None:
    for magic, what in _KNOWN_BINARY.items():
        if head.startswith(magic):
            raise _not_a_spreadsheet(path, what)
    lowered = head[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table")):
        raise FileProblem(
            f"Tệp «{path.name}» là trang HTML đổi tên thành bảng tính: hãy mở bằng Excel "
            "rồi lưu lại dạng .xlsx trước khi nhập."
        )
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _not_a_spreadsheet(path, "dữ liệu nhị phân")


def _bom_encoding(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InvalidInput(
            f"Không biết bảng mã «{encoding}»: dùng utf-8, utf-8-sig, utf-16 hoặc cp1258."
        ) from None


def _hash_and_decode(handle: IO[bytes], encoding: str | None) -> tuple[str, int, bool]:
    """sha256, size, and whether every byte decodes (when an encoding is given)."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder(encoding)() if encoding else None
    size = 0
    ok = True
    handle.seek(0)
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if decoder is not None and ok:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                ok = False
    if decoder is not None and ok:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            ok = False
    return digest.hexdigest(), size, ok


def inspect(path: Path, encoding: str | None = None) -> FileFacts:
    """Hash the file and tell a spreadsheet from text (and which encoding) by its bytes."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise FileProblem(f"Không tìm thấy tệp {path}.") from None
    except IsADirectoryError:
        raise FileProblem(f"{path} là một thư mục, không phải tệp.") from None
    except OSError as exc:
        raise FileProblem(f"Không mở được tệp {path}: {os_reason(exc, writing=False)}.") from exc
    with handle:
        head = handle.read(_SAMPLE)
        if not head.strip():
            raise FileProblem(f"Tệp «{path.name}» rỗng: không có dòng nào để nhập.")
        if head.startswith((_ZIP, _OLE2)):
            sha, size, _ = _hash_and_decode(handle, None)
            return FileFacts(sha, size, "spreadsheet")
        _refuse_binary(path, head)
        chosen = _codec(encoding) if encoding else _bom_encoding(head) or "utf-8"
        sha, size, ok = _hash_and_decode(handle, chosen)
        if not ok and not encoding and chosen == "utf-8":
            # Not UTF-8: Vietnamese Windows writes Windows-1258.
            chosen = "cp1258"
            sha, size, ok = _hash_and_decode(handle, chosen)
        if not ok:
            raise FileProblem(
                f"Không đọc được chữ trong tệp «{path.name}» theo bảng mã {chosen}: hãy chỉ "
                "định đúng bảng mã bằng --encoding (utf-8, utf-16, cp1258)."
            )
        if chosen == "utf-8":
            chosen = "utf-8-sig"  # harmless without a BOM; strips one if --encoding utf-8
        return FileFacts(sha, size, "csv", chosen)


def _count_fields(lines: list[str], delimiter: str) -> list[int]:
    try:
        return [len(row) for row in csv.reader(lines, delimiter=delimiter) if any(row)]
    except csv.Error:
        return []


def sniff_delimiter(sample: str, looks_like_header: Callable[[list[str]], bool]) -> str:
    """The delimiter under which a header row appears; else the one splitting lines most evenly.

    csv.Sniffer guesses from character frequencies and is easily fooled by commas inside
    Vietnamese text ("Tên cá nhân, tổ chức"); a known header is a far better witness.
    """
    lines = sample.splitlines()[:60]
    for delimiter in DELIMITERS:
        try:
            if any(looks_like_header(row) for row in csv.reader(lines, delimiter=delimiter)):
                return delimiter
        except csv.Error:
            continue
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        counts = _count_fields(lines, delimiter)
        if counts and max(counts) > 1:
            score = max(counts.count(n) for n in set(counts)) * min(max(counts), 50)
            if score > best_score:
                best, best_score = delimiter, score
    return best


def open_csv(
    path: Path, encoding: str, looks_like_header: Callable[[list[str]], bool]
) -> tuple[Table, IO[Any]]:
    """Rows of a CSV file; the row number is the record's (a spreadsheet's row)."""
    raw = path.open("rb")
    sample = io.TextIOWrapper(io.BytesIO(raw.read(_SAMPLE)), encoding=encoding, errors="replace")
    delimiter = sniff_delimiter(sample.read(), looks_like_header)
    raw.seek(0)
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    size = path.stat().st_size or 1

    def rows() -> Iterator[Row]:
        try:
            yield from enumerate(csv.reader(text, delimiter=delimiter), start=1)
        except csv.Error as exc:
            raise FileProblem(f"Tệp CSV «{path.name}» hỏng: {csv_reason(exc)}.") from exc

    return Table(rows(), lambda: (raw.tell(), size), delimiter=delimiter), text


def open_spreadsheet(
    path: Path, sheet: str | None, pick: Callable[[Any], bool]
) -> tuple[Table, Any]:
    """Rows of one sheet of an XLSX/XLS/ODS file: the one named, else the first with a header."""
    from python_calamine import CalamineError, CalamineWorkbook

    handle = path.open("rb")
    try:
        workbook = CalamineWorkbook.from_filelike(handle)
    except (CalamineError, ValueError, OSError) as exc:
        handle.close()
        raise FileProblem(
            f"Tệp «{path.name}» không mở được như một bảng tính (XLSX, XLS, ODS): "
            f"{spreadsheet_reason(exc)}."
        ) from exc
    names = tuple(workbook.sheet_names)
    if sheet is not None:
        if sheet not in names:
            handle.close()
            raise FileProblem(
                f"Tệp «{path.name}» không có trang «{sheet}»; các trang: {', '.join(names)}."
            )
        candidates = [sheet]
    else:
        candidates = list(names)
    chosen = None
    for name in candidates:
        try:
            data = workbook.get_sheet_by_name(name)
        except CalamineError as exc:
            handle.close()
            raise FileProblem(
                f"Không đọc được trang «{name}» của «{path.name}»: {spreadsheet_reason(exc)}."
            ) from exc
        if sheet is not None or pick(_numbered_rows(data)):
            chosen = (name, data)
            break
    if chosen is None:
        chosen = (names[0], workbook.get_sheet_by_name(names[0])) if names else None
    if chosen is None:
        handle.close()
        raise FileProblem(f"Tệp «{path.name}» không có trang nào.")
    name, data = chosen
    last = (data.end or (0, 0))[0] + 1
    position = [0]

    def rows() -> Iterator[Row]:
        for number, cells in _numbered_rows(data):
            position[0] = number
            yield number, cells

    return Table(rows(), lambda: (position[0], last), sheet=name), handle


def _numbered_rows(sheet: Any) -> Iterator[Row]:
    """Rows with the number a spreadsheet shows, vertical merged ranges filled down.

    Exports merge the unit (or date) cell over a group of rows; only the top cell holds the
    value, yet every row of the group belongs to it.
    """
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
    fills = _merge_fills(sheet.merged_cell_ranges or [], start[1])
    anchors: dict[tuple[int, int], Any] = {}
    index = top
    row: list[Any] | None = first
    while row is not None:
        for anchor, column in fills.get(index, ()):
            if anchor == (index, column):
                anchors[anchor] = row[column] if 0 <= column < len(row) else ""
            elif 0 <= column < len(row) and row[column] in ("", None):
                row[column] = anchors.get(anchor, "")
        yield index + 1, row
        index += 1
        row = next(iterator, None)


def _merge_fills(
    ranges: list[Any], first_column: int
) -> dict[int, list[tuple[tuple[int, int], int]]]:
    """row → [((anchor row, anchor column), column)] for each cell of a range spanning rows.

    The anchor (top-left cell, which holds the value) comes first in its own row's list.
    """
    fills: dict[int, list[tuple[tuple[int, int], int]]] = {}
    for (top, left), (bottom, right) in ranges:
        if bottom <= top:
            continue
        anchor = (top, left - first_column)
        for row in range(top, bottom + 1):
            for column in range(left - first_column, right - first_column + 1):
                fills.setdefault(row, []).append((anchor, column))
    return fills
