"""Issuing letters: a draft gets its number, its issue date and its signer, and becomes
`issued` — one dossier, several, or every draft of a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker import rules
from tracker.dates import Period, format_date
from tracker.errors import Conflict, InvalidInput, Refused
from tracker.law.calendar import LawCalendar
from tracker.models import ApologyLetter, Dossier
from tracker.next_steps import Action, NextStep
from tracker.services import audit
from tracker.services.calendar import load_calendar
from tracker.services.case_rows import late_apology
from tracker.services.cases import get_dossier, lock_dossiers
from tracker.services.letter_numbers import NumberFormat, allocate_number
from tracker.services.letter_steps import batch_rows, letter_in_force, not_future
from tracker.text import clean


@dataclass(frozen=True)
class IssueRequest:
    """What the clerk typed: dossier codes, or a period (and unit) for every draft in it."""

    codes: tuple[str, ...] = ()
    period: Period | None = None
    unit: str | None = None
    number: str | None = None  # typed by hand, for one dossier; None: the unit's next number
    on: dt.date | None = None  # the issue date; None: today
    signer: str | None = None  # who actually signed, when not the person the draft names
    acting: bool = False  # with signer: a deputy signing KT.


@dataclass(frozen=True)
class IssuedLetter:
    code: str
    unit: str
    unit_name: str
    kind: str  # "reschedule" | "apology"
    regime: str  # the regime it is issued under, fixed from now on
    form: str  # the form of that regime
    number: str
    issued_on: dt.date
    signer: str
    late_apology: bool


def _changed(
    before: dict[str, object], after: dict[str, object]
) -> tuple[dict[str, object], dict[str, object]]:
    """An event's before and after, keeping only the keys that changed."""
    keys = [key for key in after if after[key] != before.get(key)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def issue_snapshot(letter: ApologyLetter) -> dict[str, object]:
    return {
        "status": letter.status,
        "regime": letter.regime,
        "form": letter.form,
        "number": letter.number,
        "issued_on": audit.jsonable(letter.issued_on),
        "issued_by": letter.issued_by,
        "signer": letter.signer_name,
        "acting": letter.acting,
    }


def check_kind(dossier: Dossier, letter: ApologyLetter, on: dt.date) -> None:
    """A letter must be the kind its dossier calls for on the day it is issued: a reschedule
    drafted while the dossier was open would promise a date the citizen has behind them."""
    wanted = rules.letter_kind(dossier.finished_at, on)
    if letter.kind == wanted:
        return
    if wanted == "apology":
        raise Refused(
            f"Hồ sơ {dossier.code} đã có kết quả ngày {format_date(dossier.finished_at)}: thư "
            "dự thảo hẹn lại ngày trả nay không còn đúng, phải là thư xin lỗi.",
            NextStep(Action.REDRAFT_LETTER, dossier.code),
        )
    raise Refused(
        f"Hồ sơ {dossier.code} chưa có kết quả: thư dự thảo là thư xin lỗi sau khi trả kết quả.",
        NextStep(Action.REDRAFT_LETTER, dossier.code),
    )


def issue_letters(
    session: Session,
    request: IssueRequest,
    *,
    number_format: str | None,
    today: dt.date,
    actor: str,
) -> list[IssuedLetter]:
    """Issue the drafts of the codes given, or every draft of the period (unit by unit, oldest
    due date first); all or none — the first refusal stops the batch."""
    if request.codes and request.period:
        raise InvalidInput("Chỉ mã hồ sơ hoặc --period, không dùng cả hai.")
    if request.number is not None and (request.period or len(request.codes) != 1):
        raise InvalidInput("--number chỉ dùng cho một hồ sơ; nhiều hồ sơ dùng --auto-number.")
    if request.period:
        codes = [
            row.code
            for row in batch_rows(session, request.period, request.unit, "draft", today=today)
        ]
    elif request.codes:
        codes = list(request.codes)
    else:
        raise InvalidInput("Hãy chỉ mã hồ sơ, hoặc --period (và --unit) cho cả kỳ.")
    lock_dossiers(session, codes)
    calendar = load_calendar(session)
    return [
        issue_letter(
            session,
            code,
            request,
            number_format=number_format,
            calendar=calendar,
            today=today,
            actor=actor,
        )
        for code in codes
    ]


def issue_letter(
    session: Session,
    code: str,
    request: IssueRequest,
    *,
    number_format: str | None,
    calendar: LawCalendar,
    today: dt.date,
    actor: str,
) -> IssuedLetter:
    """Give the dossier's draft letter its number (typed, or the unit's next; in the office's
    `number_format`, else the one its regime gives its kind) and its issue date; the regime and
    form are decided one last time and fixed; the letter becomes `issued`."""
    dossier = get_dossier(session, code, for_update=True)
    letter = letter_in_force(dossier)
    on = request.on or today
    if letter.status != "draft":
        raise Refused(
            f"Thư của hồ sơ {dossier.code} đã ban hành: số {letter.number}, ngày "
            f"{format_date(letter.issued_on)} (bởi {letter.issued_by})."
        )
    check_kind(dossier, letter, on)
    if not clean(letter.reason):
        raise Refused(
            f"Thư của hồ sơ {dossier.code} chưa có lý do trễ hạn.",
            NextStep(Action.REASON_THEN_REDRAFT, dossier.code),
        )
    not_future(on, today, "ban hành")
    if on < letter.drafted_on:
        raise Refused(
            f"Ngày ban hành {format_date(on)} trước ngày soạn thư {format_date(letter.drafted_on)} "
            f"(hồ sơ {dossier.code})."
        )
    if letter.new_due_at is not None and letter.new_due_at <= on:
        raise Refused(
            f"Thư của hồ sơ {dossier.code} hẹn trả lại ngày {format_date(letter.new_due_at)}, "
            f"không sau ngày ban hành {format_date(on)}: hãy soạn lại thư với ngày hẹn mới."
        )
    unit = letter.unit
    before = issue_snapshot(letter)
    governed = calendar.governed(letter.old_due_at)
    letter.regime, letter.form = governed.regime.code, governed.form.code
    numbers = NumberFormat(number_format or governed.form.kinds[letter.kind].number_format)
    seq = allocate_number(session, unit, on.year, request.number, numbers)
    if request.acting and not request.signer:
        raise InvalidInput("--acting cần --signer «Họ tên» của cấp phó ký thay.")
    number_text = numbers.format(seq, unit, on.year)
    letter.number = number_text
    letter.number_seq = seq
    letter.number_year = on.year
    letter.issued_on = on
    letter.issued_by = actor
    letter.status = "issued"
    if request.signer:
        letter.signer_name = clean(request.signer)
        letter.acting = request.acting
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # Another clerk took the number between our check and our write (PostgreSQL).
        raise Conflict(
            f"Số {number_text} vừa được cấp cho thư khác của {unit.name}: hãy chạy lại lệnh."
        ) from None
    changed_before, changed_after = _changed(before, issue_snapshot(letter))
    audit.record_letter(
        session,
        letter,
        "letter.issue",
        actor=actor,
        before=changed_before,
        after=changed_after,
    )
    return IssuedLetter(
        code=dossier.code,
        unit=unit.code,
        unit_name=unit.name,
        kind=letter.kind,
        regime=letter.regime,
        form=letter.form,
        number=number_text,
        issued_on=on,
        signer=letter.signer_name,
        late_apology=late_apology(letter, calendar),
    )
