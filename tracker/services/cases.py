"""One dossier read whole (its unit, head, letters and their publications), or locked for a
service that changes it; lists of dossiers are `case_list`'s, their rows `case_rows`'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.db import is_read_only
from tracker.errors import NotFound
from tracker.models import ApologyLetter, Dossier
from tracker.next_steps import Action, NextStep
from tracker.rules import normalise_code
from tracker.services.calendar import load_calendar
from tracker.services.case_rows import CaseRow, LetterSummary, case_row, letter_summary
from tracker.text import clean


@dataclass(frozen=True)
class CaseDetail:
    case: CaseRow
    procedure_code: str | None
    field: str | None
    applicant_address: str | None
    applicant_phone: str | None
    onestop_status: str | None
    source: str
    import_batch_id: int | None
    import_row: int | None
    letters: tuple[LetterSummary, ...] = ()


def _with_relations(query: Select[Any]) -> Select[Any]:
    return query.options(
        joinedload(Dossier.unit),
        joinedload(Dossier.head),
        selectinload(Dossier.letters).selectinload(ApologyLetter.publications),
    )


def fresh(query: Select[Any]) -> Select[Any]:
    """`query` reading its dossiers anew after `lock_dossiers`: a service starts from what the
    previous clerk committed, not what this session read before."""
    return query.execution_options(populate_existing=True)


def lock_dossiers(session: Session, codes: Iterable[str]) -> None:
    """Lock dossiers till the transaction ends, as every service changing one must (tracker.db),
    in code order (no circle of waits); the rows alone, as PostgreSQL re-reads a locked row but
    not the rows joined to it (a head just assigned): `fresh` reads them next."""
    wanted, bound = sorted({normalise_code(code) for code in codes}), session.connection()
    if not wanted or bound.dialect.name != "postgresql" or is_read_only(bound):
        return  # nothing to lock, SQLite, or a transaction that only reads (a web printout)
    session.execute(
        select(Dossier.id).where(Dossier.code.in_(wanted)).order_by(Dossier.code).with_for_update()
    ).all()


def get_dossier(session: Session, code: str, *, for_update: bool = False) -> Dossier:
    """The dossier with its unit, head, letters and their publications; `for_update`: locked
    for this transaction and read afresh, as every service that changes it must ask."""
    query = _with_relations(select(Dossier).where(Dossier.code == normalise_code(code)))
    if for_update:
        lock_dossiers(session, [code])
        query = fresh(query)
    dossier: Dossier | None = session.scalars(query).one_or_none()
    if dossier is None:
        raise NotFound(f"Không có hồ sơ mã «{clean(code)}».", NextStep(Action.LIST_CASES))
    return dossier


def case_detail(session: Session, code: str, *, today: dt.date) -> CaseDetail:
    dossier = get_dossier(session, code)
    calendar = load_calendar(session)
    return CaseDetail(
        case=case_row(dossier, calendar, today),
        procedure_code=dossier.procedure_code,
        field=dossier.field,
        applicant_address=dossier.applicant_address,
        applicant_phone=dossier.applicant_phone,
        onestop_status=dossier.onestop_status,
        source=dossier.source,
        import_batch_id=dossier.import_batch_id,
        import_row=dossier.import_row,
        letters=tuple(letter_summary(letter, calendar) for letter in dossier.letters),
    )
