"""How a dossier's dates were computed, day by day, so that a clerk (or an inspector) can check
every count by hand: the due date (rolled over days off), the apology deadline, the days late
and the proposed new return date, with every day counted or skipped and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tracker import rules
from tracker.calendar import DayInfo, WorkCalendar
from tracker.services.calendar import load_calendar
from tracker.services.cases import current_letter, get_dossier

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DayStep:
    """One day of a count: counted (a working day) or skipped, with its name."""

    day: dt.date
    weekday: str
    counted: bool
    note: str  # holiday name, swap, override, "Thứ Bảy"…; "" for an ordinary working day
    source: str  # "" | "weekend" | "holiday" | "swap" | "override"


@dataclass(frozen=True)
class Walk:
    """A count of working days and every day it went over, oldest first."""

    count: int
    steps: list[DayStep]


@dataclass(frozen=True)
class DateExplanation:
    code: str
    today: dt.date
    status: str  # "open" | "resolved"
    received_at: dt.date | None
    due_at: dt.date  # as printed on the receipt
    effective_due: dt.date  # the next working day when due_at is a day off (Civil Code Art. 148)
    rolled_over: list[DayStep]  # the days off the due date was moved across (empty if none)
    apology_deadline: dt.date  # due − 1 working day (NĐ 61/2018, Điều 19)
    apology: Walk  # from the deadline up to the day before the due date
    end: dt.date  # the day lateness is measured to: finished_at, or today while open
    late: bool
    days_late: Walk  # days after the effective due date up to `end`
    letter_days: int
    new_date: dt.date | None  # letter_days working days after today; None once resolved
    new_date_walk: Walk | None
    new_date_after_due: bool  # a letter's new date must come after the old due date
    letter_new_due: dt.date | None  # the new date of the letter in force, if any


def _step(info: DayInfo) -> DayStep:
    return DayStep(info.day, info.weekday_name, info.working, info.reason, info.source)


def _walk(calendar: WorkCalendar, start: dt.date, end: dt.date) -> Walk:
    """Every day in start < d ≤ end."""
    steps = [_step(info) for info in calendar.days(start, end)]
    return Walk(sum(step.counted for step in steps), steps)


def explain_dates(
    session: Session, code: str, *, today: dt.date, letter_days: int
) -> DateExplanation:
    dossier = get_dossier(session, code)
    calendar = load_calendar(session)
    due = dossier.due_at
    effective = calendar.effective_due(due)
    deadline = calendar.apology_deadline(due)
    end = dossier.finished_at or today
    late = rules.is_late(calendar, due, dossier.finished_at, today)
    open_ = dossier.finished_at is None
    new_date = calendar.add_working_days(today, letter_days) if open_ else None
    letter = current_letter(dossier)
    return DateExplanation(
        code=dossier.code,
        today=today,
        status="open" if open_ else "resolved",
        received_at=dossier.received_at,
        due_at=due,
        effective_due=effective,
        rolled_over=[_step(info) for info in calendar.days(due - ONE_DAY, effective - ONE_DAY)],
        apology_deadline=deadline,
        apology=_walk(calendar, deadline - ONE_DAY, due - ONE_DAY),
        end=end,
        late=late,
        days_late=_walk(calendar, effective, end) if late else Walk(0, []),
        letter_days=letter_days,
        new_date=new_date,
        new_date_walk=_walk(calendar, today, new_date) if new_date else None,
        new_date_after_due=bool(new_date and new_date > due),
        letter_new_due=letter.new_due_at if letter else None,
    )
