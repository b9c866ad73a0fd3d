"""The command line: parsing and printing only; every rule lives in tracker.services."""

from __future__ import annotations

import click

from tracker.cli import i18n

i18n.install()  # before any command declares an option: click.Path names its kind at once

from tracker.cli.params import adapt  # noqa: E402
from tracker.cli.root import RootGroup, utf8_streams  # noqa: E402

COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("tracker.cli.admin:init", "Tạo hoặc nâng cấp cơ sở dữ liệu, nạp mẫu đơn vị."),
    "db": ("tracker.cli.admin:db", "Cơ sở dữ liệu: nâng cấp, phiên bản, sao lưu, khôi phục."),
    "demo": (
        "tracker.cli.demo:demo",
        "Chạy thử toàn bộ công việc: tháng 11/2024 ở huyện, tháng 10/2026 ở xã sau sắp xếp.",
    ),
    "units": ("tracker.cli.units:units", "Đơn vị (phòng, xã) và tên gọi khác của chúng."),
    "heads": ("tracker.cli.units:heads", "Người đứng đầu đơn vị (có lưu lịch sử)."),
    "cases": ("tracker.cli.cases:cases", "Hồ sơ trễ hạn: liệt kê, xem, thêm, giao, lý do, trả."),
    "history": ("tracker.cli.history:history", "Mọi thay đổi của một hồ sơ và thư xin lỗi."),
    "import": ("tracker.cli.imports:import_file", "Nhập danh sách hồ sơ từ tệp CSV/XLSX."),
    "imports": ("tracker.cli.imports:imports", "Các lần nhập tệp đã thực hiện."),
    "letters": (
        "tracker.cli.letters:letters",
        "Thư xin lỗi người dân: soạn, in, ban hành, công khai.",
    ),
    "regimes": (
        "tracker.cli.regimes:regimes",
        "Chế độ pháp lý theo ngày: nghị định, hạn gửi thư, mẫu thư.",
    ),
    "remind": ("tracker.cli.remind:remind", "Việc còn nợ của từng người đứng đầu."),
    "warn": ("tracker.cli.warn:warn", "Hồ sơ sắp đến hạn: hạn gửi thư xin lỗi."),
    "report": ("tracker.cli.report:report", "Báo cáo tháng và dự thảo công văn."),
    "index": ("tracker.cli.index:index", "Chỉ số phục vụ người dân, doanh nghiệp của tháng."),
    "calendar": ("tracker.cli.calendar:calendar", "Lịch ngày làm việc: ngày nghỉ, ngày làm bù."),
    "users": ("tracker.cli.users:users", "Tài khoản đăng nhập trình duyệt và vai trò."),
    "serve": ("tracker.cli.serve:serve", "Chạy trang web cho văn phòng (mặc định 127.0.0.1:8000)."),
}


@click.group(
    "tracker",
    cls=RootGroup,
    lazy_subcommands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Cơ sở dữ liệu (SQLite: đường dẫn tệp; PostgreSQL: postgresql+psycopg://…). Biến môi trường TRACKER_DATABASE_URL.",
)
@click.option(
    "--today",
    metavar="NGÀY",
    help="Cố định «hôm nay» (dd/mm/yyyy) để kết quả lặp lại được (TRACKER_TODAY).",
)
@click.option(
    "--as", "actor", metavar="TÊN", help="Người thực hiện, ghi vào nhật ký (TRACKER_USER)."
)
@click.option(
    "--templates",
    "templates_dir",
    metavar="THƯ_MỤC",
    help="Thư mục mẫu văn bản đã chỉnh sửa (TRACKER_TEMPLATES_DIR).",
)
@click.option(
    "--verbose",
    is_flag=True,
    help="Khi có lỗi: in thêm thông báo gốc (tiếng Anh) của thư viện hoặc hệ thống.",
)
@click.version_option(package_name="tracker", prog_name="tracker")
@click.pass_context
def cli(
    ctx: click.Context,
    db_url: str | None,
    today: str | None,
    actor: str | None,
    templates_dir: str | None,
    verbose: bool,
) -> None:
    """tracker — theo dõi hồ sơ thủ tục hành chính trễ hạn đến khi người dân nhận thư xin lỗi
    và thư được công khai.

    Bắt đầu: `tracker init --preset phuoc-thanh` (một xã từ 01/07/2025; `go-dau` cho huyện
    trước đó), hoặc `tracker demo` để xem toàn bộ công việc.

    NGÀY viết dd/mm/yyyy; KỲ là một tháng, viết YYYY-MM hoặc MM/YYYY. Tùy chọn chung (--db,
    --today, --as, --templates, --verbose) đặt trước hay sau tên lệnh đều được.

    Mã thoát: 0 xong; 1 dữ liệu sai hoặc việc bị từ chối (không có gì thay đổi); 2 gõ sai
    lệnh hoặc tùy chọn; 3 xong một phần (import, letters draft --period: có dòng, hồ sơ bị bỏ
    qua); 130 dừng bằng Ctrl+C.
    """
    from tracker.cli.context import AppContext

    ctx.obj = AppContext(db_url=db_url, today=today, actor=actor, templates_dir=templates_dir)
    ctx.call_on_close(ctx.obj.close)


adapt(cli)


def main() -> None:
    utf8_streams()
    cli(prog_name="tracker")
