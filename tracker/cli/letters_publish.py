"""`tracker letters publish` and `tracker letters withdraw`: the letter on the district portal
and in the one-stop system, and the correction or withdrawal of such a record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.batch import Declined, confirm_batch, one_or_batch
from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import emit, format_option, info
from tracker.cli.params import DATE, PERIOD
from tracker.dates import Period, format_date

if TYPE_CHECKING:
    from tracker.services.letter_publish import Posted

CHANNEL_LABELS = {"portal": "Cổng TTĐT", "onestop": "Một cửa"}


def _channel(portal: bool, onestop: bool) -> str:
    if portal == onestop:
        raise click.UsageError("Hãy chọn đúng một kênh: --portal hoặc --onestop.")
    return "portal" if portal else "onestop"


def posted_json(posted: Sequence[Posted]) -> list[dict[str, Any]]:
    return [
        {
            "code": p.code,
            "number": p.number,
            "channel": p.channel,
            "published_on": p.published_on,
            "url": p.url,
            "ref": p.ref,
            "published": p.published,
            "public_copy": str(p.public_copy) if p.public_copy else None,
        }
        for p in posted
    ]


def _posted_rows(posted: Sequence[Posted]) -> list[list[Any]]:
    return [
        [
            p.code,
            p.number,
            CHANNEL_LABELS[p.channel],
            p.published_on,
            p.url or p.ref,
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
@click.option(
    "--public-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Với --portal: thư mục bản công khai (che tên) được đăng; mặc định thư mục cong-khai "
    "cạnh bản in của thư. Bản công khai chưa có thì được in.",
)
@click.option("--yes", "-y", is_flag=True, help="Với --period: không hỏi xác nhận.")
@format_option("table", "csv", "json")
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
    public_dir: Path | None,
    yes: bool,
    fmt: str,
) -> None:
    """Ghi nhận thư của hồ sơ MÃ đã đăng trên Cổng thông tin (--portal --url) hoặc đã cập
    nhật trên hệ thống một cửa (--onestop [--ref]). Thư phải đã ban hành; đăng đủ hai kênh
    thì thư «đã công khai». Đăng Cổng thông tin là đăng bản công khai (che tên, bỏ địa chỉ,
    điện thoại): bản đó được in nếu chưa có và được nêu tên."""
    from tracker.output_files import OutputBatch
    from tracker.services.letter_publish import PublishRequest, publish_letters
    from tracker.services.letter_render import PublicCopies

    channel = _channel(portal, onestop)
    one_or_batch(codes, period, unit)
    if (channel == "portal" and ref) or (channel == "onestop" and (url or url_template)):
        raise click.UsageError("--url/--url-template dành cho --portal, --ref cho --onestop.")
    if period and (url or ref):
        raise click.UsageError("--url/--ref dành cho từng hồ sơ; cả kỳ dùng --url-template.")
    if codes and url_template:
        raise click.UsageError("--url-template chỉ dùng với --period.")
    if url and len(codes) > 1:
        raise click.UsageError("--url chỉ dùng cho một hồ sơ.")
    if public_dir and channel != "portal":
        raise click.UsageError("--public-dir chỉ dùng với --portal.")
    request = PublishRequest(
        channel=channel,
        codes=codes,
        period=period,
        unit=unit,
        url=url,
        ref=ref,
        url_template=url_template,
        on=on,
        copies=PublicCopies(
            public_dir, app.settings.templates_dir, app.settings.letter_number_format
        ),
    )
    try:
        # The masked copies go into place after the database has recorded them.
        with OutputBatch() as outputs, app.session() as session:
            posted = publish_letters(
                session, request, outputs=outputs, today=app.today, actor=app.actor
            )
            if period and posted:
                confirm_batch(
                    [
                        f"Sẽ ghi nhận {len(posted)} phiếu trên {CHANNEL_LABELS[channel]} "
                        f"ngày {format_date(posted[0].published_on)}:",
                        *(f"  {p.number or '':<18} {p.code}  {p.url or ''}" for p in posted),
                    ],
                    yes=yes,
                )
    except Declined:
        info("Đã hủy: không có thay đổi nào.")
        return
    if not posted:
        info(f"Kỳ {period}: không có phiếu đã ban hành nào còn thiếu trên kênh này.")
        return
    emit(
        fmt,
        ["Mã hồ sơ", "Số phiếu", "Kênh", "Ngày", "Địa chỉ / số tham chiếu", "Tình trạng"],
        _posted_rows(posted),
        posted_json(posted),
        title=f"Đã ghi nhận công khai ({len(posted)})",
    )
    for p in posted:
        if p.public_copy:
            info(f"Hồ sơ {p.code}: bản đăng Cổng thông tin (che tên) là {p.public_copy}")


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
    """Gỡ (hoặc sửa, với --correct-url / --correct-ref) lần công khai của phiếu hồ sơ MÃ.

    Bản ghi cũ được giữ lại với ngày gỡ và lý do; lịch sử (`tracker history MÃ`) có cả hai.
    """
    from tracker.services.letter_publish import withdraw_publication
    from tracker.services.letter_steps import CHANNEL_NAMES

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
