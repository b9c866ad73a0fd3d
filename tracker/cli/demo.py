"""`tracker demo`: the whole job on the invented November 2024 sample, from a fresh database.
The steps live in `tracker.demo.steps` and return what they did; this module only prints."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.invocation import activation_hint, tracker_command
from tracker.cli.output import print_table
from tracker.dates import format_date


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
    from tracker.cli.cases import LETTER_LABELS
    from tracker.cli.imports import print_report
    from tracker.cli.remind import print_reminders
    from tracker.cli.report import print_summary
    from tracker.cli.warn import print_warnings
    from tracker.demo import DemoFiles, steps
    from tracker.demo.data import DEMO_PERIOD, DEMO_PORTAL, DEMO_TODAY
    from tracker.maintenance import upgrade
    from tracker.services.presets import apply_preset

    files = DemoFiles(directory)
    steps.fresh_directory(files)
    demo_app = app.elsewhere(
        str(files.database), today=DEMO_TODAY.strftime("%d/%m/%Y"), actor="demo"
    )
    today, actor, settings = demo_app.today, demo_app.actor, demo_app.settings
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
        apply_preset(session, "go-dau", today=today, actor=actor)
    click.echo(f"Cơ sở dữ liệu: {files.database}")

    step("2. Ghi nhận hồ sơ trễ hạn tháng 11/2024")
    with demo_app.session() as session:
        imported = steps.import_sample(session, files, actor=actor)
    click.echo(f"Tệp xuất từ hệ thống một cửa (dữ liệu bịa): {files.export}")
    print_report(imported)

    step("3. Hồ sơ đang mở của từng người đứng đầu")
    with demo_app.session() as session:
        by_head = steps.open_cases_by_head(session, today=today)
    for unit_name, head, rows in by_head:
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
                for r in rows
            ],
            title=f"{head or '— chưa giao —'} — {unit_name}: {len(rows)} hồ sơ đang mở",
        )

    step("4. Hồ sơ sắp đến hạn: hạn gửi thư xin lỗi (tracker warn)")
    with demo_app.session() as session:
        due_soon = steps.due_soon(session, settings, today=today, actor=actor)
    if due_soon.added:
        click.echo(
            f"Mọi hồ sơ mẫu đều đã trễ hạn, nên thêm 01 hồ sơ BỊA đang giải quyết "
            f"({due_soon.added}) hẹn trả sau 2 ngày làm việc để minh họa cảnh báo."
        )
    print_warnings(due_soon.report)

    step("5. Soạn và in phiếu xin lỗi (Mẫu 04): từng phiếu, tệp gộp để in, bản công khai")
    with demo_app.session() as session:
        letters = steps.draft_and_render(session, settings, files, today=today, actor=actor)
    click.echo(
        f"Đã ghi lý do minh họa (BỊA) cho {letters.reasons_added} hồ sơ chưa có lý do; đã soạn "
        f"{letters.drafted} phiếu, trong đó {letters.late_apologies} phiếu gửi muộn (sau ngày "
        "hẹn trả trừ 1 ngày làm việc)."
    )
    click.echo(f"Từng phiếu (DOCX): {files.letters}/ — {letters.files} tệp")
    click.echo(f"Tệp gộp để in một lần: {files.combined}")
    click.echo(
        f"Bản công khai (che tên, bỏ địa chỉ, điện thoại): {files.public_letters}/ — "
        f"{letters.public_files} tệp"
    )
    click.echo(
        f"PDF (cần LibreOffice): {tracker_command()} --db {files.database} letters render "
        f"--period {DEMO_PERIOD} --out {files.letters} --combined {files.combined} --pdf"
    )

    step("6. Ban hành, công khai phiếu xin lỗi và nhắc việc từng người đứng đầu")
    with demo_app.session() as session:
        life = steps.issue_and_publish(session, settings, files, today=today, actor=actor)
    click.echo(
        f"Đã ban hành {life.issued} phiếu (số tự động theo đơn vị), đăng Cổng thông tin "
        f"{life.on_portal} phiếu và cập nhật hệ thống một cửa {life.in_onestop} phiếu. "
        f"Địa chỉ bài đăng là BỊA, trên tên miền ví dụ: {DEMO_PORTAL}."
    )
    click.echo(f"Bản có số của {life.numbered_files} phiếu đã ban hành: {files.letters}/*-v2.docx")
    click.echo(
        "Tình trạng thư xin lỗi: "
        + "; ".join(f"{LETTER_LABELS[state]}: {life.states[state]}" for state in LETTER_LABELS)
        + "."
    )
    click.echo("Việc còn nợ của Trưởng phòng Kinh tế và Hạ tầng (tracker remind --head ktht):")
    print_reminders(life.one_head)
    click.echo(f"Bản in cho từng người đứng đầu: {files.reminders}")

    step("7. Báo cáo tháng 11/2024 và dự thảo công văn công bố Bộ chỉ số")
    with demo_app.session() as session:
        report = steps.monthly_report(session, settings, files, today=today, actor=actor)
    click.echo(
        f"Đã ghi {report.figures} số liệu Bộ chỉ số tháng {DEMO_PERIOD.label} (theo công văn)."
    )
    print_summary(report.summary, "table")
    click.echo(f"Báo cáo tháng: {files.monthly}")
    click.echo(f"Dự thảo công văn: {files.notice}")

    step("Xong — mở những tệp sau")
    outputs = [
        ("Phiếu xin lỗi gộp để in", files.combined),
        ("Từng phiếu (bản có số: *-v2.docx)", files.letters),
        ("Bản công khai trên Cổng thông tin", files.public_letters),
        ("Báo cáo tháng cho lãnh đạo", files.monthly),
        ("Dự thảo công văn tháng", files.notice),
        ("Nhắc việc từng người đứng đầu", files.reminders),
        ("Tệp xuất mẫu của hệ thống một cửa", files.export),
    ]
    for label, path in outputs:
        if path.exists():
            click.echo(f"  {label}: {path}")
    click.echo(
        f"Thử tiếp: {tracker_command()} --db {files.database} --today {format_date(today)} "
        "cases list"
    )
    if hint := activation_hint():
        click.echo(hint)
    demo_app.close()
