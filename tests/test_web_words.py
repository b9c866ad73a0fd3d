"""The web speaks its own words: a refusal's, a rejected row's or a skipped dossier's next step
is said in Vietnamese with a link to the page that does it, or «nhờ …» for a role that cannot —
never as a command to type. The command line keeps naming the command (the CLI tests assert
its texts). Today is Tuesday 26/11/2024 (conftest)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.import_files import csv_bytes, dossier
from tests.reorganisation import AFTER, PLAN
from tests.web import (
    ADMIN,
    CLERK,
    DONE_A,
    EVERYONE,
    HEAD_A,
    HEAD_B,
    LATE_A,
    LATE_B,
    LEADER,
    SOON_A,
    Office,
    page,
    upload,
)
from tests.web_forms import plain, post, web_office
from tracker.cli.next_steps import COMMANDS
from tracker.cli.next_steps import advice as cli_advice
from tracker.next_steps import Action, NextStep, joined
from tracker.web.next_steps import WORDS, advice

# What each action is about in this office: a unit's code, a dossier's code, a name, a year.
ABOUT = {
    Action.FIND_UNIT: "Phòng Không Có Thật",
    Action.ALIAS_AND_REIMPORT: "Phòng Không Có Thật",
    Action.PLACE_UNIT: "tnmt",
    Action.SET_HEAD: "tnmt",
    Action.SET_HEAD_OR_SIGNER: "tnmt",
    Action.ANOTHER_ADMIN: ADMIN.username,
    Action.CALENDAR_YEAR: "2024",
    Action.SHOW_CASE: LATE_A,
    Action.RECHECK_CASE: LATE_A,
    Action.GIVE_REASON: LATE_A,
    Action.REASON_THEN_REDRAFT: LATE_A,
    Action.DRAFT_LETTER: LATE_A,
    Action.REDRAFT_LETTER: LATE_A,
    Action.ISSUE_LETTER: LATE_A,
    Action.WITHDRAW: LATE_A,
}
CODE_KT = "000.00.19.H53-241105-0099"  # a dossier of a unit added without its place name
COMMAND = re.compile(r"`|\btracker [a-z]|--[a-z]")  # a command, or an option, to type
LINK = re.compile(r'<a href="([^"]+)">([^<]+)</a>')


def worded(html: str) -> str:
    """The page's words, after checking that none of them is a command."""
    assert "`tracker " not in html
    words = plain(html)
    assert not re.search(r"\btracker (units|cases|letters|users|heads|calendar|init)\b", words)
    return words


@pytest.fixture
def office(run: Invoke, db_url: str) -> Iterator[Office]:
    with web_office(run, db_url) as built:
        yield built


# --- each action, once per surface ----------------------------------------------------------


def test_every_action_is_worded_once_on_each_surface() -> None:
    assert set(COMMANDS) == set(Action) == set(WORDS)
    for action in Action:
        assert "`tracker " in COMMANDS[action] or " --" in COMMANDS[action], action
        words = WORDS[action]
        for text in (words.text, words.page, words.otherwise):
            assert not COMMAND.search(text), (action, text)
        # A page for some roles says what the others do instead.
        assert (words.roles is None) == (words.otherwise == ""), action


def test_the_cli_says_a_step_as_the_command_it_always_printed() -> None:
    step = NextStep(Action.FIND_UNIT, "xa khong ton tai")
    assert joined("Không tìm thấy đơn vị «xa khong ton tai».", cli_advice(step)) == (
        "Không tìm thấy đơn vị «xa khong ton tai»: xem `tracker units list`, hoặc thêm tên "
        'khác bằng `tracker units alias MÃ_ĐƠN_VỊ "xa khong ton tai"`.'
    )
    # A sentence that has its colon already takes the step after a semicolon.
    redraft = joined("Hồ sơ A chưa có kết quả: thư sai loại.", "soạn lại")
    assert redraft == "Hồ sơ A chưa có kết quả: thư sai loại; soạn lại."


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
def test_each_step_links_a_page_its_reader_can_open_or_says_whom_to_ask(
    office: Office, action: Action
) -> None:
    words = WORDS[action]
    for user in EVERYONE:
        # A head is sent to a dossier of their own unit only.
        about = ABOUT.get(action, "")
        step = NextStep(action, LATE_B if about == LATE_A and user == HEAD_B else about)
        with office.app.test_request_context():
            said = str(advice(step, user.role))
        assert not COMMAND.search(said), said
        if words.roles is not None and user.role not in words.roles:
            assert LINK.search(said) is None and said.startswith(("nhờ", "hãy")), said
            continue
        if words.endpoint is None:
            assert LINK.search(said) is None
            continue
        [(address, label)] = LINK.findall(said)
        assert label == words.page.format(about=step.about)
        opened = office.client(user).get(address)
        assert opened.status_code == 200, (action, user.role, address)
        worded(page(opened))


# --- the pages where a service's step reaches a person ----------------------------------------


def refusal(response: Any) -> str:
    """The refusal's words on the page, its link kept as `words [address]`."""
    html = page(response)
    found = re.search(r'<p class="refusal[^"]*" role="alert">(.*?)</p>', html, re.S)
    assert found, "no refusal on the page"
    worded(html)
    return LINK.sub(r"\2 [\1]", found.group(1)).replace("&#34;", '"')


def test_a_clerk_is_told_whom_to_ask_for_an_exported_unit_name(office: Office) -> None:
    data = csv_bytes([dossier(1), dossier(2, unit="Phòng Không Có Thật")])
    body = page(upload(office.client(CLERK), "export.csv", data, ky="2024-11"))
    assert (
        "không có đơn vị «Phòng Không Có Thật»: nhờ quản trị viên thêm «Phòng Không Có Thật» "
        "làm tên khác của đơn vị đúng, rồi nhập lại tệp" in worded(body)
    )


def test_an_office_that_began_without_a_preset(
    run: Invoke, empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No unit to import into, then a unit without the place name its letters' date line needs:
    the clerk reads whom to ask, the command line what to type."""
    monkeypatch.setenv("TRACKER_DATABASE_URL", empty_url)
    run("init")
    data = csv_bytes([dossier(1)])
    (tmp_path / "export.csv").write_bytes(data)
    with web_office(run, empty_url, build=False) as office:
        response = upload(office.client(CLERK), "export.csv", data)
        assert response.status_code == 409
        assert refusal(response) == (
            "Cơ sở dữ liệu chưa có đơn vị nào để giao hồ sơ: nhờ quản trị viên thêm các đơn vị "
            "của cơ quan, rồi nhập lại tệp."
        )
        cli = run("import", str(tmp_path / "export.csv"), ok=False)
        assert "nạp mẫu đơn vị bằng `tracker init --preset phuoc-thanh`" in cli.stderr
        run("units", "add", "kt", "Phòng Kinh tế", "--kind", "department")
        run("heads", "set", "kt", "Võ Văn Hậu")
        run(
            "cases", "add", CODE_KT, "--procedure", "Cấp phép xây dựng", "--applicant",
            "Lê Văn Tư", "--unit", "kt", "--received", "05/11/2024", "--due", "19/11/2024",
        )  # fmt: skip
        drafted = post(
            office.client(CLERK),
            f"/ho-so/{CODE_KT}/xu-ly",
            {"reason": "Chờ ý kiến.", "new_date": "03/12/2024", "action": "draft"},
            page=f"/ho-so/{CODE_KT}",
        )
        assert drafted.status_code == 400
        assert refusal(drafted) == (
            "Đơn vị kt chưa có địa danh ghi ngày tháng trên thư: nhờ quản trị viên ghi địa danh "
            "của đơn vị kt."
        )
        run("cases", "reason", CODE_KT, "Chờ ý kiến.")
        run("letters", "draft", CODE_KT)
        cli = run("letters", "render", CODE_KT, "--out", str(tmp_path), ok=False)
        assert (
            'chưa có địa danh ghi ngày tháng trên thư: ghi bằng `tracker units set kt --place "…"`.'
            in cli.stderr
        )


def publish(client: Any, code: str) -> Any:
    return post(client, f"/ho-so/{code}/cong-khai", {"channel": "onestop"}, page=f"/ho-so/{code}")


def test_a_letter_not_yet_drafted_or_issued_or_already_published(
    office: Office, run: Invoke
) -> None:
    clerk, head = office.client(CLERK), office.client(HEAD_A)
    dossier_page = f"/ho-so/{LATE_A}"
    for client in (clerk, head):
        printed = post(client, f"{dossier_page}/in-thu", {}, page=dossier_page)
        assert printed.status_code == 404
        assert refusal(printed) == (
            f"Hồ sơ {LATE_A} chưa có thư xin lỗi: hãy soạn thư ở trang "
            f"hồ sơ {LATE_A} [{dossier_page}] trước."
        )
    run("cases", "reason", LATE_A, "Chờ xác minh nguồn gốc đất")
    run("letters", "draft", LATE_A)
    draft = publish(clerk, LATE_A)
    assert draft.status_code == 409
    assert refusal(draft) == (
        f"Thư của hồ sơ {LATE_A} còn là dự thảo: hãy ban hành thư (cấp số) ở trang "
        "Thư xin lỗi [/thu] trước khi công khai."
    )
    run("letters", "issue", LATE_A, "--auto-number")
    assert publish(clerk, LATE_A).status_code == 302
    twice = publish(clerk, LATE_A)
    assert twice.status_code == 409
    assert refusal(twice).endswith(
        "muốn sửa hoặc gỡ lần công khai này, hãy nhờ quản trị viên (trang web chưa làm được "
        "việc này)."
    )
    # The command line, on the same refusal, names its command.
    cli = run("letters", "publish", LATE_A, "--onestop", ok=False)
    assert f"muốn sửa hãy dùng `tracker letters withdraw {LATE_A}`." in cli.stderr


def test_a_batch_names_the_dossiers_it_skips_and_where_to_give_their_reason(
    office: Office,
) -> None:
    preview = post(office.client(CLERK), "/thu/hang-loat/soan", {"ky": "2024-11"}, page="/thu")
    assert preview.status_code == 200
    html = page(preview)
    worded(html)
    assert (
        f'chưa có lý do trễ hạn: ghi lý do trễ hạn ở trang <a href="/ho-so/{LATE_A}">hồ sơ '
        f"{LATE_A}</a> rồi soạn thư.</li>"
    ) in html


def test_an_unknown_unit_in_an_address_gets_the_error_page_in_words(office: Office) -> None:
    for user, told in (
        (CLERK, "hãy chọn đơn vị trong danh sách, hoặc nhờ quản trị viên thêm «xa khong ton tai»"),
        (LEADER, "hãy chọn đơn vị trong danh sách, hoặc nhờ quản trị viên thêm «xa khong ton tai»"),
    ):
        response = office.client(user).get("/?don-vi=xa+khong+ton+tai")
        assert response.status_code == 404
        assert refusal(response).startswith(f"Không tìm thấy đơn vị «xa khong ton tai»: {told}")


def test_the_administrators_refusals_link_their_pages(office: Office) -> None:
    admin = office.client(ADMIN)
    own = post(admin, f"/quan-tri/tai-khoan/{ADMIN.username}/trang-thai", {"dang-dung": "0"})
    assert own.status_code == 409
    assert refusal(own) == (
        f"Không thể tự vô hiệu hóa tài khoản {ADMIN.username} đang đăng nhập: hãy nhờ một "
        "quản trị viên khác làm việc này."
    )
    password = "Mật-khẩu-mới-của-Lan-25"
    taken = post(admin, "/quan-tri/tai-khoan", {
        "ten-dang-nhap": ADMIN.username, "ho-ten": "Ai Đó", "vai-tro": "clerk",
        "mat-khau": password, "mat-khau-lai": password,
    })  # fmt: skip
    assert taken.status_code == 409
    assert refusal(taken) == (
        f"Tài khoản «{ADMIN.username}» đã có: xem danh sách ở trang Tài khoản [/quan-tri/tai-khoan]."
    )
    calendar = "/quan-tri/lich/?nam=2024"
    nothing = post(admin, "/quan-tri/lich/2024-11-27/bo", {}, page=calendar)
    assert nothing.status_code == 404
    assert refusal(nothing) == (
        "Ngày 27/11/2024 không có điều chỉnh nào trong bảng lịch: xem các ngày đã điều chỉnh "
        "của năm 2024 ở trang Lịch làm việc [/quan-tri/lich/?nam=2024]."
    )


def test_an_export_row_for_a_unit_that_ended_without_successor(
    november: Invoke, db_url: str
) -> None:
    november("--today", AFTER, "units", "reorganise", PLAN)
    data = csv_bytes([dossier(14, unit="Phòng TN&MT", received="25/06/2025", due="08/07/2025")])
    with web_office(november, db_url, today="15/07/2025", build=False) as office:
        report = upload(office.client(CLERK), "export.csv", data)
    assert report.status_code == 200
    html = page(report)
    assert (
        "đơn vị «Phòng TN&MT» đã kết thúc ngày 30/06/2025 và không có đơn vị kế thừa: hồ sơ "
        "chờ giao, chưa có người đứng đầu nào nhận (nhờ quản trị viên giao cho đơn vị phù hợp)."
    ) in unescape(worded(html))


# --- every page a role opens ------------------------------------------------------------------

PAGES = {
    CLERK: ["/", "/thu", "/nhap", "/cho-cong-khai", "/thu-muon", "/bao-cao/", f"/ho-so/{LATE_A}"],
    HEAD_A: ["/", "/thu", "/cho-cong-khai", "/thu-muon", f"/ho-so/{LATE_A}"],
    LEADER: ["/", "/thu", "/bao-cao/", "/bao-cao/?thang=10&nam=2024", f"/ho-so/{LATE_A}"],
    ADMIN: ["/quan-tri/tai-khoan", "/quan-tri/don-vi/", "/quan-tri/don-vi/tnmt", "/quan-tri/lich/"],
}


def test_no_page_tells_anyone_to_type_a_command(office: Office) -> None:
    worded(page(office.anonymous().get("/dang-nhap")))
    for user, paths in PAGES.items():
        client = office.client(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (user.role, path)
            worded(page(response))


# --- what a form must say: the web names its field, never the CLI's option ------------------


def test_a_form_left_short_is_told_which_field_to_fill(office: Office, run: Invoke) -> None:
    head = office.client(HEAD_A)
    early = post(
        head,
        f"/ho-so/{SOON_A}/xu-ly",
        {"reason": "Chờ ý kiến.", "new_date": "27/11/2024", "action": "draft"},
        page=f"/ho-so/{SOON_A}",
    )
    assert early.status_code == 400
    assert refusal(early) == (
        f"Hồ sơ {SOON_A}: ngày hẹn trả mới 27/11/2024 phải sau ngày hẹn trả cũ 28/11/2024; "
        "hãy chọn ngày hẹn trả mới muộn hơn."
    )
    settled = post(
        head,
        f"/ho-so/{DONE_A}/xu-ly",
        {"reason": "Chờ ý kiến.", "new_date": "20/12/2024", "action": "draft"},
        page=f"/ho-so/{DONE_A}",
    )
    assert settled.status_code == 400
    assert refusal(settled).endswith(
        "thư xin lỗi không hẹn ngày trả mới; để trống ô ngày hẹn trả mới."
    )
    run("cases", "reason", LATE_A, "Chờ xác minh nguồn gốc đất")
    run("letters", "draft", LATE_A)
    run("letters", "issue", LATE_A, "--auto-number")
    clerk = office.client(CLERK)
    no_url = post(
        clerk,
        f"/ho-so/{LATE_A}/cong-khai",
        {"channel": "portal", "where": ""},
        page=f"/ho-so/{LATE_A}",
    )
    assert no_url.status_code == 400
    assert refusal(no_url) == (
        "Đăng Cổng thông tin cần địa chỉ bài đăng: ghi địa chỉ bài đăng (https://…) rồi gửi lại."
    )
    no_pattern = post(clerk, "/thu/hang-loat/cong", {"ky": "2024-11"}, page="/thu")
    assert no_pattern.status_code == 400
    assert refusal(no_pattern) == (
        "Đăng hàng loạt lên Cổng thông tin cần mẫu địa chỉ bài đăng chứa {code}: ghi vào ô «Địa "
        "chỉ bài đăng», ví dụ https://godau.tayninh.gov.vn/xin-loi/{code}."
    )
    admin = office.client(ADMIN)
    no_grounds = post(
        admin,
        "/quan-tri/lich/",
        {"ngay": "27/11/2024", "loai": "off", "can-cu": ""},
        page="/quan-tri/lich/",
    )
    assert no_grounds.status_code == 400
    assert refusal(no_grounds) == (
        "Cần ghi lý do, ví dụ số và ngày của thông báo lịch nghỉ đã căn cứ: ghi vào ô «Căn cứ»."
    )
    header = post(
        admin,
        "/quan-tri/don-vi/tnmt/tieu-de",
        {"dong-1": "PHÒNG MỚI", "dia-danh": "Gò Dầu"},
        page="/quan-tri/don-vi/tnmt",
    )
    assert header.status_code == 409
    assert refusal(header) == (
        "Đơn vị tnmt đã ban hành 1 thư: in lại sẽ mang tiêu đề mới; nếu đúng là cần, ghi vào "
        "ô «Lý do» để lưu vào nhật ký."
    )
    # The command line, on the same refusals, names its options.
    cli = run("calendar", "add-off", "27/11/2024", "--why", " ", ok=False)
    assert cli.stderr.strip().endswith('ghi bằng --why "…".'), cli.stderr
