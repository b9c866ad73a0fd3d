"""Working days: Monday–Friday minus Vietnamese public holidays, with the government's yearly
swaps (from the `holidays` package) and an administrator's override table on top.

Counting is done with a per-year table of cumulative working days, so that "days late" for a
whole province costs a subtraction or two per dossier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from tracker.holidays_vn import PublicHolidays, public_holidays

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

# Why a day is what it is; "" for an ordinary Monday–Friday working day.
SOURCE_WEEKEND = "weekend"
SOURCE_HOLIDAY = "holiday"  # a public holiday (Labour Code Art. 112), incl. days in lieu
SOURCE_SWAP = "swap"  # the government's yearly swap: a day off and the weekend day worked for it
SOURCE_OVERRIDE = "override"  # the administrator's table (calendar_overrides)

OVERRIDE_KINDS = ("off", "work")


@dataclass(frozen=True)
class DayInfo:
    """Why a day is or is not a working day, in words a clerk can check."""

    day: dt.date
    working: bool
    reason: str  # "" for an ordinary working day
    source: str = ""

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.day.weekday()]


@dataclass(frozen=True)
class Override:
    kind: str  # "off" | "work"
    why: str


@dataclass(frozen=True)
class _Year:
    working: bytes  # working[i] is 1 when day i (0 = 1 January) is a working day
    cumulative: tuple[int, ...]  # working days from 1 January to day i, inclusive

    @property
    def total(self) -> int:
        return self.cumulative[-1]


def _day_index(day: dt.date) -> int:
    return day.timetuple().tm_yday - 1


class WorkCalendar:
    """The working-day calendar for one database (its overrides) — immutable once built."""

    def __init__(self, overrides: Mapping[dt.date, Override] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._holidays: dict[int, PublicHolidays] = {}
        self._years: dict[int, _Year] = {}

    @property
    def overrides(self) -> dict[dt.date, Override]:
        return dict(self._overrides)

    def with_override(self, day: dt.date, override: Override | None) -> WorkCalendar:
        """The same calendar with one override set (or removed, for None): "what would change"."""
        overrides = self.overrides
        if override is None:
            overrides.pop(day, None)
        else:
            overrides[day] = override
        changed = WorkCalendar(overrides)
        changed._holidays = self._holidays  # the public holidays do not change: share them
        return changed

    # --- one day -------------------------------------------------------------------------
    def _public_holidays(self, year: int) -> PublicHolidays:
        if year not in self._holidays:
            self._holidays[year] = public_holidays(year)  # cached on disk: no `holidays` import
        return self._holidays[year]

    def _swap_partner(self, day: dt.date) -> dt.date | None:
        """The day off that a worked weekend day pays for, or the worked day a swap day off
        is paid by: the `holidays` package names a swap day off "Ngày nghỉ (thay cho ngày
        dd/mm/yyyy)", and a swap can cross New Year (31/12/2018 off, 5/1/2019 worked)."""
        holidays = self._public_holidays(day.year)
        if day in holidays:
            name = "; ".join(holidays.get_list(day))
            for worked in holidays.weekend_workdays:
                if worked.strftime("%d/%m/%Y") in name:
                    return worked
            return None
        if day not in holidays.weekend_workdays:
            return None
        label = day.strftime("%d/%m/%Y")
        for year in (day.year - 1, day.year, day.year + 1):
            for off_day, name in self._public_holidays(year).items():
                if label in name:
                    return off_day
        return None

    def base_info(self, day: dt.date) -> DayInfo:
        """The day as the law and the government's swaps make it, before any override."""
        holidays = self._public_holidays(day.year)
        if day in holidays:
            source = SOURCE_SWAP if self._swap_partner(day) else SOURCE_HOLIDAY
            return DayInfo(day, False, "; ".join(holidays.get_list(day)), source)
        if day.weekday() >= 5:
            if day in holidays.weekend_workdays:
                partner = self._swap_partner(day)
                reason = f"{WEEKDAY_NAMES[day.weekday()]} làm việc bù" + (
                    f" cho ngày nghỉ {partner:%d/%m/%Y}" if partner else " (lịch hoán đổi)"
                )
                return DayInfo(day, True, reason, SOURCE_SWAP)
            return DayInfo(day, False, WEEKDAY_NAMES[day.weekday()], SOURCE_WEEKEND)
        return DayInfo(day, True, "")

    def info(self, day: dt.date) -> DayInfo:
        override = self._overrides.get(day)
        if override is not None:
            label = "Ngày nghỉ bổ sung" if override.kind == "off" else "Ngày làm việc bù"
            return DayInfo(
                day, override.kind == "work", f"{label}: {override.why}", SOURCE_OVERRIDE
            )
        return self.base_info(day)

    def is_working(self, day: dt.date) -> bool:
        return bool(self._year(day.year).working[_day_index(day)])

    # --- counting ------------------------------------------------------------------------
    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            start = dt.date(year, 1, 1)
            days = (dt.date(year + 1, 1, 1) - start).days
            working = bytes(self.info(start + dt.timedelta(days=i)).working for i in range(days))
            running = 0
            cumulative = []
            for flag in working:
                running += flag
                cumulative.append(running)
            table = self._years[year] = _Year(working, tuple(cumulative))
        return table

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d ≤ end (0 when end ≤ start)."""
        if end <= start:
            return 0
        first = self._year(start.year)
        if start.year == end.year:
            return first.cumulative[_day_index(end)] - first.cumulative[_day_index(start)]
        count = first.total - first.cumulative[_day_index(start)]
        for year in range(start.year + 1, end.year):
            count += self._year(year).total
        return count + self._year(end.year).cumulative[_day_index(end)]

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The count-th working day after `start` (count ≥ 1), or before it for count < 0;
        `start` itself for 0."""
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

    def effective_due(self, due: dt.date) -> dt.date:
        """The due date the law applies: a due date on a day off moves to the next working day
        (Civil Code Art. 148) — it happens when a calendar change comes after the receipt."""
        return self.next_working_day(due)

    def days_late(self, due: dt.date, end: dt.date) -> int:
        """Working days after the (effective) due date up to `end`: 0 when not late."""
        return self.working_days_between(self.effective_due(due), end)

    def apology_deadline(self, due: dt.date) -> dt.date:
        """The last day to send the apology: 1 working day before the due date (NĐ 61/2018, Đ.19).

        For a due date on a day off this is also 1 working day before the effective due date."""
        return self.add_working_days(due, -1)

    def days(self, start: dt.date, end: dt.date) -> list[DayInfo]:
        """Every day d with start < d ≤ end, each with why it is or is not a working day."""
        return [
            self.info(start + dt.timedelta(days=offset))
            for offset in range(1, (end - start).days + 1)
        ]

    def skipped_days(self, start: dt.date, end: dt.date) -> list[DayInfo]:
        """Every non-working day, and every working day that is not an ordinary weekday (a
        worked Saturday, an override), in start < d ≤ end."""
        return [info for info in self.days(start, end) if not info.working or info.source]

    def exceptions(self, year: int) -> list[DayInfo]:
        """The year's departures from Monday–Friday: every weekday off, every weekend day
        worked, and every day the override table names."""
        start = dt.date(year, 1, 1)
        result = []
        for info in self.days(start - dt.timedelta(days=1), dt.date(year, 12, 31)):
            weekend = info.day.weekday() >= 5
            if info.working == weekend or info.source == SOURCE_OVERRIDE:
                result.append(info)
        return result
