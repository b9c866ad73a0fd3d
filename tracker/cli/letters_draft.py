"""`tracker letters draft` and `tracker letters render`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.cases import LETTER_LABELS
from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import emit, format_option, info
from tracker.cli.params import DATE, PERIOD, codes_or_period
from tracker.dates import Period, format_date

if TYPE_CHECKING:
    from tracker.services.letters import DraftOutcome

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
@format_option()
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
    """Soạn phiếu xin lỗi và hẹn lại ngày trả kết quả cho hồ sơ CODES (hoặc cả kỳ --period).

    Soạn lại khi phiếu còn là dự thảo thì cập nhật dự thảo đó. Phiếu gửi sau hạn
    (ngày hẹn trả trừ 1 ngày làm việc) được đánh dấu là thư muộn.
    """
    from tracker.services.letters import DraftRequest, draft_letters

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
            format_date(o.old_due_at),
            format_date(o.new_due_at),
            _signature(o),
            f"CÓ (hạn gửi {format_date(o.apology_deadline)})" if o.late_apology else "không",
        ]
        for o in result.drafted
    ]
    emit(
        fmt,
        ["Mã hồ sơ", "Việc", "Hẹn trả cũ", "Hẹn trả mới", "Người ký", "Thư muộn"],
        rows,
        result,
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


class _ProgressBar:
    """A rich progress bar on stderr for batches, only when stderr is a terminal."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._progress is None:
            if total < 2 or not sys.stderr.isatty():
                return
            from rich.progress import Progress

            from tracker.cli.output import console

            self._progress = Progress(console=console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task("In phiếu", total=total)
        self._progress.update(self._task, completed=done)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


@click.command()
@click.argument("codes", nargs=-1)
@click.option("--period", type=PERIOD, help="In mọi phiếu (còn hiệu lực) của hồ sơ thuộc kỳ.")
@click.option("--unit", help="Với --period: chỉ đơn vị này.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("phieu-xin-loi"),
    show_default=True,
    help="Thư mục ghi các tệp DOCX (mỗi phiếu một tệp).",
)
@click.option(
    "--combined",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Ghi thêm một tệp DOCX gộp mọi phiếu, mỗi phiếu một trang, để in một lần.",
)
@click.option(
    "--public",
    is_flag=True,
    help="Bản đăng Cổng thông tin: che tên (họ + chữ cái đầu), bỏ địa chỉ, điện thoại, e-mail.",
)
@click.option(
    "--pdf",
    is_flag=True,
    help="Xuất PDF bằng LibreOffice (tệp gộp nếu có --combined, nếu không thì từng phiếu).",
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Mẫu DOCX đã chỉnh sửa (mặc định: mau-04-xin-loi.docx trong thư mục mẫu).",
)
@format_option()
@pass_app
def render(
    app: AppContext,
    codes: tuple[str, ...],
    period: Period | None,
    unit: str | None,
    out_dir: Path,
    combined: Path | None,
    public: bool,
    pdf: bool,
    template: Path | None,
    fmt: str,
) -> None:
    """In phiếu xin lỗi của hồ sơ CODES (hoặc cả kỳ --period) ra DOCX theo Mẫu 04.

    Phiếu đã ban hành không bao giờ bị ghi đè: in lại tạo phiên bản mới (<mã>-v2.docx) và
    nhật ký ghi lại. Mỗi tệp được lưu cùng mã sha256.
    """
    from tracker.services.letters import TEMPLATE_NAME, RenderRequest, render_letters

    request = RenderRequest(
        codes=codes,
        period=codes_or_period(codes, period),
        unit=unit,
        out_dir=out_dir,
        combined=combined,
        public=public,
        pdf=pdf,
    )
    progress = _ProgressBar()
    try:
        with app.session() as session:
            result = render_letters(
                session,
                request,
                template_path=template or app.settings.templates_dir / TEMPLATE_NAME,
                number_format=app.settings.letter_number_format,
                today=app.today,
                actor=app.actor,
                on_progress=progress,
            )
    finally:
        progress.close()
    emit(
        fmt,
        ["Mã hồ sơ", "Tình trạng", "Phiên bản", "Tệp", "sha256"],
        [
            [
                f.code,
                LETTER_LABELS.get(f.status, f.status),
                str(f.version),
                str(f.path),
                f.sha256[:12],
            ]
            for f in result.files
        ],
        {
            "files": [
                {
                    "code": f.code,
                    "status": f.status,
                    "version": f.version,
                    "public": f.public,
                    "path": str(f.path),
                    "sha256": f.sha256,
                    "new_version": f.new_version,
                }
                for f in result.files
            ],
            "combined": str(result.combined) if result.combined else None,
            "pdfs": [str(p) for p in result.pdfs],
            "template": str(result.template),
            "template_sha256": result.template_sha256,
        },
        title=f"Phiếu đã in ({len(result.files)})" + (" — bản công khai" if public else ""),
        empty="Không có phiếu nào để in: soạn phiếu trước bằng `tracker letters draft`.",
    )
    for rendered in result.files:
        if rendered.new_version:
            info(
                f"Hồ sơ {rendered.code}: phiếu đã ban hành, bản in lại là phiên bản "
                f"{rendered.version} ({rendered.path.name}); tệp cũ được giữ nguyên."
            )
    if result.combined:
        info(f"Tệp gộp để in: {result.combined}")
    for pdf_path in result.pdfs:
        info(f"PDF: {pdf_path}")


# Reasons for the demo's dossiers that came without one: INVENTED, and marked as such.
DEMO_REASONS = (
    "Hồ sơ phải lấy ý kiến cơ quan liên quan nhưng chưa nhận được văn bản trả lời (lý do minh họa).",
    "Cán bộ thụ lý phải kiểm tra, xác minh thực địa (lý do minh họa).",
    "Hồ sơ cần bổ sung giấy tờ, người dân chưa nộp đủ (lý do minh họa).",
)


def demo_step(app: AppContext, directory: Path) -> None:
    """The demo's letters step: invented reasons where missing, a letter for every late dossier
    of the month, each rendered into DIR/letters, one combined printable file, public copies."""
    from tracker.demo_data import DEMO_PERIOD
    from tracker.services.dossiers import CaseFilter, list_cases, set_reason
    from tracker.services.letters import (
        TEMPLATE_NAME,
        DraftRequest,
        RenderRequest,
        RenderResult,
        draft_letters,
        render_letters,
    )

    out = directory / "letters"
    combined = out / "tat-ca-phieu.docx"
    with app.session() as session:
        late = list_cases(session, CaseFilter(period=DEMO_PERIOD, status="late"), today=app.today)
        missing = [row.code for row in late if not row.reason]
        for index, code in enumerate(missing):
            set_reason(session, code, DEMO_REASONS[index % len(DEMO_REASONS)], actor=app.actor)
        drafted = draft_letters(
            session,
            DraftRequest(period=DEMO_PERIOD),
            today=app.today,
            actor=app.actor,
            default_days=app.settings.letter_days,
        )

        def render_into(request: RenderRequest) -> RenderResult:
            return render_letters(
                session,
                request,
                template_path=app.settings.templates_dir / TEMPLATE_NAME,
                number_format=app.settings.letter_number_format,
                today=app.today,
                actor=app.actor,
            )

        full = render_into(RenderRequest(period=DEMO_PERIOD, out_dir=out, combined=combined))
        public = render_into(
            RenderRequest(period=DEMO_PERIOD, out_dir=out / "cong-khai", public=True)
        )
    late_count = sum(o.late_apology for o in drafted.drafted)
    click.echo(
        f"Đã ghi lý do minh họa (BỊA) cho {len(missing)} hồ sơ chưa có lý do; đã soạn "
        f"{len(drafted.drafted)} phiếu, trong đó {late_count} phiếu gửi muộn (sau ngày hẹn trả "
        "trừ 1 ngày làm việc)."
    )
    click.echo(f"Từng phiếu (DOCX): {out}/ — {len(full.files)} tệp")
    click.echo(f"Tệp gộp để in một lần: {combined}")
    click.echo(
        f"Bản công khai (che tên, bỏ địa chỉ, điện thoại): {out / 'cong-khai'}/ — "
        f"{len(public.files)} tệp"
    )
    click.echo(
        f"PDF (cần LibreOffice): tracker --db {directory / 'tracker.db'} letters render "
        f"--period {DEMO_PERIOD} --out {out} --combined {combined} --pdf"
    )
