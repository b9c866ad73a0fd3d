"""`tracker letters render`: letters to DOCX (and PDF), each file kept with its sha256."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.case_rows import LETTER_LABELS
from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import emit, format_option, info, overwrite_option
from tracker.cli.params import PERIOD, codes_or_period
from tracker.dates import Period
from tracker.law.regime import KIND_LABELS

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
            self._task = self._progress.add_task("In thư", total=total)
        self._progress.update(self._task, completed=done)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def render_json(result: RenderResult) -> dict[str, Any]:
    first = result.template
    return {
        "files": [
            {
                "code": f.code,
                "status": f.status,
                "kind": f.kind,
                "regime": f.regime,
                "template": f.template,
                "version": f.version,
                "public": f.public,
                "path": str(f.path),
                "sha256": f.sha256,
                "new_version": f.new_version,
                "unchanged": f.unchanged,
            }
            for f in result.files
        ],
        "combined": str(result.combined) if result.combined else None,
        "pdfs": [str(p) for p in result.pdfs],
        "template": str(first.path) if first else None,
        "template_sha256": first.sha256 if first else None,
        "templates": [
            {"name": t.name, "path": str(t.path), "sha256": t.sha256} for t in result.templates
        ],
        "notices": [
            {
                "unit": n.unit,
                "unit_name": n.unit_name,
                "date": n.day,
                "regime": n.regime,
                "path": str(n.path),
                "sha256": n.sha256,
                "codes": list(n.codes),
            }
            for n in result.notices
        ],
    }


@click.command()
@click.argument("codes", nargs=-1)
@click.option("--period", type=PERIOD, help="In mọi thư (còn hiệu lực) của hồ sơ thuộc kỳ.")
@click.option("--unit", help="Với --period: chỉ đơn vị này.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("phieu-xin-loi"),
    show_default=True,
    help="Thư mục ghi các tệp DOCX (mỗi thư một tệp).",
)
@click.option(
    "--combined",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Ghi thêm một tệp DOCX gộp mọi thư, mỗi thư một trang, để in một lần.",
)
@click.option(
    "--public",
    is_flag=True,
    help="Bản đăng Cổng thông tin: che tên (họ + chữ cái đầu), bỏ địa chỉ, điện thoại, e-mail.",
)
@click.option(
    "--pdf",
    is_flag=True,
    help="Xuất PDF bằng LibreOffice (tệp gộp nếu có --combined, nếu không thì từng thư).",
)
@click.option(
    "--issued",
    "issued_only",
    is_flag=True,
    help="Với --period: chỉ in thư đã ban hành (đã có số).",
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Mẫu DOCX đã chỉnh sửa, dùng cho mọi thư in lần này (mặc định: mẫu mà chế độ pháp lý "
    "của từng thư chỉ định, trong thư mục mẫu).",
)
@overwrite_option()
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
    issued_only: bool,
    template: Path | None,
    overwrite: bool,
    fmt: str,
) -> None:
    """In thư xin lỗi của hồ sơ MÃ (hoặc cả kỳ --period) ra DOCX, theo mẫu của chế độ pháp
    lý và loại thư (hẹn lại ngày trả, hoặc xin lỗi khi đã trả kết quả), kèm thông báo bằng văn
    bản gửi Bộ phận Một cửa cho các thư hẹn lại ngày trả (mỗi đơn vị, mỗi ngày một văn bản).

    In lại thư đã ban hành mà nội dung không đổi thì vẫn là tệp cũ; nội dung đổi thì tạo phiên
    bản mới (<mã>-v2.docx) và nhật ký ghi lý do. Mỗi tệp được lưu cùng mã sha256.
    """
    from tracker.output_files import OutputBatch
    from tracker.services.letter_render import RenderRequest, render_letters

    request = RenderRequest(
        codes=codes,
        period=codes_or_period(codes, period),
        unit=unit,
        out_dir=out_dir,
        combined=combined,
        public=public,
        pdf=pdf,
        issued_only=issued_only,
    )
    progress = _ProgressBar()
    try:
        # The files go into place after the database has recorded them (the session block
        # commits first): a failure or a kill leaves no letter file the database does not know.
        with OutputBatch(overwrite=overwrite) as outputs, app.session() as session:
            result = render_letters(
                session,
                request,
                templates_dir=app.settings.templates_dir,
                template=template,
                number_format=app.settings.letter_number_format,
                today=app.today,
                actor=app.actor,
                outputs=outputs,
                on_progress=progress,
            )
    finally:
        progress.close()
    emit(
        fmt,
        ["Mã hồ sơ", "Loại thư", "Tình trạng", "Phiên bản", "Tệp", "sha256"],
        [
            [
                f.code,
                KIND_LABELS[f.kind],
                LETTER_LABELS.get(f.status, f.status),
                str(f.version) + (" (không đổi)" if f.unchanged else ""),
                str(f.path),
                f.sha256[:12],
            ]
            for f in result.files
        ],
        render_json(result),
        title=f"Thư đã in ({len(result.files)})" + (" — bản công khai" if public else ""),
        empty="Không có thư nào để in: soạn thư trước bằng `tracker letters draft`.",
    )
    for rendered in result.files:
        if rendered.new_version:
            info(
                f"Hồ sơ {rendered.code}: thư đã ban hành có nội dung khác bản đã in, bản in lại là "
                f"phiên bản {rendered.version} ({rendered.path.name}); tệp cũ được giữ nguyên."
            )
    for notice in result.notices:
        info(
            f"Thông báo gửi Bộ phận Một cửa ({notice.unit_name}, {len(notice.codes)} hồ sơ): "
            f"{notice.path}"
        )
    if result.combined:
        info(f"Tệp gộp để in: {result.combined}")
    for pdf_path in result.pdfs:
        info(f"PDF: {pdf_path}")
