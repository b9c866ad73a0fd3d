"""An October 2026 month at a post-reform commune (tests/data/: an invented export of five
dossiers and the commune's units): letters, the notice to the one-stop desk, `--explain`,
`warn`, `letters late` and the monthly report all under Nghị định 118/2025 and its 2025 form.
Today is Tuesday 20/10/2026."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.conftest import as_json
from tests.docx_text import docx_text
from tracker.cli import cli

DATA = Path(__file__).parent / "data"
TODAY = "20/10/2026"
DUE_SOON = "000.00.21.H53-260928-0001"  # Phòng Kinh tế, due Thu 22/10, open
LATE = "000.00.21.H53-260921-0002"  # Phòng Kinh tế, due Mon 12/10, open: late
SETTLED = "000.00.21.H53-260915-0003"  # Văn phòng, due 05/10, result 09/10: 4 days late
ON_TIME = "000.00.21.H53-260929-0004"  # Văn phòng, due 14/10, result 13/10
MONDAY = "000.00.21.H53-260930-0005"  # Phòng Kinh tế, due Mon 19/10, open: late


@pytest.fixture
def commune(tmp_path: Path) -> Iterator[Any]:
    """A database of the engine under test holding only the commune and its October export."""
    server = os.environ.get("TRACKER_TEST_DATABASE")
    if server:
        from tests.pg import fresh_database

        with fresh_database(server, migrated=False) as url:
            yield _month(url)
        return
    yield _month(f"sqlite:///{tmp_path / 'xa.db'}")


def _month(url: str) -> Any:
    def run(*args: str, ok: bool = True) -> Result:
        result = CliRunner().invoke(cli, ["--db", url, "--today", TODAY, *args])
        if ok:
            assert result.exit_code == 0, f"{args}\n{result.output}"
        return result

    run("init", "--preset", str(DATA / "xa-phuoc-thanh-2026.toml"))
    run("import", str(DATA / "thang-10-2026.csv"), "--period", "2026-10")
    return run


def test_the_months_letters_follow_decree_118_and_its_2025_form(
    commune: Any, tmp_path: Path
) -> None:
    data = as_json(commune, "letters", "draft", "--period", "2026-10")
    assert data["counts"] == {"reschedule": 2, "apology": 1}
    assert {d["code"]: d["kind"] for d in data["drafted"]} == {
        LATE: "reschedule",
        MONDAY: "reschedule",
        SETTLED: "apology",
    }
    assert {(d["regime"], d["form"]) for d in data["drafted"]} == {("nd118", "tt03-2025-m04")}
    # Drafted 20/10 for a dossier due Monday 19/10: one calendar day before is Sunday 18/10.
    monday = next(d for d in data["drafted"] if d["code"] == MONDAY)
    assert (monday["apology_deadline"], monday["late_apology"]) == ("2026-10-18", True)
    [ahead] = as_json(commune, "letters", "draft", DUE_SOON)["drafted"]
    assert (ahead["apology_deadline"], ahead["late_apology"]) == ("2026-10-21", False)
    refused = commune("letters", "draft", ON_TIME, ok=False)
    assert "không trễ hạn nên không có thư xin lỗi" in refused.stderr

    commune("letters", "issue", DUE_SOON, SETTLED, "--auto-number")
    rendered = as_json(commune, "letters", "render", "--period", "2026-10", "--out", str(tmp_path))
    templates = {f["code"]: f["template"] for f in rendered["files"]}
    assert templates[DUE_SOON] == templates[LATE] == "mau-04-gia-han.docx"
    assert templates[SETTLED] == "thu-xin-loi-tre-han.docx"
    by_code = {f["code"]: Path(f["path"]) for f in rendered["files"]}
    letter = docx_text(by_code[DUE_SOON])
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in letter
    assert "Số: 01/XLGH-KT" in letter and "Phước Thạnh, ngày 20 tháng 10 năm 2026" in letter
    assert "khoản 6 Điều 19 Nghị định số 118/2025/NĐ-CP" in letter
    assert "Thời gian đề nghị gia hạn: đến ngày 27 tháng 10 năm 2026." in letter
    assert (
        "- Trung tâm Phục vụ hành chính công xã Phước Thạnh (để cập nhật ngày hẹn trả);" in letter
    )
    assert "61/2018" not in letter and "PHIẾU" not in letter
    apology = docx_text(by_code[SETTLED])
    assert "Số: 01/TXL-VP" in apology and "chậm 04 ngày làm việc" in apology
    assert "Thực hiện quy định của UBND tỉnh về việc xin lỗi người dân" in apology
    notices = {n["date"]: n for n in rendered["notices"]}
    assert set(notices) == {"2026-10-20", None}
    notice = docx_text(Path(notices["2026-10-20"]["path"]))
    assert "Kính gửi: Trung tâm Phục vụ hành chính công xã Phước Thạnh." in notice
    assert "Nghị định số 118/2025/NĐ-CP" in notice and DUE_SOON in notice
    assert sorted(notices[None]["codes"]) == [LATE, MONDAY]


def test_the_public_copy_of_2026_cites_the_2025_personal_data_law(
    commune: Any, tmp_path: Path
) -> None:
    commune("letters", "draft", SETTLED)
    commune("letters", "issue", SETTLED, "--auto-number")
    [posted] = as_json(
        commune, "letters", "publish", SETTLED, "--portal", "--url", "https://xa.example/1",
        "--public-dir", str(tmp_path),
    )  # fmt: skip
    copy = docx_text(Path(posted["public_copy"]))
    assert "Nguyễn V. P." in copy and "Nguyễn Văn Phát" not in copy
    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in copy
    assert "13/2023" not in copy


def test_explain_counts_one_calendar_day_and_says_it_is_a_reading(commune: Any) -> None:
    explained = as_json(commune, "cases", "show", MONDAY, "--explain")["explain"]
    assert (explained["regime"], explained["deadline_unit"]) == ("nd118", "calendar")
    assert explained["apology_deadline"] == "2026-10-18"
    assert explained["apology"]["count"] == 1
    assert [(s["day"], s["counted"]) for s in explained["apology"]["steps"]] == [
        ("2026-10-18", True)
    ]
    assert explained["citation"] == "Nghị định 118/2025/NĐ-CP, Điều 19 khoản 6"
    assert "Thông tư số 03/2025/TT-VPCP" in explained["form"]
    text = commune("cases", "show", MONDAY, "--explain").stdout
    assert "2. Hạn gửi thư xin lỗi: 18/10/2026 (Chủ nhật) = ngày hẹn trả − 01 ngày" in text
    assert "«chậm nhất 01 ngày trước ngày hết hạn»" in text
    assert "+ 18/10/2026 Chủ nhật: ngày theo lịch" in text
    assert "Cách đọc: Văn bản viết «01 ngày»" in text
    assert "61/2018" not in text
    settled = commune("cases", "show", SETTLED, "--explain").stdout
    assert "thư gửi người dân là thư xin lỗi, nêu ngày có kết quả" in settled
    on_time = as_json(commune, "cases", "show", ON_TIME, "--explain")["explain"]
    assert on_time["letter_kind"] is None


def test_warn_late_and_the_report_cite_the_regime_of_the_month(commune: Any) -> None:
    warned = as_json(commune, "warn")
    assert [i["code"] for s in warned["sections"] for i in s["items"]] == [DUE_SOON]
    [rule] = warned["rules"]
    assert rule.startswith("Theo Nghị định 118/2025/NĐ-CP, Điều 19 khoản 6, chậm nhất 01 ngày")
    assert rule in commune("warn").stdout
    commune("letters", "draft", LATE)
    [late] = as_json(commune, "letters", "late")
    assert (late["code"], late["regime"], late["deadline"]) == (LATE, "nd118", "2026-10-11")
    assert late["citation"] == "Nghị định 118/2025/NĐ-CP, Điều 19 khoản 6"
    report = as_json(commune, "report", "monthly", "2026-10")
    assert [r["code"] for r in report["regimes"]] == ["nd118"]
    assert report["regimes"][0]["deadline"] == (
        "01 ngày trước ngày hết hạn theo Nghị định số 118/2025/NĐ-CP"
    )
    assert (report["totals"]["letters_reschedule"], report["totals"]["letters_apology"]) == (1, 0)
    # A commune has no communes under it: its table ends on the total, without the district's
    # subtotals of departments and communes.
    table = commune("report", "monthly", "2026-10").stdout
    assert "TỔNG CỘNG" in table and "Cộng:" not in table
    reminders = as_json(commune, "remind")
    assert reminders["rules"] == [rule]
