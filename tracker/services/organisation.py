"""The organisation's settings over time (its name, place name, governing body, the office that
writes the printouts, the notice's signer…): first set by a preset, replaced from the day another
office takes the database over, read as they were on a given day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.dates import EARLIEST, LATEST, Period, format_date
from tracker.errors import OfficeHandedOver
from tracker.models import OrganisationSetting
from tracker.rules import HandedOver, document_day, settings_on
from tracker.services import audit


@dataclass(frozen=True)
class OrganisationHistory:
    """Every dated setting, read once (a handful of rows): a batch of letters of different
    dates asks it for each letter's day."""

    rows: tuple[tuple[str, dt.date, str | None], ...]

    def on(self, day: dt.date) -> dict[str, str]:
        return settings_on(self.rows, day)


def history(session: Session) -> OrganisationHistory:
    rows = session.execute(
        select(OrganisationSetting.key, OrganisationSetting.valid_from, OrganisationSetting.value)
    ).all()
    return OrganisationHistory(tuple((key, since, value) for key, since, value in rows))


def organisation(session: Session, *, on: dt.date) -> dict[str, str]:
    """The settings in force on `on` (each caller says which day its document belongs to)."""
    return history(session).on(on)


def month_organisation(session: Session, period: Period) -> dict[str, str]:
    """The settings of the office that worked `period`: those in force on its last day (a
    reorganisation within a month hands the month to the office that took over, the one left
    to report on it). They say which office the month's documents belong to and its level
    (a district's notice counts its communes); the documents themselves, dated some day, take
    that office's settings of their day: `document_organisation`."""
    return organisation(session, on=period.last_day)


def month_handed_over(session: Session, period: Period, *, on: dt.date) -> HandedOver | None:
    """Whether the office of `period` had handed the database over by `on` (then no document
    of the month can be dated `on`)."""
    day = document_day(history(session).rows, period.last_day, on)
    return day if isinstance(day, HandedOver) else None


def document_organisation(
    session: Session, period: Period, *, on: dt.date
) -> tuple[dict[str, str], dt.date]:
    """The settings a printout or notice of `period` dated `on` carries, and the day they are
    read on (tracker.rules.document_day: the office that worked the month, with whoever held
    its offices on `on`). OfficeHandedOver when that office had handed the database over by
    `on`: a document it could not have signed is never made."""
    past = history(session)
    day = document_day(past.rows, period.last_day, on)
    if isinstance(day, HandedOver):
        raise OfficeHandedOver(period, day)
    return past.on(day), day


def newest_organisation(session: Session) -> dict[str, str]:
    """The settings of the office that keeps the database now or will after a reorganisation
    already recorded: what a unit added without a first day takes its header from."""
    return organisation(session, on=LATEST)


def add_missing_settings(session: Session, values: Mapping[str, object]) -> int:
    """A preset's [organisation] table: the settings the database has never had, valid from the
    beginning (the office the preset describes is the first); returns how many were added."""
    known = set(session.scalars(select(OrganisationSetting.key).distinct()))
    added = [key for key in values if key not in known]
    session.add_all(
        OrganisationSetting(key=key, valid_from=EARLIEST, value=str(values[key])) for key in added
    )
    session.flush()
    return len(added)


def latest_change(session: Session) -> dt.date | None:
    """The first day of the newest settings (None: the database has none yet)."""
    return session.scalar(select(func.max(OrganisationSetting.valid_from)))


def _replacing(
    session: Session, values: Mapping[str, object], from_date: dt.date
) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """The settings on `from_date` before and after `values` replaces them, and the keys that
    differ."""
    before = organisation(session, on=from_date)
    after = {key: str(value) for key, value in values.items()}
    changed = sorted(
        key for key in before.keys() | after.keys() if before.get(key) != after.get(key)
    )
    return before, after, changed


def settings_replaced(
    session: Session, values: Mapping[str, object], *, from_date: dt.date
) -> list[str]:
    """The keys `replace_organisation` would change, changing nothing (a dry run)."""
    return _replacing(session, values, from_date)[2]


def replace_organisation(
    session: Session, values: Mapping[str, object], *, from_date: dt.date, actor: str, why: str
) -> list[str]:
    """From `from_date` (a reorganisation plan's effective date) the organisation's settings
    are `values`, a preset's [organisation] table: another office keeps this database (a
    commune that took over a district's). The settings before that day stay, so an earlier
    month's printout and notice keep the office of that month; a setting `values` leaves out
    ends on that day, so nothing of the old office lingers in the new one's documents. Letters
    keep their issuing unit's header and reprint as issued. The log keeps both sides and `why`.
    Returns the keys that changed."""
    rows = {
        row.key: row
        for row in session.scalars(
            select(OrganisationSetting).where(OrganisationSetting.valid_from == from_date)
        )
    }
    before, after, changed = _replacing(session, values, from_date)
    for key in changed:
        if (row := rows.get(key)) is None:
            session.add(OrganisationSetting(key=key, valid_from=from_date, value=after.get(key)))
        else:
            row.value = after.get(key)
    audit.record(
        session,
        actor=actor,
        action="organisation.replace",
        entity="organisation",
        before={key: before.get(key) for key in changed},
        after={key: after.get(key) for key in changed},
        note=f"Từ {format_date(from_date)}: {why}",
    )
    session.flush()
    return changed
