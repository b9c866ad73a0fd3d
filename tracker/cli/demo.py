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

    step("5. Soạn thư xin lỗi, đúng loại cho từng hồ sơ")
    with demo_app.session() as session:
        drafted = steps.draft(session, settings, today=today, actor=actor)
    click.echo(
        f"Đã ghi lý do minh họa (BỊA) cho {drafted.reasons_added} hồ sơ chưa có lý do. Đã soạn "
        f"{drafted.reschedule} thư xin lỗi và hẹn lại ngày trả cho hồ sơ chưa có kết quả, và "
        f"{drafted.apology} thư xin lỗi cho hồ sơ ĐÃ TRẢ KẾT QUẢ trễ hạn (thư nêu ngày có kết "
        "quả và số ngày trễ, không hẹn ngày mới); "
        f"{drafted.late_apologies} thư gửi sau hạn gửi thư xin lỗi."
    )
    click.echo(
        f"Chế độ pháp lý của các thư tháng {DEMO_PERIOD.label} (theo hạn gửi thư của từng hồ sơ, "
        "xem `tracker regimes list`): " + "; ".join(drafted.laws) + "."
    )

    step("6. Ban hành, in thư có số, công khai và nhắc việc từng người đứng đầu")
    with demo_app.session() as session:
        life = steps.issue_render_publish(session, settings, files, today=today, actor=actor)
    click.echo(
        f"Đã ban hành {life.issued} thư (số tự động theo đơn vị), rồi mới in: "
        f"{files.letters}/ có {life.numbered_files} thư đã ban hành (có số, ngày) và "
        f"{life.draft_files} thư dự thảo chờ ký (chưa có số)."
    )
    click.echo(f"Tệp gộp các thư đã ban hành để in: {files.combined}")
    for notice in life.notices:
        click.echo(f"Thông báo gửi Bộ phận Một cửa: {notice}")
    click.echo(
        f"Đã đăng Cổng thông tin {life.on_portal} thư — bản công khai (che tên, bỏ địa chỉ, "
        f"điện thoại) được in khi đăng: {files.public_letters}/ có {life.public_copies} tệp; "
        f"đã cập nhật hệ thống một cửa {life.in_onestop} thư. Địa chỉ bài đăng là BỊA, trên "
        f"tên miền ví dụ: {DEMO_PORTAL}."
    )
    click.echo(
        "Tình trạng thư xin lỗi: "
        + "; ".join(f"{LETTER_LABELS[state]}: {life.states[state]}" for state in LETTER_LABELS)
        + "."
    )
    click.echo(
        f"PDF (cần LibreOffice): {tracker_command()} --db {files.database} letters render "
        f"--period {DEMO_PERIOD} --issued --out {files.letters} --combined {files.combined} --pdf"
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
        ("Thư xin lỗi đã ban hành, gộp để in", files.combined),
        ("Từng thư (đã ban hành có số; dự thảo chờ ký)", files.letters),
        ("Bản công khai đã đăng Cổng thông tin", files.public_letters),
        *(("Thông báo gửi Bộ phận Một cửa", notice) for notice in life.notices),
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
