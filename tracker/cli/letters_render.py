"""`tracker letters render`: letters to DOCX (and PDF), each file kept with its sha256."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.cases import LETTER_LABELS
from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import emit, format_option, info
from tracker.cli.params import PERIOD, codes_or_period
from tracker.dates import Period

if TYPE_CHECKING:
    from tracker.services.letter_render import RenderResult


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


def render_json(result: RenderResult) -> dict[str, Any]:
    return {
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
    }


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
@format_option("table", "csv", "json")
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
    """In phiếu xin lỗi của các hồ sơ MÃ (hoặc cả kỳ --period) ra DOCX theo Mẫu 04.

    Phiếu đã ban hành không bao giờ bị ghi đè: in lại tạo phiên bản mới (<mã>-v2.docx) và
    nhật ký ghi lại. Mỗi tệp được lưu cùng mã sha256.
    """
    from tracker.services.letter_render import TEMPLATE_NAME, RenderRequest, render_letters

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
        render_json(result),
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
