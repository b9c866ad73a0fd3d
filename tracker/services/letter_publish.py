"""Publishing issued letters on the district portal (with the post's URL) and in the one-stop
system (with an optional reference), and withdrawing or correcting such a record.

A correction or a withdrawal keeps the old record (with its date and reason); at most one live
record per letter and channel, which a partial unique index enforces against two clerks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker import rules
from tracker.dates import Period, format_date
from tracker.errors import Conflict, InvalidInput, Refused
from tracker.models import ApologyLetter, Publication
from tracker.next_steps import Action, NextStep
from tracker.output_files import OutputBatch
from tracker.services import audit
from tracker.services.case_rows import live_publication
from tracker.services.cases import get_dossier, lock_dossiers
from tracker.services.letter_render import PublicCopies, public_copy
from tracker.services.letter_steps import CHANNEL_NAMES, batch_rows, letter_in_force, not_future
from tracker.text import clean

# What a clerk does on each channel: a letter is "posted" on the portal, "recorded" in the
# one-stop system; messages use the verb the clerk would use.
CHANNEL_DONE = {"portal": "đã được đăng trên", "onestop": "đã được cập nhật trên"}
# The masked copy of a letter posted on the portal, made with the shipped templates beside the
# letter's last printed copy unless the clerk says otherwise.
SHIPPED_COPIES = PublicCopies(folder=None, templates_dir=None, number_format=None)


@dataclass(frozen=True)
class PublishRequest:
    """What the clerk typed: the channel, and dossier codes or a period (and unit)."""

    channel: str  # "portal" | "onestop"
    codes: tuple[str, ...] = ()
    period: Period | None = None
    unit: str | None = None
    url: str | None = None  # the portal post of one letter
    ref: str | None = None  # the one-stop reference of one letter
    url_template: str | None = None  # a period on the portal: the URLs, with {code}
    on: dt.date | None = None  # the day it was posted; None: today
    # Where the masked copy that the portal shows is made (rendered when missing).
    copies: PublicCopies = SHIPPED_COPIES


@dataclass(frozen=True)
class Posted:
    code: str
    number: str | None
    channel: str
    published_on: dt.date
    url: str | None
    ref: str | None
    published: bool  # both channels are now live
    public_copy: Path | None  # the portal's masked copy of the letter; None for the one-stop


def check_url(url: str) -> str:
    value = clean(url)
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in value:
        raise InvalidInput(
            f"Địa chỉ «{value}» không hợp lệ: phải là một địa chỉ web bắt đầu bằng http:// hoặc "
            "https://."
        )
    return value


def check_url_template(template: str) -> str:
    value = clean(template)
    if "{code}" not in value:
        raise InvalidInput(
            f"Mẫu địa chỉ «{value}» phải chứa {{code}} (mã hồ sơ), ví dụ "
            "https://godau.tayninh.gov.vn/xin-loi/{code}."
        )
    check_url(value.replace("{code}", "x"))
    return value


def _check_channel(channel: str) -> None:
    if channel not in CHANNEL_NAMES:
        raise InvalidInput(f"Kênh công khai «{channel}» không hợp lệ: portal hoặc onestop.")


def _already(code: str, pub: Publication) -> Conflict:
    where = pub.url or pub.ref
    return Conflict(
        f"Thư của hồ sơ {code} {CHANNEL_DONE[pub.channel]} {CHANNEL_NAMES[pub.channel]} "
        f"(bởi {pub.actor}, ngày {format_date(pub.published_on)}"
        + (f", {where}" if where else "")
        + ").",
        NextStep(Action.WITHDRAW, code),
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
                f"Thư của hồ sơ {code} vừa được người khác cập nhật.",
                NextStep(Action.RECHECK_CASE, code),
            ) from None
        raise _already(code, winner) from None


def _posted(
    code: str, letter: ApologyLetter, pub: Publication, public_copy: Path | None = None
) -> Posted:
    live = [channel for channel in rules.CHANNELS if live_publication(letter, channel)]
    return Posted(
        code=code,
        number=letter.number,
        channel=pub.channel,
        published_on=pub.published_on,
        url=pub.url,
        ref=pub.ref,
        published=rules.letter_state(letter.status, live) == "published",
        public_copy=public_copy,
    )


def publish_letter(
    session: Session,
    code: str,
    channel: str,
    *,
    url: str | None = None,
    ref: str | None = None,
    on: dt.date | None = None,
    copies: PublicCopies = SHIPPED_COPIES,
    outputs: OutputBatch,
    today: dt.date,
    actor: str,
) -> Posted:
    """Record that the issued letter was posted on the portal (with its URL; its masked copy
    is made if missing and named) or recorded in the one-stop system (optional reference)."""
    _check_channel(channel)
    dossier = get_dossier(session, code, for_update=True)
    letter = letter_in_force(dossier)
    on = on or today
    if letter.status != "issued":
        raise Refused(
            f"Thư của hồ sơ {dossier.code} còn là dự thảo.",
            NextStep(Action.ISSUE_LETTER, dossier.code),
        )
    if channel == "portal":
        if not url:
            raise InvalidInput(
                "Đăng Cổng thông tin cần địa chỉ bài đăng.", NextStep(Action.PORTAL_URL)
            )
        url, ref = check_url(url), None
    else:
        url, ref = None, clean(ref) or None
    if (existing := live_publication(letter, channel)) is not None:
        raise _already(dossier.code, existing)
    not_future(on, today, "công khai")
    assert letter.issued_on is not None  # an issued letter has its date
    if on < letter.issued_on:
        raise Refused(
            f"Ngày công khai {format_date(on)} trước ngày ban hành thư "
            f"{format_date(letter.issued_on)} (hồ sơ {dossier.code})."
        )
    pub = Publication(channel=channel, published_on=on, url=url, ref=ref, actor=actor)
    # First the record (a clerk who lost the race stops here), then the masked copy it posts.
    _insert_publication(session, dossier.code, letter, pub)
    masked = (
        public_copy(session, letter, copies, outputs=outputs, actor=actor)
        if channel == "portal"
        else None
    )
    after = publication_snapshot(pub)
    if masked is not None:
        after |= {"public_copy": str(masked.path), "public_sha256": masked.sha256}
    audit.record_letter(session, letter, "letter.publish", actor=actor, after=after)
    return _posted(dossier.code, letter, pub, masked.path if masked else None)


def publish_letters(
    session: Session, request: PublishRequest, *, outputs: OutputBatch, today: dt.date, actor: str
) -> list[Posted]:
    """Publish the letters of the codes given, or every issued letter of the period not yet
    live on the channel (portal URLs then come from a template with {code}); all or none."""
    _check_channel(request.channel)
    if request.codes and request.period:
        raise InvalidInput("Chỉ mã hồ sơ hoặc --period, không dùng cả hai.")
    if request.codes:
        lock_dossiers(session, request.codes)
        return [
            publish_letter(
                session,
                code,
                request.channel,
                url=request.url,
                ref=request.ref,
                on=request.on,
                copies=request.copies,
                outputs=outputs,
                today=today,
                actor=actor,
            )
            for code in request.codes
        ]
    if request.period is None:
        raise InvalidInput("Hãy chỉ mã hồ sơ, hoặc --period (và --unit) cho cả kỳ.")
    template = None
    if request.channel == "portal":
        if not request.url_template:
            raise InvalidInput(
                "Đăng hàng loạt lên Cổng thông tin cần mẫu địa chỉ bài đăng chứa {code}.",
                NextStep(Action.URL_TEMPLATE),
            )
        template = check_url_template(request.url_template)
    rows = [
        row
        for row in batch_rows(session, request.period, request.unit, "issued", today=today)
        if row.letter and getattr(row.letter, request.channel) is None
    ]
    lock_dossiers(session, [row.code for row in rows])
    return [
        publish_letter(
            session,
            row.code,
            request.channel,
            url=template.replace("{code}", row.code) if template else None,
            on=request.on,
            copies=request.copies,
            outputs=outputs,
            today=today,
            actor=actor,
        )
        for row in rows
    ]


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
    _check_channel(channel)
    reason = clean(why)
    if not reason:
        raise InvalidInput('Sửa hoặc gỡ một lần công khai cần lý do: --why "…".')
    if (channel == "portal" and correct_ref) or (channel == "onestop" and correct_url):
        raise InvalidInput(
            "--correct-url dùng cho Cổng thông tin (--portal), --correct-ref cho hệ thống một cửa "
            "(--onestop)."
        )
    dossier = get_dossier(session, code, for_update=True)
    letter = letter_in_force(dossier)
    pub = live_publication(letter, channel)
    if pub is None:
        raise Refused(
            f"Thư của hồ sơ {dossier.code} chưa được công khai trên {CHANNEL_NAMES[channel]}: "
            "không có gì để sửa hoặc gỡ."
        )
    on = on or today
    not_future(on, today, "sửa/gỡ")
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
    audit.record_letter(
        session,
        letter,
        "letter.correct" if corrected else "letter.withdraw",
        actor=actor,
        before={where: old_where},
        after={
            "channel": channel,
            "withdrawn_on": on.isoformat(),
            where: (corrected.url if channel == "portal" else corrected.ref) if corrected else None,
        },
        note=reason,
    )
    return Withdrawn(dossier.code, channel, on, reason, pub.url, pub.ref, corrected)
