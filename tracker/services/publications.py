"""A letter's life after drafting: its number and issue, publication on the district portal and
in the one-stop system, corrections, and the lists that chase what is still missing.

States: draft → issued (number, date, signer) → published (a live portal record AND a live
one-stop record; derived, never stored). Every step is checked against the ones before it and
recorded as an event; a refused step leaves the database unchanged (the caller rolls back).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.calendar import WorkCalendar
from tracker.dates import format_date
from tracker.errors import Conflict, InvalidInput, Refused
from tracker.models import ApologyLetter, Dossier, Publication, Unit
from tracker.services import audit
from tracker.services.calendar import load_calendar
from tracker.services.dossiers import (
    CaseFilter,
    CaseRow,
    current_letter,
    get_dossier,
    is_late_apology,
    list_cases,
)
from tracker.text import clean

CHANNEL_NAMES = {"portal": "Cổng thông tin điện tử", "onestop": "hệ thống một cửa điện tử"}
# What a clerk does on each channel: a letter is "posted" on the portal, "recorded" in the
# one-stop system; messages use the verb the clerk would use.
CHANNEL_DONE = {"portal": "đã được đăng trên", "onestop": "đã được cập nhật trên"}
NUMBER_FIELDS = ("n", "abbr", "year")


# --- letter numbers -----------------------------------------------------------------------


@dataclass(frozen=True)
class NumberFormat:
    """The settings' `letter_number_format` (default `{n:02d}/PXL-{abbr}`), checked once."""

    template: str

    def __post_init__(self) -> None:
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(self.template) if f is not None]
            self.template.format(n=1, abbr="X", year=2024)
        except (ValueError, KeyError, IndexError):
            fields = []
        if "n" not in fields or any(f not in NUMBER_FIELDS for f in fields):
            raise InvalidInput(
                f"Mẫu số phiếu «{self.template}» (letter_number_format) không hợp lệ: phải có "
                "{n} (số thứ tự) và chỉ dùng {n}, {abbr}, {year}, ví dụ {n:02d}/PXL-{abbr}."
            )

    def format(self, seq: int, unit: Unit, year: int) -> str:
        return self.template.format(n=seq, abbr=unit.abbreviation, year=year)

    def parse(self, number: str, unit: Unit, year: int) -> int | None:
        """The sequence inside a number typed by hand, or None if it is not this unit's shape."""
        pattern = ""
        for literal, field, _spec, _conv in string.Formatter().parse(self.template):
            pattern += re.escape(literal)
            if field == "n":
                pattern += r"0*(?P<n>\d+)"
            elif field == "abbr":
                pattern += re.escape(unit.abbreviation)
            elif field == "year":
                pattern += str(year)
        match = re.fullmatch(pattern, number, flags=re.IGNORECASE)
        return int(match.group("n")) if match else None


def _holder(session: Session, unit_id: int, year: int, seq: int) -> str | None:
    """The dossier code whose letter already carries this number, if any."""
    return session.scalar(
        select(Dossier.code)
        .join(ApologyLetter, ApologyLetter.dossier_id == Dossier.id)
        .where(
            ApologyLetter.unit_id == unit_id,
            ApologyLetter.number_year == year,
            ApologyLetter.number_seq == seq,
        )
    )


def next_number_seq(session: Session, unit_id: int, year: int) -> int:
    """Numbers run per issuing unit per calendar year of the issue date."""
    last = session.scalar(
        select(ApologyLetter.number_seq)
        .where(ApologyLetter.unit_id == unit_id, ApologyLetter.number_year == year)
        .order_by(ApologyLetter.number_seq.desc())
        .limit(1)
    )
    return (last or 0) + 1


# --- issue --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedLetter:
    code: str
    unit: str
    unit_name: str
    number: str
    issued_on: dt.date
    signer: str
    late_apology: bool


def _letter_of(dossier: Dossier) -> ApologyLetter:
    letter = current_letter(dossier)
    if letter is None:
        raise Refused(
            f"Hồ sơ {dossier.code} chưa có phiếu xin lỗi: hãy soạn bằng "
            f"`tracker letters draft {dossier.code}` trước."
        )
    return letter


def _not_future(on: dt.date, today: dt.date, what: str) -> None:
    if on > today:
        raise InvalidInput(
            f"Ngày {what} {format_date(on)} ở tương lai (hôm nay {format_date(today)})."
        )


def _changed(
    before: dict[str, object], after: dict[str, object]
) -> tuple[dict[str, object], dict[str, object]]:
    """An event's before and after, keeping only the keys that changed."""
    keys = [key for key in after if after[key] != before.get(key)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def issue_snapshot(letter: ApologyLetter) -> dict[str, object]:
    return {
        "status": letter.status,
        "number": letter.number,
        "issued_on": audit.jsonable(letter.issued_on),
        "issued_by": letter.issued_by,
        "signer": letter.signer_name,
        "acting": letter.acting,
    }


def issue_letter(
    session: Session,
    code: str,
    *,
    number: str | None,
    on: dt.date | None,
    number_format: NumberFormat,
    today: dt.date,
    actor: str,
    signer: str | None = None,
    acting: bool = False,
    calendar: WorkCalendar | None = None,
) -> IssuedLetter:
    """Give the dossier's draft letter its number (typed, or the unit's next when `number` is
    None) and its issue date; the letter becomes `issued`. `signer` records who actually
    signed when it is not the person the draft named (`acting`: a deputy signing KT.)."""
    dossier = get_dossier(session, code)
    letter = _letter_of(dossier)
    on = on or today
    if letter.status != "draft":
        raise Refused(
            f"Phiếu của hồ sơ {dossier.code} đã ban hành: số {letter.number}, ngày "
            f"{format_date(letter.issued_on)} (bởi {letter.issued_by})."
        )
    if not clean(letter.reason):
        raise Refused(
            f"Phiếu của hồ sơ {dossier.code} chưa có lý do trễ hạn: ghi bằng "
            f'`tracker cases reason {dossier.code} "…"` rồi soạn lại phiếu.'
        )
    _not_future(on, today, "ban hành")
    if on < letter.drafted_on:
        raise Refused(
            f"Ngày ban hành {format_date(on)} trước ngày soạn phiếu {format_date(letter.drafted_on)} "
            f"(hồ sơ {dossier.code})."
        )
    if letter.new_due_at <= on:
        raise Refused(
            f"Phiếu của hồ sơ {dossier.code} hẹn trả lại ngày {format_date(letter.new_due_at)}, "
            f"không sau ngày ban hành {format_date(on)}: hãy soạn lại phiếu với ngày hẹn mới."
        )
    unit = letter.unit
    year = on.year
    if number is None:
        seq = next_number_seq(session, unit.id, year)
    else:
        typed = clean(number)
        parsed = number_format.parse(typed, unit, year)
        if parsed is None or parsed == 0:
            raise InvalidInput(
                f"Số «{typed}» không đúng mẫu số phiếu của {unit.name}, ví dụ "
                f"«{number_format.format(5, unit, year)}» (mẫu letter_number_format trong cấu hình)."
            )
        seq = parsed
        if (holder := _holder(session, unit.id, year, seq)) is not None:
            raise Refused(
                f"Số {number_format.format(seq, unit, year)} năm {year} của {unit.name} đã cấp "
                f"cho phiếu của hồ sơ {holder}: hãy dùng số khác hoặc --auto-number."
            )
    if acting and not signer:
        raise InvalidInput("--acting cần --signer «Họ tên» của cấp phó ký thay.")
    before = issue_snapshot(letter)
    number_text = number_format.format(seq, unit, year)
    letter.number = number_text
    letter.number_seq = seq
    letter.number_year = year
    letter.issued_on = on
    letter.issued_by = actor
    letter.status = "issued"
    if signer:
        letter.signer_name = clean(signer)
        letter.acting = acting
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # Another clerk took the number between our check and our write (PostgreSQL).
        raise Conflict(
            f"Số {number_text} vừa được cấp cho phiếu khác của {unit.name}: hãy chạy lại lệnh."
        ) from None
    changed_before, changed_after = _changed(before, issue_snapshot(letter))
    audit.record(
        session,
        actor=actor,
        action="letter.issue",
        entity="letter",
        entity_id=letter.id,
        dossier_id=dossier.id,
        before=changed_before,
        after=changed_after,
    )
    return IssuedLetter(
        code=dossier.code,
        unit=unit.code,
        unit_name=unit.name,
        number=letter.number,
        issued_on=on,
        signer=letter.signer_name,
        late_apology=is_late_apology(letter, calendar or load_calendar(session)),
    )


def issue_many(
    session: Session,
    codes: Iterable[str],
    *,
    on: dt.date | None,
    number_format: NumberFormat,
    today: dt.date,
    actor: str,
) -> list[IssuedLetter]:
    """Issue several drafts with automatic numbers, in the order given (all or none)."""
    calendar = load_calendar(session)
    return [
        issue_letter(
            session,
            code,
            number=None,
            on=on,
            number_format=number_format,
            today=today,
            actor=actor,
            calendar=calendar,
        )
        for code in codes
    ]


def _batch_rows(
    session: Session, period: str, unit: str | None, letter: str, today: dt.date
) -> list[CaseRow]:
    rows = list_cases(session, CaseFilter(unit=unit, period=period, letter=letter), today=today)
    # Numbers and postings go unit by unit, oldest due date first within a unit.
    return sorted(rows, key=lambda r: (r.unit, r.due_at, r.code))


def drafts_to_issue(
    session: Session, *, period: str, unit: str | None, today: dt.date
) -> list[str]:
    """Codes of the period's dossiers whose letter is still a draft."""
    return [r.code for r in _batch_rows(session, period, unit, "draft", today)]


# --- publish ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Posted:
    code: str
    number: str | None
    channel: str
    published_on: dt.date
    url: str | None
    ref: str | None
    published: bool  # both channels are now live


def check_url(url: str) -> str:
    value = clean(url)
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in value:
        raise InvalidInput(
            f"Địa chỉ «{value}» không hợp lệ: phải là một địa chỉ web bắt đầu bằng http:// hoặc "
            "https://."
        )
    return value


def live_publication(letter: ApologyLetter, channel: str) -> Publication | None:
    return next(
        (p for p in letter.publications if p.channel == channel and p.withdrawn_on is None),
        None,
    )


def _already(code: str, pub: Publication) -> str:
    where = pub.url or pub.ref
    return (
        f"Phiếu của hồ sơ {code} {CHANNEL_DONE[pub.channel]} {CHANNEL_NAMES[pub.channel]} "
        f"(bởi {pub.actor}, ngày {format_date(pub.published_on)}"
        + (f", {where}" if where else "")
        + "): muốn sửa hãy dùng `tracker letters withdraw`."
    )


def _where_key(channel: str) -> str:
    """The field that locates a publication: the portal's URL, the one-stop reference."""
    return "url" if channel == "portal" else "ref"


def publication_snapshot(pub: Publication) -> dict[str, object]:
    return {
        "channel": pub.channel,
        "published_on": audit.jsonable(pub.published_on),
        _where_key(pub.channel): pub.url if pub.channel == "portal" else pub.ref,
    }


def _insert_publication(
    session: Session, code: str, letter: ApologyLetter, pub: Publication
) -> None:
    """Add the row; the partial unique index turns a race between two clerks into a Conflict."""
    try:
        with session.begin_nested():
            letter.publications.append(pub)
            session.flush()
    except IntegrityError:
        # The savepoint is gone and `pub` with it: read what the other clerk wrote.
        session.expire(letter, ["publications"])
        winner = live_publication(letter, pub.channel)
        if winner is None:
            raise Conflict(
                f"Phiếu của hồ sơ {code} vừa được người khác cập nhật: hãy xem "
                f"`tracker cases show {code}` rồi thử lại."
            ) from None
        raise Conflict(_already(code, winner)) from None


def publish_letter(
    session: Session,
    code: str,
    channel: str,
    *,
    url: str | None = None,
    ref: str | None = None,
    on: dt.date | None = None,
    today: dt.date,
    actor: str,
) -> Posted:
    """Record that the issued letter was posted on the portal (with its URL) or recorded in
    the one-stop system (with an optional reference)."""
    if channel not in CHANNEL_NAMES:
        raise InvalidInput(f"Kênh công khai «{channel}» không hợp lệ: portal hoặc onestop.")
    dossier = get_dossier(session, code)
    letter = _letter_of(dossier)
    on = on or today
    if letter.status != "issued":
        raise Refused(
            f"Phiếu của hồ sơ {dossier.code} còn là dự thảo: hãy ban hành bằng "
            f"`tracker letters issue {dossier.code} --auto-number` trước khi công khai."
        )
    if channel == "portal":
        if not url:
            raise InvalidInput("Đăng Cổng thông tin cần địa chỉ bài đăng: --url https://…")
        url, ref = check_url(url), None
    else:
        url, ref = None, clean(ref) or None
    if (existing := live_publication(letter, channel)) is not None:
        raise Conflict(_already(dossier.code, existing))
    _not_future(on, today, "công khai")
    assert letter.issued_on is not None  # an issued letter has its date
    if on < letter.issued_on:
        raise Refused(
            f"Ngày công khai {format_date(on)} trước ngày ban hành phiếu "
            f"{format_date(letter.issued_on)} (hồ sơ {dossier.code})."
        )
    pub = Publication(channel=channel, published_on=on, url=url, ref=ref, actor=actor)
    _insert_publication(session, dossier.code, letter, pub)
    audit.record(
        session,
        actor=actor,
        action="letter.publish",
        entity="letter",
        entity_id=letter.id,
        dossier_id=dossier.id,
        after=publication_snapshot(pub),
    )
    return _posted(dossier.code, letter, pub)


def _posted(code: str, letter: ApologyLetter, pub: Publication) -> Posted:
    return Posted(
        code=code,
        number=letter.number,
        channel=pub.channel,
        published_on=pub.published_on,
        url=pub.url,
        ref=pub.ref,
        published=all(live_publication(letter, c) for c in CHANNEL_NAMES),
    )


def check_url_template(template: str) -> str:
    value = clean(template)
    if "{code}" not in value:
        raise InvalidInput(
            f"Mẫu địa chỉ «{value}» phải chứa {{code}} (mã hồ sơ), ví dụ "
            "https://godau.tayninh.gov.vn/xin-loi/{code}."
        )
    check_url(value.replace("{code}", "x"))
    return value


def unposted(
    session: Session, *, channel: str, period: str, unit: str | None, today: dt.date
) -> list[str]:
    """Codes of the period's issued letters not yet live on `channel`."""
    rows = _batch_rows(session, period, unit, "issued", today)
    return [r.code for r in rows if r.letter and getattr(r.letter, channel) is None]


def publish_many(
    session: Session,
    codes: Sequence[str],
    channel: str,
    *,
    url_template: str | None = None,
    on: dt.date | None,
    today: dt.date,
    actor: str,
) -> list[Posted]:
    """Post several letters on one channel (portal URLs from a template with {code})."""
    template = check_url_template(url_template) if channel == "portal" and url_template else None
    if channel == "portal" and template is None:
        raise InvalidInput(
            "Đăng hàng loạt lên Cổng thông tin cần --url-template chứa {code}, ví dụ "
            "https://godau.tayninh.gov.vn/xin-loi/{code}."
        )
    return [
        publish_letter(
            session,
            code,
            channel,
            url=template.replace("{code}", code) if template else None,
            on=on,
            today=today,
            actor=actor,
        )
        for code in codes
    ]


# --- withdraw / correct -------------------------------------------------------------------


@dataclass(frozen=True)
class Withdrawn:
    code: str
    channel: str
    withdrawn_on: dt.date
    why: str
    old_url: str | None
    old_ref: str | None
    corrected: Posted | None


def withdraw_publication(
    session: Session,
    code: str,
    channel: str,
    *,
    why: str,
    correct_url: str | None = None,
    correct_ref: str | None = None,
    on: dt.date | None = None,
    today: dt.date,
    actor: str,
) -> Withdrawn:
    """Take down the live record on `channel` (kept, with the reason); with a correction, a new
    live record replaces it the same day. History keeps both."""
    reason = clean(why)
    if not reason:
        raise InvalidInput('Sửa hoặc gỡ một lần công khai cần lý do: --why "…".')
    if (channel == "portal" and correct_ref) or (channel == "onestop" and correct_url):
        raise InvalidInput(
            "--correct-url dùng cho Cổng thông tin (--portal), --correct-ref cho hệ thống một cửa "
            "(--onestop)."
        )
    dossier = get_dossier(session, code)
    letter = _letter_of(dossier)
    pub = live_publication(letter, channel)
    if pub is None:
        raise Refused(
            f"Phiếu của hồ sơ {dossier.code} chưa được công khai trên {CHANNEL_NAMES[channel]}: "
            "không có gì để sửa hoặc gỡ."
        )
    on = on or today
    _not_future(on, today, "sửa/gỡ")
    if on < pub.published_on:
        raise Refused(
            f"Ngày sửa/gỡ {format_date(on)} trước ngày công khai {format_date(pub.published_on)} "
            f"(hồ sơ {dossier.code})."
        )
    new_url = check_url(correct_url) if correct_url else None
    where = _where_key(channel)
    old_where = pub.url if channel == "portal" else pub.ref
    pub.withdrawn_on = on
    pub.withdrawn_why = reason
    # The old row must leave the live index before its replacement enters it.
    session.flush()
    corrected = None
    if new_url or correct_ref is not None:
        new = Publication(
            channel=channel,
            published_on=on,
            url=new_url,
            ref=clean(correct_ref) or None,
            actor=actor,
        )
        _insert_publication(session, dossier.code, letter, new)
        corrected = _posted(dossier.code, letter, new)
    audit.record(
        session,
        actor=actor,
        action="letter.correct" if corrected else "letter.withdraw",
        entity="letter",
        entity_id=letter.id,
        dossier_id=dossier.id,
        before={where: old_where},
        after={
            "channel": channel,
            "withdrawn_on": on.isoformat(),
            where: (corrected.url if channel == "portal" else corrected.ref) if corrected else None,
        },
        note=reason,
    )
    return Withdrawn(dossier.code, channel, on, reason, pub.url, pub.ref, corrected)


# --- chasing: pending and late ------------------------------------------------------------


@dataclass(frozen=True)
class PendingLetter:
    """An issued letter still missing one or both publications."""

    code: str
    unit: str
    unit_name: str
    head: str | None
    number: str | None
    issued_on: dt.date
    age: int  # working days since the issue date
    missing: tuple[str, ...]  # channels not yet done: "portal", "onestop"


def pending_letters(
    session: Session, *, channel: str | None, unit: str | None, today: dt.date
) -> list[PendingLetter]:
    """Issued letters not yet published (on `channel`, or on either), oldest issue first."""
    calendar = load_calendar(session)
    result = []
    for row in list_cases(session, CaseFilter(unit=unit, letter="issued"), today=today):
        letter = row.letter
        assert letter is not None and letter.issued_on is not None
        missing = tuple(c for c in CHANNEL_NAMES if getattr(letter, c) is None)
        if channel and channel not in missing:
            continue
        result.append(
            PendingLetter(
                code=row.code,
                unit=row.unit,
                unit_name=row.unit_name,
                head=row.head,
                number=letter.number,
                issued_on=letter.issued_on,
                age=calendar.working_days_between(letter.issued_on, today),
                missing=missing,
            )
        )
    return sorted(result, key=lambda p: (p.issued_on, p.code))


@dataclass(frozen=True)
class ApologyTiming:
    """When an apology went out against its legal deadline (NĐ 61/2018, Điều 19 khoản 9)."""

    code: str
    unit: str
    unit_name: str
    head: str | None
    status: str
    number: str | None
    due_at: dt.date
    deadline: dt.date  # due date − 1 working day
    drafted_on: dt.date
    issued_on: dt.date | None
    late: bool
    late_step: str | None  # "draft" (drafted after the deadline) | "issue" (issued after it)
    days_after: int  # working days past the deadline


def apology_timings(
    session: Session,
    *,
    period: str | None,
    unit: str | None,
    today: dt.date,
    include_on_time: bool = False,
) -> list[ApologyTiming]:
    """Every current letter's timing; late ones only unless `include_on_time`."""
    calendar = load_calendar(session)
    result = []
    for row in list_cases(session, CaseFilter(unit=unit, period=period), today=today):
        letter = row.letter
        if letter is None:
            continue
        deadline = letter.apology_deadline or row.apology_deadline
        sent_on = letter.issued_on or letter.drafted_on
        step = (
            "draft"
            if letter.drafted_on > deadline
            else "issue"
            if letter.issued_on and letter.issued_on > deadline
            else None
        )
        if step is None and not include_on_time:
            continue
        result.append(
            ApologyTiming(
                code=row.code,
                unit=row.unit,
                unit_name=row.unit_name,
                head=row.head,
                status=letter.status,
                number=letter.number,
                due_at=row.due_at,
                deadline=deadline,
                drafted_on=letter.drafted_on,
                issued_on=letter.issued_on,
                late=step is not None,
                late_step=step,
                days_after=calendar.working_days_between(deadline, sent_on),
            )
        )
    return sorted(result, key=lambda t: (not t.late, -t.days_after, t.deadline, t.code))
