"""The lists that chase a letter's missing steps: issued letters not yet published, and
apologies that went out after their deadline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.calendar import WorkCalendar
from tracker.dates import Period
from tracker.models import ApologyLetter, Dossier, Head, Publication, Unit
from tracker.rules import CHANNELS, late_apology_step, letter_state, live_channels
from tracker.services.calendar import load_calendar
from tracker.services.case_list import CaseFilter, list_cases
from tracker.services.paging import PAGE_SIZE, Paging, paging
from tracker.services.units import resolve_unit


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


@dataclass(frozen=True)
class PendingPage:
    """One page of the pending letters (the browser's list), with where it stands."""

    rows: list[PendingLetter]
    paging: Paging  # its total counts the letters of every page


# What a pending letter is made of: its dossier's code, unit (code and name) and head, the
# letter's number and issue date, and the channels it still misses.
PendingFacts = tuple[str, str, str, str | None, str | None, dt.date, tuple[str, ...]]


def pending_letters(
    session: Session, *, channel: str | None, unit: str | None, today: dt.date
) -> list[PendingLetter]:
    """Issued letters not yet published (on `channel`, or on either), oldest issue first."""
    calendar = load_calendar(session)
    return [_pending(calendar, today, facts) for facts in pending_facts(session, channel, unit)]


def pending_page(
    session: Session,
    facts: Sequence[PendingFacts],
    *,
    today: dt.date,
    page: int,
    size: int = PAGE_SIZE,
) -> PendingPage:
    """Page `page` (services.paging) of the pending letters whose `pending_facts` are given:
    only the page's rows are made (a province's 2,259 letters took the page 5.9 s with 20
    clerks at once when it showed them all)."""
    shown = paging(len(facts), page, size)
    calendar = load_calendar(session)
    rows = [_pending(calendar, today, row) for row in facts[shown.start : shown.start + size]]
    return PendingPage(rows, shown)


def _pending(calendar: WorkCalendar, today: dt.date, facts: PendingFacts) -> PendingLetter:
    code, unit, unit_name, head, number, issued_on, missing = facts
    return PendingLetter(
        code=code,
        unit=unit,
        unit_name=unit_name,
        head=head,
        number=number,
        issued_on=issued_on,
        age=calendar.working_days_between(issued_on, today),
        missing=missing,
    )


def pending_facts(session: Session, channel: str | None, unit: str | None) -> list[PendingFacts]:
    """Every letter issued and not yet published (on `channel`, or on either) of `unit` (a
    name or code; None: every unit), oldest issue first, then by code. SQL reads the letters
    in force of the dossiers that have an issued one (from the letters' status index) with
    their publications, as plain rows; the rules decide which are in force and unpublished."""
    with_issued = select(ApologyLetter.dossier_id).where(ApologyLetter.status == "issued")
    query = (
        select(
            ApologyLetter.dossier_id,
            ApologyLetter.id,
            ApologyLetter.status,
            Dossier.code,
            Unit.code,
            Unit.name,
            Head.full_name,
            ApologyLetter.number,
            ApologyLetter.issued_on,
            Publication.channel,
            Publication.withdrawn_on,
        )
        .join(Dossier, ApologyLetter.dossier_id == Dossier.id)
        .join(Unit, Dossier.unit_id == Unit.id)
        .outerjoin(Head, Dossier.head_id == Head.id)
        .outerjoin(Publication, Publication.letter_id == ApologyLetter.id)
        .where(ApologyLetter.dossier_id.in_(with_issued), ApologyLetter.in_force)
        .order_by(ApologyLetter.dossier_id, ApologyLetter.seq, Publication.id)
    )
    if unit:
        query = query.where(Dossier.unit_id == resolve_unit(session, unit).id)
    # Ordered by seq, the last letter of each dossier wins: the one in force (current_letter).
    letters: dict[int, tuple[int, str, tuple[Any, ...]]] = {}
    channels: dict[int, list[tuple[str, dt.date | None]]] = {}
    rows = session.connection().execute(query).all()  # plain rows, as list_cases reads them
    for dossier_id, letter_id, status, *columns, posted_on, withdrawn_on in rows:
        letters[dossier_id] = (letter_id, status, tuple(columns))
        if posted_on is not None:  # a publication (the outer join gives None for none)
            channels.setdefault(letter_id, []).append((posted_on, withdrawn_on))
    found: list[PendingFacts] = []
    for letter_id, status, shown in letters.values():
        live = live_channels(channels.get(letter_id, []))
        if letter_state(status, live) != "issued":
            continue
        missing = tuple(c for c in CHANNELS if c not in live)
        if channel is None or channel in missing:
            found.append((*shown, missing))
    return sorted(found, key=lambda row: (row[5], row[0]))


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
