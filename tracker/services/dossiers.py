"""Late dossiers: record, list, assign, explain why, resolve."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.calendar import WorkCalendar
from tracker.errors import InvalidInput, NotFound, Refused
from tracker.models import ApologyLetter, Dossier, Head, Unit
from tracker.rules import is_official_code, normalise_code
from tracker.services import audit
from tracker.services.calendar import load_calendar
from tracker.services.heads import assign_dossier, resolve_head
from tracker.services.units import current_head, resolve_unit
from tracker.text import clean, fold

CASE_STATUSES = ("all", "open", "resolved", "late", "due-soon")
LETTER_FILTERS = ("none", "draft", "issued", "published")


@dataclass(frozen=True)
class PublicationInfo:
    channel: str
    published_on: dt.date
    url: str | None
    ref: str | None
    actor: str


@dataclass(frozen=True)
class LetterSummary:
    status: str  # "draft" | "issued" | "published"
    number: str | None
    new_due_at: dt.date
    drafted_on: dt.date
    issued_on: dt.date | None
    signer: str
    late_apology: bool
    portal: PublicationInfo | None
    onestop: PublicationInfo | None
    # Due date − 1 working day of the date this letter reschedules (NĐ 61/2018, Đ.19.9).
    apology_deadline: dt.date | None = None


@dataclass(frozen=True)
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


def current_letter(dossier: Dossier) -> ApologyLetter | None:
    """The letter in force: the latest one not superseded by a reschedule."""
    live = [letter for letter in dossier.letters if letter.status != "superseded"]
    return live[-1] if live else None


def _publication(letter: ApologyLetter, channel: str) -> PublicationInfo | None:
    for pub in letter.publications:
        if pub.channel == channel and pub.withdrawn_on is None:
            return PublicationInfo(channel, pub.published_on, pub.url, pub.ref, pub.actor)
    return None


def is_late_apology(letter: ApologyLetter, calendar: WorkCalendar) -> bool:
    """Sent (issued, or drafted while not yet issued) after due date − 1 working day."""
    sent_on = letter.issued_on or letter.drafted_on
    return sent_on > calendar.apology_deadline(letter.old_due_at)


def letter_summary(letter: ApologyLetter, calendar: WorkCalendar) -> LetterSummary:
    portal = _publication(letter, "portal")
    onestop = _publication(letter, "onestop")
    status = letter.status
    if status == "issued" and portal and onestop:
        status = "published"
    return LetterSummary(
        status=status,
        number=letter.number,
        new_due_at=letter.new_due_at,
        drafted_on=letter.drafted_on,
        issued_on=letter.issued_on,
        signer=letter.signer_name,
        late_apology=is_late_apology(letter, calendar),
        portal=portal,
        onestop=onestop,
        apology_deadline=calendar.apology_deadline(letter.old_due_at),
    )


def case_row(dossier: Dossier, calendar: WorkCalendar, today: dt.date) -> CaseRow:
    letter = current_letter(dossier)
    return _case_row(
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


class _DateRules(Protocol):
    def effective_due(self, due: dt.date) -> dt.date: ...
    def days_late(self, due: dt.date, end: dt.date) -> int: ...
    def apology_deadline(self, due: dt.date) -> dt.date: ...


class _RememberedRules:
    """The calendar's answers per dossier, remembered for one list: its thousands of
    dossiers share a few hundred due dates (and the open ones one end date, today)."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.effective_due = cache(calendar.effective_due)
        self.days_late = cache(calendar.days_late)
        self.apology_deadline = cache(calendar.apology_deadline)


def _case_row(
    calendar: _DateRules,
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
    """The stored facts of a dossier plus what the calendar derives from them."""
    end = finished_at or today
    late = end > calendar.effective_due(due_at)
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
        days_late=calendar.days_late(due_at, end),
        late=late,
        apology_deadline=calendar.apology_deadline(due_at),
        reason=reason,
        status="resolved" if finished_at else "open",
        letter=letter,
    )


# What a list shows of each dossier, selected as plain rows in the order of _case_row's
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


def _current_letters(
    session: Session, conditions: Sequence[ColumnElement[bool]], calendar: WorkCalendar
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


def get_dossier(session: Session, code: str) -> Dossier:
    dossier: Dossier | None = session.scalars(
        _with_relations(select(Dossier).where(Dossier.code == normalise_code(code)))
    ).one_or_none()
    if dossier is None:
        raise NotFound(f"Không có hồ sơ mã «{clean(code)}»: xem `tracker cases list`.")
    return dossier


@dataclass(frozen=True)
class CaseFilter:
    unit: str | None = None
    head: str | None = None
    period: str | None = None
    status: str = "all"
    letter: str | None = None
    search: str | None = None
    within: int | None = None


def list_cases(
    session: Session, filters: CaseFilter, *, today: dt.date, default_within: int = 2
) -> list[CaseRow]:
    """Dossiers matching the filters, oldest due date first (due-soon: soonest first)."""
    calendar = load_calendar(session)
    conditions: list[ColumnElement[bool]] = []
    if filters.unit:
        conditions.append(Dossier.unit_id == resolve_unit(session, filters.unit).id)
    if filters.head:
        conditions.append(Dossier.head_id == resolve_head(session, filters.head).id)
    if filters.period:
        conditions.append(Dossier.period == filters.period)
    if filters.status == "open":
        conditions.append(Dossier.finished_at.is_(None))
    elif filters.status == "resolved":
        conditions.append(Dossier.finished_at.is_not(None))
    elif filters.status == "late":
        conditions.append(
            or_(
                and_(Dossier.finished_at.is_(None), Dossier.due_at < today),
                Dossier.finished_at > Dossier.due_at,
            )
        )
    elif filters.status == "due-soon":
        within = filters.within if filters.within is not None else default_within
        if within < 0:
            raise InvalidInput("--within phải là số ngày làm việc không âm.")
        horizon = calendar.add_working_days(today, within)
        conditions += [
            Dossier.finished_at.is_(None),
            # A due date on a day off just before today is really due today (Điều 148).
            Dossier.due_at > calendar.add_working_days(today, -1),
            Dossier.due_at <= horizon,
        ]
    if filters.search:
        conditions.append(Dossier.search_key.contains(fold(filters.search), autoescape=True))
    # Narrow by letter in SQL (letters are indexed by dossier); the exact derived status —
    # published needs both live publications — is decided below, on the rows left.
    if filters.letter == "none":
        conditions.append(~Dossier.letters.any(ApologyLetter.status != "superseded"))
    elif filters.letter:
        stored = "draft" if filters.letter == "draft" else "issued"
        conditions.append(Dossier.letters.any(ApologyLetter.status == stored))
    query = (
        select(*_LIST_COLUMNS)
        .join(Unit, Dossier.unit_id == Unit.id)
        .outerjoin(Head, Dossier.head_id == Head.id)
        .where(*conditions)
        .order_by(Dossier.due_at, Dossier.code)
    )
    letters = _current_letters(session, conditions, calendar)  # through the ORM: autoflushed
    rules = _RememberedRules(calendar)
    # Plain columns need no ORM loading: through the session's connection (its transaction),
    # 18,000 rows come back 1.5× faster, within 10 % of raw sqlite3 (bench/list.py).
    rows = [
        _case_row(rules, today, letters.get(row[0]), *tuple(row))
        for row in session.connection().execute(query).all()
    ]
    if filters.letter:
        rows = [r for r in rows if (r.letter.status if r.letter else "none") == filters.letter]
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


def search_key(code: str, applicant: str, procedure: str) -> str:
    return fold(f"{code} {applicant} {procedure}")


@dataclass(frozen=True)
class NewDossier:
    code: str
    procedure: str
    applicant: str
    unit: str
    received_at: dt.date | None
    due_at: dt.date
    finished_at: dt.date | None = None
    period: str | None = None
    procedure_code: str | None = None
    field: str | None = None
    applicant_address: str | None = None
    applicant_phone: str | None = None
    reason: str | None = None


def check_dates(received: dt.date | None, due: dt.date, finished: dt.date | None) -> str | None:
    """The reason a dossier's dates cannot be right, or None."""
    if received and due < received:
        return "ngày hẹn trả trước ngày tiếp nhận"
    if received and finished and finished < received:
        return "ngày có kết quả trước ngày tiếp nhận"
    return None


def add_dossier(
    session: Session, new: NewDossier, *, today: dt.date, actor: str
) -> tuple[Dossier, list[str]]:
    """Record a dossier typed in by hand; returns it and any warnings."""
    code = normalise_code(new.code)
    procedure, applicant = clean(new.procedure), clean(new.applicant)
    if not code or not procedure or not applicant:
        raise InvalidInput("Mã hồ sơ, thủ tục và chủ hồ sơ không được để trống.")
    if problem := check_dates(new.received_at, new.due_at, new.finished_at):
        raise InvalidInput(f"Hồ sơ {code}: {problem}.")
    if session.scalar(select(Dossier.id).where(Dossier.code == code)) is not None:
        raise Refused(f"Hồ sơ {code} đã có: xem `tracker cases show {code}`.")
    warnings = []
    if not is_official_code(code):
        warnings.append(
            f"Mã hồ sơ «{code}» không theo dạng chuẩn (ví dụ 000.00.19.H53-241105-0001); "
            "vẫn ghi nhận."
        )
    unit = resolve_unit(session, new.unit)
    head = current_head(unit)
    dossier = Dossier(
        code=code,
        procedure=procedure,
        procedure_code=clean(new.procedure_code) or None,
        field=clean(new.field) or None,
        applicant=applicant,
        applicant_address=clean(new.applicant_address) or None,
        applicant_phone=clean(new.applicant_phone) or None,
        unit=unit,
        head=head,
        received_at=new.received_at,
        due_at=new.due_at,
        finished_at=new.finished_at,
        period=new.period or f"{new.due_at.year:04d}-{new.due_at.month:02d}",
        reason=clean(new.reason) or None,
        search_key=search_key(code, applicant, procedure),
        source="manual",
    )
    session.add(dossier)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="dossier.add",
        entity="dossier",
        entity_id=dossier.id,
        dossier_id=dossier.id,
        after=dossier_snapshot(dossier),
    )
    return dossier, warnings


def dossier_snapshot(dossier: Dossier) -> dict[str, object]:
    return {
        "code": dossier.code,
        "procedure": dossier.procedure,
        "applicant": dossier.applicant,
        "unit": dossier.unit.code if dossier.unit else None,
        "head": dossier.head.full_name if dossier.head else None,
        "received_at": audit.jsonable(dossier.received_at),
        "due_at": audit.jsonable(dossier.due_at),
        "finished_at": audit.jsonable(dossier.finished_at),
        "period": dossier.period,
        "reason": dossier.reason,
    }


def assign(
    session: Session, codes: Sequence[str], head_text: str, *, actor: str
) -> tuple[Head, list[str]]:
    head = resolve_head(session, head_text)
    changed = []
    for code in codes:
        dossier = get_dossier(session, code)
        if dossier.head_id == head.id:
            continue
        previous = dossier.head.full_name if dossier.head else None
        assign_dossier(session, dossier, head, previous=previous, actor=actor)
        changed.append(dossier.code)
    return head, changed


def set_reason(session: Session, code: str, reason: str, *, actor: str) -> Dossier:
    text = clean(reason)
    if not text:
        raise InvalidInput("Lý do trễ hạn không được để trống.")
    dossier = get_dossier(session, code)
    if dossier.reason != text:
        audit.record(
            session,
            actor=actor,
            action="dossier.reason",
            entity="dossier",
            entity_id=dossier.id,
            dossier_id=dossier.id,
            before={"reason": dossier.reason},
            after={"reason": text},
        )
        dossier.reason = text
    return dossier


def resolve(session: Session, code: str, on: dt.date, *, today: dt.date, actor: str) -> Dossier:
    dossier = get_dossier(session, code)
    if on > today:
        raise InvalidInput(
            f"Ngày trả kết quả {on:%d/%m/%Y} ở tương lai (hôm nay {today:%d/%m/%Y})."
        )
    if dossier.received_at and on < dossier.received_at:
        raise InvalidInput(
            f"Ngày trả kết quả {on:%d/%m/%Y} trước ngày tiếp nhận {dossier.received_at:%d/%m/%Y}."
        )
    if dossier.finished_at == on:
        return dossier
    audit.record(
        session,
        actor=actor,
        action="dossier.resolve",
        entity="dossier",
        entity_id=dossier.id,
        dossier_id=dossier.id,
        before={"finished_at": audit.jsonable(dossier.finished_at)},
        after={"finished_at": on.isoformat()},
    )
    dossier.finished_at = on
    return dossier
