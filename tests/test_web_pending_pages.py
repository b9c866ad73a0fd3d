"""The clerk's pending list one page at a time (HTTP, Flask's test client): the pages follow
the order of `letters pending` (the CLI's whole list), the total counts every page, the
channel and the unit chosen are kept from page to page, a publication recorded on a page comes
back to it, and a head pages through their own unit's letters only. Today is Tuesday
26/11/2024 (conftest)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.web import CLERK, HEAD_A, HEAD_B, LATE_A, LATE_B, LEADER, Office, page, post_form
from tests.web_forms import codes, pager_links

PAGE = 50  # tracker.services.paging.PAGE_SIZE
HEADERS = ["Mã hồ sơ", "Tên thủ tục hành chính", "Chủ hồ sơ", "Đơn vị xử lý",
           "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả"]  # fmt: skip
ONE_DAY = dt.timedelta(days=1)


@pytest.fixture
def issued(office: Office, run: Invoke, tmp_path: Path) -> Office:
    """61 more late tnmt dossiers (64 with a letter, with the office's), and the letters of every late one issued in two batches:
    xã Hiệp Thạnh's on 20/11, tnmt's today (the list goes by issue date, then code)."""
    export = tmp_path / "xuat.csv"
    with export.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADERS)
        for n in range(61):
            due = dt.date(2024, 11, 4) + ONE_DAY * (n % 15)
            received = due - ONE_DAY * 20
            writer.writerow([f"000.00.19.H53-{received:%y%m%d}-{n + 100:04d}",
                             "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", "Nguyễn Văn An",
                             "Phòng TN&MT", f"{received:%d/%m/%Y}", f"{due:%d/%m/%Y}", ""])  # fmt: skip
    run("import", str(export))
    for unit, day in (("hiep thanh", "20/11/2024"), ("tnmt", "26/11/2024")):
        batch = ["--period", "2024-11", "--unit", unit]
        reason = ["--reason", "Chờ ý kiến của cơ quan phối hợp."]
        run("--today", day, "letters", "draft", *batch, *reason)
        run("--today", day, "letters", "issue", *batch, "--auto-number", "--yes")
    return office


def pending(run: Invoke, *args: str) -> list[str]:
    """The codes of `letters pending`, in its order."""
    rows = json.loads(run("letters", "pending", *args, "--format", "json").stdout)
    return [row["code"] for row in rows]


def test_the_pages_follow_the_clis_list(issued: Office) -> None:
    wanted = pending(issued.run)
    assert len(wanted) == 64 and wanted[0] == LATE_B  # issued first, on 20/11
    client = issued.client(CLERK)
    first, second = (page(client.get("/cho-cong-khai", query_string={"trang": n})) for n in (1, 2))
    assert codes(first) == wanted[:PAGE] and codes(second) == wanted[PAGE:]
    for body in (first, second):
        assert "64 thư đã ban hành chưa công khai đủ hai kênh" in body
    assert "Trang 1/2: thư 1–50 trong 64" in first and "Trang 2/2: thư 51–64 trong 64" in second
    assert pager_links(first) == {"Trang sau ›": "/cho-cong-khai?trang=2"}
    assert pager_links(second) == {"‹ Trang trước": "/cho-cong-khai?trang=1"}
    # The page without a number is the first; one past the end, or not a number, is a page.
    assert codes(page(client.get("/cho-cong-khai"))) == wanted[:PAGE]
    assert codes(page(client.get("/cho-cong-khai?trang=9"))) == wanted[PAGE:]
    assert codes(page(client.get("/cho-cong-khai?trang=hai"))) == wanted[:PAGE]


def test_the_channel_and_the_unit_are_kept_from_page_to_page(issued: Office, run: Invoke) -> None:
    run("letters", "publish", LATE_A, "--onestop", "--ref", "MC-1")
    wanted = pending(run, "--channel", "onestop", "--unit", "tnmt")
    assert len(wanted) == 62 and LATE_A not in wanted
    client = issued.client(CLERK)
    asked = {"kenh": "onestop", "don-vi": "tnmt", "trang": 2}
    body = page(client.get("/cho-cong-khai", query_string=asked))
    assert codes(body) == wanted[PAGE:]
    assert pager_links(body) == {"‹ Trang trước": "/cho-cong-khai?kenh=onestop&don-vi=tnmt&trang=1"}


def test_a_publication_recorded_on_a_page_comes_back_to_it(issued: Office, run: Invoke) -> None:
    wanted = pending(run)
    client = issued.client(CLERK)
    body = page(client.get("/cho-cong-khai?trang=2"))
    code = wanted[PAGE]
    assert '<input type="hidden" name="trang" value="2">' in body
    form = {"channel": "onestop", "where": "MC-2024-9", "next": "cho-cong-khai", "trang": "2"}
    done = post_form(client, f"/ho-so/{code}/cong-khai", form)
    assert done.status_code == 302 and done.headers["Location"] == "/cho-cong-khai?trang=2"
    assert json.loads(run("cases", "show", code, "--format", "json").stdout)["letter"]["onestop"]


def test_a_head_pages_through_their_own_units_letters_only(issued: Office, run: Invoke) -> None:
    theirs = pending(run, "--unit", "tnmt")
    assert len(theirs) == 63 and LATE_B not in theirs
    client = issued.client(HEAD_A)
    seen = [code for n in (1, 2) for code in codes(page(client.get(f"/cho-cong-khai?trang={n}")))]
    assert seen == theirs
    # Another unit's letters, page by page in the address bar, are refused.
    for n in (1, 2):
        refused = client.get("/cho-cong-khai", query_string={"don-vi": "hiep thanh", "trang": n})
        assert refused.status_code == 403 and LATE_B not in page(refused)
    head_b = page(issued.client(HEAD_B).get("/cho-cong-khai?trang=2"))
    assert codes(head_b) == [LATE_B] and 'class="pager"' not in head_b


def test_a_leader_pages_through_the_list_without_its_forms(issued: Office) -> None:
    body = page(issued.client(LEADER).get("/cho-cong-khai?trang=2"))
    assert len(codes(body)) == 14 and "/cong-khai" not in body.split("<table", 1)[1]


def test_the_cli_still_prints_the_whole_list(issued: Office, run: Invoke) -> None:
    table = run("letters", "pending").stdout
    assert "Thư chờ công khai (64)" in table and len(pending(run)) == 64
