"""From an exported file to plain records and row errors.

Finds the header row below the title rows, maps its columns to dossier fields, then reads
every row after it: blank rows, repeated header rows, column-number rows ("(1) (2) (3)"),
totals rows ("Tổng cộng: 46 hồ sơ") and signature lines are skipped and counted; every
other row becomes an `ImportRecord` or a `RowError` naming its row and column. Nothing here
knows the database: whether the unit exists or the code is new is the service's business.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

from tracker.errors import FileProblem
from tracker.importers import cells
from tracker.importers.csvfile import open_csv
from tracker.importers.fields import ALIASES, BY_NAME, FIELDS, NATIONAL_STATUSES
from tracker.importers.limits import ImportLimits
from tracker.importers.sheets import Row
from tracker.importers.sources import open_source
from tracker.importers.spreadsheets import Book, open_spreadsheet
from tracker.next_steps import NextStep
from tracker.rules import normalise_code
from tracker.text import fold, fold_key

HEADER_SCAN = 50  # title rows above the header, at most

# "Tổng cộng: 46 hồ sơ", "Tổng số hồ sơ: 46", "Cộng: 46" — but not "Công ty …".
_TOTALS = re.compile(r"^(tong cong|tong so|tong|cong)( ho so)?\s*(:|\d|$)")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_ABSENT = sys.maxsize  # the index of a field the file has no column for: past every row's end


class ImportRecord(NamedTuple):
    """One dossier as the file states it: field name → value (FIELDS), None where the file
    says nothing; the row number as a spreadsheet shows it."""

    row: int
    values: dict[str, Any]


# Why a row was rejected, for counting them by kind (the message says it for one row).
REJECTION_KINDS = {
    "missing": "thiếu dữ liệu bắt buộc",
    "date": "ngày không đọc được",
    "length": "chữ dài quá giới hạn của trường",
    "unit": "đơn vị không có trong danh sách",
    "dates": "ngày không hợp lý",
    "repeat": "mã hồ sơ lặp lại với dữ liệu khác",
}
# What the report calls the rows it skipped, and where a column's field came from.
SKIP_LABELS = {
    "blank": "dòng trống",
    "header": "tiêu đề lặp lại",
    "numbering": "dòng đánh số cột",
    "totals": "dòng tổng cộng",
    "note": "dòng ghi chú, chữ ký",
}
COLUMN_SOURCE_LABELS = {"alias": "tên cột chuẩn", "map": "--map", "saved": "ánh xạ đã lưu"}


@dataclass(frozen=True)
class RowError:
    """A rejected row: its number as a spreadsheet shows it, the column, the reason, the kind
    of reason (REJECTION_KINDS) and, when there is one, what to do before importing again.
    The one row-error type of the import, reader and service."""

    row: int
    column: str | None
    code: str | None
    reason: str
    kind: str
    step: NextStep | None = None


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: str
    source: str  # "alias" | "map" | "saved"


@dataclass(frozen=True)
class Layout:
    header_row: int
    columns: tuple[Column, ...]
    ignored: tuple[str, ...]  # headers that map to no field (or to a field already taken)

    def column(self, field: str) -> Column | None:
        return next((c for c in self.columns if c.field == field), None)


Mapping_ = Mapping[str, tuple[str, str]]  # header key → (field, source)


def _match(value: Any, mapping: Mapping_) -> tuple[str, int] | None:
    """(field, rank) of a header cell; a lower rank wins when two columns claim one field."""
    key = fold_key(cells.text(value))
    if not key:
        return None
    if key in mapping:
        field, source = mapping[key]
        return field, 0 if source == "map" else 1
    alias_of = ALIASES.get(key)
    if alias_of is None:
        return None
    aliases = [fold_key(a) for a in BY_NAME[alias_of].aliases]
    return alias_of, 2 + aliases.index(key)


def _header_layout(number: int, row: list[Any], mapping: Mapping_) -> Layout | None:
    best: dict[str, tuple[int, int, str]] = {}  # field → (rank, index, header)
    headers: list[tuple[int, str]] = []
    for index, value in enumerate(row):
        header = cells.text(value)
        if not header:
            continue
        headers.append((index, header))
        matched = _match(value, mapping)
        if matched is None:
            continue
        field, rank = matched
        if field not in best or rank < best[field][0]:
            best[field] = (rank, index, header)
    if len(best) < 2:
        return None
    used = {index for _rank, index, _header in best.values()}
    columns = tuple(
        sorted(
            (
                Column(index, header, field, _source(header, mapping))
                for field, (_rank, index, header) in best.items()
            ),
            key=lambda c: c.index,
        )
    )
    ignored = tuple(header for index, header in headers if index not in used)
    return Layout(number, columns, ignored)


def _source(header: str, mapping: Mapping_) -> str:
    entry = mapping.get(fold_key(header))
    return entry[1] if entry else "alias"


def looks_like_header(row: list[Any], mapping: Mapping_) -> bool:
    return _header_layout(0, row, mapping) is not None


def find_layout(rows: Iterator[Row], mapping: Mapping_, file_name: str) -> Layout:
    """The header row among the first rows; `rows` is left just after it."""
    partial: Layout | None = None
    for count, (number, row) in enumerate(rows):
        layout = _header_layout(number, row, mapping)
        if layout is not None:
            if layout.column("code") is not None:
                return _with_required(layout, file_name)
            partial = partial or layout
        if count >= HEADER_SCAN:
            break
    if partial is not None:
        found = ", ".join(f"«{c.header}»" for c in partial.columns)
        raise FileProblem(
            f"Tệp «{file_name}» không có cột mã hồ sơ: dòng tiêu đề {partial.header_row} có "
            f"{found} nhưng không có «Mã hồ sơ», «Số hồ sơ» hay «Số biên nhận»; nếu cột mã "
            'mang tên khác, hãy chỉ rõ bằng --map "Tên cột=code".'
        )
    raise FileProblem(
        f"Không tìm thấy dòng tiêu đề trong {HEADER_SCAN} dòng đầu của «{file_name}»: cần các "
        "cột như «Mã hồ sơ», «Tên thủ tục hành chính», «Chủ hồ sơ», «Ngày hẹn trả»; cột mang "
        'tên khác thì chỉ rõ bằng --map "Tên cột=trường".'
    )


def _with_required(layout: Layout, file_name: str) -> Layout:
    """`layout`, if it has a column for every required field: without one, every row would be
    rejected for the same reason, so the file is refused once, naming what is missing."""
    missing = [f for f in FIELDS if f.required and layout.column(f.name) is None]
    if not missing:
        return layout
    wanted = "; ".join(
        f'{f.label} (như «{f.aliases[0]}», --map "Tên cột={f.name}")' for f in missing
    )
    found = ", ".join(f"«{c.header}»" for c in layout.columns)
    raise FileProblem(
        f"Tệp «{file_name}» thiếu cột bắt buộc: {wanted}. Dòng tiêu đề {layout.header_row} "
        f"chỉ có {found}."
    )


def _text(cell: Any) -> str | None:
    return cells.text(cell) or None


def _status(cell: Any) -> str | None:
    value = cells.text(cell)
    if value.isdecimal() and int(value) in NATIONAL_STATUSES:
        return NATIONAL_STATUSES[int(value)]
    return value or None


_READERS: dict[str, Callable[[Any], Any]] = {"text": _text, "status": _status, "date": cells.date}


class RowParser:
    """Turns the rows after the header into records, errors and counted skips.

    Every field of FIELDS but the code (read first: it tells a dossier row) is read in the
    table's order by its kind's reader; the first problem rejects the row.
    """

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.skipped: Counter[str] = Counter()
        by_field = {c.field: c for c in layout.columns}
        code = by_field["code"]
        self._code = code.index
        self._code_header = code.header
        self._code_header_key = fold_key(code.header)
        self._code_limit = BY_NAME["code"].max_length or _ABSENT
        self._blank = dict.fromkeys(f.name for f in FIELDS)
        # (name, index, reader, required, max length, header, label) of every other field
        self._fields = [
            (
                f.name,
                column.index if column else _ABSENT,
                _READERS[f.kind],
                f.required,
                f.max_length,
                column.header if column else None,
                f.label,
            )
            for f in FIELDS
            if f.kind != "code"
            for column in [by_field.get(f.name)]
            if column is not None or f.required
        ]

    def _skip_reason(self, code: str, row: list[Any]) -> str | None:
        """Why a row that is not a dossier is skipped; None for a dossier row."""
        values = [cells.text(v) for v in row]
        filled = [v for v in values if v]
        if not filled:
            return "blank"
        if code and fold_key(code) == self._code_header_key:
            return "header"
        if (not code or _TOTALS.match(fold(code))) and any(_TOTALS.match(fold(v)) for v in filled):
            return "totals"
        if all(_COLUMN_NUMBER.match(v) for v in filled):
            return "numbering"
        if not code and len(filled) <= 2:
            return "note"  # a section title or a signature line below the table
        return None

    def parse(self, number: int, row: list[Any]) -> ImportRecord | RowError | None:
        width = len(row)
        code = cells.text(row[self._code]) if self._code < width else ""
        # A code that starts with a digit and is longer than "(12)" is a dossier row: the
        # usual case, decided without looking at the other cells.
        if not (len(code) > 4 and code[0].isdigit()):
            reason = self._skip_reason(code, row)
            if reason is not None:
                self.skipped[reason] += 1
                return None
        if " " in code or not code.isupper():  # else already what normalise_code makes it
            code = normalise_code(code)
        if not code:
            return RowError(number, self._code_header, None, "thiếu mã hồ sơ", "missing")
        if len(code) > self._code_limit:
            return _too_long(number, self._code_header, None, "mã hồ sơ", self._code_limit)
        values = self._blank.copy()
        values["code"] = code
        for name, index, read, required, limit, header, label in self._fields:
            try:
                value = read(row[index]) if index < width else None
            except cells.CellError as err:
                return RowError(number, header, code, str(err), "date")
            if value is None:
                if required:
                    return RowError(number, header, code, f"thiếu {label}", "missing")
                continue
            if limit is not None and len(value) > limit:
                return _too_long(number, header, code, label, limit)
            values[name] = value
        return ImportRecord(number, values)


def _too_long(
    number: int, header: str | None, code: str | None, label: str, limit: int
) -> RowError:
    return RowError(
        number, header, code, f"{label} dài quá {limit:,} ký tự".replace(",", "."), "length"
    )


class Export:
    """An opened export: its source, layout, and a stream of records (use as a context manager).

    `finish()` after the last record gives the sha256 and size of exactly the bytes read, and
    refuses a file that changed meanwhile.
    """

    def __init__(
        self,
        path: Path,
        *,
        sheet: str | None = None,
        encoding: str | None = None,
        mapping: Mapping_ | None = None,
        limits: ImportLimits | None = None,
    ) -> None:
        self.limits = limits or ImportLimits()
        self.mapping: Mapping_ = mapping or {}
        self.source = open_source(path, self.limits, encoding)
        self.name = self.source.name
        self._book: Book | None = None
        try:
            if self.source.kind == "csv":
                if sheet is not None:
                    raise FileProblem(
                        f"Tệp «{self.name}» là CSV, không có trang: bỏ tùy chọn --sheet."
                    )
                self.table = open_csv(
                    self.source, self.limits, lambda r: looks_like_header(r, self.mapping)
                )
            else:
                self.table, self._book = open_spreadsheet(
                    self.source, self.limits, sheet, self._has_header
                )
            self.layout = find_layout(self.table.rows, self.mapping, self.name)
        except BaseException:
            self.close()
            raise
        self.parser = RowParser(self.layout)

    @property
    def kind(self) -> str:
        return self.source.kind

    @property
    def encoding(self) -> str | None:
        return self.source.encoding

    def _has_header(self, rows: Iterator[Row]) -> bool:
        for count, (_number, row) in enumerate(rows):
            if looks_like_header(row, self.mapping):
                return True
            if count >= HEADER_SCAN:
                break
        return False

    def records(self) -> Iterator[ImportRecord | RowError]:
        """Every data row after the header, as a record or an error; skipped rows counted."""
        parse = self.parser.parse
        for number, row in self.table.rows:
            item = parse(number, row)
            if item is not None:
                yield item

    def finish(self) -> tuple[str, int]:
        """sha256 and size of the bytes read; FileProblem if the file changed while read."""
        return self.source.finish()

    @property
    def skipped(self) -> Counter[str]:
        return self.parser.skipped

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
        self.source.close()

    def __enter__(self) -> Export:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
