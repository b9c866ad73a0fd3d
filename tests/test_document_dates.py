"""A month's printout, its appendix and its notice are dated within the life of the office whose
header they carry (tracker.rules.document_day). After the `go-dau-2025` plan and UBND xã Phước
Thạnh's takeover from 01/07/2025 (`taken_over`, tests/reorganisation.py), November 2024's are
huyện Gò Dầu's: dated up to 30/06/2025 they print, with the settings of their date (a signer
appointed since the month signs); dated later they are refused in one line, nothing written.
The numbers (JSON, CSV, XLSX) are not documents and print on any day. The web's report page
dates its downloads with «Ngày văn bản» and says when the month's office has handed over."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook

from tests.conftest import Invoke
from tests.docx_text import docx_text
from tests.reorganisation import (
    LAST_DISTRICT_DAY,
    LATER_TODAY,
    notice,
    printout,
    replace_settings,
)
from tests.web import LEADER, Office
from tests.web_forms import plain, text, web_office
from tracker.services.presets import read_preset

HANDED_OVER = (
    "Báo cáo và công văn tháng 11/2024 là văn bản của Ủy ban nhân dân huyện Gò Dầu, cơ quan đã "
    "bàn giao cơ sở dữ liệu cho Ủy ban nhân dân xã Phước Thạnh từ 01/07/2025: văn bản chỉ có "
    "thể mang ngày đến 30/06/2025."
)
NOTICE_DAY = "09/12/2024"  # the day the district's notice of November 2024 is dated (the seed)
DISTRICT_DATE_LINE = "Gò Dầu, ngày 09 tháng 12 năm 2024"

DOCUMENTS = {
    "monthly": ("report", "monthly", "2024-11", "--format", "docx"),
    "notice": ("report", "notice", "2024-11"),
}


@pytest.mark.parametrize(
    ("name", "refused_on"), [("monthly", LATER_TODAY), ("notice", "01/07/2025")]
)
def test_a_document_dated_after_the_office_handed_over_is_refused(
    taken_over: Invoke, tmp_path: Path, name: str, refused_on: str
) -> None:
    """One line naming the month, the office, the day it handed over, the dates it may carry
    and the option that dates it; exit 1; no file."""
    out = tmp_path / f"{name}.docx"
    result = taken_over("--today", refused_on, *DOCUMENTS[name], "--out", str(out), ok=False)
    assert result.exit_code == 1
    assert not out.exists()
    command = " ".join(DOCUMENTS[name][:3])
    option = " --format docx" if name == "monthly" else ""
    assert result.output.splitlines() == [
        f"Lỗi: {HANDED_OVER} Hãy in với ngày ký của văn bản, ví dụ `tracker --today 30/06/2025 "
        f"{command}{option} --out …`; không có tệp nào được ghi."
    ]


def test_the_file_already_there_is_left_as_it_was(taken_over: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "cong-van.docx"
    notice(taken_over, out, "2024-11", LAST_DISTRICT_DAY)
    before = out.read_bytes()
    result = taken_over(
        "--today", LATER_TODAY, *DOCUMENTS["notice"], "--out", str(out), "--overwrite", ok=False
    )
    assert result.exit_code == 1 and out.read_bytes() == before


def test_the_numbers_are_not_documents_and_print_on_any_day(
    taken_over: Invoke, tmp_path: Path
) -> None:
    data = json.loads(
        taken_over(
            "--today", LATER_TODAY, "report", "monthly", "2024-11", "--format", "json"
        ).stdout
    )
    assert data["as_of"] == "2026-11-02" and data["total"] == 5
    out = tmp_path / "bao-cao.xlsx"
    taken_over(
        "--today",
        LATER_TODAY,
        "report",
        "monthly",
        "2024-11",
        "--format",
        "xlsx",
        "--out",
        str(out),
    )
    assert load_workbook(out).sheetnames


def test_dated_on_the_notices_day_it_is_the_districts_document(
    taken_over: Invoke, tmp_path: Path
) -> None:
    """Printed after the takeover with the date the clerk signs it: the district's, its
    appendix too."""
    text = notice(taken_over, tmp_path / "cong-van.docx", "2024-11", NOTICE_DAY)
    assert text.startswith("ỦY BAN NHÂN DÂN\nHUYỆN GÒ DẦU\nCỘNG HÒA")
    assert DISTRICT_DATE_LINE in text and "Phước Thạnh" not in text
    assert "Phụ lục 2" in text
    text = printout(taken_over, tmp_path / "bao-cao.docx", "2024-11", NOTICE_DAY)
    assert text.startswith("UBND HUYỆN GÒ DẦU\nVĂN PHÒNG HĐND VÀ UBND\nCỘNG HÒA")
    assert DISTRICT_DATE_LINE in text and "(số liệu tính đến ngày 09/12/2024)" in text
    assert "ngày 09/12/2024 của Văn phòng HĐND và UBND)" in text  # the appendix's title
    assert "PHƯỚC THẠNH" not in text


NEW_LEADER = "Lê Thị Hồng (tên minh họa)"
OLD_LEADER = "Nguyễn Văn Tân (tên minh họa)"
NEW_CHIEF = "Phạm Quốc Bảo (tên minh họa)"  # the Văn phòng's head, who signs the printout
OLD_CHIEF = "Trần Minh Khoa"


@pytest.fixture
def new_signers(november: Invoke, db_url: str) -> Invoke:
    """The district from 16/12/2024: another vice-chairman signs the notice (only
    `leader_name` replaced), another chief of the Văn phòng signs the printout."""
    district = read_preset("go-dau")["organisation"]
    changed = replace_settings(
        db_url, district | {"leader_name": NEW_LEADER}, dt.date(2024, 12, 16)
    )
    assert changed == ["leader_name"]
    november("--today", "16/12/2024", "heads", "set", "vp", NEW_CHIEF, "--title", "Chánh Văn phòng")
    return november


def test_a_signer_appointed_since_the_month_signs_its_later_documents(
    new_signers: Invoke, tmp_path: Path
) -> None:
    before = notice(new_signers, tmp_path / "truoc.docx", "2024-11", NOTICE_DAY)
    after = notice(new_signers, tmp_path / "sau.docx", "2024-11", "20/12/2024")
    assert OLD_LEADER in before and NEW_LEADER not in before
    assert NEW_LEADER in after and OLD_LEADER not in after
    assert after.startswith("ỦY BAN NHÂN DÂN\nHUYỆN GÒ DẦU\n")
    assert "Gò Dầu, ngày 20 tháng 12 năm 2024" in after
    before = printout(new_signers, tmp_path / "bc-truoc.docx", "2024-11", NOTICE_DAY)
    after = printout(new_signers, tmp_path / "bc-sau.docx", "2024-11", "20/12/2024")
    assert OLD_CHIEF in before and NEW_CHIEF not in before
    assert NEW_CHIEF in after and OLD_CHIEF not in after


# --- the leadership's page ----------------------------------------------------------------


@pytest.fixture
def lead_page(taken_over: Invoke, db_url: str) -> Iterator[Office]:
    """The web office long after the takeover."""
    with web_office(taken_over, db_url, today=LATER_TODAY, build=False) as built:
        yield built


def links(page: str) -> dict[str, dict[str, list[str]]]:
    """Every link of the page by its path (the download's name), with its arguments."""
    found = {}
    for href in re.findall(r'href="([^"]+)"', page):
        parts = urlsplit(html.unescape(href))
        found[parts.path] = parse_qs(parts.query)
    return found


def date_field(page: str) -> str:
    match = re.search(r'<input id="ngay" name="ngay" value="([^"]*)"', page)
    assert match, "the page has no «Ngày văn bản» field"
    return html.unescape(match.group(1))


def test_the_page_says_the_month_s_office_has_handed_over(lead_page: Office) -> None:
    client = lead_page.client(LEADER)
    response = client.get("/bao-cao/", query_string={"thang": "11", "nam": "2024"})
    assert response.status_code == 200
    page = text(response)
    assert date_field(page) == LATER_TODAY  # by default, today
    refusal = re.search(r'<p class="refusal" role="alert">(.*?)</p>', page, re.DOTALL)
    assert refusal is not None
    assert plain(refusal.group(1)) == (
        f"{HANDED_OVER} Hãy chọn «Ngày văn bản» là ngày ký của văn bản, không sau ngày "
        "30/06/2025. Xem và in với ngày 30/06/2025."
    )  # in words, without a command
    found = links(page)
    # No document to download; the workbook (numbers) stays.
    assert "/bao-cao/2024-11/bao-cao.docx" not in found
    assert "/bao-cao/2024-11/cong-van.docx" not in found
    assert found["/bao-cao/2024-11/bao-cao.xlsx"] == {"ngay": [LATER_TODAY]}
    assert found["/bao-cao/"] == {"thang": ["2024-11"], "ngay": [LAST_DISTRICT_DAY]}


def test_the_proposed_date_gives_the_district_s_documents(
    lead_page: Office, tmp_path: Path
) -> None:
    client = lead_page.client(LEADER)
    response = client.get("/bao-cao/", query_string={"thang": "2024-11", "ngay": LAST_DISTRICT_DAY})
    page = text(response)
    assert "bàn giao" not in plain(page) and date_field(page) == LAST_DISTRICT_DAY
    assert "Tính đến ngày 30/06/2025" in plain(page)
    found = links(page)
    for document in ("bao-cao.docx", "cong-van.docx", "bao-cao.xlsx"):
        assert found[f"/bao-cao/2024-11/{document}"] == {"ngay": [LAST_DISTRICT_DAY]}
    download = client.get(
        "/bao-cao/2024-11/cong-van.docx", query_string={"ngay": LAST_DISTRICT_DAY}
    )
    assert download.status_code == 200
    (tmp_path / "cong-van.docx").write_bytes(download.get_data())
    words = docx_text(tmp_path / "cong-van.docx")
    assert words.startswith("ỦY BAN NHÂN DÂN\nHUYỆN GÒ DẦU\n")
    assert "Gò Dầu, ngày 30 tháng 6 năm 2025" in words


def test_the_date_survives_the_month_chooser(lead_page: Office, tmp_path: Path) -> None:
    """Another month chosen with the date kept: its page, its links and its downloads carry it;
    the printout downloaded is the CLI's of that date."""
    client = lead_page.client(LEADER)
    page = text(
        client.get("/bao-cao/", query_string={"thang": "11", "nam": "2024", "ngay": NOTICE_DAY})
    )
    assert date_field(page) == NOTICE_DAY and "Tính đến ngày 09/12/2024" in plain(page)
    found = links(page)
    assert found["/bao-cao/2024-11/bao-cao.docx"] == {"ngay": [NOTICE_DAY]}
    response = client.get("/bao-cao/2024-11/bao-cao.docx", query_string={"ngay": NOTICE_DAY})
    assert response.status_code == 200
    (tmp_path / "web.docx").write_bytes(response.get_data())
    web = docx_text(tmp_path / "web.docx")
    assert DISTRICT_DATE_LINE in web
    assert web == printout(lead_page.run, tmp_path / "cli.docx", "2024-11", NOTICE_DAY)


def test_a_download_dated_after_the_handover_is_refused_in_words(lead_page: Office) -> None:
    client = lead_page.client(LEADER)
    for document in ("bao-cao.docx", "cong-van.docx"):
        response = client.get(f"/bao-cao/2024-11/{document}", query_string={"ngay": LATER_TODAY})
        assert response.status_code == 409
        words = plain(text(response))
        assert HANDED_OVER in words and "tracker" not in words
    workbook = client.get("/bao-cao/2024-11/bao-cao.xlsx", query_string={"ngay": LATER_TODAY})
    assert workbook.status_code == 200


def test_a_date_that_is_not_one_is_said_and_kept(lead_page: Office) -> None:
    client = lead_page.client(LEADER)
    response = client.get(
        "/bao-cao/", query_string={"thang": "11", "nam": "2024", "ngay": "31/02/2025"}
    )
    assert response.status_code == 400
    page = text(response)
    assert date_field(page) == "31/02/2025"
    assert "31/02/2025" in plain(page) and 'role="alert"' in page
    download = client.get("/bao-cao/2024-11/bao-cao.docx", query_string={"ngay": "31/02/2025"})
    assert download.status_code == 400
