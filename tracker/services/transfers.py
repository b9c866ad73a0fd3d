"""Dossiers moving between units: handed to a successor when a unit ends, left waiting without
a head when it has none (the orphans), moved by hand to the unit that takes them over. Every
move is recorded, so that the reports of the months before it still count the dossier where
it was then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased, joinedload

from tracker import rules
from tracker.dates import Period
from tracker.errors import Refused
from tracker.models import ApologyLetter, Dossier, DossierTransfer, Head, Unit
from tracker.services import audit
from tracker.services.cases import get_dossier, lock_dossiers
from tracker.services.letter_signer import authority_title
from tracker.services.units import current_head, resolve_unit

Q = TypeVar("Q", bound=Select)


def _names(unit: Unit | None, head: Head | None) -> dict[str, str | None]:
    return {"unit": unit.code if unit else None, "head": head.full_name if head else None}


def move_dossier(
    session: Session,
    dossier: Dossier,
    unit: Unit | None,
    *,
    on: dt.date,
    actor: str,
    note: str,
) -> None:
    """Hand `dossier` to `unit` and its head on `on` (None: the unit it had ended without a
    successor, so it keeps that unit and waits without a head). A draft letter goes with it,
    to be signed by the new head; an issued one stays the old unit's."""
    head = current_head(unit, on) if unit is not None else None
    session.add(
        DossierTransfer(
            dossier_id=dossier.id,
            on=on,
            period=str(Period.of(on)),
            from_unit_id=dossier.unit_id,
            from_head_id=dossier.head_id,
        )
    )
    audit.record_dossier(
        session,
        dossier,
        "dossier.move" if unit is not None else "dossier.orphan",
        actor=actor,
        before=_names(dossier.unit, dossier.head),
        after=_names(unit or dossier.unit, head),
        note=note,
    )
    if unit is not None:
        dossier.unit = unit
    dossier.head = head
    for letter in dossier.letters:
        if letter.status == "draft" and unit is not None:
            _move_draft(session, letter, unit, head, actor=actor, note=note)


def _move_draft(
    session: Session,
    letter: ApologyLetter,
    unit: Unit,
    head: Head | None,
    *,
    actor: str,
    note: str,
) -> None:
    before = {"unit": letter.unit.code, "signer_name": letter.signer_name}
    letter.unit = unit
    if head is not None:
        letter.signer_name = head.full_name
        letter.signer_title = authority_title(head.title)
        letter.acting = False
    audit.record_letter(
        session,
        letter,
        "letter.move",
        actor=actor,
        before=before,
        after={"unit": unit.code, "signer_name": letter.signer_name},
        note=note,
    )


def move_dossiers(
    session: Session, codes: Sequence[str], unit_text: str, *, today: dt.date, actor: str
) -> tuple[Unit, list[str]]:
    """Move dossiers (an orphan, or one filed under the wrong unit) to a unit that exists
    today, and its current head; returns the unit and the codes actually moved."""
    unit = resolve_unit(session, unit_text)
    if not rules.exists_on(unit.valid_from, unit.valid_to, today):
        raise Refused(f"Đơn vị {unit.code} ({unit.name}) không còn hoạt động: chọn đơn vị khác.")
    lock_dossiers(session, codes)
    moved = []
    for code in codes:
        dossier = get_dossier(session, code, for_update=True)
        if dossier.unit_id == unit.id and dossier.head_id is not None:
            continue
        move_dossier(session, dossier, unit, on=today, actor=actor, note="Chuyển đơn vị")
        moved.append(dossier.code)
    return unit, moved


@dataclass(frozen=True)
class Orphan:
    """A dossier whose unit ended with no successor, waiting for a unit to take it."""

    code: str
    procedure: str
    applicant: str
    unit: str
    unit_name: str
    unit_ended: dt.date
    due_at: dt.date
    finished_at: dt.date | None


def orphans(session: Session) -> list[Orphan]:
    """Dossiers still open on the day after their unit's last whose unit names no successor."""
    query = (
        select(Dossier)
        .join(Unit, Dossier.unit_id == Unit.id)
        .where(
            Unit.valid_to.is_not(None),
            Unit.successor_id.is_(None),
            or_(Dossier.finished_at.is_(None), Dossier.finished_at > Unit.valid_to),
        )
        .options(joinedload(Dossier.unit))
        .order_by(Dossier.due_at, Dossier.code)
    )
    rows = []
    for dossier in session.scalars(query):
        assert dossier.unit.valid_to is not None
        rows.append(
            Orphan(
                code=dossier.code,
                procedure=dossier.procedure,
                applicant=dossier.applicant,
                unit=dossier.unit.code,
                unit_name=dossier.unit.name,
                unit_ended=dossier.unit.valid_to,
                due_at=dossier.due_at,
                finished_at=dossier.finished_at,
            )
        )
    return rows


class PeriodUnit:
    """How the reports of a month count a dossier: under the unit and head it had in its own
    month (`period`), even if it was moved since. The first move after that month holds where
    it was; with no move at all (most databases) the queries stay as they were."""

    def __init__(self, session: Session) -> None:
        self.unit: ColumnElement[Any] | InstrumentedAttribute[Any] = Dossier.unit_id
        self.head: ColumnElement[Any] | InstrumentedAttribute[Any] = Dossier.head_id
        self._first: Any = None
        if session.scalar(select(DossierTransfer.id).limit(1)) is None:
            return
        # Moves are recorded in date order (a plan dated before a recorded move is refused).
        self._first = (
            select(DossierTransfer.dossier_id, func.min(DossierTransfer.id).label("first_id"))
            .join(Dossier, Dossier.id == DossierTransfer.dossier_id)
            .where(DossierTransfer.period > Dossier.period)
            .group_by(DossierTransfer.dossier_id)
            .subquery("first_move")
        )
        self._move = aliased(DossierTransfer, name="period_move")
        self.unit = func.coalesce(self._move.from_unit_id, Dossier.unit_id)
        self.head = case(
            (self._move.id.is_not(None), self._move.from_head_id), else_=Dossier.head_id
        )

    def names(self, session: Session, period: Period) -> dict[str, tuple[str, str, str | None]]:
        """(unit code, unit name, head name) where each of the month's moved dossiers was in it,
        by dossier code."""
        if self._first is None:
            return {}
        unit, head = aliased(Unit), aliased(Head)
        query = (
            self.join(select(Dossier.code, unit.code, unit.name, head.full_name))
            .join(unit, unit.id == self.unit)
            .outerjoin(head, head.id == self.head)
            .where(Dossier.period == str(period), self._move.id.is_not(None))
        )
        return {row[0]: (row[1], row[2], row[3]) for row in session.execute(query)}

    def join(self, query: Q) -> Q:
        """`query` (which reads dossiers) with what `unit` and `head` read."""
        if self._first is None:
            return query
        return query.outerjoin(self._first, self._first.c.dossier_id == Dossier.id).outerjoin(
            self._move, self._move.id == self._first.c.first_id
        )


def latest_move(session: Session) -> dt.date | None:
    return session.scalar(select(func.max(DossierTransfer.on)))
