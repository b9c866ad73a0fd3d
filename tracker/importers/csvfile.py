"""Rows of a CSV export, streamed with every line and cell bounded.

The delimiter is told by which one makes a known header appear (csv.Sniffer is fooled by
commas inside Vietnamese text). Lines are read at most `max_row_kb` at a time, cells may hold
at most `max_cell_chars` characters and rows at most `max_columns` cells: a file past any of
them is refused with the limit named, before it can fill memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from tracker.errors import FileProblem
from tracker.failures import csv_reason
from tracker.importers.limits import ImportLimits, number
from tracker.importers.sheets import Row, Table, cell_too_long, check_width, too_many_rows
from tracker.importers.sources import ENCODINGS_HINT, Source

DELIMITERS = (",", ";", "\t", "|")
_SNIFF_LINES = 60


def _count_fields(lines: list[str], delimiter: str) -> list[int]:
    try:
        return [len(row) for row in csv.reader(lines, delimiter=delimiter) if any(row)]
    except csv.Error:
        return []


def sniff_delimiter(sample: str, looks_like_header: Callable[[list[str]], bool]) -> str:
    """The delimiter under which a header row appears; else the one splitting lines most evenly."""
    lines = sample.splitlines()[:_SNIFF_LINES]
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


def _lines(text: io.TextIOWrapper, source: Source, limits: ImportLimits) -> Iterator[str]:
    """Physical lines, none longer than the limit; NUL (which some csv versions refuse) dropped
    here, as every other control character is dropped from cells."""
    limit = limits.row_bytes
    readline = text.readline
    try:
        while line := readline(limit):
            if len(line) == limit and line[-1] not in "\r\n":
                raise FileProblem(
                    f"Tệp «{source.name}» có một dòng dài quá {number(limits.max_row_kb)} KB "
                    "(max_row_kb trong mục [import] của tệp cấu hình): không phải tệp xuất "
                    "từ hệ thống một cửa, hoặc tệp đã hỏng."
                )
            yield line.replace("\x00", "") if "\x00" in line else line
    except UnicodeDecodeError:
        raise FileProblem(
            f"Không đọc được chữ trong tệp «{source.name}» theo bảng mã {source.encoding}: hãy "
            f"chỉ định đúng bảng mã bằng --encoding ({ENCODINGS_HINT})."
        ) from None


def open_csv(
    source: Source, limits: ImportLimits, looks_like_header: Callable[[list[str]], bool]
) -> Table:
    """Rows of a CSV file; the row number is the record's (a spreadsheet's row)."""
    encoding = source.encoding or "utf-8-sig"
    sample = source.head.decode(encoding, errors="replace")
    delimiter = sniff_delimiter(sample, looks_like_header)
    text = io.TextIOWrapper(source.data, encoding=encoding, newline="")

    def rows() -> Iterator[Row]:
        csv.field_size_limit(limits.max_cell_chars)
        number_ = 0
        try:
            for number_, row in enumerate(
                csv.reader(_lines(text, source, limits), delimiter=delimiter), start=1
            ):
                if len(row) > limits.max_columns:
                    check_width(source.name, number_, len(row), limits)
                yield number_, row
                if number_ >= limits.max_rows:
                    break
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise cell_too_long(source.name, number_ + 1, limits) from None
            raise FileProblem(
                f"Tệp CSV «{source.name}» hỏng ở dòng {number_ + 1}: {csv_reason(exc)}."
            ) from exc
        if number_ >= limits.max_rows and text.read(1):
            raise too_many_rows(source.name, limits)

    size = source.stat.st_size if source.stat else 0
    return Table(rows(), lambda: (source.stream.count, size), delimiter=delimiter)
