"""load_calendar builds the working-day calendar once per thread while the overrides stay the
same (a server thread answers page after page), and anew as soon as they change — also when
another process changed them — and never hands one thread's calendar to another (its tables
grow in place)."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy.engine import Engine

from tests.conftest import Invoke
from tracker.db import transaction
from tracker.law.calendar import LawCalendar
from tracker.services.calendar import load_calendar

WEDNESDAY = dt.date(2024, 11, 27)


def calendar_of(engine: Engine) -> LawCalendar:
    with transaction(engine, reading_only=True) as session:
        return load_calendar(session)


def test_one_thread_reuses_its_calendar_until_an_override_changes(
    engine: Engine, run: Invoke
) -> None:
    first = calendar_of(engine)
    assert first.is_working(WEDNESDAY)
    assert calendar_of(engine) is first
    # Another process (the CLI) changes the calendar: the next request sees it.
    run("calendar", "add-off", "27/11/2024", "--why", "Thông báo số 99/TB-UBND")
    changed = calendar_of(engine)
    assert changed is not first and not changed.is_working(WEDNESDAY)
    assert calendar_of(engine) is changed
    run("calendar", "remove", "27/11/2024")
    assert calendar_of(engine).is_working(WEDNESDAY)


def test_each_thread_has_its_own_calendar(engine: Engine) -> None:
    mine = calendar_of(engine)
    theirs: list[LawCalendar] = []
    worker = threading.Thread(target=lambda: theirs.append(calendar_of(engine)))
    worker.start()
    worker.join()
    assert theirs[0] is not mine
    assert theirs[0].days_late(dt.date(2024, 11, 19), dt.date(2024, 11, 26)) == 5
    assert mine.days_late(dt.date(2024, 11, 19), dt.date(2024, 11, 26)) == 5
