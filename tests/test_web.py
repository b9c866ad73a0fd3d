"""The browser's role boundaries, proven by direct HTTP requests (Flask's test client): what a
guessed address or a forged form gets, not only what the pages show."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sqlalchemy import text

from tests.conftest import Invoke
from tests.web import (
    ADMIN,
    APPLICANT_B,
    CLERK,
    DONE_A,
    EVERYONE,
    HEAD_A,
    HEAD_B,
    LATE_A,
    LATE_B,
    LATER_A,
    LEADER,
    SOON_A,
    Office,
    User,
    csrf_token,
    page,
    sign_in,
)
from tracker.config import resolve_settings
from tracker.db import make_engine, transaction
from tracker.web.app import create_app

ALL_CODES = (LATE_A, SOON_A, LATER_A, DONE_A, LATE_B)
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def listed_codes(html: str) -> list[str]:
    return re.findall(r'<td class="code"><a href="/ho-so/[^"]+">([^<]+)</a>', html)


# --- anonymous --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", f"/ho-so/{LATE_A}", "/quan-tri/tai-khoan", "/?don-vi=tnmt"])
def test_anonymous_sees_no_dossier(office: Office, path: str) -> None:
    response = office.anonymous().get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/dang-nhap?next=")
    body = page(response)
    # Nothing of any dossier, beyond the address the visitor typed themselves.
    assert not any(code in body for code in ALL_CODES if code not in path)
    assert "Nguyễn Văn An" not in body and "Cấp Giấy chứng nhận" not in body


# --- the head's landing page ------------------------------------------------------------


def test_head_lands_on_late_and_due_soon_dossiers_by_apology_deadline(office: Office) -> None:
    body = page(office.client(HEAD_A).get("/"))
    # Late (deadline 18/11) before due soon (deadline 27/11); not the open dossier due in
    # December, not the resolved one, nothing of another unit.
    assert listed_codes(body) == [LATE_A, SOON_A]
    assert "Hồ sơ cần xử lý — Phòng Tài nguyên và Môi trường" in body
    assert "1 đã trễ hạn" in body and "1 sắp đến hạn" in body
    assert "18/11/2024" in body and "Trễ 5 ngày làm việc" in body and "Sắp đến hạn" in body
    assert APPLICANT_B not in body
    assert 'name="don-vi"' not in body  # a head has no unit to choose


def test_head_cannot_read_another_units_dossier_by_guessing_its_address(office: Office) -> None:
    client = office.client(HEAD_A)
    other = client.get(f"/ho-so/{LATE_B}")
    missing = client.get("/ho-so/000.00.19.H53-241231-9999")
    # Another unit's dossier is refused exactly like one that does not exist.
    assert other.status_code == missing.status_code == 404
    assert APPLICANT_B not in page(other) and "Đăng ký khai sinh" not in page(other)
    assert "trong phạm vi tài khoản được xem" in page(other)
    assert client.get(f"/ho-so/{LATE_A}").status_code == 200
    # The unit filter of the clerks' page, typed into the address bar.
    for unit in ("hiep-thanh", "hiep thanh", "Ủy ban nhân dân xã Hiệp Thạnh"):
        response = client.get("/", query_string={"don-vi": unit})
        assert response.status_code == 403, unit
        assert LATE_B not in page(response)
    own = client.get("/", query_string={"don-vi": "tnmt"})
    assert listed_codes(page(own)) == [LATE_A, SOON_A]


def test_the_other_head_sees_only_their_own_unit(office: Office) -> None:
    client = office.client(HEAD_B)
    assert listed_codes(page(client.get("/"))) == [LATE_B]
    assert client.get(f"/ho-so/{LATE_A}").status_code == 404
    detail = page(client.get(f"/ho-so/{LATE_B}"))
    assert APPLICANT_B in detail and "Đăng ký khai sinh" in detail


# --- clerk, leader, admin ---------------------------------------------------------------


@pytest.mark.parametrize("user", [CLERK, LEADER], ids=["clerk", "leader"])
def test_clerk_and_leader_see_every_unit_with_a_unit_filter(office: Office, user: User) -> None:
    client = office.client(user)
    everything = page(client.get("/"))
    assert listed_codes(everything) == [LATE_B, LATE_A, SOON_A]  # by apology deadline
    assert 'name="don-vi"' in everything and "tất cả đơn vị" in everything
    one_unit = page(client.get("/", query_string={"don-vi": "hiep-thanh"}))
    assert listed_codes(one_unit) == [LATE_B]
    assert "Hồ sơ cần xử lý — xã Hiệp Thạnh" in one_unit
    assert client.get(f"/ho-so/{LATE_B}").status_code == 200
    unknown = client.get("/", query_string={"don-vi": "khong co don vi nay"})
    assert unknown.status_code == 404 and "Không tìm thấy đơn vị" in page(unknown)


@pytest.mark.parametrize("user", [CLERK, LEADER, HEAD_A], ids=["clerk", "leader", "head"])
def test_only_an_administrator_manages_accounts(office: Office, user: User) -> None:
    office.ensure(ADMIN)
    response = office.client(user).get("/quan-tri/tai-khoan")
    assert response.status_code == 403
    assert "không có quyền quản lý tài khoản" in page(response)
    assert ADMIN.username not in page(response)


def test_administrator_lists_accounts_and_reads_no_dossier(office: Office) -> None:
    office.ensure(*EVERYONE)
    client = office.client(ADMIN)
    assert client.get("/").headers["Location"] == "/quan-tri/tai-khoan"
    accounts = page(client.get("/quan-tri/tai-khoan"))
    for user in EVERYONE:
        assert user.username in accounts
    assert "Người đứng đầu đơn vị" in accounts and "xã Hiệp Thạnh" in accounts
    assert "$argon2" not in accounts and HEAD_A.password not in accounts
    refused = client.get(f"/ho-so/{LATE_A}")
    assert refused.status_code == 403 and "Nguyễn Văn An" not in page(refused)
    assert client.get("/", query_string={"don-vi": "tnmt"}).status_code == 302


# --- forms and sessions -----------------------------------------------------------------


def test_a_post_without_its_csrf_token_is_refused(office: Office) -> None:
    office.ensure(HEAD_A)
    client = office.anonymous()
    client.get("/dang-nhap")  # a session exists, so only the token is missing
    form = {"username": HEAD_A.username, "password": HEAD_A.password}
    for token in ({}, {"csrf_token": "gia-mao"}):
        refused = client.post("/dang-nhap", data={**form, **token})
        assert refused.status_code == 400
        assert "Biểu mẫu đã hết hạn hoặc không hợp lệ" in page(refused)
    assert client.get("/").status_code == 302  # not signed in
    signed = office.client(HEAD_A)
    assert signed.post("/dang-xuat").status_code == 400
    assert signed.get("/").status_code == 200  # still signed in: the forged sign-out failed
    token = csrf_token(page(signed.get("/")))
    assert signed.post("/dang-xuat", data={"csrf_token": token}).status_code == 302
    assert signed.get("/").status_code == 302


def test_a_token_from_another_session_is_refused(office: Office) -> None:
    stolen = csrf_token(page(office.anonymous().get("/dang-nhap")))
    victim = office.client(HEAD_A)
    assert victim.post("/dang-xuat", data={"csrf_token": stolen}).status_code == 400
    assert victim.get("/").status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_answer(office: Office) -> None:
    wrong = office.sign_in(HEAD_A, password="khong-phai-mat-khau")
    unknown = sign_in(office.anonymous(), replace(CLERK, username="khong.co"))
    assert wrong.status_code == unknown.status_code == 401
    assert WRONG in page(wrong) and WRONG in page(unknown)
    assert HEAD_A.password not in page(wrong)
    assert f'value="{HEAD_A.username}"' in page(wrong)  # the name stays, the password does not


def test_sign_in_is_rate_limited_per_user_name(office: Office) -> None:
    office.ensure(HEAD_A, CLERK)
    client = office.anonymous()
    for _ in range(5):
        assert sign_in(client, HEAD_A, password="doan-mat-khau-sai").status_code == 401
    # The right password, now: refused without being checked, and the page says for how long.
    blocked = sign_in(client, HEAD_A)
    assert blocked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần: hãy thử lại sau 15 phút." in page(blocked)
    assert client.get("/").status_code == 302
    # From another browser too: the limit is the user name's, not the cookie's.
    assert office.sign_in(HEAD_A).status_code == 429
    # Other accounts are not locked out by it.
    assert office.sign_in(CLERK).status_code == 302


def test_sign_in_is_rate_limited_per_client_address(office: Office) -> None:
    office.ensure(LEADER)
    client = office.anonymous()
    for number in range(20):
        guess = replace(CLERK, username=f"ten-doan-{number}")
        assert sign_in(client, guess).status_code == 401
    # One address spraying guesses over many names is stopped, even for a right password.
    assert office.sign_in(LEADER).status_code == 429


def test_session_cookie_is_httponly_samesite_and_expires(office: Office) -> None:
    cookie = office.sign_in(HEAD_A).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert "Secure" not in cookie  # plain HTTP on 127.0.0.1
    assert HEAD_A.username not in cookie  # only an id and a version, signed


def test_behind_a_tls_proxy_the_cookie_is_secure(office: Office, db_url: str) -> None:
    office.ensure(HEAD_A)
    proxied = create_app(resolve_settings(db=db_url), secure_cookies=True)
    try:
        response = sign_in(proxied.test_client(), HEAD_A)
        assert "Secure" in response.headers["Set-Cookie"]
    finally:
        proxied.extensions["tracker"].services.close()


def test_a_disabled_account_or_a_reset_password_ends_open_sessions(
    office: Office, run: Invoke
) -> None:
    head, clerk = office.client(HEAD_A), office.client(CLERK)
    run("users", "disable", HEAD_A.username)
    assert head.get("/").status_code == 302
    refused = office.sign_in(HEAD_A)
    assert refused.status_code == 401 and "vô hiệu hóa" in page(refused)
    run("users", "reset-password", CLERK.username, "--password-stdin", input="Mật-khẩu-mới-2025\n")
    assert clerk.get("/").status_code == 302
    assert office.sign_in(CLERK).status_code == 401
    assert office.sign_in(CLERK, password="Mật-khẩu-mới-2025").status_code == 302


def test_a_head_whose_appointment_ended_loses_the_unit(office: Office, run: Invoke) -> None:
    client = office.client(HEAD_A)
    run("heads", "set", "tnmt", "Phạm Văn Mới", "--from", "25/11/2024")
    assert client.get("/").status_code == 302
    refused = office.sign_in(HEAD_A)
    assert refused.status_code == 401
    assert "không còn là người đứng đầu Phòng Tài nguyên và Môi trường" in page(refused)


def test_the_server_keeps_a_connection_for_each_of_its_threads(office: Office, db_url: str) -> None:
    """`tracker serve --threads 12`: twelve requests at once each find an open connection
    (SQLAlchemy keeps 5 unless told; the others were opened and closed per request)."""
    served = create_app(resolve_settings(db=db_url), threads=12)
    try:
        assert served.extensions["tracker"].services.engine.pool.size() == 12
    finally:
        served.extensions["tracker"].services.close()


def test_a_head_keeps_the_unit_until_the_successor_s_first_day(office: Office, run: Invoke) -> None:
    """The account is read with every head of its unit: a successor appointed from tomorrow
    does not end today's session (today is 26/11/2024)."""
    client = office.client(HEAD_A)
    run("heads", "set", "tnmt", "Phạm Văn Sau", "--from", "27/11/2024")
    response = client.get("/")
    assert response.status_code == 200
    assert "Hồ sơ cần xử lý — Phòng Tài nguyên và Môi trường" in page(response)
    assert LATE_A in page(response)


def test_sign_in_returns_only_to_a_page_of_this_site(office: Office) -> None:
    office.ensure(HEAD_A)
    for target, expected in (
        (f"/ho-so/{LATE_A}", f"/ho-so/{LATE_A}"),
        ("https://gia-mao.example/", "/"),
        ("//gia-mao.example/", "/"),
        ("/\\gia-mao.example/", "/"),
    ):
        client = office.anonymous()
        token = csrf_token(page(client.get("/dang-nhap")))
        form = {"username": HEAD_A.username, "password": HEAD_A.password, "next": target}
        response = client.post("/dang-nhap", data={**form, "csrf_token": token})
        assert response.headers["Location"] == expected, target


def test_pages_forbid_caching_framing_and_foreign_assets(office: Office) -> None:
    response = office.client(HEAD_A).get("/")
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    body = page(response)
    assert "http://" not in body and "https://" not in body  # no CDN, no remote asset
    css = office.anonymous().get("/tep-tinh/tracker.css")
    assert css.status_code == 200 and "@media print" in page(css)


def test_pages_read_while_a_writer_holds_the_lock(office: Office, db_url: str) -> None:
    """A head's page during a clerk's import: read-only transactions never wait."""
    client = office.client(HEAD_A)
    engine = make_engine(db_url)
    try:
        with transaction(engine) as session:
            session.execute(
                text("UPDATE dossiers SET reason = 'đang nhập' WHERE code = :c"), {"c": LATE_A}
            )
            response = client.get("/")
            assert response.status_code == 200
            assert listed_codes(page(response)) == [LATE_A, SOON_A]
            assert "đang nhập" not in page(response)
    finally:
        engine.dispose()
