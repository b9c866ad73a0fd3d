"""How a dossier's dates were computed, day by day, so that a clerk (or an inspector) can check
every count by hand: the data of `tracker.explanation`, gathered from the dossier, the
working-day calendar and the regime of the dossier's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from tracker import rules
from tracker.calendar import DayInfo, WorkCalendar
from tracker.explanation import DateExplanation, DayStep, RegimeNote, Walk
from tracker.law.book import Governed
from tracker.law.calendar import LawCalendar
from tracker.services.calendar import load_calendar
from tracker.services.cases import CaseRow, current_letter, get_dossier

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


def _explain(
    calendar: LawCalendar,
    code: str,
    received_at: dt.date | None,
    due: dt.date,
    finished_at: dt.date | None,
    letter_new_due: dt.date | None,
    *,
    today: dt.date,
    letter_days: int,
) -> DateExplanation:
    effective = calendar.effective_due(due)
    governed = calendar.governed(due)
    deadline = governed.deadline
    end = finished_at or today
    late = rules.is_late(calendar, due, finished_at, today)
    open_ = finished_at is None
    new_date = calendar.add_working_days(today, letter_days) if open_ else None
    refused = rules.letter_refusal(calendar, due, finished_at, today)
    return DateExplanation(
        code=code,
        today=today,
        status="open" if open_ else "resolved",
        received_at=received_at,
        due_at=due,
        effective_due=effective,
        rolled_over=[_step(info) for info in calendar.days(due - ONE_DAY, effective - ONE_DAY)],
        regime=_regime_note(governed),
        apology_deadline=deadline,
        apology=_walk(
            calendar, deadline - ONE_DAY, effective - ONE_DAY, governed.regime.deadline.unit
        ),
        end=end,
        late=late,
        days_late=_walk(calendar, effective, end) if late else Walk(0, []),
        letter_kind=None if refused else rules.letter_kind(finished_at, today),
        letter_days=letter_days,
        new_date=new_date,
        new_date_walk=_walk(calendar, today, new_date) if new_date else None,
        new_date_after_due=bool(new_date and new_date > due),
        letter_new_due=letter_new_due,
    )


def explain_dates(
    session: Session, code: str, *, today: dt.date, letter_days: int
) -> DateExplanation:
    dossier = get_dossier(session, code)
    letter = current_letter(dossier)
    return _explain(
        load_calendar(session),
        dossier.code,
        dossier.received_at,
        dossier.due_at,
        dossier.finished_at,
        letter.new_due_at if letter else None,
        today=today,
        letter_days=letter_days,
    )


def explain_rows(
    session: Session, rows: Sequence[CaseRow], *, today: dt.date, letter_days: int
) -> dict[str, DateExplanation]:
    """The explanation of every dossier of a list (a head's page), by code: the rows carry
    every date it needs, and the calendar is read once."""
    calendar = load_calendar(session)
    return {
        row.code: _explain(
            calendar,
            row.code,
            row.received_at,
            row.due_at,
            row.finished_at,
            row.letter.new_due_at if row.letter else None,
            today=today,
            letter_days=letter_days,
        )
        for row in rows
    }
