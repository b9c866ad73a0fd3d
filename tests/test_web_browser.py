"""A real browser: Debian's chromium, driven by Playwright through its executable_path (nothing
is downloaded: never `playwright install`), against `tracker serve` in its own process.

Without chromium the test is skipped with the reason, which `make test` prints in its summary;
`.ci/run` installs chromium when it is missing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.docx_text import docx_text
from tests.web import (
    ADMIN,
    CLERK,
    HEAD_A,
    LATE_A,
    LATE_B,
    SOON_A,
    User,
    add_user,
    build_office,
    running_server,
)

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed: `apt-get install chromium` (.ci/run does it)",
)


def test_a_head_signs_in_and_sees_their_list(run: Invoke, db_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    build_office(run)
    add_user(run, HEAD_A)
    with (
        running_server(db_url) as base,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="vi-VN")
            page.goto(f"{base}/")
            expect(page).to_have_url(f"{base}/dang-nhap?next=/")
            page.fill("#username", HEAD_A.username)
            page.fill("#password", "mat-khau-sai-roi")
            page.click("button[type=submit]")
            expect(page.get_by_role("alert")).to_have_text(
                "Tên đăng nhập hoặc mật khẩu không đúng."
            )
            page.fill("#password", HEAD_A.password)
            page.click("button[type=submit]")
            expect(page.locator("h1")).to_have_text(
                "Hồ sơ cần xử lý — Phòng Tài nguyên và Môi trường"
            )
            assert page.locator("td.code").all_inner_texts() == [LATE_A, SOON_A]
            assert LATE_B not in page.content()
            # The whole table fits the width of an office screen: no sideways scrolling.
            assert page.evaluate("document.documentElement.scrollWidth") <= 1366
            page.screenshot(path=str(tmp_path / "danh-sach.png"))
            page.click(f"text={LATE_A}")
            expect(page.locator("h1")).to_have_text(f"Hồ sơ {LATE_A}")
            page.click("text=Đăng xuất")
            expect(page.locator("h1")).to_have_text("Đăng nhập")
            page.goto(f"{base}/")
            expect(page).to_have_url(f"{base}/dang-nhap?next=/")
        finally:
            browser.close()


def launched(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def office_page(browser: Any) -> Any:
    return browser.new_page(
        viewport={"width": 1366, "height": 768}, locale="vi-VN", accept_downloads=True
    )


def sign_in_as(page: Any, base: str, user: User) -> None:
    page.goto(f"{base}/dang-nhap")
    page.fill("#username", user.username)
    page.fill("#password", user.password)
    page.click("button[type=submit]")


def looked_at(page: Any, folder: Path, name: str) -> None:
    """The page fits an office screen's width (no sideways scrolling); its picture is kept, the
    whole page, for a person to look at (pytest --basetemp=DIR keeps them in DIR)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366, name
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_a_head_enters_the_reason_and_date_and_downloads_the_letter(
    run: Invoke, db_url: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    build_office(run)
    add_user(run, HEAD_A)
    reason = "Chờ xác minh nguồn gốc đất với UBND xã Phước Thạnh"
    with running_server(db_url) as base, sync_playwright() as playwright:
        browser = launched(playwright)
        try:
            page = office_page(browser)
            sign_in_as(page, base, HEAD_A)
            # Each dossier's deadline, explained under its row.
            page.locator("details summary").first.click()
            expect(page.locator("details").first).to_contain_text("Hạn gửi thư xin lỗi: 18/11/2024")
            looked_at(page, tmp_path, "truong-phong-danh-sach")
            page.click(f"text={LATE_A}")
            expect(page.locator("h1")).to_have_text(f"Hồ sơ {LATE_A}")
            looked_at(page, tmp_path, "truong-phong-ho-so")
            page.fill("#reason", reason)
            page.fill("#new_date", "01/12/2024")  # a Sunday: refused, nothing changed
            page.click("button[value=draft]")
            expect(page.get_by_role("alert")).to_contain_text("01/12/2024")
            looked_at(page, tmp_path, "truong-phong-tu-choi")
            page.fill("#new_date", "04/12/2024")
            page.click("button[value=draft]")
            expect(page.locator("h1")).to_have_text(f"Hồ sơ {LATE_A}")
            expect(page.locator("table.history")).to_contain_text(HEAD_A.username)
            looked_at(page, tmp_path, "truong-phong-da-soan")
            with page.expect_download() as downloading:
                page.click("a.download")
            downloading.value.save_as(tmp_path / "thu.docx")
        finally:
            browser.close()
    text = docx_text(tmp_path / "thu.docx")
    assert "Kính gửi: Ông/Bà Nguyễn Văn An" in text and f"Lý do: {reason}." in text
    assert "hẹn lại ngày trả kết quả là ngày 04 tháng 12 năm 2024" in text
    events = json.loads(run("history", LATE_A, "--format", "json").stdout)
    assert {"dossier.reason", "letter.draft", "letter.render"} <= {
        e["action"] for e in events if e["actor"] == HEAD_A.username
    }


def test_a_clerk_uploads_the_demo_export_and_issues_a_batch(
    run: Invoke, db_url: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from tracker.demo.data import NOVEMBER_2024
    from tracker.demo.export import write_sample_export

    add_user(run, CLERK)
    rows = write_sample_export(
        tmp_path / "DS tre han T11-2024.xlsx",
        NOVEMBER_2024.samples(),
        titles=NOVEMBER_2024.export_titles,
    )
    with running_server(db_url) as base, sync_playwright() as playwright:
        browser = launched(playwright)
        try:
            page = office_page(browser)
            sign_in_as(page, base, CLERK)
            page.click("nav >> text=Nhập tệp")
            looked_at(page, tmp_path, "van-thu-nhap-tep")
            page.set_input_files("#tep", str(tmp_path / "DS tre han T11-2024.xlsx"))
            page.fill("#ky", "2024-11")
            page.click("main button[type=submit]")
            expect(page.get_by_role("status")).to_have_text("Mọi dòng đã được ghi: lần nhập #1.")
            expect(page.locator("table.counts tbody td").first).to_have_text(str(rows))
            looked_at(page, tmp_path, "van-thu-ket-qua-nhap")

            page.goto(f"{base}/thu?ky=2024-11")
            looked_at(page, tmp_path, "van-thu-thu-theo-ky")
            page.click("text=Xem trước việc soạn thư")
            expect(page.locator("p.summary")).to_contain_text("Sẽ thực hiện cho")
            looked_at(page, tmp_path, "van-thu-xem-truoc-soan")
            page.click("button:has-text('Xác nhận')")
            expect(page.get_by_role("status")).to_contain_text("Đã thực hiện:")
            drafted = letters(run, "draft")
            assert drafted

            page.goto(f"{base}/thu?ky=2024-11")
            page.click("text=Xem trước việc ban hành")
            expect(page.locator("p.summary")).to_contain_text(
                f"Sẽ thực hiện cho {len(drafted)} thư"
            )
            looked_at(page, tmp_path, "van-thu-xem-truoc-ban-hanh")
            assert letters(run, "issued") == {}  # shown, not done
            page.click("button:has-text('Xác nhận')")
            expect(page.get_by_role("status")).to_have_text(
                f"Đã thực hiện: {len(drafted)} thư; mọi thay đổi được ghi vào lịch sử với "
                f"người thực hiện {CLERK.username}."
            )
            looked_at(page, tmp_path, "van-thu-da-ban-hanh")
            issued = letters(run, "issued")
            assert set(issued) == set(drafted)
            assert all(number for number in issued.values())

            for path, name in (
                ("/cho-cong-khai", "van-thu-cho-cong-khai"),
                ("/thu-muon?ky=2024-11", "van-thu-thu-muon"),
            ):
                page.goto(f"{base}{path}")
                looked_at(page, tmp_path, name)
            with page.expect_download() as downloading:
                page.goto(f"{base}/thu?ky=2024-11")
                page.click("text=Bản gộp thư đã ban hành")
            downloading.value.save_as(tmp_path / "ban-gop.docx")
        finally:
            browser.close()
    combined = docx_text(tmp_path / "ban-gop.docx")
    assert all(f"Số: {number}" in combined for number in issued.values())


def letters(run: Invoke, status: str) -> dict[str, str | None]:
    """Each dossier's letter number, for the letters in `status`, as the CLI lists them."""
    listed = json.loads(run("cases", "list", "--period", "2024-11", "--format", "json").stdout)
    return {
        c["code"]: c["letter"].get("number")
        for c in listed
        if c["letter"] and c["letter"]["status"] == status
    }


def test_an_administrator_carries_out_the_reform_in_two_confirmed_steps(
    run: Invoke, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import expect, sync_playwright

    build_office(run)
    add_user(run, ADMIN)
    monkeypatch.setenv("TRACKER_TODAY", "02/07/2025")  # the server's day: after the plan's
    with running_server(db_url) as base, sync_playwright() as playwright:
        browser = launched(playwright)
        try:
            page = office_page(browser)
            sign_in_as(page, base, ADMIN)
            page.click("nav >> text=Đơn vị")
            page.click("text=Tổ chức lại đơn vị")
            expect(page.locator("h1")).to_have_text("Tổ chức lại đơn vị")
            page.click("form[action$='/ke-hoach'] >> text=Xem trước")
            expect(page.locator("section.change h2")).to_contain_text("Xem trước: kế hoạch")
            expect(page.locator("table.moved")).to_contain_text(LATE_B)
            looked_at(page, tmp_path, "quan-tri-xem-truoc-ke-hoach")
            page.click("button:has-text('Áp dụng kế hoạch')")
            expect(page.locator("section.change h2")).to_contain_text("Đã áp dụng kế hoạch")
            # The second step's date is the plan's, typed as the office writes dates.
            expect(page.locator("#tu-ngay")).to_have_value("01/07/2025")
            page.select_option("#mau", "phuoc-thanh")
            page.fill("#doi-ma", "vp=pt-vp")
            page.click("form[action$='/ban-giao'] >> text=Xem trước")
            expect(page.locator("table.settings")).to_contain_text("Tên cơ quan")
            looked_at(page, tmp_path, "quan-tri-xem-truoc-ban-giao")
            page.click("button:has-text('Xác nhận')")
            expect(page.locator("section.change h2")).to_have_text(
                "Từ ngày 01/07/2025, Ủy ban nhân dân xã Phước Thạnh dùng tiếp cơ sở dữ liệu"
            )
            looked_at(page, tmp_path, "quan-tri-da-ban-giao")
        finally:
            browser.close()
    units = {
        u["code"]: u for u in json.loads(run("units", "list", "--all", "--format", "json").stdout)
    }
    assert units["hiep-thanh"]["valid_to"] == "2025-06-30"
    assert units["pt-vp"]["valid_from"] == "2025-07-01"
