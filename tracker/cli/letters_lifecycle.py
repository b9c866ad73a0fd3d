"""`tracker letters issue|publish|withdraw|pending|late`: a letter after drafting."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import emit, format_option, info
from tracker.cli.params import DATE, PERIOD, codes_or_period
from tracker.dates import Period, format_date
from tracker.errors import Refused

if TYPE_CHECKING:
    from tracker.services.publications import Posted

CHANNEL_LABELS = {"portal": "Cổng TTĐT", "onestop": "Một cửa"}


class _Declined(Exception):
    """The clerk answered no: the transaction rolls back and nothing changes."""


def can_ask() -> bool:
    """A question needs someone at a terminal; CI and pipes have no one to answer."""
    return sys.stdin.isatty()


def confirm_batch(summary: Sequence[str], *, yes: bool) -> None:
    """Show what the batch did inside its still open transaction and ask before keeping it;
    a refusal or a "no" rolls the whole batch back."""
    for line in summary:
        info(line)
    if yes:
        return
    if not can_ask():
        raise Refused(
            "Thao tác hàng loạt cần xác nhận nhưng không có người trả lời (không phải màn hình "
            "tương tác): chạy lại với --yes; chưa có thay đổi nào."
        )
    if not click.confirm("Thực hiện?", default=False, err=True):
        raise _Declined


def _count_by_unit(units: Sequence[str]) -> str:
    return ", ".join(f"{unit}: {count}" for unit, count in sorted(Counter(units).items()))


def _one_or_batch(codes: tuple[str, ...], period: Period | None, unit: str | None) -> None:
    codes_or_period(codes, period)
    if not codes and not period:
        raise click.UsageError("Hãy chỉ mã hồ sơ, hoặc --period (và --unit) cho cả kỳ.")
    if unit and not period:
        raise click.UsageError("--unit chỉ dùng cùng --period.")


# --- issue --------------------------------------------------------------------------------


@click.command()
@click.argument("codes", nargs=-1)
@click.option("--number", help='Số phiếu gõ tay, ví dụ "05/PXL-TNMT" (chỉ cho một hồ sơ).')
@click.option(
    "--auto-number", is_flag=True, help="Cấp số kế tiếp của đơn vị trong năm của ngày ban hành."
)
@click.option("--on", "on", type=DATE, help="Ngày ban hành (mặc định hôm nay).")
@click.option("--signer", help="Người thực ký, nếu khác người ghi trong dự thảo.")
@click.option("--acting", is_flag=True, help="Với --signer: cấp phó ký thay (KT.).")
@click.option(
    "--period", type=PERIOD, help="Ban hành mọi phiếu dự thảo của kỳ (cần --auto-number)."
)
@click.option("--unit", help="Với --period: chỉ đơn vị này.")
@click.option("--yes", "-y", is_flag=True, help="Với --period: không hỏi xác nhận.")
@format_option()
@pass_app
def issue(
    app: AppContext,
    codes: tuple[str, ...],
    number: str | None,
    auto_number: bool,
    on: dt.date | None,
    signer: str | None,
    acting: bool,
    period: Period | None,
    unit: str | None,
    yes: bool,
    fmt: str,
) -> None:
    """Cấp số và ban hành phiếu xin lỗi của hồ sơ CODES (hoặc cả kỳ --period).

    Số chạy theo đơn vị ban hành và năm của ngày ban hành, dạng theo cấu hình
    letter_number_format (mặc định {n:02d}/PXL-{abbr}, ví dụ 05/PXL-TNMT).
    """
    from tracker.services.publications import (
        NumberFormat,
        drafts_to_issue,
        issue_letter,
    )

    _one_or_batch(codes, period, unit)
    if period and not auto_number:
        raise click.UsageError("Ban hành cả kỳ cần --auto-number.")
    if bool(number) == auto_number:
        raise click.UsageError("Hãy dùng đúng một trong --number hoặc --auto-number.")
    if number and len(codes) > 1:
        raise click.UsageError("--number chỉ dùng cho một hồ sơ; nhiều hồ sơ dùng --auto-number.")
    number_format = NumberFormat(app.settings.letter_number_format)
    try:
        with app.session() as session:
            targets = codes or drafts_to_issue(
                session, period=str(period), unit=unit, today=app.today
            )
            issued = [
                issue_letter(
                    session,
                    code,
                    number=number,
                    on=on,
                    number_format=number_format,
                    today=app.today,
                    actor=app.actor,
                    signer=signer,
                    acting=acting,
                )
                for code in targets
            ]
            if period and issued:
                confirm_batch(
                    [
                        f"Sẽ ban hành {len(issued)} phiếu ngày {format_date(issued[0].issued_on)} "
                        f"({_count_by_unit([i.unit for i in issued])}):",
                        *(f"  {i.number:<18} {i.code}  {i.unit_name}" for i in issued),
                    ],
                    yes=yes,
                )
    except _Declined:
        info("Đã hủy: không có thay đổi nào.")
        return
    if not issued:
        info(f"Kỳ {period}: không có phiếu dự thảo nào để ban hành.")
        return
    emit(
        fmt,
        ["Mã hồ sơ", "Số phiếu", "Ngày ban hành", "Đơn vị", "Người ký", "Thư muộn"],
        [
            [
                i.code,
                i.number,
                format_date(i.issued_on),
                i.unit_name,
                i.signer,
                "CÓ" if i.late_apology else "không",
            ]
            for i in issued
        ],
        issued,
        title=f"Phiếu đã ban hành ({len(issued)})",
    )


# --- publish ------------------------------------------------------------------------------


def _channel(portal: bool, onestop: bool) -> str:
    if portal == onestop:
        raise click.UsageError("Hãy chọn đúng một kênh: --portal hoặc --onestop.")
    return "portal" if portal else "onestop"


def _posted_rows(posted: Sequence[Posted]) -> list[list[str]]:
    return [
        [
            p.code,
            p.number or "",
            CHANNEL_LABELS[p.channel],
            format_date(p.published_on),
            p.url or p.ref or "",
            "đã công khai đủ" if p.published else "còn thiếu kênh kia",
        ]
        for p in posted
    ]


@click.command()
@click.argument("codes", nargs=-1)
@click.option("--portal", is_flag=True, help="Đã đăng trên Cổng thông tin điện tử (cần --url).")
@click.option("--onestop", is_flag=True, help="Đã cập nhật trên hệ thống một cửa điện tử.")
@click.option("--url", help="Địa chỉ bài đăng trên Cổng (http:// hoặc https://).")
@click.option("--ref", help="Số tham chiếu trên hệ thống một cửa (nếu có).")
@click.option("--on", "on", type=DATE, help="Ngày đăng/cập nhật (mặc định hôm nay).")
@click.option("--period", type=PERIOD, help="Mọi phiếu đã ban hành của kỳ chưa có trên kênh này.")
@click.option("--unit", help="Với --period: chỉ đơn vị này.")
@click.option(
    "--url-template",
    help="Với --period --portal: địa chỉ theo mã hồ sơ, ví dụ https://…/xin-loi/{code}.",
)
@click.option("--yes", "-y", is_flag=True, help="Với --period: không hỏi xác nhận.")
@format_option()
@pass_app
def publish(
    app: AppContext,
    codes: tuple[str, ...],
    portal: bool,
    onestop: bool,
    url: str | None,
    ref: str | None,
    on: dt.date | None,
    period: Period | None,
    unit: str | None,
    url_template: str | None,
    yes: bool,
    fmt: str,
) -> None:
    """Ghi nhận phiếu của hồ sơ CODES đã đăng trên Cổng thông tin (--portal --url) hoặc đã cập
    nhật trên hệ thống một cửa (--onestop [--ref]). Phiếu phải đã ban hành; đăng đủ hai kênh
    thì phiếu «đã công khai»."""
    from tracker.services.publications import publish_letter, publish_many, unposted

    channel = _channel(portal, onestop)
    _one_or_batch(codes, period, unit)
    if (channel == "portal" and ref) or (channel == "onestop" and (url or url_template)):
        raise click.UsageError("--url/--url-template dành cho --portal, --ref cho --onestop.")
    if period and (url or ref):
        raise click.UsageError("--url/--ref dành cho từng hồ sơ; cả kỳ dùng --url-template.")
    if codes and url_template:
        raise click.UsageError("--url-template chỉ dùng với --period.")
    if url and len(codes) > 1:
        raise click.UsageError("--url chỉ dùng cho một hồ sơ.")
    try:
        with app.session() as session:
            if codes:
                posted = [
                    publish_letter(
                        session,
                        code,
                        channel,
                        url=url,
                        ref=ref,
                        on=on,
                        today=app.today,
                        actor=app.actor,
                    )
                    for code in codes
                ]
            else:
                targets = unposted(
                    session, channel=channel, period=str(period), unit=unit, today=app.today
                )
                posted = publish_many(
                    session,
                    targets,
                    channel,
                    url_template=url_template,
                    on=on,
                    today=app.today,
                    actor=app.actor,
                )
                if posted:
                    confirm_batch(
                        [
                            f"Sẽ ghi nhận {len(posted)} phiếu trên {CHANNEL_LABELS[channel]} "
                            f"ngày {format_date(posted[0].published_on)}:",
                            *(f"  {p.number or '':<18} {p.code}  {p.url or ''}" for p in posted),
                        ],
                        yes=yes,
                    )
    except _Declined:
        info("Đã hủy: không có thay đổi nào.")
        return
    if not posted:
        info(f"Kỳ {period}: không có phiếu đã ban hành nào còn thiếu trên kênh này.")
        return
    emit(
        fmt,
        ["Mã hồ sơ", "Số phiếu", "Kênh", "Ngày", "Địa chỉ / số tham chiếu", "Tình trạng"],
        _posted_rows(posted),
        posted,
        title=f"Đã ghi nhận công khai ({len(posted)})",
    )


# --- withdraw / correct -------------------------------------------------------------------


@click.command()
@click.argument("code")
@click.option("--portal", is_flag=True, help="Bài đăng trên Cổng thông tin.")
@click.option("--onestop", is_flag=True, help="Bản ghi trên hệ thống một cửa.")
@click.option("--why", required=True, help="Lý do sửa hoặc gỡ (bắt buộc, ghi vào nhật ký).")
@click.option("--correct-url", help="Sửa: địa chỉ đúng của bài đăng trên Cổng.")
@click.option("--correct-ref", help="Sửa: số tham chiếu đúng trên hệ thống một cửa.")
@click.option("--on", "on", type=DATE, help="Ngày sửa/gỡ (mặc định hôm nay).")
@pass_app
def withdraw(
    app: AppContext,
    code: str,
    portal: bool,
    onestop: bool,
    why: str,
    correct_url: str | None,
    correct_ref: str | None,
    on: dt.date | None,
) -> None:
    """Gỡ (hoặc sửa, với --correct-url / --correct-ref) lần công khai của phiếu hồ sơ CODE.

    Bản ghi cũ được giữ lại với ngày gỡ và lý do; lịch sử (`tracker history CODE`) có cả hai.
    """
    from tracker.services.publications import CHANNEL_NAMES, withdraw_publication

    channel = _channel(portal, onestop)
    if correct_url and correct_ref:
        raise click.UsageError("Chỉ dùng --correct-url hoặc --correct-ref.")
    with app.session() as session:
        done = withdraw_publication(
            session,
            code,
            channel,
            why=why,
            correct_url=correct_url,
            correct_ref=correct_ref,
            on=on,
            today=app.today,
            actor=app.actor,
        )
    old = done.old_url or done.old_ref or ""
    if done.corrected:
        new = done.corrected.url or done.corrected.ref or ""
        info(
            f"Đã sửa công khai phiếu hồ sơ {done.code} trên {CHANNEL_NAMES[channel]}: "
            f"{old or '(trống)'} → {new or '(trống)'} (lý do: {done.why})."
        )
    else:
        info(
            f"Đã gỡ công khai phiếu hồ sơ {done.code} trên {CHANNEL_NAMES[channel]} ngày "
            f"{format_date(done.withdrawn_on)} (lý do: {done.why}); phiếu trở lại «đã ban hành»."
        )


# --- pending and late ---------------------------------------------------------------------


@click.command()
@click.option(
    "--channel",
    type=click.Choice(["portal", "onestop"]),
    help="Chỉ phiếu còn thiếu trên kênh này.",
)
@click.option("--unit", help="Chỉ đơn vị này.")
@format_option()
@pass_app
def pending(app: AppContext, channel: str | None, unit: str | None, fmt: str) -> None:
    """Phiếu đã ban hành nhưng chưa công khai đủ, ban hành sớm nhất trước, kèm số ngày làm
    việc đã chờ."""
    from tracker.services.publications import pending_letters

    with app.session(reading_only=True) as session:
        rows = pending_letters(session, channel=channel, unit=unit, today=app.today)
    emit(
        fmt,
        ["Mã hồ sơ", "Số phiếu", "Đơn vị", "Ngày ban hành", "Chờ (ngày làm việc)", "Còn thiếu"],
        [
            [
                p.code,
                p.number or "",
                p.unit_name,
                format_date(p.issued_on),
                str(p.age),
                ", ".join(CHANNEL_LABELS[c] for c in p.missing),
            ]
            for p in rows
        ],
        rows,
        title=f"Phiếu chờ công khai ({len(rows)})",
        empty="Mọi phiếu đã ban hành đều đã công khai đủ.",
    )


LATE_STEPS = {"draft": "soạn sau hạn", "issue": "ban hành sau hạn", None: "đúng hạn"}


@click.command()
@click.option("--period", type=PERIOD, help="Kỳ (tháng) của hồ sơ.")
@click.option("--unit", help="Chỉ đơn vị này.")
@click.option("--all", "show_all", is_flag=True, help="Kể cả phiếu gửi đúng hạn.")
@format_option()
@pass_app
def late(
    app: AppContext, period: Period | None, unit: str | None, show_all: bool, fmt: str
) -> None:
    """Phiếu xin lỗi gửi muộn: soạn hoặc ban hành sau ngày hẹn trả trừ 1 ngày làm việc
    (Nghị định 61/2018/NĐ-CP, Điều 19 khoản 9)."""
    from tracker.services.publications import apology_timings

    with app.session(reading_only=True) as session:
        rows = apology_timings(
            session,
            period=str(period) if period else None,
            unit=unit,
            today=app.today,
            include_on_time=True,
        )
    late_count = sum(t.late for t in rows)
    shown = rows if show_all else [t for t in rows if t.late]
    emit(
        fmt,
        [
            "Mã hồ sơ",
            "Đơn vị",
            "Hẹn trả",
            "Hạn gửi thư",
            "Ngày soạn",
            "Ngày ban hành",
            "Đánh giá",
            "Muộn (ngày làm việc)",
        ],
        [
            [
                t.code,
                t.unit_name,
                format_date(t.due_at),
                format_date(t.deadline),
                format_date(t.drafted_on),
                format_date(t.issued_on) or "chưa ban hành",
                "THƯ MUỘN — " + LATE_STEPS[t.late_step] if t.late else "đúng hạn",
                str(t.days_after) if t.late else "",
            ]
            for t in shown
        ],
        shown,
        title=f"Thư xin lỗi gửi muộn ({late_count})" if not show_all else "Thời điểm gửi thư",
        empty="Không có thư xin lỗi nào gửi muộn.",
    )
    info(f"{len(rows) - late_count} thư đúng hạn, {late_count} thư muộn.")


# --- demo ---------------------------------------------------------------------------------

DEMO_PORTAL = "https://congthongtin.godau.example/xin-loi/{code}"


def demo_step(app: AppContext, directory: Path) -> None:
    """The demo's lifecycle step: issue two thirds of the drafted letters with automatic
    numbers, post some on the portal (INVENTED addresses on an example domain) and record some
    in the one-stop system, so that every state appears; then one head's reminder."""
    from tracker.cli.cases import LETTER_LABELS
    from tracker.cli.remind import print_reminders
    from tracker.reports.remind import render_docx
    from tracker.services.dossiers import CaseFilter, list_cases
    from tracker.services.letters import TEMPLATE_NAME, RenderRequest, render_letters
    from tracker.services.presets import organisation
    from tracker.services.publications import NumberFormat, issue_many, publish_letter
    from tracker.services.remind import reminders

    with app.session() as session:
        drafts = [r.code for r in list_cases(session, CaseFilter(letter="draft"), today=app.today)]
        issued = issue_many(
            session,
            drafts[: len(drafts) * 2 // 3],
            on=None,
            number_format=NumberFormat(app.settings.letter_number_format),
            today=app.today,
            actor=app.actor,
        )
        # A half on both channels (published), a quarter on the portal only, the rest waiting.
        both, portal_only = issued[: len(issued) // 2], issued[len(issued) // 2 :][::2]
        for letter in both + portal_only:
            url = DEMO_PORTAL.format(code=letter.code)
            publish_letter(
                session, letter.code, "portal", url=url, today=app.today, actor=app.actor
            )
        for index, letter in enumerate(both, start=1):
            ref = f"MC-{app.today:%Y%m}-{index:03d}"
            publish_letter(
                session, letter.code, "onestop", ref=ref, today=app.today, actor=app.actor
            )
        # The signed copies: an issued letter is rendered again with its number, as a new
        # version beside the draft's file (an issued letter's file is never overwritten).
        numbered = render_letters(
            session,
            RenderRequest(
                codes=tuple(letter.code for letter in issued), out_dir=directory / "letters"
            ),
            template_path=app.settings.templates_dir / TEMPLATE_NAME,
            number_format=app.settings.letter_number_format,
            today=app.today,
            actor=app.actor,
        )
        states = Counter(
            r.letter.status if r.letter else None
            for r in list_cases(session, CaseFilter(), today=app.today)
        )
        report = reminders(session, head=None, today=app.today)
        one_head = reminders(session, head="ktht", today=app.today)
        path = render_docx(report, organisation(session), directory / "nhac-viec.docx")
    click.echo(
        f"Đã ban hành {len(issued)} phiếu (số tự động theo đơn vị), đăng Cổng thông tin "
        f"{len(both) + len(portal_only)} phiếu và cập nhật hệ thống một cửa {len(both)} phiếu. "
        f"Địa chỉ bài đăng là BỊA, trên tên miền ví dụ: {DEMO_PORTAL}."
    )
    click.echo(
        f"Bản có số của {len(numbered.files)} phiếu đã ban hành: {directory / 'letters'}/*-v2.docx"
    )
    click.echo(
        "Tình trạng thư xin lỗi: "
        + "; ".join(f"{LETTER_LABELS[state]}: {states[state]}" for state in LETTER_LABELS)
        + "."
    )
    click.echo("Việc còn nợ của Trưởng phòng Kinh tế và Hạ tầng (tracker remind --head ktht):")
    print_reminders(one_head)
    click.echo(f"Bản in cho từng người đứng đầu: {path}")
