"""`tracker demo` builds one database from nothing and lives through the reform: November 2024
at huyện Gò Dầu under Nghị định 61/2018, the plan go-dau-2025 from 01/07/2025, October 2026 at
xã Phước Thạnh under Nghị định 118/2025 — and a 2024 letter reprinted unchanged at the end."""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.docx_text import docx_text
from tracker.cli import cli
from tracker.cli.invocation import tracker_command


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """One run for the module, started from its own folder (the parent of `directory`) and, as
    conftest isolates each test, without the developer's config (a module's fixture is set up
    before the tests' own isolation)."""
    started = tmp_path_factory.mktemp("demo")
    directory = started / "demo"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(started)
        patch.setenv("TRACKER_CONFIG", str(started / "no-config.toml"))
        patch.setenv("TRACKER_USER", "kiem-thu")
        patch.delenv("TRACKER_DATABASE_URL", raising=False)
        patch.delenv("TRACKER_TEMPLATES_DIR", raising=False)
        result = CliRunner().invoke(cli, ["demo", "--dir", str(directory)])
    assert result.exit_code == 0, result.output
    return directory, result


def tracker(directory: Path, today: str, *args: str) -> Any:
    """A command's JSON output against the demo's database on `today`."""
    database = str(directory / "tracker.db")
    result = CliRunner().invoke(
        cli, ["--db", database, "--today", today, *args, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def letter_texts(folder: Path) -> dict[str, str]:
    """Each letter printed in a month's folder (not the combined file, notices or public copies),
    by dossier code."""
    return {
        path.stem: docx_text(path)
        for path in sorted(folder.glob("000.*.docx"))
        if not path.stem.endswith("-cong-khai")
    }


def test_the_output_says_what_is_invented_and_which_law_each_month_used(
    demo: tuple[Path, Result],
) -> None:
    _, result = demo
    output = result.output
    assert "BỊA" in output  # says plainly that the dossiers are invented
    november, reform, october = re.split(r"══════ Phần \d — ", output)[1:]
    assert november.startswith("Tháng 11/2024, UBND huyện Gò Dầu")
    assert "Nghị định 61/2018/NĐ-CP" in november and "118/2025" not in november
    assert "Thông tư số 01/2018/TT-VPCP" in november
    assert "kế hoạch sắp xếp go-dau-2025" in reform
    # The settings the commune takes over, in words, not the preset's keys.
    settings = reform.split("Thiết lập cơ quan (", 1)[1].split(") từ 01/07/2025", 1)[0]
    assert "cơ quan chủ quản (dòng đầu tiêu đề văn bản của các phòng)" in settings
    assert "người ký công văn" in settings and "địa danh ghi ngày tháng" in settings
    assert not re.search(r"\b[a-z]+_[a-z]+\b", settings), settings
    assert october.startswith("Tháng 10/2026, Ủy ban nhân dân xã Phước Thạnh")
    assert "Nghị định 118/2025/NĐ-CP" in october and "Thông tư số 03/2025/TT-VPCP" in october
    # The end names the files of both months, in their own folders.
    end = output.split("Xong — mở những tệp sau")[1]
    assert "2024-11/letters/thu-xin-loi-2024-11-tat-ca-da-ban-hanh.docx" in end
    assert "2026-10/letters/thu-xin-loi-2026-10-tat-ca-da-ban-hanh.docx" in end
    assert "Tháng 11/2024 — Ủy ban nhân dân huyện Gò Dầu; Nghị định 61/2018/NĐ-CP" in end
    assert "Tháng 10/2026 — Ủy ban nhân dân xã Phước Thạnh; Nghị định 118/2025/NĐ-CP" in end


def test_november_2024_is_kept_46_late_dossiers_at_the_district(
    demo: tuple[Path, Result],
) -> None:
    directory, result = demo
    rows = tracker(directory, "09/12/2024", "cases", "list", "--period", "2024-11")
    assert len(rows) == 46 and all(row["late"] for row in rows)
    by_unit = Counter(row["unit"] for row in rows)
    assert by_unit["hiep-thanh"] == by_unit["thanh-duc"] == 1
    assert by_unit["ktht"] + by_unit["tckh"] + by_unit["tnmt"] == 44
    # The month's report keeps the district's units and heads, though they ended in 2025.
    report = tracker(directory, "09/12/2024", "report", "monthly", "2024-11")
    assert (report["total"], report["departments_total"], report["communes_total"]) == (46, 44, 2)
    assert {u["unit"] for u in report["by_unit"]} == {"ktht", "tckh", "tnmt", "hiep-thanh",
                                                     "thanh-duc"}  # fmt: skip
    open_heads = {h["head"] for h in report["by_head"] if h["open"]}
    assert open_heads and all(head in result.output for head in open_heads)

    # Letters of the right kind under the old regime: a settled dossier's apology has no date.
    letters = [row["letter"] for row in rows]
    assert {letter["regime"] for letter in letters} == {"nd61"}
    for row in rows:
        kind = "apology" if row["status"] == "resolved" else "reschedule"
        assert row["letter"]["kind"] == kind
        assert (row["letter"]["new_due_at"] is None) == (kind == "apology")
    # Issued first, rendered after: the combined file holds only numbered letters; the public
    # copies are those of the letters posted on the portal.
    folder = directory / "2024-11" / "letters"
    combined = docx_text(folder / "thu-xin-loi-2024-11-tat-ca-da-ban-hanh.docx")
    issued = [letter for letter in letters if letter["number"]]
    assert combined.count("Số: ") == len(issued) and "Số:       /" not in combined
    assert all(f"Số: {letter['number']}" in combined for letter in issued)
    posted = sorted(row["code"] for row in rows if row["letter"]["portal"])
    public = sorted(p.name for p in (folder / "cong-khai").iterdir())
    assert public == [f"{code}-cong-khai.docx" for code in posted]
    assert not list(folder.glob("*-v2.docx"))  # no draft was printed first
    notices = sorted(folder.glob("thong-bao-mot-cua-*.docx"))
    assert notices and all(path.name.endswith("-nd61.docx") for path in notices)
    texts = letter_texts(folder)
    assert len(texts) == 46
    numbers = {row["code"]: row["letter"]["number"] for row in rows}
    for code, text in texts.items():
        assert ("ngày 09 tháng 12 năm 2024" in text) == bool(numbers[code]), code
        assert "118/2025" not in text and "03/2025" not in text, code
    assert texts["000.00.19.H53-241030-0001"].startswith("UBND HUYỆN GÒ DẦU\nPHÒNG TÀI NGUYÊN")


def test_the_2024_documents_carry_the_seed_figures(demo: tuple[Path, Result]) -> None:
    directory, result = demo
    assert "TỔNG CỘNG" in result.output  # the monthly table is printed
    report = tracker(directory, "09/12/2024", "report", "monthly", "2024-11")
    communes = {u["unit"]: u["late"] for u in report["by_unit"] if u["kind"] == "commune"}
    assert communes == {"hiep-thanh": 1, "thanh-duc": 1}
    assert (directory / "2024-11" / "bao-cao-thang-2024-11.docx").is_file()
    notice = docx_text(directory / "2024-11" / "cong-van-thang-2024-11.docx")
    for expected in (
        "ỦY BAN NHÂN DÂN\nHUYỆN GÒ DẦU",
        "Gò Dầu, ngày 09 tháng 12 năm 2024",
        "87,07/100 điểm, xếp thứ 8/9",
        "69,89%",
        "70,85%",
        "46 hồ sơ. (Các cơ quan chuyên môn huyện: 44 hồ sơ; xã Hiệp Thạnh: 01 hồ sơ; "
        "xã Thạnh Đức: 01 hồ sơ.)",
        "xã Cẩm Giang: 40,25%; xã Thạnh Đức: 41,79%; xã Hiệp Thạnh: 4,55%; xã Bàu Đồn: 40,08%; "
        "thị trấn Gò Dầu: 33,93%; xã Phước Đông: 47,06%;",
        # Item 7: the three departments, and the chairs of the two communes with late dossiers.
        "7. Trưởng phòng Kinh tế và Hạ tầng, Trưởng phòng Tài chính – Kế hoạch, Trưởng phòng "
        "Tài nguyên và Môi trường huyện và Chủ tịch UBND xã Hiệp Thạnh, Chủ tịch UBND xã Thạnh "
        "Đức tăng cường",
    ):
        assert expected in notice


def test_the_reorganisation_moves_one_dossier_and_leaves_orphans(
    demo: tuple[Path, Result],
) -> None:
    directory, _ = demo
    units = {u["code"]: u for u in tracker(directory, "02/11/2026", "units", "list", "--all")}
    assert units["hiep-thanh"]["successor"] == "xa-phuoc-thanh"
    assert units["tnmt"]["valid_to"] == "2025-06-30" and units["tnmt"]["successor"] is None
    commune = {"xa-phuoc-thanh", "pt-vp", "pt-kt", "pt-vhxh", "pt-tthcc"}
    current = {u["code"] for u in tracker(directory, "02/11/2026", "units", "list")}
    assert commune <= current and "ktht" not in current
    assert units["pt-kt"]["header_lines"] == ["PHÒNG KINH TẾ"]
    assert units["pt-kt"]["governing_line"] == "UBND XÃ PHƯỚC THẠNH"
    # The invented dossier of xã Phước Trạch moved with the plan and was settled on time.
    moved = tracker(directory, "02/11/2026", "cases", "show", "000.00.19.H53-250626-0007")
    assert (moved["unit"], moved["head"], moved["late"]) == (
        "xa-phuoc-thanh", "Nguyễn Thành Công", False
    )  # fmt: skip
    # The district departments' open dossiers wait for a unit: the 14 of November 2024 and
    # the one invented for the warning.
    orphans = tracker(directory, "02/11/2026", "units", "orphans")
    assert len(orphans) == 15 and {o["unit"] for o in orphans} == {"ktht", "tckh", "tnmt"}


def test_october_2026_at_phuoc_thanh_under_the_new_regime(demo: tuple[Path, Result]) -> None:
    directory, result = demo
    report = tracker(directory, "02/11/2026", "report", "monthly", "2026-10")
    by_unit = {u["unit"]: u["late"] for u in report["by_unit"]}
    assert by_unit == {"pt-kt": 4, "pt-vhxh": 2, "xa-phuoc-thanh": 2}
    assert (report["total"], report["totals"]["resolved"], report["totals"]["open"]) == (8, 6, 2)
    assert report["totals"]["tracked"] == 9  # one settled on time
    assert [r["code"] for r in report["regimes"]] == ["nd118"]

    rows = tracker(directory, "02/11/2026", "cases", "list", "--period", "2026-10")
    soon = tracker(directory, "02/11/2026", "cases", "list", "--period", "2026-11")
    assert [row["letter"] for row in rows if not row["late"]] == [None]
    lettered = [row for row in rows + soon if row["letter"]]
    assert {row["letter"]["regime"] for row in lettered} == {"nd118"}
    kinds = Counter(row["letter"]["kind"] for row in lettered)
    assert kinds == {"apology": 6, "reschedule": 4}
    # The two due this week got their letters before the deadline: on time.
    assert len(soon) == 2 and all(
        row["letter"]["kind"] == "reschedule" and not row["letter"]["late_apology"] for row in soon
    )
    assert "2 thư gửi trong hạn" in result.output
    # The one settled on time owes no letter: it is not counted as "not drafted".
    assert (
        "Tình trạng thư xin lỗi: chưa soạn: 0; dự thảo: 4; đã ban hành: 3; đã công khai: 3."
        in (result.output.split("Phần 3")[1])
    )

    folder = directory / "2026-10" / "letters"
    texts = letter_texts(folder)
    assert len(texts) == 10
    numbers = {row["code"]: row["letter"]["number"] for row in lettered}
    for code, text in texts.items():
        assert "Phước Thạnh, ngày" in text, code
        assert ("ngày 02 tháng 11 năm 2026" in text) == bool(numbers[code]), code
        assert "61/2018" not in text and "01/2018" not in text, code
    reschedule = texts["000.00.60.H53-261013-0001"]
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in reschedule
    assert reschedule.startswith("UBND XÃ PHƯỚC THẠNH\nPHÒNG KINH TẾ")
    assert "Số: 02/XLGH-KT" in reschedule and "đến ngày 09 tháng 11 năm 2026" in reschedule
    commune = texts["000.00.60.H53-261026-0001"]
    assert commune.startswith("ỦY BAN NHÂN DÂN\nXÃ PHƯỚC THẠNH") and "\nCHỦ TỊCH\n" in commune
    apology = texts["000.00.60.H53-260914-0001"]
    assert "THƯ XIN LỖI" in apology and "chậm 04 ngày làm việc" in apology
    assert "gia hạn" not in apology
    notices = sorted(folder.glob("thong-bao-mot-cua-*.docx"))
    assert len(notices) == 3 and all(path.name.endswith("-nd118.docx") for path in notices)


def test_the_2026_printouts_are_the_communes(demo: tuple[Path, Result]) -> None:
    directory, _ = demo
    monthly = docx_text(directory / "2026-10" / "bao-cao-thang-2026-10.docx")
    assert monthly.startswith("UBND XÃ PHƯỚC THẠNH\nVĂN PHÒNG HĐND VÀ UBND")
    assert (
        "có 08 hồ sơ giải quyết trễ hạn: Phòng Kinh tế 04 hồ sơ, Phòng Văn hóa - Xã hội 02 hồ sơ, "
        "UBND xã Phước Thạnh 02 hồ sơ."
    ) in monthly
    assert "UBND xã, thị trấn" not in monthly  # no communes answer to a commune
    assert "chậm nhất 01 ngày trước ngày hết hạn theo Nghị định số 118/2025/NĐ-CP" in monthly
    notice = docx_text(directory / "2026-10" / "cong-van-thang-2026-10.docx")
    assert notice.startswith("ỦY BAN NHÂN DÂN\nXÃ PHƯỚC THẠNH")
    assert "huyện" not in notice and "thị trấn" not in notice
    assert "Kính gửi:\n- Các cơ quan chuyên môn, đơn vị thuộc UBND xã." in notice
    assert (
        "(Phòng Kinh tế: 04 hồ sơ; Phòng Văn hóa - Xã hội: 02 hồ sơ; UBND xã Phước Thạnh: 02 hồ "
        "sơ.)"
    ) in notice
    # Item 7 asks the departments' heads; the People's Committee does not ask itself.
    assert "7. Trưởng phòng Kinh tế, Trưởng phòng Văn hóa - Xã hội tăng cường" in notice
    assert "Chủ tịch UBND xã Phước Thạnh" not in notice
    # The reminders go to the commune's heads only: the district's units ended.
    reminders = docx_text(directory / "2026-10" / "nhac-viec.docx")
    assert "Võ Văn Hậu" in reminders and "Phòng Kinh tế và Hạ tầng" not in reminders
    assert "61/2018" not in reminders


def printed(directory: Path, out: Path, today: str, *args: str) -> Result:
    """A printout made from the demo's database after the reform, dated `today`."""
    database = str(directory / "tracker.db")
    return CliRunner().invoke(cli, ["--db", database, "--today", today, *args, "--out", str(out)])


def printed_now(directory: Path, out: Path, *args: str, today: str = "02/11/2026") -> str:
    result = printed(directory, out, today, *args)
    assert result.exit_code == 0, result.output
    return docx_text(out)


def test_each_months_documents_printed_after_the_reform_carry_that_months_office(
    demo: tuple[Path, Result], tmp_path: Path
) -> None:
    """November 2024's printout and notice, printed in 2026 when the commune keeps the
    database, are still the district's, dated within its life (printed with the date they
    are signed); dated in 2026 they are refused. October 2026's are the commune's."""
    directory, _ = demo
    refused = printed(
        directory, tmp_path / "cv-now.docx", "02/11/2026", "report", "notice", "2024-11"
    )
    assert refused.exit_code == 1 and not (tmp_path / "cv-now.docx").exists()
    assert "văn bản chỉ có thể mang ngày đến 30/06/2025" in refused.output
    november = printed_now(
        directory, tmp_path / "bc-2024.docx", "report", "monthly", "2024-11", "--format", "docx",
        today="09/12/2024",
    )  # fmt: skip
    assert november.startswith("UBND HUYỆN GÒ DẦU\nVĂN PHÒNG HĐND VÀ UBND\n")
    assert "Gò Dầu, ngày 09 tháng 12 năm 2024" in november and "PHƯỚC THẠNH" not in november
    notice = printed_now(
        directory, tmp_path / "cv-2024.docx", "report", "notice", "2024-11", today="09/12/2024"
    )
    assert notice.startswith("ỦY BAN NHÂN DÂN\nHUYỆN GÒ DẦU\n")
    assert "Gò Dầu, ngày 09 tháng 12 năm 2024" in notice and "/UBND-NC" in notice
    assert "Nguyễn Văn Tân (tên minh họa)" in notice and "PHƯỚC THẠNH" not in notice
    # The same as the demo printed in its month, before the reform.
    assert notice == docx_text(directory / "2024-11" / "cong-van-thang-2024-11.docx")
    october = printed_now(
        directory, tmp_path / "bc-2026.docx", "report", "monthly", "2026-10", "--format", "docx"
    )
    assert october.startswith("UBND XÃ PHƯỚC THẠNH\nVĂN PHÒNG HĐND VÀ UBND\n")
    assert "Phước Thạnh, ngày 02 tháng 11 năm 2026" in october and "HUYỆN" not in october
    notice = printed_now(directory, tmp_path / "cv-2026.docx", "report", "notice", "2026-10")
    assert notice.startswith("ỦY BAN NHÂN DÂN\nXÃ PHƯỚC THẠNH\n") and "/UBND-VP" in notice
    assert "Trần Thị Bích Liên (tên minh họa)" in notice and "HUYỆN GÒ DẦU" not in notice


def test_a_2024_letter_reprinted_after_the_reform_is_the_same_file(
    demo: tuple[Path, Result],
) -> None:
    directory, result = demo
    reprint = result.output.split("In lại một thư tháng 11/2024")[1]
    code = re.search(r"hồ sơ (000\.\S+)\)", reprint)
    before = re.search(r"sha256 khi in năm 2024: (\w+)", reprint)
    after = re.search(r"sha256 khi in lại: +(\w+)", reprint)
    assert code and before and after
    assert before[1] == after[1]
    path = directory / "2024-11" / "letters" / f"{code[1]}.docx"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before[1]
    text = docx_text(path)
    assert (
        text.startswith("UBND HUYỆN GÒ DẦU\nPHÒNG") and "Gò Dầu, ngày 09 tháng 12 năm 2024" in text
    )
    assert not list(path.parent.glob(f"{code[1]}-v*.docx"))  # no new version


def test_the_last_words_suggest_a_command_that_works(demo: tuple[Path, Result]) -> None:
    """Typed as printed, where the demo was started, tracker on PATH or not: the October 2026
    list, nine dossiers (eight late, one settled on time)."""
    directory, result = demo
    [suggested] = [line for line in result.output.splitlines() if line.startswith("Thử tiếp: ")]
    tried = subprocess.run(
        [*shlex.split(suggested.removeprefix("Thử tiếp: ")), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=directory.parent,
    )
    assert tried.returncode == 0, tried.stderr
    rows = json.loads(tried.stdout)
    assert len(rows) == 9 and {row["period"] for row in rows} == {"2026-10"}


def test_it_ends_saying_how_to_open_it_in_the_browser(demo: tuple[Path, Result]) -> None:
    """Without any account or password made: the first administrator comes from the CLI."""
    directory, result = demo
    database = directory / "tracker.db"
    tracker = tracker_command()
    hint = result.output[result.output.index("Mở bản chạy thử trong trình duyệt") :]
    assert f"{tracker} --db {database} users add quantri --role admin" in hint
    assert f"{tracker} --db {database} --today 02/11/2026 serve" in hint
    assert "http://127.0.0.1:8000/" in hint
    accounts = CliRunner().invoke(cli, ["--db", str(database), "users", "list", "--format", "json"])
    assert json.loads(accounts.stdout) == []


def test_running_it_again_starts_from_a_fresh_database(demo: tuple[Path, Result]) -> None:
    directory, _ = demo
    again = CliRunner().invoke(cli, ["demo", "--dir", str(directory)])
    assert again.exit_code == 0, again.output
    rows = tracker(directory, "09/12/2024", "cases", "list", "--period", "2024-11")
    assert len(rows) == 46
