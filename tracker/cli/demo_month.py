"""`tracker demo`, one month's job printed: the import, the open dossiers per head, the due-soon
warning, the letters drafted, issued, printed and published, the monthly report. The steps
live in `tracker.demo.steps` and return what they did; this module only prints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.invocation import tracker_command
from tracker.cli.output import print_table
from tracker.dates import format_date

if TYPE_CHECKING:
    from tracker.cli.context import AppContext
    from tracker.demo import DemoFiles, DemoMonth
    from tracker.demo.steps import Drafted
    from tracker.services.letter_render import RenderedFile


class Steps:
    """The demo's numbered step titles, counted across its parts."""

    def __init__(self) -> None:
        self.number = 0

    def __call__(self, title: str) -> None:
        self.number += 1
        click.echo()
        click.secho(f"━━ {self.number}. {title}", bold=True)


def part(title: str) -> None:
    click.echo()
    click.secho(f"══════ {title}", bold=True)


@dataclass(frozen=True)
class MonthDone:
    """What the end of the demo names for a month: its files and the law its letters follow."""

    month: DemoMonth
    files: DemoFiles
    organisation: str  # the organisation's name while the month was worked on
    laws: list[str]
    notices: list[Path]
    letters: list[RenderedFile]


def print_month(
    app: AppContext, month: DemoMonth, files: DemoFiles, step: Steps, *, organisation: str
) -> MonthDone:
    """Work through `month` on the demo database with the month's own clock, printing each
    step; returns what the end of the demo names."""
    from tracker.cli.case_rows import LETTER_LABELS
    from tracker.cli.imports import print_report
    from tracker.cli.remind import print_reminders
    from tracker.cli.warn import print_warnings
    from tracker.demo import steps

    today, actor, settings = month.today, app.actor, app.settings
    label = month.period.label
    click.echo(f"Hôm nay (cố định cho bản chạy thử): {format_date(today)}")

    step(f"Ghi nhận hồ sơ tháng {label} từ tệp xuất của hệ thống một cửa")
    with app.session() as session:
        imported = steps.import_sample(session, files, actor=actor)
    click.echo(f"Tệp xuất từ hệ thống một cửa (dữ liệu bịa): {files.export}")
    print_report(imported)

    step("Hồ sơ đang mở của từng người đứng đầu")
    with app.session() as session:
        by_head = steps.open_cases_by_head(session, month, today=today)
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

    step("Hồ sơ sắp đến hạn: hạn gửi thư xin lỗi (tracker warn)")
    with app.session() as session:
        due_soon = steps.due_soon(session, settings, month, today=today, actor=actor)
    if due_soon.added:
        click.echo(
            f"Mọi hồ sơ mẫu đều đã trễ hạn, nên thêm 01 hồ sơ BỊA đang giải quyết "
            f"({due_soon.added}) hẹn trả sau 2 ngày làm việc để minh họa cảnh báo."
        )
    print_warnings(due_soon.report)

    step("Soạn thư xin lỗi, đúng loại cho từng hồ sơ")
    with app.session() as session:
        drafted = steps.draft(session, settings, month, today=today, actor=actor)
    _print_drafted(month, drafted)

    step("Ban hành, in thư có số, công khai và nhắc việc từng người đứng đầu")
    with app.session() as session:
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
        f"tên miền ví dụ: {month.portal}."
    )
    click.echo(
        "Tình trạng thư xin lỗi: "
        + "; ".join(f"{LETTER_LABELS[state]}: {life.states[state]}" for state in LETTER_LABELS)
        + "."
    )
    for period in month.periods():
        click.echo(
            f"PDF (cần LibreOffice): {tracker_command()} --db {files.database} letters render "
            f"--period {period} --issued --out {files.letters} --pdf"
        )
    click.echo(
        "Việc còn nợ của một người đứng đầu "
        f"(tracker remind --head {month.reminded_unit}, tính đến {format_date(today)}):"
    )
    print_reminders(life.one_head)
    click.echo(f"Bản in cho từng người đứng đầu: {files.reminders}")

    _print_report(app, month, files, step)
    return MonthDone(month, files, organisation, drafted.laws, life.notices, life.files)


def _print_drafted(month: DemoMonth, drafted: Drafted) -> None:
    if drafted.reasons_added:
        click.echo(f"Đã ghi lý do minh họa (BỊA) cho {drafted.reasons_added} hồ sơ chưa có lý do.")
    click.echo(
        f"Đã soạn {drafted.reschedule} thư xin lỗi hẹn lại (hoặc đề nghị gia hạn) ngày trả cho hồ "
        f"sơ chưa có kết quả, và {drafted.apology} thư xin lỗi cho hồ sơ ĐÃ TRẢ KẾT QUẢ trễ hạn "
        "(thư nêu ngày có kết quả và số ngày trễ, không hẹn ngày mới); "
        f"{drafted.late_apologies} thư gửi sau hạn gửi thư xin lỗi, "
        f"{drafted.reschedule + drafted.apology - drafted.late_apologies} thư gửi trong hạn."
    )
    if month.expected_late:
        click.echo(
            f"Trong đó {len(month.expected_late)} thư cho hồ sơ chưa đến hạn mà đơn vị biết sẽ "
            "không kịp trả kết quả: gửi trước hạn, đề nghị ngày trả mới."
        )
    if drafted.no_letter:
        click.echo(f"{drafted.no_letter:02d} hồ sơ trả kết quả đúng hạn: không cần thư xin lỗi.")
    click.echo(
        f"Chế độ pháp lý của các thư tháng {month.period.label} (theo hạn gửi thư của từng hồ sơ, "
        "xem `tracker regimes list`): " + "; ".join(drafted.laws) + "."
    )


def _print_report(app: AppContext, month: DemoMonth, files: DemoFiles, step: Steps) -> None:
    from tracker.cli.report import print_summary
    from tracker.demo import steps

    label = month.period.label
    step(f"Báo cáo tháng {label} và dự thảo công văn công bố Bộ chỉ số")
    with app.session() as session:
        report = steps.monthly_report(
            session, app.settings, files, today=month.today, actor=app.actor
        )
    if report.figures:
        click.echo(f"Đã ghi {report.figures} số liệu Bộ chỉ số tháng {label} (theo công văn).")
    else:
        click.echo(
            f"Tháng {label} không có số liệu Bộ chỉ số công bố: công văn để trống điểm và xếp "
            "hạng (……) cho văn phòng điền khi có số liệu."
        )
    print_summary(report.summary, "table")
    click.echo(f"Báo cáo tháng: {files.monthly}")
    click.echo(f"Dự thảo công văn: {files.notice}")
