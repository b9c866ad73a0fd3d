"""The working-day calendar of this database: holidays VN plus the override table."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.calendar import Override, WorkCalendar
from tracker.models import CalendarOverride


def load_calendar(session: Session) -> WorkCalendar:
    overrides = {
        row.day: Override(row.kind, row.why) for row in session.scalars(select(CalendarOverride))
    }
    return WorkCalendar(overrides)
