"""One cell's value as text or as a date, whatever the file put there.

A CSV gives strings; a spreadsheet gives str, int, float, bool, date, datetime, time or
timedelta. These functions accept all of them: text never fails, a date either parses or
raises `CellError` with the Vietnamese reason, which rejects the row (never the file).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache

from tracker.dates import format_date
from tracker.text import clean

Cell = object


class CellError(ValueError):
    """A cell that cannot be what its column says; the message is the Vietnamese reason."""


_DMY = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2})[:hg](\d{2})(?::(\d{2}))?(?:\.\d+)?)?$"
)
_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)
# "08:30 05/11/2024": some systems print the time first.
_TIME_FIRST = re.compile(
    r"^(\d{1,2}):(\d{2})(?::(\d{2}))?[ ,]+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$")

# Excel serial days of 1/1/1990 and 31/12/2099: a bare number in that range in a date
# column is a date whose cell format was lost.
_SERIAL_MIN, _SERIAL_MAX = 32874, 73050
_EXCEL_EPOCH = dt.date(1899, 12, 30)

_HINT = "dạng dd/mm/yyyy, dd/mm/yyyy HH:MM, yyyy-mm-dd hoặc yyyyMMddHHmmss"

# Characters nobody can see or type in a name: control characters (NUL, \x07 …, which break
# DOCX files and PostgreSQL text) and invisible format characters (zero-width, bidi overrides
# that can disguise a name). Removed from every cell; whitespace becomes a space.
_INVISIBLE = {
    code: " " if chr(code).isspace() else None
    for block in (
        range(0x10000),
        range(0x1BCA0, 0x1BCA4),
        range(0x1D173, 0x1D17B),
        range(0xE0000, 0xE0080),
    )
    for code in block
    if unicodedata.category(chr(code)) in ("Cc", "Cf")
}


def text(value: Cell) -> str:
    """A cell as clean NFC text; whole numbers without `.0` (codes and phones typed as numbers)."""
    if value is None:
        return ""
    if type(value) is str:
        # isprintable() is false for any control or format character: the rare slow path.
        return clean(value if value.isprintable() else value.translate(_INVISIBLE))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return format_date(value) if value.time() == dt.time.min else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return format_date(value)
    return text(str(value))


def _checked(text_value: str, y: str, m: str, d: str, *clock: str | None) -> dt.date:
    """The date; a time of day, when given, must exist too (the date is what is kept)."""
    try:
        day = dt.date(int(y), int(m), int(d))
        hour, minute, second = (int(part or 0) for part in (*clock, None, None, None)[:3])
        dt.time(hour, minute, second)
    except ValueError:
        raise CellError(f"ngày «{text_value}» không tồn tại") from None
    return day


@lru_cache(maxsize=4096)
def _day(value: str) -> dt.date | None:
    """`05/11/2024` → the date, cached (a file has few distinct days); None if not that shape."""
    d, m, y = value[:2], value[3:5], value[6:]
    if value[2] == "/" and value[5] == "/" and d.isdecimal() and m.isdecimal() and y.isdecimal():
        return _checked(value, y, m, d)
    return None


# Exports repeat the same date-and-time texts (due dates at 17:00, results at one hour…);
# errors are not cached, so a bad text is reported every time.
@lru_cache(maxsize=1 << 16)
def _from_text(value: str) -> dt.date:
    # The common cases first, without a regex: `05/11/2024` and `05/11/2024 08:30`.
    size = len(value)
    if size == 10 or (size == 16 and value[10] == " " and value[13] == ":"):
        day = _day(value[:10])
        if day is not None and (size == 10 or _valid_clock(value[11:13], value[14:16])):
            return day
    if match := _DMY.match(value):
        d, m, y, *clock = match.groups()
        return _checked(value, y, m, d, *clock)
    if match := (_ISO.match(value) or _COMPACT.match(value)):
        y, m, d, *clock = match.groups()
        return _checked(value, y, m, d, *clock)
    if match := _TIME_FIRST.match(value):
        hour, minute, second, d, m, y = match.groups()
        return _checked(value, y, m, d, hour, minute, second)
    raise CellError(f"không hiểu ngày «{value}» ({_HINT})")


def _valid_clock(hour: str, minute: str) -> bool:
    return hour.isdecimal() and minute.isdecimal() and int(hour) < 24 and int(minute) < 60


def date(value: Cell) -> dt.date | None:
    """A cell as a date (None when empty); `CellError` when it is not one."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        stripped = value.strip() if value.isascii() and value.isprintable() else text(value)
        return _from_text(stripped) if stripped else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise CellError(f"không hiểu ngày «{value}» ({_HINT})")
        if float(value).is_integer() and len(str(int(value))) in (8, 14):
            return _from_text(str(int(value)))  # 20241105 or 20241105083000 typed as a number
        if _SERIAL_MIN <= value <= _SERIAL_MAX:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    raise CellError(f"không hiểu ngày «{text(value)}» ({_HINT})")
