"""Dates and periods as Vietnamese users type and read them (dd/mm/yyyy, YYYY-MM or MM/YYYY)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tracker.errors import InvalidInput
from tracker.text import clean

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_PERIOD_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")
_PERIOD_VN = re.compile(r"^(\d{1,2})/(\d{4})$")

# The days tracker works with, one rule for every date that comes in (typed, configured,
# imported): the working-day calendar knows the public holidays and the government's swaps of
# 1995–2100, and a date outside is a slip of the keyboard (01/01/0001, 31/12/9999) that would
# make the calendar count thousands of years, or run past the last year Python can hold.
FIRST_YEAR = 1995
LAST_YEAR = 2100
EARLIEST = dt.date(FIRST_YEAR, 1, 1)
LATEST = dt.date(LAST_YEAR, 12, 31)
# The most working days a command counts forward from a date (a new return date, a warning
# horizon): about a year and a half, far beyond any real one.
MAX_WORKING_DAYS = 365


def check_supported(day: dt.date) -> dt.date:
    """`day`, or one sentence when it lies outside the years tracker works with."""
    if not EARLIEST <= day <= LATEST:
        raise InvalidInput(
            f"Ngày {format_date(day)} nằm ngoài khoảng tracker làm việc "
            f"({format_date(EARLIEST)} – {format_date(LATEST)}): hãy kiểm tra lại năm."
        )
    return day


def check_working_days(count: int, name: str, *, least: int = 0) -> int:
    """A number of working days to count (`name` says where it was given), or one sentence."""
    if not least <= count <= MAX_WORKING_DAYS:
        raise InvalidInput(
            f"{name} phải là số ngày làm việc từ {least} đến {MAX_WORKING_DAYS}, không phải {count}."
        )
    return count


def _build_date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return check_supported(dt.date(year, month, day))
    except ValueError:
        raise InvalidInput(f"Ngày «{clean(text)}» không tồn tại (dạng dd/mm/yyyy).") from None


def parse_date(text: str) -> dt.date:
    """A date typed by a user: `dd/mm/yyyy` (also `-` or `.`), or ISO `yyyy-mm-dd`."""
    value = text.strip()
    if match := _DMY.match(value):
        day, month, year = (int(g) for g in match.groups())
        return _build_date(year, month, day, value)
    if match := _ISO.match(value):
        year, month, day = (int(g) for g in match.groups())
        return _build_date(year, month, day, value)
    raise InvalidInput(
        f"Không hiểu ngày «{clean(value)}»: hãy nhập dạng dd/mm/yyyy, ví dụ 05/12/2024."
    )


def format_date(value: dt.date | None) -> str:
    """`05/12/2024`, or empty for no date (the year always four digits, on every platform)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value else ""


@dataclass(frozen=True, order=True)
class Period:
    """A month, the unit the monthly index and report are counted in."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """`11/2024`, as Vietnamese documents write a month."""
        return f"{self.month:02d}/{self.year:04d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    def next(self) -> Period:
        return Period(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Period:
        return Period(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    @classmethod
    def of(cls, day: dt.date) -> Period:
        return cls(day.year, day.month)


def parse_period(text: str) -> Period:
    """A month typed as `2024-11` or `11/2024`."""
    value = text.strip()
    match = _PERIOD_ISO.match(value)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
    elif match := _PERIOD_VN.match(value):
        month, year = int(match.group(1)), int(match.group(2))
    else:
        raise InvalidInput(
            f"Không hiểu kỳ «{clean(value)}»: hãy nhập dạng YYYY-MM hoặc MM/YYYY, ví dụ 2024-11."
        )
    if not 1 <= month <= 12:
        raise InvalidInput(f"Kỳ «{clean(value)}» không hợp lệ: tháng phải từ 1 đến 12.")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(
            f"Kỳ «{clean(value)}» nằm ngoài khoảng tracker làm việc ({FIRST_YEAR}–{LAST_YEAR}): "
            "hãy kiểm tra lại năm."
        )
    return Period(year, month)
