"""`tracker serve`: the office's browser, served by waitress (pure Python: Windows and Linux)."""

from __future__ import annotations

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import info
from tracker.errors import TrackerError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _network_warning(host: str, port: int) -> str:
    return (
        f"Lưu ý: tracker mở cho cả mạng tại http://{host}:{port}/ bằng HTTP thường — mật khẩu "
        "và dữ liệu cá nhân đi trên mạng không mã hóa. Hãy đặt tracker sau một reverse proxy "
        "TLS (Caddy, nginx hoặc IIS): chạy `tracker serve --proxy 127.0.0.1` trên máy này và để "
        "proxy nhận HTTPS cho mạng nội bộ (README, mục «Trình duyệt / web»)."
    )


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Địa chỉ lắng nghe; 0.0.0.0 mở cho cả mạng (nên đặt sau reverse proxy TLS).",
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Cổng."
)
@click.option(
    "--proxy",
    metavar="ĐỊA_CHỈ",
    help="Địa chỉ của reverse proxy TLS đứng trước tracker: tin tiêu đề X-Forwarded-For/-Proto "
    "của riêng nó, và cookie phiên chỉ gửi qua HTTPS.",
)
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Số yêu cầu xử lý cùng lúc.",
)
@pass_app
def serve(app: AppContext, host: str, port: int, proxy: str | None, threads: int) -> None:
    """Chạy trang web cho người đứng đầu, văn thư và lãnh đạo (Ctrl+C để dừng).

    Tài khoản quản trị đầu tiên: `tracker users add quantri --role admin`.
    """
    from waitress.server import create_server

    from tracker.services.accounts import active_admins
    from tracker.web.app import create_app, settle_memory

    web = create_app(app.settings, secure_cookies=proxy is not None, threads=threads)
    with app.session(reading_only=True) as session:
        if active_admins(session) == 0:
            info(
                "Chưa có tài khoản quản trị: tạo bằng `tracker users add quantri --role admin` "
                "(mật khẩu được hỏi, không có mật khẩu mặc định)."
            )
    if host not in LOOPBACK and proxy is None:
        info(_network_warning(host, port))
    # Only the proxy named may say who the client is (the sign-in limit counts per address)
    # and that the request came over HTTPS; such headers from anyone else are dropped.
    behind = (
        {"trusted_proxy": proxy, "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"}}
        if proxy
        else {}
    )
    try:
        server = create_server(
            web,
            host=host,
            port=port,
            threads=threads,
            ident="tracker",
            clear_untrusted_proxy_headers=True,
            **behind,
        )
    except OSError as exc:
        from tracker.failures import os_reason

        web.extensions["tracker"].services.close()
        reason = os_reason(exc)
        raise TrackerError(f"Không mở được cổng {port} tại địa chỉ {host}: {reason}.") from None
    shown = f"[{host}]" if ":" in host else host
    info(f"tracker đang chạy tại http://{shown}:{port}/ — Ctrl+C để dừng.")
    settle_memory()
    try:
        server.run()  # returns on Ctrl+C
    finally:
        web.extensions["tracker"].services.close()
