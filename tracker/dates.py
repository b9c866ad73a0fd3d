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


def _build_date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
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
    """`05/12/2024`, or empty for no date."""
    return value.strftime("%d/%m/%Y") if value else ""


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
    if not 1 <= month <= 12 or year < 1900:
        raise InvalidInput(f"Kỳ «{clean(value)}» không hợp lệ: tháng phải từ 1 đến 12.")
    return Period(year, month)
