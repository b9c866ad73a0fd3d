"""The leadership's pages: the monthly report of a chosen month, with the numbers, charts and
index figures of `tracker report monthly`, and its downloads (the printout, the workbook, the
drafted notice) equal to what the CLI writes. Today is Tuesday 26/11/2024 (conftest)."""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import Invoke
from tests.docx_text import docx_text
from tests.dossiers import add_late
from tests.reorganisation import AFTER, LATER, PLAN
from tests.web import (
    ADMIN,
    APPLICANT_B,
    CLERK,
    DONE_A,
    HEAD_A,
    LATE_A,
    LATE_B,
    LEADER,
    ROOT,
    Office,
)
from tests.web_forms import table, text, web_office

FORMULA = "=1+2 Trần Văn Công"  # an applicant's name a spreadsheet must not run


@pytest.fixture
def office(run: Invoke, db_url: str) -> Iterator[Office]:
    with web_office(run, db_url) as built:
        run(
            "cases", "add", "000.00.19.H53-241106-0009", "--procedure", "Cấp phép xây dựng",
            "--applicant", FORMULA, "--unit", "ktht", "--received", "06/11/2024",
            "--due", "20/11/2024",
        )  # fmt: skip
        run("letters", "draft", LATE_A, LATE_B, "--reason", "Chờ xác minh nguồn gốc đất.")
        run("letters", "issue", LATE_A, "--auto-number")
        run("index", "set", "2024-11", "score", "87,07")
        run("index", "set", "2024-11", "rank", "8/9")
        run("index", "set", "2024-11", "reuse", "40,25", "--unit", "cam-giang")
        yield built


def report_json(run: Invoke, period: str = "2024-11", *today: str) -> Any:
    return json.loads(run(*today, "report", "monthly", period, "--format", "json").stdout)


def test_the_report_page_shows_the_numbers_of_report_monthly(office: Office, run: Invoke) -> None:
    response = office.client(LEADER).get("/bao-cao/", query_string={"thang": "2024-11"})
    assert response.status_code == 200
    html = text(response)
    assert "Báo cáo hồ sơ trễ hạn tháng 11/2024" in html
    expected = report_json(run)
    rows = {row[0]: row[1:] for row in table(html, "report by-unit")[1:]}
    lines = [*expected["by_unit"]]
    lines += [{"unit_name": "TỔNG CỘNG", **expected["totals"]}]
    for line in lines:
        cells = rows[line["unit_name"]]
        # Trễ hạn, Chưa có KQ, Đã có KQ, Thư soạn, Ban hành, Chưa công khai
        shown = [cells[0], cells[2], cells[3], cells[6], cells[7], cells[11]]
        wanted = [
            line["late"], line["open"], line["resolved"],
            line["letters_drafted"], line["letters_issued"], line["outstanding"],
        ]  # fmt: skip
        assert shown == [str(n) for n in wanted], line["unit_name"]
    assert expected["totals"]["late"] == 4
    heads = {row[0] for row in table(html, "report by-head")[1:]}
    assert {h["head"] for h in expected["by_head"]} <= heads
    # No citizen's name on the page: the counts only.
    assert APPLICANT_B not in html and "Nguyễn Văn An" not in html


def test_the_charts_are_drawn_on_the_server_and_sent_inside_the_page(office: Office) -> None:
    html = text(office.client(LEADER).get("/bao-cao/?thang=2024-11"))
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"', html)
    assert [alt for _, alt in images] == ["Hồ sơ trễ hạn theo đơn vị"]  # one month: no trend
    assert base64.b64decode(images[0][0]).startswith(b"\x89PNG\r\n\x1a\n")
    assert "http://" not in html and "https://" not in html


def test_the_index_figures_stand_against_their_targets(office: Office) -> None:
    html = text(office.client(CLERK).get("/bao-cao/?thang=2024-11"))
    figures = table(html, "figures")
    assert ["Tổng số điểm", "", "87,07/100", "", ""] in figures
    assert ["Xếp hạng", "", "8/9", "", ""] in figures
    reuse = [row for row in figures if row[1] == "xã Cẩm Giang"]
    assert reuse == [
        [
            "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa",
            "xã Cẩm Giang",
            "40,25%",
            "52%",
            "chưa đạt",
        ]
    ]


def test_the_default_month_is_the_last_one_and_a_month_without_dossiers_says_so(
    office: Office,
) -> None:
    html = text(office.client(LEADER).get("/bao-cao/"))
    assert "Báo cáo hồ sơ trễ hạn tháng 10/2024" in html
    assert "Tháng 10/2024 chưa có hồ sơ nào" in html
    assert "Chưa có số liệu Bộ chỉ số tháng 10/2024" in html


@pytest.mark.parametrize("month", ["2024-13", "thang-muoi", "11/1900"])
def test_a_month_that_is_not_one_is_one_sentence(office: Office, month: str) -> None:
    client = office.client(LEADER)
    for response in (
        client.get("/bao-cao/", query_string={"thang": month}),
        client.get(f"/bao-cao/{month.replace('/', '-')}/bao-cao.docx"),
    ):
        assert response.status_code == 400
        assert "Kỳ «" in text(response) or "Không hiểu kỳ" in text(response)
        assert "Traceback" not in text(response)


def test_the_month_is_chosen_in_vietnamese_in_every_browser(office: Office) -> None:
    """«Tháng 1 … Tháng 12» and a year, not the browser's own month field (which an English
    Chromium shows as "November 2024"); what it sends is the month the report shows."""
    client = office.client(LEADER)
    chosen = text(client.get("/bao-cao/", query_string={"thang": "11", "nam": "2024"}))
    assert "Báo cáo hồ sơ trễ hạn tháng 11/2024" in chosen
    by_address = text(client.get("/bao-cao/", query_string={"thang": "2024-11"}))
    assert table(chosen, "report by-unit") == table(by_address, "report by-unit")
    assert 'type="month"' not in chosen
    options = re.findall(r'<option value="(\d+)"( selected)?>([^<]+)</option>', chosen)
    assert [(value, label) for value, _, label in options] == [
        (str(n), f"Tháng {n}") for n in range(1, 13)
    ]
    assert [value for value, selected, _ in options if selected] == ["11"]
    assert 'name="nam" value="2024"' in chosen


@pytest.mark.parametrize(
    ("month", "year", "message"),
    [
        ("11", "20x4", "Năm «20x4» không hợp lệ: hãy nhập năm bằng bốn chữ số"),
        ("11", "24", "Năm «24» không hợp lệ"),
        ("13", "2024", "Tháng «13» không hợp lệ: hãy chọn từ Tháng 1 đến Tháng 12"),
        ("mười", "2024", "Tháng «mười» không hợp lệ"),
        ("11", "1900", "Kỳ «11/1900» nằm ngoài khoảng tracker làm việc"),
    ],
    ids=["letters-in-year", "two-digit-year", "month-13", "month-in-words", "year-1900"],
)
def test_a_month_chosen_wrong_is_one_sentence_beside_the_chooser(
    office: Office, month: str, year: str, message: str
) -> None:
    response = office.client(LEADER).get("/bao-cao/", query_string={"thang": month, "nam": year})
    assert response.status_code == 400
    html = text(response)
    assert re.search(r'role="alert">[^<]*' + re.escape(message), html), html
    assert "Traceback" not in html and 'name="nam"' in html  # chosen again on the same page
    assert "Theo đơn vị" not in html  # no report of another month


def test_no_field_takes_a_date_in_the_browser_s_own_language() -> None:
    """Every date is typed dd/mm/yyyy and every month chosen in Vietnamese: no browser date or
    month field, which would follow the browser's locale (mm/dd/yyyy in English)."""
    templates = (ROOT / "tracker" / "web" / "templates").glob("*.html")
    found = {p.name for p in templates if re.search(r'type="(date|month|week)"', p.read_text())}
    assert found == set()


def save(response: Any, path: Path) -> Path:
    path.write_bytes(response.get_data())
    return path


def test_the_printout_and_the_notice_are_the_documents_the_cli_writes(
    office: Office, run: Invoke, tmp_path: Path
) -> None:
    client = office.client(LEADER)
    printout = client.get("/bao-cao/2024-11/bao-cao.docx")
    notice = client.get("/bao-cao/2024-11/cong-van.docx")
    for response, name in (
        (printout, "bao-cao-thang-11-2024.docx"),
        (notice, "du-thao-cong-van-thang-11-2024.docx"),
    ):
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == f"attachment; filename={name}"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.mimetype.endswith("wordprocessingml.document")
    run("report", "monthly", "2024-11", "--format", "docx", "--out", str(tmp_path / "cli.docx"))
    run("report", "notice", "2024-11", "--out", str(tmp_path / "cli-cv.docx"))
    web_printout = docx_text(save(printout, tmp_path / "web.docx"))
    assert web_printout == docx_text(tmp_path / "cli.docx")
    assert APPLICANT_B in web_printout  # the printout names the applicant (leadership only)
    web_notice = docx_text(save(notice, tmp_path / "web-cv.docx"))
    assert web_notice == docx_text(tmp_path / "cli-cv.docx")
    assert "Trần T. B. H." in web_notice and APPLICANT_B not in web_notice  # sent round: masked


def test_the_workbook_holds_the_report_as_numbers_and_dates(
    office: Office, run: Invoke, tmp_path: Path
) -> None:
    response = office.client(CLERK).get("/bao-cao/2024-11/bao-cao.xlsx")
    assert response.status_code == 200
    assert (
        response.headers["Content-Disposition"] == "attachment; filename=bao-cao-thang-11-2024.xlsx"
    )
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["Theo đơn vị", "Theo người đứng đầu", "Bộ chỉ số", "Hồ sơ trễ hạn"]
    expected = report_json(run)
    by_unit = {row[0]: row for row in book["Theo đơn vị"].iter_rows(min_row=2, values_only=True)}
    for line in expected["by_unit"]:
        assert by_unit[line["unit_name"]][1] == line["late"]  # a number, not text
    assert by_unit["TỔNG CỘNG"][1] == expected["totals"]["late"] == 4
    figures = list(book["Bộ chỉ số"].iter_rows(min_row=2, values_only=True))
    assert ("Tổng số điểm", None, 87.07, None, None) in figures
    assert any(row[1] == "xã Cẩm Giang" and row[2] == pytest.approx(0.4025) for row in figures)
    cases = book["Hồ sơ trễ hạn"]
    codes = [row[0].value for row in cases.iter_rows(min_row=2)]
    assert sorted(codes) == sorted([LATE_A, DONE_A, LATE_B, "000.00.19.H53-241106-0009"])
    formula = next(row for row in cases.iter_rows(min_row=2) if row[2].value == FORMULA)
    assert formula[2].data_type == "s"  # stays the name as typed, never a formula
    due = next(row for row in cases.iter_rows(min_row=2) if row[0].value == LATE_A)[6]
    assert due.value.date().isoformat() == "2024-11-19" and due.number_format == "DD/MM/YYYY"


@pytest.mark.parametrize(
    "path",
    [
        "/bao-cao/",
        "/bao-cao/2024-11/bao-cao.docx",
        "/bao-cao/2024-11/bao-cao.xlsx",
        "/bao-cao/2024-11/cong-van.docx",
    ],
)
def test_only_the_leadership_and_the_clerks_read_the_report(office: Office, path: str) -> None:
    assert office.anonymous().get(path).status_code == 302
    for user in (HEAD_A, ADMIN):
        refused = office.client(user).get(path)
        assert refused.status_code == 403, user.role
        assert "không có quyền xem báo cáo tháng" in text(refused)
    for user in (LEADER, CLERK):
        assert office.client(user).get(path).status_code == 200


def test_only_the_months_own_documents_are_served(office: Office) -> None:
    client = office.client(LEADER)
    for name in ("bao-cao.pdf", "..%2F..%2Ftracker.db", "tracker.db", "cong-van.xlsx"):
        assert client.get(f"/bao-cao/2024-11/{name}").status_code == 404, name


def test_each_month_shows_its_own_units(november: Invoke, db_url: str) -> None:
    """A month before the reorganisation shows the district's old units; one after, the new."""
    november("--today", AFTER, "units", "reorganise", PLAN)
    add_late(november, LATER, "xa-phuoc-thanh", "01/07/2025", received="01/07/2025")
    with web_office(november, db_url, today="15/07/2025", build=False) as built:
        client = built.client(LEADER)

        def unit_names(period: str) -> list[str]:
            html = text(client.get("/bao-cao/", query_string={"thang": period}))
            return [row[0] for row in table(html, "report by-unit")[1:-3]]  # not the totals

        names = {
            u["unit_name"]
            for u in report_json(november, "2024-11", "--today", "15/07/2025")["by_unit"]
        }
        assert set(unit_names("2024-11")) == names
        assert {"xã Hiệp Thạnh", "xã Thạnh Đức", "xã Bàu Đồn"} <= names
        assert unit_names("2025-07") == ["xã Phước Thạnh"]
