"""The columns of a printed table, and what each cell is: text, a date, a number.

A command hands over raw cells (a date, an int, None for nothing) or the display strings it
already had; each column's kind is read from its cells (every filled cell a date → a date
column), so the terminal, CSV and XLSX writers agree without each command saying it. A column
may carry a placeholder, shown on the terminal only ("— chưa có —"): CSV, XLSX and JSON leave
an empty cell empty.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from tracker.errors import InvalidInput
from tracker.formats import vn_number

Kind = Literal["text", "date", "datetime", "number", "percent"]
_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
# A count or a decimal written the Vietnamese way (12,5; 1.234; −2; +3), never a code with a
# leading zero (0001) nor one too long to be a number a spreadsheet keeps exactly.
_NUMBER = re.compile(r"^[+−-]?(0|[1-9]\d{0,2}(\.\d{3})+|[1-9]\d{0,14})(,\d+)?$")
_PERCENT = re.compile(r"^\d{1,3}(,\d+)?%$")
# Vietnam keeps one offset all year (UTC+7 since 1975): no time-zone database needed.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "UTC+07:00")


@dataclass(frozen=True)
class Column:
    header: str
    key: str = ""  # its name for --columns (default: the header without diacritics)
    placeholder: str = ""  # shown on the terminal for an empty cell, never written to a file

    @property
    def name(self) -> str:
        return self.key or slug(self.header)


def slug(text: str) -> str:
    """`Hẹn trả` → `hen-tra`: a header as typed on a command line."""
    from tracker.text import fold

    return "-".join(fold(text).replace("/", " ").split())


def as_columns(headers: Sequence[str | Column]) -> list[Column]:
    return [h if isinstance(h, Column) else Column(h) for h in headers]


def local_zone() -> dt.tzinfo:
    """Where the office is: the system's zone, unless the system was left on UTC (a server's
    default, or a container's), which in a Vietnamese office means it was never set; an
    explicit TZ is always believed."""
    system = system_zone()
    if os.environ.get("TZ") or system.utcoffset(None) != dt.timedelta(0):
        return system
    return VIETNAM


def system_zone() -> dt.tzinfo:
    """The zone the operating system is set to (honours TZ)."""
    return dt.datetime.now().astimezone().tzinfo or VIETNAM


def local_time(value: dt.datetime) -> dt.datetime:
    """A stored time (UTC, naive) as the office's wall clock, naive again for display."""
    aware = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return aware.astimezone(local_zone()).replace(tzinfo=None)


def zone_label() -> str:
    """`giờ Việt Nam` or `UTC+02:00`, for a column header."""
    offset = dt.datetime.now(local_zone()).utcoffset() or dt.timedelta(0)
    if offset == dt.timedelta(hours=7):
        return "giờ Việt Nam"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _kind_of(value: Any) -> Kind:
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "number"
    text = str(value)
    if _DATE.match(text):
        return "date"
    if _NUMBER.match(text):
        return "number"
    if _PERCENT.match(text):
        return "percent"
    return "text"


def column_kind(values: Sequence[Any]) -> Kind:
    """The kind every filled cell of a column shares, else text."""
    kinds = {_kind_of(v) for v in values if v is not None and v != ""}
    return kinds.pop() if len(kinds) == 1 else "text"


def display(value: Any) -> str:
    """A cell as a person reads it: 05/12/2024, 12,5, có/không; nothing for None."""
    if value is None:
        return ""
    if type(value) is str:  # most cells: first, as a CSV of 33,000 dossiers asks 338,000 times
        return value
    if isinstance(value, dt.datetime):
        return local_time(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float):
        return vn_number(value)
    return str(value)


def spreadsheet_value(value: Any, kind: Kind) -> Any:
    """A cell as a spreadsheet should hold it: a date as a date, a number as a number."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return local_time(value)
    if isinstance(value, (dt.date, int, float)) or not isinstance(value, str):
        return value
    if kind == "date":
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    if kind == "number":
        number = value.replace("−", "-").replace(".", "").replace(",", ".")
        return float(number) if "." in number else int(number)
    if kind == "percent":
        return float(value.rstrip("%").replace(",", ".")) / 100
    return value


def find(columns: Sequence[Column], asked: str) -> int | None:
    """The position of the column --columns names: by its name or its header, without
    diacritics (`ma-ho-so`, `"ma ho so"`, `code`)."""
    key = slug(asked)
    for position, column in enumerate(columns):
        if key in (column.name, slug(column.header)):
            return position
    return None


def unknown_column(asked: str, columns: Sequence[Column]) -> InvalidInput:
    choices = ", ".join(f"{c.name} ({c.header})" for c in columns)
    return InvalidInput(f"Không có cột «{asked}»; các cột: {choices}.")
