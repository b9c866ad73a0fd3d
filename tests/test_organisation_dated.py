"""A month's documents carry the office of that month. The `go-dau-2025` plan is applied on
02/07/2025 and UBND xã Phước Thạnh takes the database over from 01/07/2025 (its preset's
settings through `replace_organisation`): November 2024's printout and notice are still the
district's, word for word what they were before, whenever they are printed, dated within the
district's life (tests/test_document_dates.py: dated later, they are refused); July 2025's are the
commune's; warn and remind, about today, the commune's; a 2024 letter keeps the desk of its day."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.docx_text import docx_text
from tests.reorganisation import (
    AFTER,
    LAST_DISTRICT_DAY,
    LATER,
    LATER_TODAY,
    OPEN_COMMUNE,
    OPEN_ISSUED,
    PLAN,
    SETTLED,
    notice,
    printout,
    take_over,
)
from tests.web import LEADER
from tests.web_forms import web_office


def test_novembers_printout_and_notice_are_the_ones_printed_before(
    november: Invoke, db_url: str, tmp_path: Path
) -> None:
    """Printed on the same day before and after the takeover, November 2024's documents are the
    same text: the district's header, place, office and signer."""
    before = (
        printout(november, tmp_path / "before.docx", "2024-11", "09/12/2024"),
        notice(november, tmp_path / "before-cv.docx", "2024-11", "09/12/2024"),
    )
    november("--today", AFTER, "units", "reorganise", PLAN)
    assert "name" in take_over(db_url)
    after = (
        printout(november, tmp_path / "after.docx", "2024-11", "09/12/2024"),
        notice(november, tmp_path / "after-cv.docx", "2024-11", "09/12/2024"),
    )
    # Phụ lục 2 too: the dossiers the plan moved to the new communes stay under the
    # communes they were in in November.
    assert after == before
    assert OPEN_COMMUNE in after[1] and OPEN_ISSUED in after[1]
    assert before[0].startswith("UBND HUYỆN GÒ DẦU\nVĂN PHÒNG HĐND VÀ UBND\n")
    assert before[1].startswith("ỦY BAN NHÂN DÂN\nHUYỆN GÒ DẦU\n")


def test_november_printed_after_the_takeover_is_still_the_districts(
    taken_over: Invoke, tmp_path: Path
) -> None:
    """Dated on the district's last day, printed long after: its header, place and signer."""
    text = printout(taken_over, tmp_path / "bao-cao.docx", "2024-11", LAST_DISTRICT_DAY)
    assert text.startswith("UBND HUYỆN GÒ DẦU\nVĂN PHÒNG HĐND VÀ UBND\nCỘNG HÒA")
    assert "Gò Dầu, ngày 30 tháng 6 năm 2025" in text
    assert "Kính gửi: Lãnh đạo Ủy ban nhân dân huyện Gò Dầu." in text
    assert "PHƯỚC THẠNH" not in text and "Phước Thạnh, ngày" not in text
    text = notice(taken_over, tmp_path / "cong-van.docx", "2024-11", LAST_DISTRICT_DAY)
    assert text.startswith("ỦY BAN NHÂN DÂN\nHUYỆN GÒ DẦU\nCỘNG HÒA")
    assert "Số:       /UBND-NC" in text and "Gò Dầu, ngày 30 tháng 6 năm 2025" in text
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text and "Nguyễn Văn Tân (tên minh họa)" in text
    assert "PHƯỚC THẠNH" not in text and "Trần Thị Bích Liên" not in text


def test_a_month_after_the_takeover_is_the_communes(taken_over: Invoke, tmp_path: Path) -> None:
    text = printout(taken_over, tmp_path / "bao-cao.docx", "2025-07", LATER_TODAY)
    assert text.startswith("UBND XÃ PHƯỚC THẠNH\n")
    assert "Phước Thạnh, ngày 02 tháng 11 năm 2026" in text
    assert "Kính gửi: Lãnh đạo Ủy ban nhân dân xã Phước Thạnh." in text
    assert "HUYỆN" not in text and "Gò Dầu, ngày" not in text
    text = notice(taken_over, tmp_path / "cong-van.docx", "2025-07", LATER_TODAY)
    assert text.startswith("ỦY BAN NHÂN DÂN\nXÃ PHƯỚC THẠNH\nCỘNG HÒA")
    assert "Số:       /UBND-VP" in text and "Phước Thạnh, ngày 02 tháng 11 năm 2026" in text
    assert "Trần Thị Bích Liên (tên minh họa)" in text
    assert "HUYỆN GÒ DẦU" not in text and "Nguyễn Văn Tân" not in text


@pytest.mark.parametrize("command", ["warn", "remind"])
def test_todays_lists_are_the_communes(taken_over: Invoke, tmp_path: Path, command: str) -> None:
    """warn and remind are dated today and list what is owed today: today's office."""
    out = tmp_path / f"{command}.docx"
    taken_over("--today", "07/07/2025", command, "--format", "docx", "--out", str(out))
    text = docx_text(out)
    assert "PHƯỚC THẠNH" in text and "Phước Thạnh, ngày 07 tháng 7 năm 2025" in text
    assert "HUYỆN GÒ DẦU" not in text and "Gò Dầu, ngày" not in text


@pytest.fixture
def settled_letter(november: Invoke) -> Invoke:
    """The apology for November's dossier settled late at xã Thạnh Đức, drafted in 2024."""
    november("letters", "draft", SETTLED)
    return november


def test_a_letter_names_the_desk_of_its_own_day(
    settled_letter: Invoke, taken_over: Invoke, tmp_path: Path
) -> None:
    """The commune's desk from 01/07/2025: an apology for a dossier settled late, dated in
    2024, sends its copy to the regime's one-stop desk (the district named none), one dated in
    July 2025 to the commune's centre, though both are printed after the takeover."""
    taken_over("--today", "11/07/2025", "cases", "resolve", LATER, "--on", "10/07/2025")
    taken_over("--today", "11/07/2025", "letters", "draft", LATER)
    rendered = json.loads(
        taken_over(
            "--today", "11/07/2025", "letters", "render", SETTLED, LATER,
            "--out", str(tmp_path), "--format", "json",
        ).stdout
    )  # fmt: skip
    texts = {f["code"]: docx_text(Path(f["path"])) for f in rendered["files"]}
    assert "- Trung tâm Phục vụ hành chính công xã Phước Thạnh (để theo dõi);" in texts[LATER]
    assert "- Bộ phận Một cửa (để theo dõi);" in texts[SETTLED]
    assert "Trung tâm Phục vụ" not in texts[SETTLED]


def test_the_lead_pages_printouts_are_those_of_the_month(
    taken_over: Invoke, db_url: str, tmp_path: Path
) -> None:
    """The leadership's downloads of November 2024, after the takeover and dated within the
    district's life, are the district's and the same as the CLI's; those of July 2025 the
    commune's."""
    with web_office(taken_over, db_url, today=LATER_TODAY, build=False) as built:
        client = built.client(LEADER)
        for period, day, first_line in (("2024-11", LAST_DISTRICT_DAY, "UBND HUYỆN GÒ DẦU"),
                                        ("2025-07", LATER_TODAY, "UBND XÃ PHƯỚC THẠNH")):  # fmt: skip
            response = client.get(f"/bao-cao/{period}/bao-cao.docx?ngay={day}")
            assert response.status_code == 200
            (tmp_path / "web.docx").write_bytes(response.get_data())
            web = docx_text(tmp_path / "web.docx")
            assert web.startswith(first_line + "\n")
            assert web == printout(taken_over, tmp_path / "cli.docx", period, day)
