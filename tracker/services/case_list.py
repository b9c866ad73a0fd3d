"""Filtered lists of dossiers: SQL narrows the rows to a superset of what the filters ask, the
rules (through `case_rows`) decide, and any list streams in constant memory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session

from tracker import rules
from tracker.calendar import WorkCalendar
from tracker.dates import Period, check_working_days
from tracker.models import ApologyLetter, Dossier, Head, Publication, Unit
from tracker.rules import DateRules, RememberedRules
from tracker.services.calendar import load_calendar
from tracker.services.case_rows import (
    LETTER_COLUMNS,
    PUBLICATION_COLUMNS,
    CaseRow,
    Derivations,
    LetterRow,
    LetterSummary,
    PublicationRow,
    letter_summary,
)
from tracker.services.heads import resolve_head
from tracker.services.units import resolve_unit
from tracker.text import fold

if TYPE_CHECKING:
    from typing_extensions import Unpack  # typing's own from Python 3.11

CASE_STATUSES = ("all", "open", "resolved", "late", "due-soon")
LETTER_FILTERS = ("none", "draft", "issued", "published")
# Rows fetched at a time: a list of any length holds one chunk (a server-side cursor on
# PostgreSQL).
CHUNK = 1000


@dataclass(frozen=True)
class CaseFilter:
    unit: str | None = None
    head: str | None = None
    period: Period | None = None
    status: str = "all"  # one of CASE_STATUSES
    letter: str | None = None  # one of LETTER_FILTERS
    search: str | None = None
    within: int | None = None  # due-soon: working days ahead


# What a list shows of each dossier, selected as plain rows in the order of CaseRow's first
# fields (for `Derivations.listed`): building ORM objects (identity map, a letters
# collection per dossier) cost 3× the query for a unit's open cases on a 1M-dossier database
# (bench/list.py).
_LIST_COLUMNS = (
    Dossier.code,
    Dossier.procedure,
    Dossier.applicant,
    Unit.code.label("unit"),
    Unit.name.label("unit_name"),
    Unit.kind.label("unit_kind"),
    Head.full_name.label("head"),
    Dossier.period,
    Dossier.received_at,
    Dossier.due_at,
    Dossier.finished_at,
    Dossier.reason,
)


def list_query(*conditions: ColumnElement[bool]) -> Select[Unpack[tuple[Any, ...]]]:
    """The dossiers matching `conditions` as a list shows them: rows for `Derivations.listed`."""
    return (
        select(*_LIST_COLUMNS)
        .join(Unit, Dossier.unit_id == Unit.id)
        .outerjoin(Head, Dossier.head_id == Head.id)
        .where(*conditions)
    )


def letters_query(*conditions: ColumnElement[bool]) -> Select[Unpack[tuple[Any, ...]]]:
    """The letters not superseded of the dossiers matching `conditions`, each with its
    publications (a row each, or one row without): rows for `current_letters`."""
    listed = select(Dossier.id).where(*conditions)
    return (
        select(Dossier.code, ApologyLetter.id, *LETTER_COLUMNS, *PUBLICATION_COLUMNS)
        .join(ApologyLetter.dossier)
        .outerjoin(Publication, Publication.letter_id == ApologyLetter.id)
        .where(ApologyLetter.dossier_id.in_(listed), ApologyLetter.in_force)
        .order_by(ApologyLetter.dossier_id, ApologyLetter.seq, Publication.id)
    )


class LettersInForce:
    """The letter in force of each dossier, gathered from rows that hold, from position `at`,
    a letter's id, its LETTER_COLUMNS and PUBLICATION_COLUMNS (NULL where the dossier has no
    letter, or the letter no publication), each dossier's letters in the order of their seq."""

    def __init__(self, at: int) -> None:
        self._at = at
        self._publication = at + 1 + len(LETTER_COLUMNS)
        self._letters: dict[int, LetterRow] = {}
        self._latest: dict[str, LetterRow] = {}

    def add(self, code: str, row: Sequence[Any]) -> None:
        letter_id = row[self._at]
        if letter_id is None:
            return
        letter = self._letters.get(letter_id)
        if letter is None:
            stored = row[self._at + 1 : self._publication]
            letter = self._letters[letter_id] = LetterRow._make((*stored, []))
            # Ordered by seq, the last letter of each dossier wins: the one in force.
            self._latest[code] = letter
        if row[self._publication] is not None:  # a publication's channel: it has one
            letter.publications.append(PublicationRow(*row[self._publication :]))

    def summaries(self, calendar: DateRules) -> dict[str, LetterSummary]:
        return {code: letter_summary(letter, calendar) for code, letter in self._latest.items()}


def current_letters(
    session: Session, conditions: Sequence[ColumnElement[bool]], calendar: DateRules
) -> dict[str, LetterSummary]:
    """The letter in force of every dossier matching the list's conditions, by dossier code:
    one statement of plain rows however many dossiers are listed."""
    found = LettersInForce(at=1)
    # Plain rows through the session's connection, as the list's own: a list's first
    # statement, load_calendar's, goes through the session, which autoflushes a command's
    # pending changes (a server's kept calendar reads nothing, in a transaction that writes none).
    for row in session.connection().execute(letters_query(*conditions)):
        found.add(row[0], row)
    return found.summaries(calendar)


def _conditions(
    session: Session, filters: CaseFilter, calendar: WorkCalendar, today: dt.date, within: int
) -> list[ColumnElement[bool]]:
    """SQL that narrows the list to a superset of what the filters ask; the rules decide."""
    conditions: list[ColumnElement[bool]] = []
    if filters.unit:
        conditions.append(Dossier.unit_id == resolve_unit(session, filters.unit).id)
    if filters.head:
        conditions.append(Dossier.head_id == resolve_head(session, filters.head).id)
    if filters.period:
        conditions.append(Dossier.period == str(filters.period))
    if filters.status == "open":
        conditions.append(Dossier.finished_at.is_(None))
    elif filters.status == "resolved":
        conditions.append(Dossier.finished_at.is_not(None))
    elif filters.status == "late":
        # The effective due date is never before the due date: late implies this.
        conditions.append(
            or_(
                and_(Dossier.finished_at.is_(None), Dossier.due_at < today),
                Dossier.finished_at > Dossier.due_at,
            )
        )
    elif filters.status == "due-soon":
        conditions += [
            Dossier.finished_at.is_(None),
            # A due date on a day off just before today is really due today (Điều 148).
            Dossier.due_at > calendar.add_working_days(today, -1),
            Dossier.due_at <= calendar.add_working_days(today, within),
        ]
    if filters.search:
        conditions.append(Dossier.search_key.contains(fold(filters.search), autoescape=True))
    # Letters are indexed by dossier: narrow by the stored state; the derived one (published
    # needs both live publications) is decided on the rows left.
    if filters.letter == "none":
        conditions.append(~Dossier.letters.any(ApologyLetter.in_force))
    elif filters.letter:
        stored = "draft" if filters.letter == "draft" else "issued"
        # From the letters' status index to their dossiers: an EXISTS per dossier would walk
        # every dossier (the clerk's pending list on 1M dossiers: 1.16 s → 0.04 s).
        with_letter = select(ApologyLetter.dossier_id).where(ApologyLetter.status == stored)
        conditions.append(Dossier.id.in_(with_letter))
    return conditions


def list_cases(
    session: Session, filters: CaseFilter, *, today: dt.date, default_within: int = 2
) -> list[CaseRow]:
    """Dossiers matching the filters, oldest due date first."""
    return list(iter_cases(session, filters, today=today, default_within=default_within))


def iter_cases(
    session: Session, filters: CaseFilter, *, today: dt.date, default_within: int = 2
) -> Iterator[CaseRow]:
    """`list_cases` fetched a chunk of rows at a time while the caller keeps the session open:
    any list prints in constant memory (but for one summary per listed letter)."""
    within = filters.within if filters.within is not None else default_within
    if filters.status == "due-soon":
        check_working_days(within, "--within")
    calendar = load_calendar(session)
    conditions = _conditions(session, filters, calendar, today, within)
    query = list_query(*conditions).order_by(Dossier.due_at, Dossier.code)
    remembered = RememberedRules(calendar)
    letters = current_letters(session, conditions, remembered)
    derived = Derivations(remembered, today)
    # Plain columns need no ORM loading: through the session's connection (its transaction),
    # as tuples, a chunk at a time; PostgreSQL streams a server-side cursor.
    found = session.connection().execute(query.execution_options(yield_per=CHUNK))
    rows = (derived.listed(row, letters.get(row[0])) for row in found)
    if filters.status == "late":
        rows = (r for r in rows if r.late)
    elif filters.status == "due-soon":
        end = calendar.add_working_days(today, within)
        rows = (
            r for r in rows if rules.is_due_soon(remembered, r.due_at, r.finished_at, today, end)
        )
    if filters.letter:
        rows = (r for r in rows if (r.letter.status if r.letter else "none") == filters.letter)
    return rows
