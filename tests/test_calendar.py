"""WorkCalendar on known Vietnamese calendars (no database): Tết 2025, the 2024 and 2025 swaps,
Quốc khánh with its adjacent day, due dates right after a long holiday, overrides."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.calendar import Override, WorkCalendar
from tracker.law.regime import Deadline

D = dt.date
# The deadline in working days, as the regimes read "01 ngày làm việc" (regimes/nd61-2018.toml).
ONE_WORKING_DAY = Deadline(1, "working")


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def off_days(cal: WorkCalendar, start: dt.date, end: dt.date) -> list[dt.date]:
    """Days off in start ≤ d ≤ end."""
    return [info.day for info in cal.days(start - dt.timedelta(days=1), end) if not info.working]


def test_tet_2025_monday_to_friday_off(cal: WorkCalendar) -> None:
    assert off_days(cal, D(2025, 1, 24), D(2025, 2, 3)) == [
        D(2025, 1, 25),
        D(2025, 1, 26),
        D(2025, 1, 27),
        D(2025, 1, 28),
        D(2025, 1, 29),
        D(2025, 1, 30),
        D(2025, 1, 31),
        D(2025, 2, 1),
        D(2025, 2, 2),
    ]
    assert cal.info(D(2025, 1, 29)).reason == "Tết Nguyên Đán"
    assert cal.info(D(2025, 1, 29)).source == "holiday"
    assert cal.is_working(D(2025, 1, 24)) and cal.is_working(D(2025, 2, 3))


def test_due_right_after_tet(cal: WorkCalendar) -> None:
    """Due Monday 3/2/2025: the apology was due Friday 24/1, nine days of holiday earlier."""
    assert ONE_WORKING_DAY.before(cal, D(2025, 2, 3)) == D(2025, 1, 24)
    assert cal.add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)
    assert cal.working_days_between(D(2025, 1, 24), D(2025, 2, 3)) == 1
    assert cal.days_late(D(2025, 1, 24), D(2025, 2, 4)) == 2


def test_swap_2025(cal: WorkCalendar) -> None:
    friday_off, saturday_worked = cal.info(D(2025, 5, 2)), cal.info(D(2025, 4, 26))
    assert not friday_off.working and friday_off.source == "swap"
    assert "26/04/2025" in friday_off.reason
    assert saturday_worked.working and saturday_worked.source == "swap"
    assert "02/05/2025" in saturday_worked.reason
    # Fri 25/4 → Mon 28/4 counts the worked Saturday as well.
    assert cal.working_days_between(D(2025, 4, 25), D(2025, 4, 28)) == 2
    # A dossier due Monday 28/4/2025 needed its apology on the worked Saturday.
    assert ONE_WORKING_DAY.before(cal, D(2025, 4, 28)) == D(2025, 4, 26)
    # 30/4, 1/5, 2/5 and the weekend: due Mon 5/5 → apology by Tue 29/4.
    assert ONE_WORKING_DAY.before(cal, D(2025, 5, 5)) == D(2025, 4, 29)


def test_swap_2024(cal: WorkCalendar) -> None:
    assert not cal.is_working(D(2024, 4, 29)) and cal.info(D(2024, 4, 29)).source == "swap"
    assert cal.is_working(D(2024, 5, 4))
    assert cal.add_working_days(D(2024, 4, 26), 1) == D(2024, 5, 2)
    assert cal.working_days_between(D(2024, 4, 28), D(2024, 5, 5)) == 3  # 2/5, 3/5, Sat 4/5


@pytest.mark.parametrize(
    ("first_week", "national_days", "due", "deadline"),
    [
        # 2024: Sunday 1/9, then Monday 2/9 and Tuesday 3/9 off.
        (
            [D(2024, 9, 1), D(2024, 9, 2), D(2024, 9, 3)],
            [D(2024, 9, 2), D(2024, 9, 3)],
            D(2024, 9, 4),
            D(2024, 8, 30),
        ),
        # 2025: Monday 1/9 and Tuesday 2/9 off.
        (
            [D(2025, 9, 1), D(2025, 9, 2)],
            [D(2025, 9, 1), D(2025, 9, 2)],
            D(2025, 9, 3),
            D(2025, 8, 29),
        ),
    ],
)
def test_national_day_and_adjacent_day(
    cal: WorkCalendar,
    first_week: list[dt.date],
    national_days: list[dt.date],
    due: dt.date,
    deadline: dt.date,
) -> None:
    year = due.year
    assert off_days(cal, D(year, 9, 1), D(year, 9, 5)) == first_week
    assert all(cal.info(d).reason == "Quốc khánh" for d in national_days)
    assert ONE_WORKING_DAY.before(cal, due) == deadline


def test_due_on_a_day_off_moves_to_the_next_working_day(cal: WorkCalendar) -> None:
    saturday = D(2024, 11, 30)
    assert cal.effective_due(saturday) == D(2024, 12, 2)
    assert cal.effective_due(D(2024, 4, 29)) == D(2024, 5, 2)  # the swap day, then 30/4 and 1/5
    # Finished on the Monday it rolled to: on time; the Tuesday after: 1 day late, not 2.
    assert cal.days_late(saturday, D(2024, 12, 2)) == 0
    assert cal.days_late(saturday, D(2024, 12, 3)) == 1
    assert ONE_WORKING_DAY.before(cal, saturday) == D(2024, 11, 29)


def test_year_exceptions_2025(cal: WorkCalendar) -> None:
    rows = {info.day: info for info in cal.exceptions(2025)}
    assert rows[D(2025, 4, 26)].working and rows[D(2025, 4, 26)].source == "swap"
    assert rows[D(2025, 5, 2)].source == "swap"
    assert rows[D(2025, 9, 1)].source == "holiday"
    assert D(2025, 2, 1) not in rows  # Mùng bốn on a Saturday: not a weekday off
    assert D(2025, 1, 4) not in rows  # an ordinary Saturday
    assert len(rows) == 13


def test_override_off_and_back() -> None:
    day = D(2024, 11, 22)
    base = WorkCalendar()
    changed = base.with_override(day, Override("off", "Thông báo số 1"))
    info = changed.info(day)
    assert not info.working and info.source == "override" and "Thông báo số 1" in info.reason
    assert changed.working_days_between(D(2024, 11, 20), D(2024, 11, 26)) == 3
    assert base.working_days_between(D(2024, 11, 20), D(2024, 11, 26)) == 4
    restored = changed.with_override(day, None)
    assert restored.is_working(day)
    worked = base.with_override(D(2024, 11, 23), Override("work", "Làm bù"))
    assert worked.is_working(D(2024, 11, 23))
    listed = {info.day: info for info in worked.exceptions(2024)}
    assert listed[D(2024, 11, 23)].source == "override"


def test_counts_across_new_year(cal: WorkCalendar) -> None:
    assert cal.working_days_between(D(2024, 12, 30), D(2025, 1, 2)) == 2  # 31/12, 2/1
    assert cal.add_working_days(D(2025, 1, 2), -2) == D(2024, 12, 30)


# One calendar for every example: its table grows forwards and backwards in random order.
SHARED = WorkCalendar()


def naive_add(start: dt.date, count: int) -> dt.date:
    step = dt.timedelta(days=1 if count > 0 else -1)
    day, remaining = start, abs(count)
    while remaining:
        day += step
        remaining -= SHARED.info(day).working
    return day


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=D(2018, 1, 1), max_value=D(2027, 12, 31)),
    span=st.integers(min_value=-40, max_value=500),
    count=st.integers(min_value=-30, max_value=30),
)
def test_counting_matches_a_day_by_day_count(start: dt.date, span: int, count: int) -> None:
    end = start + dt.timedelta(days=span)
    naive = sum(info.working for info in SHARED.days(start, end))
    assert SHARED.working_days_between(start, end) == naive
    assert SHARED.add_working_days(start, count) == naive_add(start, count)
    assert SHARED.is_working(end) == SHARED.info(end).working
    rolled = start if SHARED.info(start).working else naive_add(start, 1)
    assert SHARED.effective_due(start) == rolled
    assert SHARED.days_late(start, end) == sum(i.working for i in SHARED.days(rolled, end))
