"""Drafting letters to citizens: a letter record per dossier, or for every late dossier of a
period that has none yet — of the kind the dossier calls for (`tracker.rules.letter_kind`) and
under the regime of its date (`tracker.law.book`).

A reschedule letter (the dossier is still open) needs a reason and a new return date that is a
working day after both today and the old due date; the regime says how often a return date may
be rescheduled — a further letter after an issued one needs a recorded reason. An apology letter
(the dossier was settled late) states the date of the result and the days late, and promises
no date. A settled dossier that was not late gets no letter unless forced, with the reason
recorded. Whether a letter is a late apology is derived from its dates, never stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker import rules
from tracker.dates import Period, check_working_days, format_date
from tracker.errors import InvalidInput, Refused
from tracker.law.calendar import LawCalendar
from tracker.law.regime import Regime
from tracker.models import ApologyLetter, Dossier, Unit
from tracker.next_steps import Action, NextStep
from tracker.services import audit
from tracker.services.calendar import load_calendar
from tracker.services.case_list import CaseFilter, list_cases
from tracker.services.case_rows import current_letter, late_apology
from tracker.services.cases import fresh, get_dossier, lock_dossiers
from tracker.services.dossiers import set_reason
from tracker.services.letter_signer import check_new_date, signer_of
from tracker.text import clean

# What a draft did to each dossier's letter, as a person reads it (DraftOutcome.action).
DRAFT_ACTIONS = {
    "created": "soạn mới",
    "updated": "cập nhật dự thảo",
    "unchanged": "không đổi",
    "superseded": "hẹn lại lần hai",
}


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
    kind: str  # "reschedule" | "apology"
    regime: str  # the regime's code
    form: str  # the form's code within the regime
    old_due_at: dt.date
    new_due_at: dt.date | None  # a reschedule's new return date
    returned_at: dt.date | None  # an apology's date of the result
    days_late: int | None  # an apology's working days late
    signer_name: str
    signer_title: str
    acting: bool
    apology_deadline: dt.date
    late_apology: bool


@dataclass(frozen=True)
class Skipped:
    code: str
    why: str
    step: NextStep | None = None  # what to do so that it is drafted next time


@dataclass(frozen=True)
class DraftResult:
    drafted: list[DraftOutcome]
    skipped: list[Skipped]

    def count(self, kind: str) -> int:
        return sum(1 for outcome in self.drafted if outcome.kind == kind)


def letter_snapshot(letter: ApologyLetter) -> dict[str, object]:
    return {
        "seq": letter.seq,
        "status": letter.status,
        "kind": letter.kind,
        "regime": letter.regime,
        "form": letter.form,
        "reason": letter.reason,
        "old_due_at": audit.jsonable(letter.old_due_at),
        "new_due_at": audit.jsonable(letter.new_due_at),
        "returned_at": audit.jsonable(letter.returned_at),
        "days_late": letter.days_late,
        "drafted_on": audit.jsonable(letter.drafted_on),
        "signer_name": letter.signer_name,
        "signer_title": letter.signer_title,
        "acting": letter.acting,
    }


def _dossiers_to_draft(session: Session, request: DraftRequest, *, today: dt.date) -> list[Dossier]:
    if request.codes:
        lock_dossiers(session, request.codes)
        return [
            get_dossier(session, code, for_update=True) for code in dict.fromkeys(request.codes)
        ]
    if not request.period:
        raise InvalidInput("Hãy chỉ mã hồ sơ, hoặc --period (và --unit) để soạn hàng loạt.")
    # A batch drafts every late dossier of the period that has no letter in force yet.
    rows = list_cases(
        session,
        CaseFilter(unit=request.unit, period=request.period, status="late", letter="none"),
        today=today,
    )
    codes = [row.code for row in rows]
    lock_dossiers(session, codes)
    found = session.scalars(
        fresh(
            select(Dossier)
            .where(Dossier.code.in_(codes))
            .options(
                joinedload(Dossier.unit).selectinload(Unit.heads),
                selectinload(Dossier.letters),
            )
        )
    ).all()
    order = {code: index for index, code in enumerate(codes)}
    # Locked, a dossier is as the last clerk left it: one given a letter meanwhile is theirs.
    return sorted(
        (dossier for dossier in found if current_letter(dossier) is None),
        key=lambda d: order[d.code],
    )


def draft_letters(
    session: Session,
    request: DraftRequest,
    *,
    today: dt.date,
    actor: str,
    default_days: int,
) -> DraftResult:
    """Draft (or update the draft of) the letter of each dossier, of the kind it calls for.

    Explicit codes are all-or-nothing: a missing reason refuses the whole command. A batch
    skips the dossiers without a reason and reports them, so the others still get letters.
    """
    if request.force and not clean(request.why):
        raise InvalidInput("--force cần --why «lý do» để ghi vào nhật ký.")
    days = request.days if request.days is not None else default_days
    if request.new_date is None:
        check_working_days(days, "--days", least=1)
    calendar = load_calendar(session)
    new_date = request.new_date or calendar.add_working_days(today, days)
    drafted: list[DraftOutcome] = []
    skipped: list[Skipped] = []
    for dossier in _dossiers_to_draft(session, request, today=today):
        refusal = rules.letter_refusal(calendar, dossier.due_at, dossier.finished_at, today)
        if refusal and not request.force:
            raise Refused(f"Hồ sơ {dossier.code} {refusal}.", NextStep(Action.FORCE_LETTER))
        if request.reason:
            set_reason(session, dossier.code, request.reason, actor=actor)
        if not dossier.reason:
            step = NextStep(Action.GIVE_REASON, dossier.code)
            if request.codes:
                raise InvalidInput(f"Hồ sơ {dossier.code} chưa có lý do trễ hạn.", step)
            skipped.append(Skipped(dossier.code, "chưa có lý do trễ hạn", step))
            continue
        kind = rules.letter_kind(dossier.finished_at, today)
        if kind == "reschedule":
            check_new_date(
                calendar, new_date, today=today, old_due=dossier.due_at, code=dossier.code
            )
        elif request.codes and (request.new_date or request.days is not None):
            raise InvalidInput(
                f"Hồ sơ {dossier.code} đã có kết quả ngày {format_date(dossier.finished_at)}: "
                "thư xin lỗi không hẹn ngày trả mới.",
                NextStep(Action.NO_NEW_DATE),
            )
        drafted.append(
            _draft_one(
                session,
                dossier,
                request,
                new_date if kind == "reschedule" else None,
                calendar,
                forced=refusal is not None,
                today=today,
                actor=actor,
            )
        )
    return DraftResult(drafted, skipped)


def _letter_fields(
    dossier: Dossier,
    request: DraftRequest,
    new_date: dt.date | None,
    calendar: LawCalendar,
    *,
    today: dt.date,
) -> dict[str, object]:
    """What the letter says and under which law: the kind, regime and form are decided anew
    by every draft (and again when the letter is issued)."""
    governed = calendar.governed(dossier.due_at)
    signer_name, signer_title = signer_of(dossier.unit, request.signer, request.acting)
    kind = rules.letter_kind(dossier.finished_at, today)
    settled = dossier.finished_at if kind == "apology" else None
    return {
        "kind": kind,
        "regime": governed.regime.code,
        "form": governed.form.code,
        "reason": dossier.reason,
        "old_due_at": dossier.due_at,
        "new_due_at": new_date,
        "returned_at": settled,
        "days_late": rules.days_late(calendar, dossier.due_at, settled, today) if settled else None,
        "signer_name": signer_name,
        "signer_title": signer_title,
        "acting": request.acting,
    }


def _draft_one(
    session: Session,
    dossier: Dossier,
    request: DraftRequest,
    new_date: dt.date | None,
    calendar: LawCalendar,
    *,
    forced: bool,
    today: dt.date,
    actor: str,
) -> DraftOutcome:
    fields = _letter_fields(dossier, request, new_date, calendar, today=today)
    why = clean(request.why) if forced else None
    letter = current_letter(dossier)
    if letter is not None and letter.status == "draft":
        before = letter_snapshot(letter)
        for key, value in fields.items():
            setattr(letter, key, value)
        letter.drafted_on = today
        letter.force_why = why or letter.force_why
        after = letter_snapshot(letter)
        changed = [key for key in after if after[key] != before[key]]
        action = "updated" if changed else "unchanged"
        if changed:
            note = "Soạn lại thành thư xin lỗi (hồ sơ đã có kết quả)" if "kind" in changed else None
            audit.record_letter(
                session,
                letter,
                "letter.draft",
                actor=actor,
                before={key: before[key] for key in changed},
                after={key: after[key] for key in changed},
                note=why or note or "Cập nhật dự thảo",
            )
    else:
        action = "created"
        if letter is not None:
            regime = calendar.regime(dossier.due_at)
            _supersede(session, dossier, letter, str(fields["kind"]), regime, request, actor=actor)
            action = "superseded"
            why = clean(request.why)
        letter = ApologyLetter(
            dossier=dossier,
            seq=max((other.seq for other in dossier.letters), default=0) + 1,
            unit_id=dossier.unit_id,
            status="draft",
            drafted_on=today,
            force_why=why,
            **fields,
        )
        session.add(letter)
        session.flush()
        audit.record_letter(
            session, letter, "letter.draft", actor=actor, after=letter_snapshot(letter), note=why
        )
    return DraftOutcome(
        code=dossier.code,
        action=action,
        seq=letter.seq,
        kind=letter.kind,
        regime=letter.regime,
        form=letter.form,
        old_due_at=letter.old_due_at,
        new_due_at=letter.new_due_at,
        returned_at=letter.returned_at,
        days_late=letter.days_late,
        signer_name=letter.signer_name,
        signer_title=letter.signer_title,
        acting=letter.acting,
        apology_deadline=calendar.apology_deadline(letter.old_due_at),
        late_apology=late_apology(letter, calendar),
    )


def _times(count: int) -> str:
    return {0: "không lần nào", 1: "một lần"}.get(count, f"{count} lần")


def _supersede(
    session: Session,
    dossier: Dossier,
    letter: ApologyLetter,
    kind: str,
    regime: Regime,
    request: DraftRequest,
    *,
    actor: str,
) -> None:
    """A further letter after an issued one: a reschedule within the regime's allowance, or
    anything with --force --why, which the log keeps."""
    rescheduled = sum(1 for other in dossier.letters if other.kind == "reschedule")
    within = kind == "reschedule" and rescheduled < regime.reschedules
    if not within and not request.force:
        number = f"số {letter.number}" if letter.number else "đã ban hành"
        issued = f" ngày {format_date(letter.issued_on)}" if letter.issued_on else ""
        rule = (
            f"theo {regime.citations.short}, ngày trả chỉ được hẹn lại {_times(regime.reschedules)}"
            if kind == "reschedule"
            else "người dân đã nhận thư xin lỗi, một thư nữa cần lý do"
        )
        raise Refused(
            f"Hồ sơ {dossier.code} đã có thư {number}{issued}: {rule}.",
            NextStep(Action.FORCE_LETTER),
        )
    letter.status = "superseded"
    audit.record_letter(
        session,
        letter,
        "letter.supersede",
        actor=actor,
        before={"seq": letter.seq, "status": "issued", "number": letter.number},
        after={"seq": letter.seq, "status": "superseded"},
        note=clean(request.why) or None,
    )
