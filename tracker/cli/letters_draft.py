"""`tracker letters draft`: the letter's first step."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import emit, format_option, info
from tracker.cli.params import DATE, PERIOD, codes_or_period
from tracker.dates import Period, format_date

if TYPE_CHECKING:
    from tracker.services.letter_draft import DraftOutcome, DraftResult

# Exit code when a batch did part of its work (some dossiers skipped), as `tracker import` does.
EXIT_PARTIAL = 3

DRAFT_ACTIONS = {
    "created": "soạn mới",
    "updated": "cập nhật dự thảo",
    "unchanged": "không đổi",
    "superseded": "hẹn lại lần hai",
}


def _signature(outcome: DraftOutcome) -> str:
    if outcome.acting:
        return f"{outcome.signer_name} (KT. {outcome.signer_title})"
    return f"{outcome.signer_name} ({outcome.signer_title})"


def draft_json(result: DraftResult) -> dict[str, Any]:
    return {
        "drafted": [
            {
                "code": o.code,
                "action": o.action,
                "seq": o.seq,
                "old_due_at": o.old_due_at,
                "new_due_at": o.new_due_at,
                "signer_name": o.signer_name,
                "signer_title": o.signer_title,
                "acting": o.acting,
                "apology_deadline": o.apology_deadline,
                "late_apology": o.late_apology,
            }
            for o in result.drafted
        ],
        "skipped": [{"code": s.code, "why": s.why} for s in result.skipped],
    }


@click.command()
@click.argument("codes", nargs=-1)
@click.option("--period", type=PERIOD, help="Soạn cho mọi hồ sơ trễ hạn của kỳ chưa có phiếu.")
@click.option("--unit", help="Với --period: chỉ đơn vị này.")
@click.option("--new-date", type=DATE, help="Ngày hẹn trả mới (phải là ngày làm việc).")
@click.option(
    "--days",
    type=int,
    help="Hẹn trả sau N ngày làm việc kể từ hôm nay (mặc định theo cấu hình letter_days).",
)
@click.option("--reason", help="Lý do trễ hạn (cũng ghi vào hồ sơ).")
@click.option("--signer", help="Người ký, nếu không phải người đứng đầu đơn vị.")
@click.option(
    "--acting", is_flag=True, help="Cấp phó ký thay: KT. TRƯỞNG PHÒNG / PHÓ TRƯỞNG PHÒNG."
)
@click.option("--force", is_flag=True, help="Cho phép hẹn lại lần hai sau khi phiếu đã ban hành.")
@click.option("--why", help="Với --force: lý do hẹn lại lần hai (ghi vào nhật ký).")
@format_option("table", "csv", "json")
@click.pass_context
@pass_app
def draft(
    app: AppContext,
    ctx: click.Context,
    codes: tuple[str, ...],
    period: Period | None,
    unit: str | None,
    new_date: dt.date | None,
    days: int | None,
    reason: str | None,
    signer: str | None,
    acting: bool,
    force: bool,
    why: str | None,
    fmt: str,
) -> None:
    """Soạn phiếu xin lỗi và hẹn lại ngày trả kết quả cho các hồ sơ MÃ (hoặc cả kỳ --period).

    Soạn lại khi phiếu còn là dự thảo thì cập nhật dự thảo đó. Phiếu gửi sau hạn
    (ngày hẹn trả trừ 1 ngày làm việc) được đánh dấu là thư muộn.

    Mã thoát: 0 xong; 3 (với --period) có hồ sơ bị bỏ qua, lý do in ra từng hồ sơ; 1 bị từ
    chối, không soạn phiếu nào.
    """
    from tracker.services.letter_draft import DraftRequest, draft_letters

    batch_period = codes_or_period(codes, period)
    if new_date and days is not None:
        raise click.UsageError("Chỉ dùng --new-date hoặc --days, không dùng cả hai.")
    request = DraftRequest(
        codes=codes,
        period=batch_period,
        unit=unit,
        new_date=new_date,
        days=days,
        reason=reason,
        signer=signer,
        acting=acting,
        force=force,
        why=why,
    )
    with app.session() as session:
        result = draft_letters(
            session,
            request,
            today=app.today,
            actor=app.actor,
            default_days=app.settings.letter_days,
        )
    rows = [
        [
            o.code,
            DRAFT_ACTIONS[o.action],
            o.old_due_at,
            o.new_due_at,
            _signature(o),
            f"CÓ (hạn gửi {format_date(o.apology_deadline)})" if o.late_apology else "không",
        ]
        for o in result.drafted
    ]
    emit(
        fmt,
        ["Mã hồ sơ", "Việc", "Hẹn trả cũ", "Hẹn trả mới", "Người ký", "Thư muộn"],
        rows,
        draft_json(result),
        title=f"Phiếu xin lỗi đã soạn ({len(rows)})",
        empty="Không có hồ sơ nào cần soạn phiếu.",
    )
    late = [o.code for o in result.drafted if o.late_apology]
    if late:
        info(
            f"{len(late)} phiếu gửi muộn (sau ngày hẹn trả trừ 1 ngày làm việc): {', '.join(late)}."
        )
    for skipped in result.skipped:
        info(f"Bỏ qua hồ sơ {skipped.code}: {skipped.why}.")
    if result.skipped:
        ctx.exit(EXIT_PARTIAL)
