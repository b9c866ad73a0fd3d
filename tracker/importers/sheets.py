"""What every reader of a sheet shares: numbered rows, the limits on them, merged cells."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from tracker.errors import FileProblem
from tracker.importers.limits import ImportLimits, number

Row = tuple[int, list[Any]]  # (the row number a spreadsheet shows, its cells)


@dataclass
class Table:
    """The rows of one sheet (or of the CSV) and what was learnt opening it."""

    rows: Iterator[Row]
    progress: Callable[[], tuple[int, int]]  # (done, total), same unit, for a progress bar
    sheet: str | None = None
    delimiter: str | None = None


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def check_width(name: str, row: int, width: int, limits: ImportLimits) -> None:
    if width > limits.max_columns:
        raise FileProblem(
            f"Tệp «{name}», dòng {number(row)}: có ô ở cột {column_letters(width - 1)}, quá giới hạn "
            f"{number(limits.max_columns)} cột (max_columns trong mục [import] của tệp cấu hình); "
            "hãy xóa các ô thừa ở bên phải bảng rồi nhập lại."
        )


def cell_too_long(name: str, row: int | None, limits: ImportLimits) -> FileProblem:
    where = f"Tệp «{name}», dòng {number(row)}" if row is not None else f"Tệp «{name}»"
    return FileProblem(
        f"{where}: một ô dài quá {number(limits.max_cell_chars)} ký tự (max_cell_chars trong "
        "mục [import] của tệp cấu hình)."
    )


def too_many_rows(name: str, limits: ImportLimits) -> FileProblem:
    return FileProblem(
        f"Tệp «{name}» có hơn {number(limits.max_rows)} dòng (max_rows trong mục [import] của "
        "tệp cấu hình): hãy chia tệp thành nhiều phần."
    )


class MergedCells:
    """Vertical merged ranges, filled down while rows stream by.

    Exports merge the unit (or date) cell over a group of rows; only the top cell holds the
    value, yet every row of the group belongs to it. Ranges are kept as four arrays sorted by
    top row (16 bytes each) and clipped to the columns a row may have; at any row only the
    ranges covering it are looked at, so neither a range's size nor their number allocates.
    Rows and columns are counted from 0.
    """

    def __init__(self, ranges: list[tuple[int, int, int, int]], limits: ImportLimits) -> None:
        spans = sorted(
            (top, left, bottom, min(right, limits.max_columns - 1))
            for top, left, bottom, right in ranges
            if bottom > top and left < limits.max_columns
        )
        self._top, self._left, self._bottom, self._right = (
            array("q", (span[i] for span in spans)) for i in range(4)
        )
        self._next = 0
        self._active: list[tuple[int, int, int, Any]] = []  # (left, right, bottom, anchor value)
        self._limit = limits.max_columns

    def __bool__(self) -> bool:
        return len(self._top) > 0

    def fill(self, index: int, row: list[Any], name: str) -> None:
        """Take the anchors of ranges starting at row `index`; fill the rows below them."""
        if self._active:
            self._active = [span for span in self._active if span[2] >= index]
            for left, right, _bottom, value in self._active:
                for column in range(left, min(right + 1, len(row))):
                    if row[column] in ("", None):
                        row[column] = value
        top = self._top
        while self._next < len(top) and top[self._next] <= index:
            at = self._next
            self._next += 1
            if top[at] < index:
                continue  # its anchor row was not in the file
            left = self._left[at]
            value = row[left] if left < len(row) else ""
            self._active.append((left, self._right[at], self._bottom[at], value))
            if len(self._active) > self._limit:
                raise FileProblem(f"Tệp «{name}» có các vùng ô gộp chồng lên nhau: tệp đã hỏng.")
