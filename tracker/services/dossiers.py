"""The write side of dossiers: record one typed in by hand, assign, give the reason, resolve.
Each change is checked first and recorded as an event; lists and detail are in `cases`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.dates import Period
from tracker.errors import InvalidInput, Refused
from tracker.models import Dossier, Head
from tracker.next_steps import Action, NextStep
from tracker.rules import check_dates, is_official_code, normalise_code, period_of, search_key
from tracker.services import audit
from tracker.services.cases import get_dossier, lock_dossiers
from tracker.services.heads import assign_dossier, resolve_head
from tracker.services.units import UnitMatcher, current_head
from tracker.text import clean


@dataclass(frozen=True)
class NewDossier:
    code: str
    procedure: str
    applicant: str
    unit: str
    received_at: dt.date | None
    due_at: dt.date
    finished_at: dt.date | None = None
    period: Period | None = None
    procedure_code: str | None = None
    field: str | None = None
    applicant_address: str | None = None
    applicant_phone: str | None = None
    reason: str | None = None


def add_dossier(
    session: Session, new: NewDossier, *, today: dt.date, actor: str
) -> tuple[Dossier, list[tuple[str, NextStep | None]]]:
    """Record a dossier typed in by hand; returns it and any warnings, each a sentence and
    what to do about it, if anything."""
    code = normalise_code(new.code)
    procedure, applicant = clean(new.procedure), clean(new.applicant)
    if not code or not procedure or not applicant:
        raise InvalidInput("Mã hồ sơ, thủ tục và chủ hồ sơ không được để trống.")
    if problem := check_dates(new.received_at, new.due_at, new.finished_at):
        raise InvalidInput(f"Hồ sơ {code}: {problem}.")
    if session.scalar(select(Dossier.id).where(Dossier.code == code)) is not None:
        raise Refused(f"Hồ sơ {code} đã có.", NextStep(Action.SHOW_CASE, code))
    warnings: list[tuple[str, NextStep | None]] = []
    if not is_official_code(code):
        warnings.append(
            (
                f"Mã hồ sơ «{code}» không theo dạng chuẩn (ví dụ 000.00.19.H53-241105-0001); "
                "vẫn ghi nhận.",
                None,
            )
        )
    # A unit that ended while the dossier was open hands it on, as an import would.
    matcher = UnitMatcher.load(session)
    named = matcher.exact(new.unit, new.received_at or new.finished_at) or matcher.find(new.unit)
    filing = matcher.hand_over(named, new.unit, new.finished_at)
    unit = matcher.find(filing.unit)
    head = current_head(unit, unit.valid_to) if filing.headed else None
    if filing.warning:
        warnings.append((f"{filing.warning[:1].upper()}{filing.warning[1:]}.", filing.step))
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
        period=str(new.period) if new.period else period_of(new.due_at),
        reason=clean(new.reason) or None,
        search_key=search_key(code, applicant, procedure),
        source="manual",
    )
    try:
        with session.begin_nested():
            session.add(dossier)
            session.flush()
    except IntegrityError:
        # Another clerk added the same code between our check and our write (PostgreSQL).
        raise Refused(
            f"Hồ sơ {code} vừa được người khác thêm.", NextStep(Action.SHOW_CASE, code)
        ) from None
    audit.record_dossier(
        session,
        dossier,
        "dossier.add",
        actor=actor,
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
    lock_dossiers(session, codes)
    changed = []
    for code in codes:
        dossier = get_dossier(session, code, for_update=True)
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
    dossier = get_dossier(session, code, for_update=True)
    if dossier.reason != text:
        audit.record_dossier(
            session,
            dossier,
            "dossier.reason",
            actor=actor,
            before={"reason": dossier.reason},
            after={"reason": text},
        )
        dossier.reason = text
    return dossier


def resolve(session: Session, code: str, on: dt.date, *, today: dt.date, actor: str) -> Dossier:
    dossier = get_dossier(session, code, for_update=True)
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
    audit.record_dossier(
        session,
        dossier,
        "dossier.resolve",
        actor=actor,
        before={"finished_at": audit.jsonable(dossier.finished_at)},
        after={"finished_at": on.isoformat()},
    )
    dossier.finished_at = on
    return dossier
