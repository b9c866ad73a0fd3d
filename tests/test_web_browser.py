"""A real browser: Debian's chromium, driven by Playwright through its executable_path (nothing
is downloaded: never `playwright install`), against `tracker serve` in its own process.

Without chromium the test is skipped with the reason, which `make test` prints in its summary;
`.ci/run` installs chromium when it is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.web import HEAD_A, LATE_A, LATE_B, SOON_A, add_user, build_office, running_server

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
