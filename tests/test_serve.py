"""`tracker serve`: the real server on loopback, what it says when opened to the network, and
one sentence when it cannot start."""

from __future__ import annotations

import socket
import urllib.request
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.web import free_port, running_server


def test_the_server_answers_on_loopback_with_its_headers(db_url: str) -> None:
    with running_server(db_url) as base, urllib.request.urlopen(f"{base}/dang-nhap") as response:
        body = response.read().decode()
        assert response.status == 200
        assert response.headers["Server"] == "tracker"
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Đăng nhập" in body and 'lang="vi"' in body


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """How `serve` configures waitress, recorded by a stand-in that serves nothing (the real
    server is exercised above and by the browser test)."""
    calls: list[dict[str, Any]] = []

    class Recorder:
        def __init__(self, app: Any, **settings: Any) -> None:
            calls.append({"app": app, **settings})

        def run(self) -> None:
            return None

    monkeypatch.setattr("waitress.server.create_server", Recorder)
    return calls


def test_opening_to_the_network_says_how_to_put_tls_in_front(
    run: Invoke, recorded: list[dict[str, Any]]
) -> None:
    result = run("serve", "--host", "0.0.0.0", "--port", "8080")
    assert "HTTP thường" in result.stderr and "reverse proxy TLS" in result.stderr
    assert "tracker serve --proxy 127.0.0.1" in result.stderr
    assert "Chưa có tài khoản quản trị" in result.stderr
    [settings] = recorded
    assert settings["host"] == "0.0.0.0" and settings["port"] == 8080
    assert "trusted_proxy" not in settings  # no one's X-Forwarded-For is believed
    assert settings["app"].config["SESSION_COOKIE_SECURE"] is False


def test_behind_a_proxy_only_that_proxy_is_believed(
    run: Invoke, recorded: list[dict[str, Any]]
) -> None:
    result = run("serve", "--proxy", "127.0.0.1")
    assert "HTTP thường" not in result.stderr
    assert "http://127.0.0.1:8000/" in result.stderr
    [settings] = recorded
    assert settings["host"] == "127.0.0.1"
    assert settings["trusted_proxy"] == "127.0.0.1"
    assert settings["trusted_proxy_headers"] == {"x-forwarded-for", "x-forwarded-proto"}
    assert settings["clear_untrusted_proxy_headers"] is True
    assert settings["app"].config["SESSION_COOKIE_SECURE"] is True


def test_a_port_in_use_is_one_sentence(run: Invoke) -> None:
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = run("serve", "--port", str(port), ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Lỗi: Không mở được cổng {port} tại địa chỉ 127.0.0.1: đã có chương trình khác dùng."
    )
    assert "Traceback" not in result.output
