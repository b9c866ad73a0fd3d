"""The lists that chase a letter's missing steps: issued letters not yet published, and
apologies that went out after their deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tracker.dates import Period
from tracker.rules import CHANNELS, late_apology_step
from tracker.services.calendar import load_calendar
from tracker.services.case_list import CaseFilter, list_cases


@dataclass(frozen=True)
class PendingLetter:
    """An issued letter still missing one or both publications."""

    code: str
    unit: str
    unit_name: str
    head: str | None
    number: str | None
    issued_on: dt.date
    age: int  # working days since the issue date
    missing: tuple[str, ...]  # channels not yet done: "portal", "onestop"


def pending_letters(
    session: Session, *, channel: str | None, unit: str | None, today: dt.date
) -> list[PendingLetter]:
    """Issued letters not yet published (on `channel`, or on either), oldest issue first."""
    calendar = load_calendar(session)
    result = []
    for row in list_cases(session, CaseFilter(unit=unit, letter="issued"), today=today):
        letter = row.letter
        assert letter is not None and letter.issued_on is not None
        missing = tuple(c for c in CHANNELS if getattr(letter, c) is None)
        if channel and channel not in missing:
            continue
        result.append(
            PendingLetter(
                code=row.code,
                unit=row.unit,
                unit_name=row.unit_name,
                head=row.head,
                number=letter.number,
                issued_on=letter.issued_on,
                age=calendar.working_days_between(letter.issued_on, today),
                missing=missing,
            )
        )
    return sorted(result, key=lambda p: (p.issued_on, p.code))


@dataclass(frozen=True)
class ApologyTiming:
    """When an apology went out against its legal deadline (the regime's of the dossier)."""

    code: str
    unit: str
    unit_name: str
    head: str | None
    status: str
    number: str | None
    due_at: dt.date
    deadline: dt.date  # the regime's apology deadline
    regime: str  # the letter's regime code
    citation: str  # the regime's rule, cited short: "Nghị định …, Điều 19 khoản 9"
    drafted_on: dt.date
    issued_on: dt.date | None
    late: bool
    late_step: str | None  # "draft" (drafted after the deadline) | "issue" (issued after it)
    days_after: int  # working days past the deadline


def apology_timings(
    session: Session,
    *,
    period: Period | None,
    unit: str | None,
    today: dt.date,
    include_on_time: bool = False,
) -> list[ApologyTiming]:
    """Every current letter's timing; late ones only unless `include_on_time`."""
    calendar = load_calendar(session)
    result = []
    for row in list_cases(session, CaseFilter(unit=unit, period=period), today=today):
        letter = row.letter
        if letter is None:
            continue
        deadline = letter.apology_deadline
        step = late_apology_step(deadline, letter.drafted_on, letter.issued_on)
        if step is None and not include_on_time:
            continue
        result.append(
            ApologyTiming(
                code=row.code,
                unit=row.unit,
                unit_name=row.unit_name,
                head=row.head,
                status=letter.status,
                number=letter.number,
                due_at=row.due_at,
                deadline=deadline,
                regime=letter.regime,
                citation=calendar.book.get(letter.regime).citations.short,
                drafted_on=letter.drafted_on,
                issued_on=letter.issued_on,
                late=step is not None,
                late_step=step,
                days_after=calendar.working_days_between(
                    deadline, letter.issued_on or letter.drafted_on
                ),
            )
        )
    return sorted(result, key=lambda t: (not t.late, -t.days_after, t.deadline, t.code))
