"""Working days: Monday–Friday minus Vietnamese public holidays, with the government's yearly
swaps (from the `holidays` package) and an administrator's override table on top.

Counting is done with a per-year table of cumulative working days, so that "days late" for a
whole province costs one subtraction per dossier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


@dataclass(frozen=True)
class DayInfo:
    """Why a day is or is not a working day, in words a clerk can check."""

    day: dt.date
    working: bool
    reason: str  # "" for an ordinary working day

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.day.weekday()]


@dataclass(frozen=True)
class Override:
    kind: str  # "off" | "work"
    why: str


class WorkCalendar:
    """The working-day calendar for one database (its overrides) — immutable once built."""

    def __init__(self, overrides: Mapping[dt.date, Override] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._holidays: dict[int, Any] = {}
        self._cumulative: dict[int, list[int]] = {}
        self._year_totals: dict[int, int] = {}

    # --- one day -------------------------------------------------------------------------
    def _public_holidays(self, year: int) -> Any:
        if year not in self._holidays:
            from holidays.countries.vietnam import Vietnam

            self._holidays[year] = Vietnam(years=year, language="vi")
        return self._holidays[year]

    def info(self, day: dt.date) -> DayInfo:
        override = self._overrides.get(day)
        if override is not None:
            label = "Ngày nghỉ bổ sung" if override.kind == "off" else "Ngày làm việc bù"
            return DayInfo(day, override.kind == "work", f"{label}: {override.why}")
        holidays = self._public_holidays(day.year)
        if day in holidays:
            return DayInfo(day, False, "; ".join(holidays.get_list(day)))
        if day.weekday() >= 5:
            if day in holidays.weekend_workdays:
                return DayInfo(day, True, "Ngày làm việc bù (thứ Bảy đi làm theo lịch hoán đổi)")
            return DayInfo(day, False, WEEKDAY_NAMES[day.weekday()])
        return DayInfo(day, True, "")

    def is_working(self, day: dt.date) -> bool:
        return self.info(day).working

    # --- counting ------------------------------------------------------------------------
    def _year_table(self, year: int) -> list[int]:
        """cumulative[i] = working days from 1 January to day i of the year, inclusive."""
        table = self._cumulative.get(year)
        if table is None:
            start = dt.date(year, 1, 1)
            days = (dt.date(year + 1, 1, 1) - start).days
            running = 0
            table = []
            for offset in range(days):
                running += self.is_working(start + dt.timedelta(days=offset))
                table.append(running)
            self._cumulative[year] = table
            self._year_totals[year] = running
        return table

    def ordinal(self, day: dt.date) -> int:
        """Working days from 1/1/2000 up to and including `day` (a monotone counter)."""
        total = 0
        for year in range(2000, day.year):
            if year not in self._year_totals:
                self._year_table(year)
            total += self._year_totals[year]
        return total + self._year_table(day.year)[day.timetuple().tm_yday - 1]

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d ≤ end (0 when end ≤ start): the days-late count."""
        if end <= start:
            return 0
        return self.ordinal(end) - self.ordinal(start)

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The count-th working day after `start` (count ≥ 1), or before it for count < 0."""
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        day = start
        while remaining:
            day += dt.timedelta(days=step)
            if self.is_working(day):
                remaining -= 1
        return day

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, else the next one (Bộ luật Dân sự, Điều 148)."""
        while not self.is_working(day):
            day += dt.timedelta(days=1)
        return day

    def apology_deadline(self, due: dt.date) -> dt.date:
        """The last day to send the apology: 1 working day before the due date (NĐ 61/2018, Đ.19)."""
        return self.add_working_days(due, -1)

    def skipped_days(self, start: dt.date, end: dt.date) -> list[DayInfo]:
        """Every non-working day (and every swapped working Saturday) in start < d ≤ end."""
        result = []
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            info = self.info(day)
            if not info.working or info.reason:
                result.append(info)
        return result
