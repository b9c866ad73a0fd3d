"""What the web tests share: an office with accounts of every role and dossiers in two units
(the `office` fixture: conftest loads this module as a plugin), a signed-in test client, forms
posted as a browser posts them, and the real server (`tracker serve`) in a subprocess."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.dossiers import add_case

ROOT = Path(__file__).resolve().parent.parent

# Today is Tuesday 26/11/2024 (conftest); due-soon means due by Thursday 28/11.
LATE_A = "000.00.19.H53-241105-0001"  # tnmt, due 19/11: late
SOON_A = "000.00.19.H53-241112-0002"  # tnmt, due 28/11: due soon
LATER_A = "000.00.19.H53-241120-0003"  # tnmt, due 16/12: open, neither late nor due soon
DONE_A = "000.00.19.H53-241101-0004"  # tnmt, resolved late: nothing left to do
LATE_B = "000.00.19.H53-241104-0005"  # xã Hiệp Thạnh, due 18/11: late, another unit
APPLICANT_B = "Trần Thị Bích Hiệp"


@dataclass(frozen=True)
class User:
    username: str
    password: str
    role: str
    head: str | None = None


HEAD_A = User("phuc.tnmt", "Mật-khẩu-Phúc-2024", "head", "tnmt")
HEAD_B = User("chutich.hiepthanh", "Mật-khẩu-Hiệp-Thạnh", "head", "hiep thanh")
CLERK = User("thu.vanthu", "Văn-thư-một-cửa-24", "clerk")
LEADER = User("minh.lanhdao", "Lãnh-đạo-huyện-2024", "leader")
ADMIN = User("quantri", "Quản-trị-viên-2024!", "admin")
EVERYONE = (HEAD_A, HEAD_B, CLERK, LEADER, ADMIN)


def add_user(run: Invoke, user: User) -> None:
    head = ["--head", user.head] if user.head else []
    run(
        "users", "add", user.username, "--role", user.role, *head, "--password-stdin",
        input=f"{user.password}\n",
    )  # fmt: skip


def build_office(run: Invoke) -> None:
    """The dossiers; accounts are added by `Office.client` as a test needs them (an Argon2id
    hash takes a good fraction of a second, and most tests need one or two)."""
    add_case(run, LATE_A, due="19/11/2024")
    add_case(run, SOON_A, received="12/11/2024", due="28/11/2024")
    add_case(run, LATER_A, received="20/11/2024", due="16/12/2024")
    add_case(run, DONE_A, due="15/11/2024", finished="20/11/2024")
    run(
        "cases", "add", LATE_B, "--procedure", "Đăng ký khai sinh", "--applicant", APPLICANT_B,
        "--unit", "hiep thanh", "--received", "04/11/2024", "--due", "18/11/2024",
    )  # fmt: skip


def page(response: Any) -> str:
    return str(response.get_data(as_text=True))


@pytest.fixture
def office(run: Invoke, db_url: str) -> Iterator[Office]:
    from tracker.config import resolve_settings
    from tracker.web.app import create_app

    build_office(run)
    app = create_app(resolve_settings(db=db_url))
    yield Office(app, run)
    app.extensions["tracker"].services.close()


class Office:
    """The web application over a built office, with accounts made on first use."""

    def __init__(self, app: Any, run: Invoke) -> None:
        self.app = app
        self.run = run
        self._made: set[str] = set()

    def ensure(self, *users: User) -> None:
        for user in users:
            if user.username not in self._made:
                add_user(self.run, user)
                self._made.add(user.username)

    def anonymous(self) -> Any:
        return self.app.test_client()

    def sign_in(self, user: User, password: str | None = None) -> Any:
        """A new browser posting the sign-in form; returns the response."""
        self.ensure(user)
        return sign_in(self.anonymous(), user, password)

    def client(self, user: User) -> Any:
        """A new browser, signed in as `user`."""
        self.ensure(user)
        client = self.anonymous()
        response = sign_in(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(client: Any, user: User, password: str | None = None) -> Any:
    """Post the sign-in form as a browser does (token from the page); returns the response."""
    token = csrf_token(client.get("/dang-nhap").get_data(as_text=True))
    return client.post(
        "/dang-nhap",
        data={
            "username": user.username,
            "password": user.password if password is None else password,
            "csrf_token": token,
        },
    )


def post_form(client: Any, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """A form posted as a browser posts it: with the CSRF token of the session's pages."""
    token = csrf_token(page(client.get("/", follow_redirects=True)))
    return client.post(path, data={**(data or {}), "csrf_token": token}, **kwargs)


def upload(client: Any, name: str, data: bytes, **fields: str) -> Any:
    """The clerk's upload form posted with a file, as a browser posts it."""
    form = {"tep": (io.BytesIO(data), name), **fields}
    return post_form(client, "/nhap", form, content_type="multipart/form-data")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_server(db_url: str, *extra: str) -> Iterator[str]:
    """`tracker serve` on a free loopback port, as a separate process; yields its base URL.
    Waits at most 30 s for it to answer, and stops it whatever happens."""
    port = free_port()
    env = {**os.environ, "TRACKER_DATABASE_URL": db_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "serve", "--port", str(port), *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/dang-nhap", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read() if process.stdout else ""
                    raise AssertionError(f"tracker serve did not answer:\n{output}") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()
