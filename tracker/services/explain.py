"""How a dossier's dates were computed, day by day, so that a clerk (or an inspector) can check
every count by hand: the data of `tracker.explanation`, gathered from the dossier, the
working-day calendar and the regime of the dossier's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from weakref import WeakKeyDictionary

from sqlalchemy.orm import Session

from tracker import rules
from tracker.calendar import DayInfo, WorkCalendar
from tracker.explanation import DateExplanation, DayStep, DeadlineExplanation, RegimeNote, Walk
from tracker.law.book import Governed
from tracker.law.calendar import LawCalendar
from tracker.services.calendar import load_calendar
from tracker.services.case_rows import current_letter
from tracker.services.cases import get_dossier

ONE_DAY = dt.timedelta(days=1)


def _step(info: DayInfo, *, counted: bool | None = None) -> DayStep:
    return DayStep(
        info.day,
        info.weekday_name,
        info.working if counted is None else counted,
        info.reason,
        info.source,
    )


def _walk(calendar: WorkCalendar, start: dt.date, end: dt.date, unit: str = "working") -> Walk:
    """Every day in start < d ≤ end, counted when a working day (or every day, for a count in
    calendar days)."""
    every_day = unit == "calendar"
    steps = [_step(info, counted=True if every_day else None) for info in calendar.days(start, end)]
    return Walk(sum(step.counted for step in steps), steps, unit)


def _regime_note(governed: Governed) -> RegimeNote:
    regime = governed.regime
    return RegimeNote(
        code=regime.code,
        title=regime.title,
        citation=regime.citations.short,
        deadline_text=regime.deadline.text,
        deadline_words=regime.deadline.words,
        deadline_unit=regime.deadline.unit,
        reading=regime.deadline.reading,
        form=governed.form.citation,
    )


def _deadline(
    calendar: LawCalendar, code: str, due: dt.date, *, today: dt.date
) -> DeadlineExplanation:
    effective = calendar.effective_due(due)
    governed = calendar.governed(due)
    deadline = governed.deadline
    return DeadlineExplanation(
        code=code,
        today=today,
        due_at=due,
        effective_due=effective,
        rolled_over=[_step(info) for info in calendar.days(due - ONE_DAY, effective - ONE_DAY)],
        regime=_regime_note(governed),
        apology_deadline=deadline,
        apology=_walk(
            calendar, deadline - ONE_DAY, effective - ONE_DAY, governed.regime.deadline.unit
        ),
    )


def explain_dates(
    session: Session, code: str, *, today: dt.date, letter_days: int
) -> DateExplanation:
    dossier = get_dossier(session, code)
    calendar = load_calendar(session)
    due = dossier.due_at
    base = _deadline(calendar, dossier.code, due, today=today)
    end = dossier.finished_at or today
    late = rules.is_late(calendar, due, dossier.finished_at, today)
    open_ = dossier.finished_at is None
    new_date = calendar.add_working_days(today, letter_days) if open_ else None
    letter = current_letter(dossier)
    refused = rules.letter_refusal(calendar, due, dossier.finished_at, today)
    return DateExplanation(
        **vars(base),
        status="open" if open_ else "resolved",
        received_at=dossier.received_at,
        end=end,
        late=late,
        days_late=_walk(calendar, base.effective_due, end) if late else Walk(0, []),
        letter_kind=None if refused else rules.letter_kind(dossier.finished_at, today),
        letter_days=letter_days,
        new_date=new_date,
        new_date_walk=_walk(calendar, today, new_date) if new_date else None,
        new_date_after_due=bool(new_date and new_date > due),
        letter_new_due=letter.new_due_at if letter else None,
    )


def explain_deadlines(
    calendar: LawCalendar, dues: Iterable[dt.date], *, today: dt.date
) -> dict[dt.date, DeadlineExplanation]:
    """How the apology deadline of each due date of a list (a head's page) was computed: a
    few days' walk each — the days late and the new date, walks of any length, are on each
    dossier's own page. `calendar`: the list's own (load_calendar). Kept with the calendar,
    which a server reuses until its days off change: a page of old dossiers has 50 due dates,
    and the heads' pages come back to the same ones request after request."""
    known = _explained.setdefault(calendar, {})
    if len(known) > _EXPLAINED_LIMIT:
        known.clear()
    for due in dues:
        if (due, today) not in known:
            known[due, today] = _deadline(calendar, "", due, today=today)
    return {due: known[due, today] for due in dues}


# Explanations by calendar (a new one for every change of the days off), then by due date and
# day: bounded, since a server runs for months.
_explained: WeakKeyDictionary[LawCalendar, dict[tuple[dt.date, dt.date], DeadlineExplanation]] = (
    WeakKeyDictionary()
)
_EXPLAINED_LIMIT = 4096
