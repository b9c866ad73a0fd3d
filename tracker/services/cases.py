"""The read side of dossiers: one dossier, or a filtered list, as plain display-ready rows.

Every list, report, reminder and letter batch sees a dossier through `CaseRow` and its letter
through `LetterSummary`; what they derive (late, days late, the letter's state) comes from
`tracker.rules`, never from a query's own condition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker import rules
from tracker.calendar import WorkCalendar
from tracker.dates import Period, check_working_days
from tracker.db import is_read_only
from tracker.errors import NotFound
from tracker.models import ApologyLetter, Dossier, Head, Publication, Unit
from tracker.rules import DateRules, RememberedRules, normalise_code
from tracker.services.calendar import load_calendar
from tracker.services.heads import resolve_head
from tracker.services.units import resolve_unit
from tracker.text import clean, fold

if TYPE_CHECKING:
    from typing_extensions import Unpack  # typing's own from Python 3.11

CASE_STATUSES = ("all", "open", "resolved", "late", "due-soon")
LETTER_FILTERS = ("none", "draft", "issued", "published")


@dataclass(frozen=True)
class PublicationInfo:
    """The live record of a letter on one channel."""

    channel: str
    published_on: dt.date
    url: str | None
    ref: str | None
    actor: str


@dataclass(frozen=True)
class LetterSummary:
    """A dossier's letter as lists show it."""

    status: str  # "draft" | "issued" | "published" (| "superseded" in a dossier's history)
    kind: str  # "reschedule" | "apology" (tracker.law.regime.KINDS)
    regime: str  # the code of the regime it follows, "nd61"
    number: str | None
    new_due_at: dt.date | None  # the new return date of a reschedule; None for an apology
    returned_at: dt.date | None  # the date the result came, stated by an apology
    drafted_on: dt.date
    issued_on: dt.date | None
    signer: str
    late_apology: bool
    portal: PublicationInfo | None
    onestop: PublicationInfo | None
    # The last day to send it: before the date it reschedules, as the regime counts it.
    apology_deadline: dt.date


@dataclass(frozen=True, slots=True)  # slots: a third faster to build, lists build thousands
class CaseRow:
    """One dossier as every list, report and letter sees it: plain, display-ready data."""

    code: str
    procedure: str
    applicant: str
    unit: str
    unit_name: str
    unit_kind: str
    head: str | None
    period: str
    received_at: dt.date | None
    due_at: dt.date
    finished_at: dt.date | None
    days_late: int
    late: bool
    apology_deadline: dt.date
    regime: str  # the regime governing the dossier (tracker.law.book), "nd61" or "nd118"
    reason: str | None
    status: str  # "open" | "resolved"
    letter: LetterSummary | None


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


@dataclass(frozen=True)
class CaseFilter:
    unit: str | None = None
    head: str | None = None
    period: Period | None = None
    status: str = "all"  # one of CASE_STATUSES
    letter: str | None = None  # one of LETTER_FILTERS
    search: str | None = None
    within: int | None = None  # due-soon: working days ahead


def current_letter(dossier: Dossier) -> ApologyLetter | None:
    """The letter in force: the latest one not superseded by a reschedule."""
    live = [letter for letter in dossier.letters if letter.status != "superseded"]
    return live[-1] if live else None


def live_publication(letter: ApologyLetter, channel: str) -> Publication | None:
    """The letter's live record on `channel`, if any."""
    return next(
        (
            pub
            for pub in letter.publications
            if pub.channel == channel and rules.is_live(pub.withdrawn_on)
        ),
        None,
    )


def _publication_info(letter: ApologyLetter, channel: str) -> PublicationInfo | None:
    pub = live_publication(letter, channel)
    if pub is None:
        return None
    return PublicationInfo(channel, pub.published_on, pub.url, pub.ref, pub.actor)


def late_apology(letter: ApologyLetter, calendar: DateRules) -> bool:
    """The letter went out after the apology deadline of the date it reschedules."""
    return rules.is_late_apology(calendar, letter.old_due_at, letter.drafted_on, letter.issued_on)


def letter_summary(letter: ApologyLetter, calendar: DateRules) -> LetterSummary:
    portal = _publication_info(letter, "portal")
    onestop = _publication_info(letter, "onestop")
    live = [info.channel for info in (portal, onestop) if info is not None]
    return LetterSummary(
        status=rules.letter_state(letter.status, live),
        kind=letter.kind,
        regime=letter.regime,
        number=letter.number,
        new_due_at=letter.new_due_at,
        returned_at=letter.returned_at,
        drafted_on=letter.drafted_on,
        issued_on=letter.issued_on,
        signer=letter.signer_name,
        late_apology=late_apology(letter, calendar),
        portal=portal,
        onestop=onestop,
        apology_deadline=calendar.apology_deadline(letter.old_due_at),
    )


def listed_case(
    calendar: DateRules,
    today: dt.date,
    letter: LetterSummary | None,
    code: str,
    procedure: str,
    applicant: str,
    unit: str,
    unit_name: str,
    unit_kind: str,
    head: str | None,
    period: str,
    received_at: dt.date | None,
    due_at: dt.date,
    finished_at: dt.date | None,
    reason: str | None,
) -> CaseRow:
    """The stored facts of a dossier plus what the rules derive from them."""
    return CaseRow(
        code=code,
        procedure=procedure,
        applicant=applicant,
        unit=unit,
        unit_name=unit_name,
        unit_kind=unit_kind,
        head=head,
        period=period,
        received_at=received_at,
        due_at=due_at,
        finished_at=finished_at,
        days_late=rules.days_late(calendar, due_at, finished_at, today),
        late=rules.is_late(calendar, due_at, finished_at, today),
        apology_deadline=calendar.apology_deadline(due_at),
        regime=calendar.regime(due_at).code,
        reason=reason,
        status=rules.case_status(finished_at),
        letter=letter,
    )


def case_row(dossier: Dossier, calendar: DateRules, today: dt.date) -> CaseRow:
    letter = current_letter(dossier)
    return listed_case(
        calendar,
        today,
        letter_summary(letter, calendar) if letter else None,
        code=dossier.code,
        procedure=dossier.procedure,
        applicant=dossier.applicant,
        unit=dossier.unit.code,
        unit_name=dossier.unit.name,
        unit_kind=dossier.unit.kind,
        head=dossier.head.full_name if dossier.head else None,
        period=dossier.period,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        reason=dossier.reason,
    )


# What a list shows of each dossier, selected as plain rows in the order of listed_case's
# parameters: building ORM objects (identity map, a letters collection per dossier) cost 3× the
# query for a unit's open cases on a 1M-dossier database (bench/list.py).
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
    """The dossiers matching `conditions` as a list shows them: rows for `listed_case`."""
    return (
        select(*_LIST_COLUMNS)
        .join(Unit, Dossier.unit_id == Unit.id)
        .outerjoin(Head, Dossier.head_id == Head.id)
        .where(*conditions)
    )


def current_letters(
    session: Session, conditions: Sequence[ColumnElement[bool]], calendar: DateRules
) -> dict[str, LetterSummary]:
    """The letter in force of every dossier matching the list's conditions, by dossier code:
    one query (and one for their publications) however many dossiers are listed."""
    listed = select(Dossier.id).where(*conditions)
    letters = session.execute(
        select(Dossier.code, ApologyLetter)
        .join(ApologyLetter.dossier)
        .where(ApologyLetter.dossier_id.in_(listed), ApologyLetter.status != "superseded")
        .order_by(ApologyLetter.dossier_id, ApologyLetter.seq)
        .options(selectinload(ApologyLetter.publications))
    )
    # Ordered by seq, the last letter of each dossier wins: the one in force (current_letter).
    latest = {code: letter for code, letter in letters}
    return {code: letter_summary(letter, calendar) for code, letter in latest.items()}


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
        raise NotFound(f"Không có hồ sơ mã «{clean(code)}»: xem `tracker cases list`.")
    return dossier


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
        conditions.append(~Dossier.letters.any(ApologyLetter.status != "superseded"))
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
    """`list_cases` fetched a thousand rows at a time while the caller keeps the session open:
    any list prints in constant memory (but for one summary per listed letter)."""
    within = filters.within if filters.within is not None else default_within
    if filters.status == "due-soon":
        check_working_days(within, "--within")
    calendar = load_calendar(session)
    conditions = _conditions(session, filters, calendar, today, within)
    query = list_query(*conditions).order_by(Dossier.due_at, Dossier.code)
    remembered = RememberedRules(calendar)
    letters = current_letters(session, conditions, remembered)  # through the ORM: autoflushed
    # Plain columns need no ORM loading: through the session's connection (its transaction),
    # within 10 % of raw sqlite3 (bench/list.py); PostgreSQL streams a server-side cursor.
    found = session.connection().execute(query.execution_options(yield_per=1000))
    rows = (listed_case(remembered, today, letters.get(row[0]), *tuple(row)) for row in found)
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
