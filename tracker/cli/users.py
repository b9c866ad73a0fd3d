"""`tracker users …`: the accounts that sign in to the browser (`tracker serve`).

A password is read from a hidden prompt (typed twice) or, for scripts, from the first line of
standard input with --password-stdin; it is never an option (it would stay in the shell's
history and in the process list), never printed and never logged.
"""

from __future__ import annotations

import sys

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.lazy import TrackerGroup
from tracker.cli.output import emit, format_option, info
from tracker.errors import InvalidInput

ROLE_HELP = (
    "head: người đứng đầu đơn vị (cần --head); clerk: văn thư, Bộ phận Một cửa; "
    "leader: lãnh đạo (chỉ xem); admin: quản trị tài khoản."
)

password_stdin_option = click.option(
    "--password-stdin",
    is_flag=True,
    help="Đọc mật khẩu từ dòng đầu của đầu vào chuẩn (cho script), thay vì hỏi.",
)


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InvalidInput("Không có mật khẩu ở dòng đầu của đầu vào chuẩn.")
        return line
    password: str = click.prompt("Mật khẩu mới", hide_input=True, err=True)
    again: str = click.prompt("Nhập lại mật khẩu", hide_input=True, err=True)
    if password != again:
        raise InvalidInput("Hai lần nhập mật khẩu không khớp: không có gì thay đổi.")
    return password


@click.group(cls=TrackerGroup)
def users() -> None:
    """Tài khoản đăng nhập trình duyệt: thêm, liệt kê, vô hiệu hóa, đặt lại mật khẩu.

    Tài khoản quản trị đầu tiên: `tracker users add quantri --role admin`.
    """


@users.command("add")
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice(["head", "clerk", "leader", "admin"]),
    required=True,
    help=ROLE_HELP,
)
@click.option("--head", metavar="TÊN", help="Người đứng đầu (họ tên, hoặc mã/tên đơn vị).")
@click.option("--name", "display_name", metavar="HỌ_TÊN", help="Tên hiển thị.")
@password_stdin_option
@pass_app
def users_add(
    app: AppContext,
    username: str,
    role: str,
    head: str | None,
    display_name: str | None,
    password_stdin: bool,
) -> None:
    """Thêm tài khoản TÊN_ĐĂNG_NHẬP (chữ thường không dấu, số, . - _)."""
    from tracker.services.accounts import create_account

    password = read_password(password_stdin)
    with app.session() as session:
        account = create_account(
            session,
            username,
            password,
            role=role,
            head=head,
            display_name=display_name,
            actor=app.actor,
        )
    where = f", {account.unit_name}" if account.unit_name else ""
    info(f"Đã thêm tài khoản {account.username} ({account.role_label}{where}).")


@users.command("list")
@format_option()
@pass_app
def users_list(app: AppContext, fmt: str) -> None:
    """Danh sách tài khoản (không bao giờ in mật khẩu hay giá trị băm)."""
    from tracker.services.accounts import list_accounts

    with app.session(reading_only=True) as session:
        rows = list_accounts(session)
    emit(
        fmt,
        ["Tên đăng nhập", "Họ tên", "Vai trò", "Đơn vị", "Trạng thái"],
        [
            [
                a.username,
                a.display_name,
                a.role_label,
                a.unit_name or "",
                "đang dùng" if a.active else "đã vô hiệu hóa",
            ]
            for a in rows
        ],
        [
            {
                "username": a.username,
                "display_name": a.display_name,
                "role": a.role,
                "unit": a.unit,
                "active": a.active,
            }
            for a in rows
        ],
        title="Tài khoản",
    )


def _set_active(app: AppContext, username: str, active: bool) -> None:
    from tracker.services.accounts import set_active

    with app.session() as session:
        account = set_active(session, username, active, actor=app.actor)
    state = "đang dùng" if active else "đã vô hiệu hóa (mọi phiên đăng nhập đã kết thúc)"
    info(f"Tài khoản {account.username}: {state}.")


@users.command("disable")
@click.argument("username")
@pass_app
def users_disable(app: AppContext, username: str) -> None:
    """Vô hiệu hóa tài khoản TÊN_ĐĂNG_NHẬP: không đăng nhập được, các phiên đang mở kết thúc."""
    _set_active(app, username, False)


@users.command("enable")
@click.argument("username")
@pass_app
def users_enable(app: AppContext, username: str) -> None:
    """Cho tài khoản TÊN_ĐĂNG_NHẬP dùng lại."""
    _set_active(app, username, True)


@users.command("reset-password")
@click.argument("username")
@password_stdin_option
@pass_app
def users_reset_password(app: AppContext, username: str, password_stdin: bool) -> None:
    """Đặt mật khẩu mới cho TÊN_ĐĂNG_NHẬP; các phiên đăng nhập đang mở kết thúc."""
    from tracker.services.accounts import reset_password

    password = read_password(password_stdin)
    with app.session() as session:
        account = reset_password(session, username, password, actor=app.actor)
    info(f"Đã đặt mật khẩu mới cho {account.username}.")
