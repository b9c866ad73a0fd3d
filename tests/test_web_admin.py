"""The administrator's pages, proven by HTTP requests: accounts, units and heads, the calendar —
through the services of `tracker users|units|heads|calendar`, with the administrator recorded as
the actor — and the role boundaries: only an administrator reaches them, a leader changes
nothing, a form without its CSRF token is refused. Today is Tuesday 26/11/2024 (conftest)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text as sql

from tests.conftest import Invoke, as_json
from tests.database import snapshot
from tests.web import (
    ADMIN,
    APPLICANT_B,
    CLERK,
    HEAD_A,
    HEAD_B,
    LATE_A,
    LATER_A,
    LEADER,
    SOON_A,
    Office,
    User,
    sign_in,
)
from tests.web_forms import plain, post, table, text, web_office
from tracker.db import make_engine
from tracker.web.letters import BATCHES

NEW_PASSWORD = "Mật-khẩu-mới-của-Lan-25"
LAN = User("lan.tnmt", NEW_PASSWORD, "head")


@pytest.fixture
def office(run: Invoke, db_url: str) -> Iterator[Office]:
    with web_office(run, db_url) as built:
        built.ensure(ADMIN)
        yield built


@pytest.fixture
def admin(office: Office) -> Any:
    return office.client(ADMIN)


def events(db_url: str, prefix: str) -> list[tuple[str, str]]:
    """(actor, action) of every event whose action starts with `prefix`, oldest first."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sql("SELECT actor, action FROM events WHERE action LIKE :p ORDER BY id"),
                {"p": f"{prefix}%"},
            )
            return [(actor, action) for actor, action in rows]
    finally:
        engine.dispose()


def head_id(admin: Any, name: str) -> str:
    html = text(admin.get("/quan-tri/tai-khoan"))
    [value] = [v for v, label in _options(html) if label.startswith(name)]
    return value


def _options(html: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', html)


# --- accounts ---------------------------------------------------------------------------


def test_the_administrator_adds_a_heads_account_that_then_signs_in(
    office: Office, admin: Any, db_url: str
) -> None:
    form = {
        "ten-dang-nhap": LAN.username,
        "ho-ten": "",
        "vai-tro": "head",
        "nguoi-dung-dau": head_id(admin, "Nguyễn Hoàng Phúc"),
        "mat-khau": NEW_PASSWORD,
        "mat-khau-lai": NEW_PASSWORD,
    }
    done = post(admin, "/quan-tri/tai-khoan", form)
    assert done.status_code == 302 and done.headers["Location"] == "/quan-tri/tai-khoan"
    page = text(admin.get("/quan-tri/tai-khoan"))
    assert (
        "Đã thêm tài khoản lan.tnmt (Người đứng đầu đơn vị, Phòng Tài nguyên và Môi trường)."
        in page
    )
    assert NEW_PASSWORD not in page and "$argon2" not in page
    # The account is bound to that head, hence to their unit: it lands on tnmt's list.
    client = office.anonymous()
    assert sign_in(client, LAN).status_code == 302
    assert "Hồ sơ cần xử lý — Phòng Tài nguyên và Môi trường" in text(client.get("/"))
    assert events(db_url, "account.add")[-1] == (ADMIN.username, "account.add")


def test_a_refused_account_says_why_and_keeps_what_was_typed(
    admin: Any, run: Invoke, db_url: str
) -> None:
    before = as_json(run, "users", "list")
    form = {"ten-dang-nhap": "lan.tnmt", "ho-ten": "Lê Thị Lan", "vai-tro": "clerk"}
    mismatch = post(
        admin, "/quan-tri/tai-khoan", {**form, "mat-khau": NEW_PASSWORD, "mat-khau-lai": "khác"}
    )
    assert mismatch.status_code == 400
    assert "Hai lần nhập mật khẩu không khớp" in text(mismatch)
    assert 'value="Lê Thị Lan"' in text(mismatch) and NEW_PASSWORD not in text(mismatch)
    short = post(admin, "/quan-tri/tai-khoan", {**form, "mat-khau": "ngan", "mat-khau-lai": "ngan"})
    assert short.status_code == 400 and "Mật khẩu phải có ít nhất 10 ký tự." in text(short)
    taken = {**form, "ten-dang-nhap": ADMIN.username}
    clash = post(
        admin,
        "/quan-tri/tai-khoan",
        {**taken, "mat-khau": NEW_PASSWORD, "mat-khau-lai": NEW_PASSWORD},
    )
    assert clash.status_code == 409 and f"Tài khoản «{ADMIN.username}» đã có" in text(clash)
    headless = {**form, "vai-tro": "head", "mat-khau": NEW_PASSWORD, "mat-khau-lai": NEW_PASSWORD}
    assert post(admin, "/quan-tri/tai-khoan", headless).status_code == 400
    assert as_json(run, "users", "list") == before


def test_disable_enable_and_reset_a_password_end_the_accounts_sessions(
    office: Office, admin: Any, db_url: str
) -> None:
    head = office.client(HEAD_A)
    path = f"/quan-tri/tai-khoan/{HEAD_A.username}"
    assert post(admin, f"{path}/trang-thai", {"dang-dung": "0"}).status_code == 302
    assert head.get("/").status_code == 302  # signed out at once
    assert "vô hiệu hóa" in text(office.sign_in(HEAD_A))
    assert post(admin, f"{path}/trang-thai", {"dang-dung": "1"}).status_code == 302
    head = office.client(HEAD_A)
    reset = post(
        admin, f"{path}/mat-khau", {"mat-khau": NEW_PASSWORD, "mat-khau-lai": NEW_PASSWORD}
    )
    assert reset.status_code == 302
    assert head.get("/").status_code == 302
    assert office.sign_in(HEAD_A).status_code == 401
    assert office.sign_in(HEAD_A, password=NEW_PASSWORD).status_code == 302
    assert events(db_url, "account.")[-3:] == [
        (ADMIN.username, "account.disable"),
        (ADMIN.username, "account.enable"),
        (ADMIN.username, "account.reset_password"),
    ]


def test_an_administrator_cannot_disable_their_own_account(admin: Any) -> None:
    refused = post(admin, f"/quan-tri/tai-khoan/{ADMIN.username}/trang-thai", {"dang-dung": "0"})
    assert refused.status_code == 409
    assert "Không thể tự vô hiệu hóa tài khoản quantri đang đăng nhập" in text(refused)
    assert admin.get("/quan-tri/tai-khoan").status_code == 200


# --- units and heads --------------------------------------------------------------------


def test_units_are_listed_with_their_validity_and_added_through_the_service(
    admin: Any, run: Invoke, db_url: str
) -> None:
    rows = table(text(admin.get("/quan-tri/don-vi/")), "units")
    assert rows[[r[0] for r in rows].index("tnmt")][:2] == [
        "tnmt",
        "Phòng Tài nguyên và Môi trường",
    ]
    form = {
        "ma": "xa-moi",
        "ten": "xã Phước Mới",
        "loai": "commune",
        "viet-tat": "",
        "tu-ngay": "2025-07-01",
    }
    assert post(admin, "/quan-tri/don-vi/", form).status_code == 302
    added = next(u for u in as_json(run, "units", "list", "--all") if u["code"] == "xa-moi")
    assert added["valid_from"] == "2025-07-01" and added["kind"] == "commune"
    assert added["header_lines"] == ["ỦY BAN NHÂN DÂN", "XÃ PHƯỚC MỚI"]  # derived as the CLI does
    listed = table(text(admin.get("/quan-tri/don-vi/")), "units")
    assert next(r for r in listed if r[0] == "xa-moi")[-1] == "từ 01/07/2025"
    again = post(admin, "/quan-tri/don-vi/", {**form, "ma": "xa-moi"})
    assert again.status_code == 409 and "Đã có đơn vị trùng mã hoặc tên: xa-moi" in text(again)
    assert 'value="xã Phước Mới"' in text(again)
    bad = post(admin, "/quan-tri/don-vi/", {**form, "ma": "Xã Mới!", "tu-ngay": "31/02/2025"})
    assert bad.status_code == 400 and "Ngày «31/02/2025» không tồn tại" in text(bad)
    assert events(db_url, "unit.add")[-1] == (ADMIN.username, "unit.add")


def test_an_alias_and_a_header_change_go_through_the_services(
    admin: Any, run: Invoke, db_url: str
) -> None:
    page = "/quan-tri/don-vi/tnmt"
    assert (
        post(admin, f"{page}/ten-khac", {"ten-khac": "P. TNMT huyện"}, page=page).status_code == 302
    )
    assert "Đã thêm tên khác «P. TNMT huyện»." in text(admin.get(page))
    assert as_json(run, "cases", "list", "--unit", "P. TNMT huyện")  # the alias now names tnmt
    taken = post(admin, f"{page}/ten-khac", {"ten-khac": "xã Hiệp Thạnh"}, page=page)
    assert taken.status_code == 409 and "đã thuộc về đơn vị hiep-thanh" in text(taken)
    header = {
        "co-quan-chu-quan": "UBND HUYỆN GÒ DẦU",
        "dong-1": "PHÒNG TÀI NGUYÊN",
        "dong-2": "VÀ MÔI TRƯỜNG",
        "dia-danh": "Gò Dầu",
        "ly-do": "",
    }
    assert post(admin, f"{page}/tieu-de", header, page=page).status_code == 302
    tnmt = next(u for u in as_json(run, "units", "list") if u["code"] == "tnmt")
    assert tnmt["header_lines"] == ["PHÒNG TÀI NGUYÊN", "VÀ MÔI TRƯỜNG"]
    # Once the unit has issued a letter, a new header needs its reason, as on the CLI.
    run("letters", "draft", LATE_A, "--reason", "Chờ xác minh.")
    run("letters", "issue", LATE_A, "--auto-number")
    changed = {**header, "dong-1": "PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG", "dong-2": ""}
    refused = post(admin, f"{page}/tieu-de", changed, page=page)
    assert refused.status_code == 409 and "đã ban hành 1 thư" in text(refused)
    reasoned = {**changed, "ly-do": "Quyết định đổi tiêu đề số 5/QĐ-UBND"}
    assert post(admin, f"{page}/tieu-de", reasoned, page=page).status_code == 302
    assert "1 thư đã ban hành sẽ in lại với tiêu đề này." in text(admin.get(page))
    by_admin = [e for e in events(db_url, "unit.") if e[0] == ADMIN.username]
    assert by_admin == [
        (ADMIN.username, "unit.alias"),
        (ADMIN.username, "unit.header"),
        (ADMIN.username, "unit.header"),
    ]


def test_a_new_head_takes_over_the_units_open_dossiers_and_history_is_kept(
    office: Office, admin: Any, run: Invoke
) -> None:
    head = office.client(HEAD_A)
    page = "/quan-tri/don-vi/tnmt"
    form = {"ho-ten": "Lê Thị Lan", "chuc-vu": "", "tu-ngay": "2024-11-25"}
    assert post(admin, f"{page}/nguoi-dung-dau", form, page=page).status_code == 302
    html = text(admin.get(page))
    assert "Phòng Tài nguyên và Môi trường: Trưởng phòng Lê Thị Lan từ ngày 25/11/2024." in html
    assert table(html, "heads")[1:] == [
        ["Nguyễn Hoàng Phúc (tên minh họa)", "Trưởng phòng", "01/01/2024", "25/11/2024"],
        ["Lê Thị Lan", "Trưởng phòng", "25/11/2024", "nay"],
    ]
    shown = as_json(run, "cases", "show", LATE_A)
    assert shown["head"] == "Lê Thị Lan"
    assert head.get("/").status_code == 302  # the old head's account lost the unit
    assert APPLICANT_B not in html


# --- the calendar -----------------------------------------------------------------------


def test_a_day_off_says_which_open_dossiers_it_moves_and_can_be_removed(
    admin: Any, run: Invoke, db_url: str
) -> None:
    page = "/quan-tri/lich/?nam=2024"
    why = "Thông báo số 99/TB-UBND ngày 20/11/2024"
    changed = post(
        admin, "/quan-tri/lich/", {"ngay": "2024-11-27", "loai": "off", "can-cu": why}, page=page
    )
    assert changed.status_code == 200
    html = text(changed)
    named = f"Ngày nghỉ bổ sung: {why}"  # as `calendar list` names it
    assert f"Ngày 27/11/2024 (Thứ Tư): làm việc → nghỉ — {named}." in plain(html)
    moves = {row[0]: row for row in table(html, "moves")[1:]}
    # SOON_A is due Thursday 28/11: the last day to apologise moves from 27/11 to 26/11.
    assert moves[SOON_A][4] == "27/11/2024 → 26/11/2024"
    assert LATER_A not in moves and LATE_A not in moves
    assert "Nguyễn Văn An" not in html  # codes, units and heads only: an admin reads no dossier
    days = table(html, "calendar")
    assert [
        "27/11/2024",
        "Thứ Tư",
        "nghỉ",
        named,
        "điều chỉnh của quản trị",
        "Bỏ điều chỉnh",
    ] in days
    assert as_json(run, "calendar", "list", "2024")[-1]["name"] == named
    removed = post(admin, "/quan-tri/lich/2024-11-27/bo", {}, page=page)
    assert removed.status_code == 200 and "nghỉ → làm việc." in plain(text(removed))
    assert all(d["date"] != "2024-11-27" for d in as_json(run, "calendar", "list", "2024"))
    assert events(db_url, "calendar.") == [
        (ADMIN.username, "calendar.add-off"),
        (ADMIN.username, "calendar.remove"),
    ]


def test_a_refused_calendar_change_says_why_and_changes_nothing(
    admin: Any, run: Invoke, db_url: str
) -> None:
    page = "/quan-tri/lich/?nam=2024"
    engine = make_engine(db_url)
    try:
        before = snapshot(engine)
        saturday = post(
            admin,
            "/quan-tri/lich/",
            {"ngay": "30/11/2024", "loai": "off", "can-cu": "x"},
            page=page,
        )
        assert saturday.status_code == 409 and "đã là ngày nghỉ" in text(saturday)
        no_grounds = post(
            admin, "/quan-tri/lich/", {"ngay": "2024-11-27", "loai": "off", "can-cu": ""}, page=page
        )
        assert no_grounds.status_code == 400 and "Cần ghi lý do" in text(no_grounds)
        nothing = post(admin, "/quan-tri/lich/2024-11-27/bo", {}, page=page)
        assert nothing.status_code == 404 and "không có điều chỉnh nào" in text(nothing)
        assert admin.get("/quan-tri/lich/?nam=hai-nghin").status_code == 400
        assert snapshot(engine) == before
    finally:
        engine.dispose()


# --- who may ----------------------------------------------------------------------------

ADMIN_PAGES = [
    "/quan-tri/tai-khoan",
    "/quan-tri/don-vi/",
    "/quan-tri/don-vi/tnmt",
    "/quan-tri/lich/",
    "/quan-tri/don-vi/to-chuc-lai/",
]
ADMIN_FORMS = {
    "/quan-tri/tai-khoan": {
        "ten-dang-nhap": "ke.gian", "vai-tro": "admin", "mat-khau": NEW_PASSWORD, "mat-khau-lai": NEW_PASSWORD,
    },
    f"/quan-tri/tai-khoan/{ADMIN.username}/trang-thai": {"dang-dung": "0"},
    f"/quan-tri/tai-khoan/{ADMIN.username}/mat-khau": {"mat-khau": NEW_PASSWORD, "mat-khau-lai": NEW_PASSWORD},
    "/quan-tri/don-vi/": {"ma": "gia", "ten": "Phòng Giả", "loai": "department"},
    "/quan-tri/don-vi/tnmt/ten-khac": {"ten-khac": "Phòng giả"},
    "/quan-tri/don-vi/tnmt/tieu-de": {"dong-1": "PHÒNG GIẢ", "dia-danh": "Giả"},
    "/quan-tri/don-vi/tnmt/nguoi-dung-dau": {"ho-ten": "Kẻ Gian"},
    "/quan-tri/lich/": {"ngay": "2024-11-27", "loai": "off", "can-cu": "giả"},
    "/quan-tri/lich/2024-11-27/bo": {},
    "/quan-tri/don-vi/to-chuc-lai/ke-hoach": {"ke-hoach": "go-dau-2025", "xac-nhan": "0" * 32},
    "/quan-tri/don-vi/to-chuc-lai/ban-giao": {"mau": "phuoc-thanh", "tu-ngay": "01/07/2025", "doi-ma": "vp=pt-vp"},
}  # fmt: skip


@pytest.mark.parametrize("user", [HEAD_A, CLERK, LEADER], ids=["head", "clerk", "leader"])
def test_only_an_administrator_reaches_the_administration(
    office: Office, user: User, db_url: str
) -> None:
    client = office.client(user)
    for path in ADMIN_PAGES:
        refused = client.get(path)
        assert refused.status_code == 403, path
        assert "không có quyền" in text(refused)
    engine = make_engine(db_url)
    try:
        before = snapshot(engine)
        for path, form in ADMIN_FORMS.items():
            assert post(client, path, form).status_code == 403, path
        assert snapshot(engine) == before
    finally:
        engine.dispose()


def test_a_leader_changes_nothing_whatever_the_form(office: Office, db_url: str) -> None:
    """Every POST route of the application, with a valid CSRF token, from a leader."""
    client = office.client(LEADER)
    values = {"username": HEAD_B.username, "code": LATE_A, "day": "2024-11-27", "period": "2024-11"}
    routes = [
        rule
        for rule in office.app.url_map.iter_rules()
        if "POST" in (rule.methods or ()) and not rule.endpoint.startswith("auth.")
    ]
    assert len(routes) >= len(ADMIN_FORMS)
    engine = make_engine(db_url)
    try:
        before = snapshot(engine)
        for rule in routes:
            # The clerk's batches stand at one address each (/thu/hang-loat/<action>).
            for action in BATCHES if "action" in rule.arguments else [None]:
                arguments = {**values, "action": action}
                path = rule.build({name: arguments[name] for name in rule.arguments})[1]
                response = post(client, path, ADMIN_FORMS.get(path, {"ly-do": "thử"}))
                assert response.status_code == 403, path
        assert snapshot(engine) == before
    finally:
        engine.dispose()


def test_an_administration_form_without_its_csrf_token_is_refused(admin: Any, db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        before = snapshot(engine)
        for path, form in ADMIN_FORMS.items():
            for token in ({}, {"csrf_token": "gia-mao"}):
                refused = admin.post(path, data={**form, **token})
                assert refused.status_code == 400, path
                assert "Biểu mẫu đã hết hạn hoặc không hợp lệ" in text(refused)
        assert snapshot(engine) == before
    finally:
        engine.dispose()
