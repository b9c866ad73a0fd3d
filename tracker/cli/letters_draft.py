"""`tracker letters draft`: the letter's first step."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.next_steps import said
from tracker.cli.output import emit, format_option, info
from tracker.cli.params import DATE, PERIOD, codes_or_period
from tracker.dates import Period, format_date
from tracker.law.regime import KIND_LABELS, KINDS

if TYPE_CHECKING:
    from tracker.services.letter_draft import DraftOutcome, DraftResult

# Exit code when a batch did part of its work (some dossiers skipped), as `tracker import` does.
EXIT_PARTIAL = 3


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
                "kind": o.kind,
                "regime": o.regime,
                "form": o.form,
                "old_due_at": o.old_due_at,
                "new_due_at": o.new_due_at,
                "returned_at": o.returned_at,
                "days_late": o.days_late,
                "signer_name": o.signer_name,
                "signer_title": o.signer_title,
                "acting": o.acting,
                "apology_deadline": o.apology_deadline,
                "late_apology": o.late_apology,
            }
            for o in result.drafted
        ],
        "skipped": [{"code": s.code, "why": said(s.why, s.step)} for s in result.skipped],
        "counts": {kind: result.count(kind) for kind in KINDS},
    }


@click.command()
@click.argument("codes", nargs=-1)
@click.option("--period", type=PERIOD, help="Soạn cho mọi hồ sơ trễ hạn của kỳ chưa có thư.")
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
@click.option(
    "--force",
    is_flag=True,
    help="Cho phép thư mà quy định không cho: hẹn lại lần hai sau khi thư đã ban hành, hoặc thư "
    "cho hồ sơ không trễ hạn.",
)
@click.option("--why", help="Với --force: lý do (ghi vào nhật ký và vào thư).")
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
    """Soạn thư xin lỗi cho hồ sơ MÃ (hoặc mọi hồ sơ trễ hạn của kỳ --period), đúng loại:
    hồ sơ chưa có kết quả thì thư xin lỗi và hẹn lại ngày trả (mẫu của chế độ pháp lý theo
    ngày của hồ sơ); hồ sơ đã trả kết quả trễ hạn thì thư xin lỗi, không hẹn ngày mới. Hồ sơ
    không trễ hạn không có thư.

    Soạn lại khi thư còn là dự thảo thì cập nhật dự thảo đó (và chọn lại loại thư). Thư gửi
    sau hạn gửi thư xin lỗi của chế độ pháp lý được đánh dấu là thư muộn.

    Mã thoát: 0 xong; 3 (với --period) có hồ sơ bị bỏ qua, lý do in ra từng hồ sơ; 1 bị từ
    chối, không soạn thư nào.
    """
    from tracker.services.letter_draft import DRAFT_ACTIONS, DraftRequest, draft_letters

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
            KIND_LABELS[o.kind],
            o.regime,
            o.old_due_at,
            o.new_due_at or f"đã có kết quả {format_date(o.returned_at)}",
            _signature(o),
            f"CÓ (hạn gửi {format_date(o.apology_deadline)})" if o.late_apology else "không",
        ]
        for o in result.drafted
    ]
    emit(
        fmt,
        [
            "Mã hồ sơ",
            "Việc",
            "Loại thư",
            "Chế độ",
            "Hẹn trả cũ",
            "Hẹn trả mới",
            "Người ký",
            "Thư muộn",
        ],
        rows,
        draft_json(result),
        title=f"Thư xin lỗi đã soạn ({len(rows)})",
        empty="Không có hồ sơ nào cần soạn thư.",
    )
    if result.drafted:
        info(
            f"Đã soạn {result.count('reschedule')} thư xin lỗi và hẹn lại ngày trả (hồ sơ chưa "
            f"có kết quả), {result.count('apology')} thư xin lỗi cho hồ sơ đã trả kết quả trễ hạn."
        )
    late = [o.code for o in result.drafted if o.late_apology]
    if late:
        info(f"{len(late)} thư gửi muộn (sau hạn gửi thư xin lỗi): {', '.join(late)}.")
    for skipped in result.skipped:
        info(f"Bỏ qua hồ sơ {skipped.code}: {said(skipped.why, skipped.step)}.")
    if result.skipped:
        ctx.exit(EXIT_PARTIAL)
