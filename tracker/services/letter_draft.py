"""Drafting apology letters (Mẫu 04): a letter record per dossier, or for every late dossier
of a period that has none yet.

The rules (Nghị định 61/2018, Điều 19 khoản 9): a letter needs a reason and a new return date
that is a working day after both today and the old due date; the return date may be rescheduled
once — a second reschedule after a letter was issued needs a recorded reason. Whether a letter
is a late apology is derived from its dates (`tracker.rules.is_late_apology`), never stored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.calendar import WorkCalendar
from tracker.dates import Period, check_working_days
from tracker.errors import InvalidInput, NotFound, Refused
from tracker.models import ApologyLetter, Dossier, Unit
from tracker.services import audit
from tracker.services.calendar import load_calendar
from tracker.services.cases import CaseFilter, current_letter, get_dossier, late_apology, list_cases
from tracker.services.dossiers import set_reason
from tracker.services.heads import default_title
from tracker.services.units import current_head
from tracker.text import clean, fold

# "Chủ tịch UBND", "Chủ tịch Ủy ban nhân dân xã …": the authority line names the office only.
_GOVERNING_SUFFIX = re.compile(r"\s+(ubnd|uy ban nhan dan)\b.*$")


@dataclass(frozen=True)
class DraftRequest:
    """What the clerk typed: explicit codes, or a period (and unit) for a batch."""

    codes: tuple[str, ...] = ()
    period: Period | None = None
    unit: str | None = None
    new_date: dt.date | None = None
    days: int | None = None
    reason: str | None = None
    signer: str | None = None
    acting: bool = False
    force: bool = False
    why: str | None = None


@dataclass(frozen=True)
class DraftOutcome:
    code: str
    action: str  # "created" | "updated" | "unchanged" | "superseded"
    seq: int
    old_due_at: dt.date
    new_due_at: dt.date
    signer_name: str
    signer_title: str
    acting: bool
    apology_deadline: dt.date
    late_apology: bool


@dataclass(frozen=True)
class Skipped:
    code: str
    why: str


@dataclass(frozen=True)
class DraftResult:
    drafted: list[DraftOutcome]
    skipped: list[Skipped]


def authority_title(title: str) -> str:
    """The head's office as the signature block prints it: `Chánh Văn phòng` → `CHÁNH VĂN
    PHÒNG`; a commune's `Chủ tịch UBND` → `CHỦ TỊCH` (the header already names the UBND)."""
    text = clean(title)
    folded = fold(text)
    match = _GOVERNING_SUFFIX.search(folded)
    if match:
        # fold() keeps one character per character of the NFC text, so offsets carry over.
        text = text[: match.start()]
    return text.upper()


def check_new_date(
    calendar: WorkCalendar, new_date: dt.date, *, today: dt.date, old_due: dt.date, code: str
) -> None:
    """Refuse a new return date that is not a working day after both today and the old due date."""
    shown = new_date.strftime("%d/%m/%Y")
    info = calendar.info(new_date)
    if not info.working:
        raise InvalidInput(
            f"Hồ sơ {code}: ngày hẹn trả mới {shown} là {info.reason}, không phải ngày làm việc; "
            f"hãy chọn ngày khác (ngày làm việc kế tiếp: "
            f"{calendar.next_working_day(new_date):%d/%m/%Y})."
        )
    if new_date <= today:
        raise InvalidInput(
            f"Hồ sơ {code}: ngày hẹn trả mới {shown} phải sau hôm nay ({today:%d/%m/%Y})."
        )
    if new_date <= old_due:
        raise InvalidInput(
            f"Hồ sơ {code}: ngày hẹn trả mới {shown} phải sau ngày hẹn trả cũ "
            f"{old_due:%d/%m/%Y}; dùng --new-date hoặc --days lớn hơn."
        )


def _signer(unit: Unit, request: DraftRequest) -> tuple[str, str]:
    """(name, office title in capitals) of the person who signs for the unit."""
    head = current_head(unit)
    title = head.title if head else default_title(unit)
    if request.signer:
        name = clean(request.signer)
    elif request.acting:
        raise InvalidInput("--acting cần --signer «Họ tên» của cấp phó ký thay.")
    elif head is None:
        raise NotFound(
            f"Đơn vị {unit.code} ({unit.name}) chưa có người đứng đầu: dùng `tracker heads set "
            f'{unit.code} "Họ tên"` hoặc --signer.'
        )
    else:
        name = head.full_name
    return name, authority_title(title)


def letter_snapshot(letter: ApologyLetter) -> dict[str, object]:
    return {
        "seq": letter.seq,
        "status": letter.status,
        "reason": letter.reason,
        "old_due_at": audit.jsonable(letter.old_due_at),
        "new_due_at": audit.jsonable(letter.new_due_at),
        "drafted_on": audit.jsonable(letter.drafted_on),
        "signer_name": letter.signer_name,
        "signer_title": letter.signer_title,
        "acting": letter.acting,
    }


def _dossiers_to_draft(session: Session, request: DraftRequest, *, today: dt.date) -> list[Dossier]:
    if request.codes:
        return [get_dossier(session, code) for code in dict.fromkeys(request.codes)]
    if not request.period:
        raise InvalidInput("Hãy chỉ mã hồ sơ, hoặc --period (và --unit) để soạn hàng loạt.")
    # A batch drafts every late dossier of the period that has no letter in force yet.
    rows = list_cases(
        session,
        CaseFilter(unit=request.unit, period=request.period, status="late", letter="none"),
        today=today,
    )
    codes = [row.code for row in rows]
    found = session.scalars(
        select(Dossier)
        .where(Dossier.code.in_(codes))
        .options(
            joinedload(Dossier.unit).selectinload(Unit.heads),
            selectinload(Dossier.letters),
        )
    ).all()
    order = {code: index for index, code in enumerate(codes)}
    return sorted(found, key=lambda d: order[d.code])


def draft_letters(
    session: Session,
    request: DraftRequest,
    *,
    today: dt.date,
    actor: str,
    default_days: int,
) -> DraftResult:
    """Draft (or update the draft of) the apology letter of each dossier.

    Explicit codes are all-or-nothing: a missing reason refuses the whole command. A batch
    skips the dossiers without a reason and reports them, so the others still get letters.
    """
    if request.force and not clean(request.why):
        raise InvalidInput("--force cần --why «lý do hẹn lại lần hai» để ghi vào nhật ký.")
    days = request.days if request.days is not None else default_days
    if request.new_date is None:
        check_working_days(days, "--days", least=1)
    calendar = load_calendar(session)
    new_date = request.new_date or calendar.add_working_days(today, days)
    drafted: list[DraftOutcome] = []
    skipped: list[Skipped] = []
    for dossier in _dossiers_to_draft(session, request, today=today):
        if request.reason:
            set_reason(session, dossier.code, request.reason, actor=actor)
        if not dossier.reason:
            message = (
                f'chưa có lý do trễ hạn: ghi bằng `tracker cases reason {dossier.code} "…"` '
                "hoặc --reason"
            )
            if request.codes:
                raise InvalidInput(f"Hồ sơ {dossier.code} {message}.")
            skipped.append(Skipped(dossier.code, message))
            continue
        check_new_date(calendar, new_date, today=today, old_due=dossier.due_at, code=dossier.code)
        drafted.append(
            _draft_one(session, dossier, request, new_date, calendar, today=today, actor=actor)
        )
    return DraftResult(drafted, skipped)


def _draft_one(
    session: Session,
    dossier: Dossier,
    request: DraftRequest,
    new_date: dt.date,
    calendar: WorkCalendar,
    *,
    today: dt.date,
    actor: str,
) -> DraftOutcome:
    signer_name, signer_title = _signer(dossier.unit, request)
    fields = {
        "reason": dossier.reason,
        "old_due_at": dossier.due_at,
        "new_due_at": new_date,
        "signer_name": signer_name,
        "signer_title": signer_title,
        "acting": request.acting,
    }
    letter = current_letter(dossier)
    if letter is not None and letter.status == "draft":
        before = letter_snapshot(letter)
        for key, value in fields.items():
            setattr(letter, key, value)
        letter.drafted_on = today
        after = letter_snapshot(letter)
        changed = [key for key in after if after[key] != before[key]]
        action = "updated" if changed else "unchanged"
        if changed:
            audit.record_letter(
                session,
                letter,
                "letter.draft",
                actor=actor,
                before={key: before[key] for key in changed},
                after={key: after[key] for key in changed},
                note="Cập nhật dự thảo",
            )
    else:
        action = "created"
        if letter is not None:
            _supersede(session, dossier, letter, request, actor=actor)
            action = "superseded"
        letter = ApologyLetter(
            dossier=dossier,
            seq=max((other.seq for other in dossier.letters), default=0) + 1,
            unit_id=dossier.unit_id,
            status="draft",
            drafted_on=today,
            force_why=clean(request.why) if letter is not None else None,
            **fields,
        )
        session.add(letter)
        session.flush()
        audit.record_letter(
            session,
            letter,
            "letter.draft",
            actor=actor,
            after=letter_snapshot(letter),
        )
    return DraftOutcome(
        code=dossier.code,
        action=action,
        seq=letter.seq,
        old_due_at=letter.old_due_at,
        new_due_at=letter.new_due_at,
        signer_name=letter.signer_name,
        signer_title=letter.signer_title,
        acting=letter.acting,
        apology_deadline=calendar.apology_deadline(letter.old_due_at),
        late_apology=late_apology(letter, calendar),
    )


def _supersede(
    session: Session,
    dossier: Dossier,
    letter: ApologyLetter,
    request: DraftRequest,
    *,
    actor: str,
) -> None:
    """A second reschedule: allowed only with --force --why, which the log keeps."""
    if not request.force:
        number = f"số {letter.number}" if letter.number else "đã ban hành"
        raise Refused(
            f"Hồ sơ {dossier.code} đã có phiếu {number}"
            + (f" ngày {letter.issued_on:%d/%m/%Y}" if letter.issued_on else "")
            + ': ngày trả chỉ được hẹn lại một lần; nếu thật cần, dùng --force --why "lý do".'
        )
    letter.status = "superseded"
    audit.record_letter(
        session,
        letter,
        "letter.supersede",
        actor=actor,
        before={"seq": letter.seq, "status": "issued", "number": letter.number},
        after={"seq": letter.seq, "status": "superseded"},
        note=clean(request.why),
    )
