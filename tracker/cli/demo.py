"""`tracker demo`: the whole job on the invented November 2024 sample, from a fresh database."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import print_table
from tracker.dates import format_date
from tracker.text import sort_key

if TYPE_CHECKING:
    from tracker.services.dossiers import CaseRow


def _fresh_database(directory: Path) -> Path:
    """A new demo database in DIR; the letters of an earlier run go too (issued letters are
    never overwritten, so they would stop this run)."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(directory / "letters", ignore_errors=True)
    path = directory / "tracker.db"
    for suffix in ("", "-wal", "-shm"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            candidate.unlink()
    return path


def step(title: str) -> None:
    click.echo()
    click.secho(f"━━ {title}", bold=True)


@click.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("tracker-demo"),
    show_default=True,
    help="Thư mục chứa cơ sở dữ liệu mẫu, thư và báo cáo.",
)
@pass_app
def demo(app: AppContext, directory: Path) -> None:
    """Tạo cơ sở dữ liệu mới DIR/tracker.db với 46 hồ sơ mẫu tháng 11/2024 (dữ liệu BỊA, khớp
    số liệu công văn của UBND huyện Gò Dầu), rồi chạy toàn bộ công việc."""
    from tracker.demo_data import DEMO_TODAY
    from tracker.maintenance import upgrade
    from tracker.services.dossiers import CaseFilter, list_cases
    from tracker.services.presets import apply_preset

    database = _fresh_database(directory)
    demo_app = app.elsewhere(str(database), today=DEMO_TODAY.strftime("%d/%m/%Y"), actor="demo")
    today = demo_app.today
    click.secho("tracker demo — dữ liệu mẫu tháng 11/2024, UBND huyện Gò Dầu", bold=True)
    click.echo(
        "LƯU Ý: 46 hồ sơ dưới đây là BỊA (tên, địa chỉ, số điện thoại, mã hồ sơ), chỉ khớp với số "
        "liệu công bố: 44 hồ sơ ở các cơ quan chuyên môn, 01 ở xã Hiệp Thạnh, 01 ở xã Thạnh Đức. "
        "Tên người đứng đầu cũng là tên minh họa."
    )
    click.echo(f"Hôm nay (cố định cho bản chạy thử): {format_date(today)}")

    step("1. Tạo cơ sở dữ liệu và nạp mẫu đơn vị go-dau")
    upgrade(demo_app.engine(create=True), create=True)
    with demo_app.session() as session:
        apply_preset(session, "go-dau", today=today, actor=demo_app.actor)
    click.echo(f"Cơ sở dữ liệu: {database}")

    step("2. Ghi nhận hồ sơ trễ hạn tháng 11/2024")
    # DEMO STEP: import (the sample written as a one-stop XLSX export, then imported)
    from tracker.cli.imports import demo_step as import_step

    import_step(demo_app, directory)

    step("3. Hồ sơ đang mở của từng người đứng đầu")
    with demo_app.session() as session:
        rows = list_cases(session, CaseFilter(status="open"), today=today)
    by_head: dict[tuple[str, str], list[CaseRow]] = defaultdict(list)
    for row in rows:
        by_head[(row.unit_name, row.head or "— chưa giao —")].append(row)
    for (unit_name, head), head_rows in sorted(by_head.items(), key=lambda i: sort_key(i[0][0])):
        print_table(
            ["Mã hồ sơ", "Thủ tục", "Chủ hồ sơ", "Hẹn trả", "Ngày trễ", "Lý do"],
            [
                [
                    r.code,
                    r.procedure,
                    r.applicant,
                    format_date(r.due_at),
                    str(r.days_late),
                    r.reason or "— chưa có —",
                ]
                for r in head_rows
            ],
            title=f"{head} — {unit_name}: {len(head_rows)} hồ sơ đang mở",
        )

    # DEMO STEP: warn (due-soon warnings)
    from tracker.cli.warn import demo_step as warn_step

    step("4. Hồ sơ sắp đến hạn: hạn gửi thư xin lỗi (tracker warn)")
    warn_step(demo_app)
    # DEMO STEP: letters (draft + render into directory / "letters", combined file)
    from tracker.cli.letters_draft import demo_step as letters_step

    step("5. Soạn và in phiếu xin lỗi (Mẫu 04): từng phiếu, tệp gộp để in, bản công khai")
    letters_step(demo_app, directory)
    # DEMO STEP: lifecycle (issue and publish part of the letters so every state appears)
    from tracker.cli.letters_lifecycle import demo_step as lifecycle_step

    step("6. Ban hành, công khai phiếu xin lỗi và nhắc việc từng người đứng đầu")
    lifecycle_step(demo_app, directory)
    # DEMO STEP: report (monthly report + notice into directory)
    from tracker.cli.report import demo_step as report_step

    step("7. Báo cáo tháng 11/2024 và dự thảo công văn công bố Bộ chỉ số")
    report_step(demo_app, directory)

    step("Xong — mở những tệp sau")
    outputs = [
        ("Phiếu xin lỗi gộp để in", directory / "letters" / "tat-ca-phieu.docx"),
        ("Từng phiếu (bản có số: *-v2.docx)", directory / "letters"),
        ("Bản công khai trên Cổng thông tin", directory / "letters" / "cong-khai"),
        ("Báo cáo tháng cho lãnh đạo", directory / "bao-cao-thang-2024-11.docx"),
        ("Dự thảo công văn tháng", directory / "cong-van-thang-2024-11.docx"),
        ("Nhắc việc từng người đứng đầu", directory / "nhac-viec.docx"),
        ("Tệp xuất mẫu của hệ thống một cửa", directory / "mot-cua-ho-so-tre-han-2024-11.xlsx"),
    ]
    for label, path in outputs:
        if path.exists():
            click.echo(f"  {label}: {path}")
    click.echo(f"Thử tiếp: tracker --db {database} --today {format_date(today)} cases list")
    demo_app.close()
