"""Working days: Monday–Friday minus Vietnamese public holidays, with the government's yearly
swaps (from the `holidays` package) and an administrator's override table on top.

Counting uses one table over a contiguous range of years (grown on demand): a working flag and
a running count of working days per day. Days late are then one subtraction, and "n working
days before/after" one binary search, so a province's worth of dossiers costs microseconds each.
"""

from __future__ import annotations

import copy
import datetime as dt
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from tracker.holidays_vn import PublicHolidays, public_holidays

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

# Why a day is what it is; "" for an ordinary Monday–Friday working day.
SOURCE_WEEKEND = "weekend"
SOURCE_HOLIDAY = "holiday"  # a public holiday (Labour Code Art. 112), incl. days in lieu
SOURCE_SWAP = "swap"  # the government's yearly swap: a day off and the weekend day worked for it
SOURCE_OVERRIDE = "override"  # the administrator's table (calendar_overrides)

OVERRIDE_KINDS = ("off", "work")
# The sources in words, for `calendar list` and the administrator's calendar page.
SOURCE_LABELS = {
    SOURCE_HOLIDAY: "ngày lễ, Tết",
    SOURCE_SWAP: "hoán đổi của Chính phủ",
    SOURCE_OVERRIDE: "điều chỉnh của quản trị",
    SOURCE_WEEKEND: "cuối tuần",
    "": "",
}
_Calendar = TypeVar("_Calendar", bound="WorkCalendar")


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


class WorkCalendar:
    """The working-day calendar for one database (its overrides) — immutable once built."""

    def __init__(self, overrides: Mapping[dt.date, Override] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._holidays: dict[int, PublicHolidays] = {}
        self._forget_counts()

    def _forget_counts(self) -> None:
        """Start the counting tables afresh (new objects: a caller may hold the old ones).

        Days of the years first_year..last_year, indexed by date.toordinal() - base:
        working[i] is 1 on a working day; running[i] counts working days from base to i."""
        self._first_year = self._last_year = 0
        self._base = 0
        self._working = bytearray()
        self._running: list[int] = []

    @property
    def overrides(self) -> dict[dt.date, Override]:
        return dict(self._overrides)

    def with_override(self: _Calendar, day: dt.date, override: Override | None) -> _Calendar:
        """The same calendar with one override set (or removed, for None): "what would change".
        A copy, so that a subclass keeps what it adds; the public holidays are shared."""
        overrides = self.overrides
        if override is None:
            overrides.pop(day, None)
        else:
            overrides[day] = override
        changed = copy.copy(self)
        changed._overrides = overrides
        changed._forget_counts()
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
        index = self._index(day)
        return bool(self._working[index])

    # --- counting ------------------------------------------------------------------------
    def _cover(self, year: int) -> None:
        """Grow the table so that it holds `year` (later years are appended; an earlier year
        rebuilds it, which only a date before everything seen so far can cause)."""
        if self._running and self._first_year <= year <= self._last_year:
            return
        if not self._running or year < self._first_year:
            last = max(year, self._last_year) if self._running else year
            self._first_year = self._last_year = year
            self._base = dt.date(year, 1, 1).toordinal()
            # Emptied in place: a caller may already hold these very objects.
            self._working.clear()
            self._running.clear()
            self._append_years(year, last)
        else:
            self._append_years(self._last_year + 1, year)

    def _append_years(self, first: int, last: int) -> None:
        running = self._running[-1] if self._running else 0
        day = dt.date(first, 1, 1)
        end = dt.date(last + 1, 1, 1)
        while day < end:
            flag = self.info(day).working
            running += flag
            self._working.append(flag)
            self._running.append(running)
            day += dt.timedelta(days=1)
        self._last_year = last

    def _index(self, day: dt.date) -> int:
        index = day.toordinal() - self._base
        if not 0 <= index < len(self._running):
            self._cover(day.year)
            index = day.toordinal() - self._base
        return index

    def _day(self, index: int) -> dt.date:
        return dt.date.fromordinal(self._base + index)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d ≤ end (0 when end ≤ start)."""
        if end <= start:
            return 0
        start_index = self._index(start)
        end_index = self._index(end)
        if start_index != start.toordinal() - self._base:  # the table grew backwards for `end`
            start_index = self._index(start)
        return self._running[end_index] - self._running[start_index]

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The count-th working day after `start` (count ≥ 1), or before it for count < 0;
        `start` itself for 0."""
        if count == 0:
            return start
        index = self._index(start)
        if count > 0:
            # The first day whose running count reaches the start's count + `count`.
            target = self._running[index] + count
            while target > self._running[-1]:
                self._cover(self._last_year + 1)
            return self._day(bisect_left(self._running, target))
        # Working days strictly before `start` number running[index - 1]; the answer is the
        # first day whose running count reaches that − |count| + 1.
        while index == 0 or self._running[index - 1] + count + 1 < 1:
            self._cover(self._first_year - 1)
            index = self._index(start)
        return self._day(bisect_left(self._running, self._running[index - 1] + count + 1))

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, else the next one (Bộ luật Dân sự, Điều 148)."""
        return day if self.is_working(day) else self.add_working_days(day, 1)

    def effective_due(self, due: dt.date) -> dt.date:
        """The due date the law applies: a due date on a day off moves to the next working day
        (Civil Code Art. 148) — it happens when a calendar change comes after the receipt."""
        return self.next_working_day(due)

    def days_late(self, due: dt.date, end: dt.date) -> int:
        """Working days after the (effective) due date up to `end`: 0 when not late.

        Computed from the running count alone (this runs once per dossier in every list): on
        a due date that is a day off, the count already stands at the previous working day,
        so the effective due date (the next working day) is one more."""
        due_index = self._index(due)
        end_index = self._index(end)
        if due_index != due.toordinal() - self._base:  # the table grew backwards for `end`
            due_index = self._index(due)
        late = self._running[end_index] - self._running[due_index] - 1 + self._working[due_index]
        return max(late, 0)

    def days(self, start: dt.date, end: dt.date) -> list[DayInfo]:
        """Every day d with start < d ≤ end, each with why it is or is not a working day."""
        return [
            self.info(start + dt.timedelta(days=offset))
            for offset in range(1, (end - start).days + 1)
        ]

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
