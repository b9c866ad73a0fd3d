"""The organisation over time, through the CLI: the `go-dau-2025` plan applied on 02/07/2025 to
a database of November 2024 (Nghị quyết 1682/NQ-UBTVQH15). Open dossiers go to the new
commune with its head, settled ones and issued letters stay as they were, each month's report
shows its own units, the orphans are listed, a dry run writes nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from tests.conftest import Invoke, as_json
from tests.database import snapshot
from tests.docx_text import docx_text
from tests.dossiers import add_late
from tests.golden_files import assert_golden
from tests.import_files import dossier, write_xlsx
from tests.reorganisation import (
    AFTER,
    ISSUED,
    LATER,
    OPEN_COMMUNE,
    OPEN_ISSUED,
    ORPHAN,
    PLAN,
    SETTLED,
)
from tracker import migrate


def case(run: Invoke, code: str) -> dict[str, Any]:
    found: dict[str, Any] = as_json(run, "--today", AFTER, "cases", "show", code)
    return found


def text_sha256(path: Path) -> str:
    return hashlib.sha256(docx_text(path).encode("utf-8")).hexdigest()


def render(run: Invoke, code: str, out: Path, *today: str) -> Path:
    result = as_json(run, *today, "letters", "render", code, "--out", str(out))
    return Path(result["files"][0]["path"])


def test_the_dry_run_says_what_would_change_and_changes_nothing(
    november: Invoke, engine: Engine
) -> None:
    before = snapshot(engine)
    result = november(
        "--today", AFTER, "units", "reorganise", PLAN, "--dry-run", "--format", "json"
    )
    data = json.loads(result.stdout)
    assert snapshot(engine) == before
    assert data["applied"] is False and data["from"] == "2025-07-01"
    assert [u["code"] for u in data["begun"]] == [
        "phuong-go-dau", "phuong-gia-loc", "xa-thanh-duc", "xa-phuoc-thanh", "xa-truong-mit",
    ]  # fmt: skip
    ended = {u["code"]: u["to"] for u in data["ended"]}
    assert len(ended) == 21
    assert ended["hiep-thanh"] == "xa-phuoc-thanh" and ended["bau-don"] == "xa-truong-mit"
    assert ended["tnmt"] is None and ended["ktht"] is None
    assert {(m["code"], m["to"], m["head"], m["draft_letter"]) for m in data["moved"]} == {
        (OPEN_COMMUNE, "xa-phuoc-thanh", "Nguyễn Thành Công", True),
        (OPEN_ISSUED, "xa-truong-mit", "Trịnh Văn Lực", False),
    }
    assert [o["code"] for o in data["orphaned"]] == [ORPHAN]
    assert "Chạy thử, chưa ghi gì" in result.stderr


def test_open_dossiers_move_with_their_head_and_settled_ones_stay(november: Invoke) -> None:
    november("--today", AFTER, "units", "reorganise", PLAN)
    moved = case(november, OPEN_COMMUNE)
    assert (moved["unit"], moved["head"]) == ("xa-phuoc-thanh", "Nguyễn Thành Công")
    assert (case(november, OPEN_ISSUED)["unit"], case(november, OPEN_ISSUED)["head"]) == (
        "xa-truong-mit",
        "Trịnh Văn Lực",
    )
    assert (case(november, SETTLED)["unit"], case(november, SETTLED)["head"]) == (
        "thanh-duc",
        "Kiều Văn Hùng",
    )
    assert (case(november, ISSUED)["unit"], case(november, ISSUED)["head"]) == (
        "tnmt",
        "Nguyễn Hoàng Phúc",
    )
    # The moved draft is signed by the new head; the issued letter keeps its number and unit.
    assert moved["letter"]["signer"].startswith("Nguyễn Thành Công")
    assert case(november, OPEN_ISSUED)["letter"]["number"] == "01/PXL-UBND"
    # The units and heads of today; the ended ones under --all, with their successor.
    today = as_json(november, "--today", AFTER, "units", "list")
    assert {u["code"] for u in today} == {
        "phuong-go-dau", "phuong-gia-loc", "xa-thanh-duc", "xa-phuoc-thanh", "xa-truong-mit",
    }  # fmt: skip
    every = {u["code"]: u for u in as_json(november, "units", "list", "--all")}
    assert every["hiep-thanh"]["valid_to"] == "2025-06-30"
    assert every["hiep-thanh"]["successor"] == "xa-phuoc-thanh"
    assert every["xa-phuoc-thanh"]["valid_from"] == "2025-07-01"
    assert every["xa-phuoc-thanh"]["header_lines"] == ["ỦY BAN NHÂN DÂN", "XÃ PHƯỚC THẠNH"]
    assert every["xa-phuoc-thanh"]["governing_line"] == ""
    assert every["xa-phuoc-thanh"]["place"] == "Phước Thạnh"
    heads = as_json(november, "--today", AFTER, "heads", "list")
    assert "Mai Văn Thành" not in {h["full_name"] for h in heads}
    assert len(heads) == 5
    refusal = november("--today", AFTER, "heads", "set", "tnmt", "Người Mới", ok=False)
    assert refusal.exit_code == 1 and "đã kết thúc ngày 30/06/2025" in refusal.stderr


def test_a_name_means_the_unit_of_its_day(november: Invoke) -> None:
    november("--today", AFTER, "units", "reorganise", PLAN)
    # "xã Phước Thạnh" named both the old commune and the new one: today it is the new one.
    add_late(november, LATER, "UBND xã Phước Thạnh", "15/07/2025", received="01/07/2025")
    assert case(november, LATER)["unit"] == "xa-phuoc-thanh"
    listed = as_json(november, "--today", AFTER, "cases", "list", "--unit", "phuoc thanh")
    assert {c["code"] for c in listed} == {OPEN_COMMUNE, LATER}


def test_a_reprint_of_a_2024_letter_is_unchanged(november: Invoke, tmp_path: Path) -> None:
    first = render(november, ISSUED, tmp_path / "2024")
    moved_first = render(november, OPEN_ISSUED, tmp_path / "2024")
    november("--today", AFTER, "units", "reorganise", PLAN)
    again = render(november, ISSUED, tmp_path / "2025", "--today", AFTER)
    moved_again = render(november, OPEN_ISSUED, tmp_path / "2025", "--today", AFTER)
    assert text_sha256(again) == text_sha256(first)
    assert text_sha256(moved_again) == text_sha256(moved_first)  # the dossier moved, its letter not
    text = docx_text(again)
    assert text.startswith("UBND HUYỆN GÒ DẦU\nPHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG\n")
    assert "Gò Dầu, ngày 26 tháng 11 năm 2024" in text
    assert docx_text(moved_again).startswith("ỦY BAN NHÂN DÂN\nXÃ BÀU ĐỒN\n")


def test_a_moved_draft_and_a_new_letter_carry_the_new_communes_header(
    november: Invoke, tmp_path: Path
) -> None:
    november("--today", AFTER, "units", "reorganise", PLAN)
    add_late(november, LATER, "xa-phuoc-thanh", "03/07/2025", received="01/07/2025")
    november(
        "--today", "07/07/2025", "letters", "draft", LATER, "--acting", "--signer", "Lê Văn Bình"
    )
    for code in (OPEN_COMMUNE, LATER):
        text = docx_text(render(november, code, tmp_path, "--today", "07/07/2025"))
        assert text.startswith("ỦY BAN NHÂN DÂN\nXÃ PHƯỚC THẠNH\nCỘNG HÒA")
        assert "UBND HUYỆN" not in text and "Gò Dầu, ngày" not in text
        assert "\nPhước Thạnh, ngày" in text.replace("\u00a0", " ")
        assert "UBND xã Phước Thạnh trân trọng xin lỗi" in text
    assert "\nCHỦ TỊCH\nNguyễn Thành Công\n" in docx_text(tmp_path / f"{OPEN_COMMUNE}.docx")
    assert "\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Văn Bình\n" in docx_text(tmp_path / f"{LATER}.docx")


def test_each_months_report_shows_its_own_units(november: Invoke) -> None:
    november("--today", AFTER, "units", "reorganise", PLAN)
    add_late(november, LATER, "xa-phuoc-thanh", "01/07/2025", received="01/07/2025")

    def units_of(period: str) -> dict[str, tuple[str | None, int]]:
        report = as_json(november, "--today", "15/07/2025", "report", "monthly", period)
        return {u["unit"]: (u["head"], u["late"]) for u in report["by_unit"]}

    assert units_of("2024-11") == {
        "hiep-thanh": ("Mai Văn Thành", 1),
        "tnmt": ("Nguyễn Hoàng Phúc", 2),
        "thanh-duc": ("Kiều Văn Hùng", 1),
        "bau-don": ("Tạ Thị Yến", 1),
    }
    assert units_of("2025-07") == {"xa-phuoc-thanh": ("Nguyễn Thành Công", 1)}
    # By head, November keeps the heads of November.
    report = as_json(november, "--today", "15/07/2025", "report", "monthly", "2024-11")
    assert {(h["unit"], h["head"]) for h in report["by_head"]} == {
        ("hiep-thanh", "Mai Văn Thành"),
        ("tnmt", "Nguyễn Hoàng Phúc"),
        ("thanh-duc", "Kiều Văn Hùng"),
        ("bau-don", "Tạ Thị Yến"),
    }


def test_orphans_are_listed_until_a_unit_takes_them(november: Invoke) -> None:
    november("--today", AFTER, "units", "reorganise", PLAN)
    orphans = as_json(november, "--today", AFTER, "units", "orphans")
    assert [(o["code"], o["unit"], o["unit_ended"]) for o in orphans] == [
        (ORPHAN, "tnmt", "2025-06-30")
    ]
    assert case(november, ORPHAN)["head"] is None
    november("--today", AFTER, "cases", "move", ORPHAN, "--to", "xa-phuoc-thanh")
    assert as_json(november, "--today", AFTER, "units", "orphans") == []
    assert (case(november, ORPHAN)["unit"], case(november, ORPHAN)["head"]) == (
        "xa-phuoc-thanh",
        "Nguyễn Thành Công",
    )
    actions = [e["action"] for e in as_json(november, "history", ORPHAN)]
    assert actions[-2:] == ["dossier.orphan", "dossier.move"]
    report = as_json(november, "--today", AFTER, "report", "monthly", "2024-11")
    assert {u["unit"] for u in report["by_unit"]} >= {"tnmt"}
    refusal = november("--today", AFTER, "cases", "move", ORPHAN, "--to", "tnmt", ok=False)
    assert refusal.exit_code == 1 and "không còn hoạt động" in refusal.stderr


def test_a_plan_applies_once_on_or_after_its_date(november: Invoke, engine: Engine) -> None:
    early = november("--today", "30/06/2025", "units", "reorganise", PLAN, ok=False)
    assert early.exit_code == 1 and "--dry-run" in early.stderr
    november("--today", AFTER, "units", "reorganise", PLAN)
    before = snapshot(engine)
    again = november("--today", AFTER, "units", "reorganise", PLAN, ok=False)
    assert again.exit_code == 1 and "đã được áp dụng" in again.stderr
    assert snapshot(engine) == before
    events = [e for e in snapshot(engine)["events"] if e["action"] == "units.reorganise"]
    assert len(events) == 1 and events[0]["after"]["moved"] == 2


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ('[plan]\nfrom = 2025-07-01\n[[end]]\nunit = "tnmt"\n', 'successor = ""'),
        ("[plan]\ntitle = 'x'\n", "from = 2025-07-01"),
        ('[plan]\nfrom = 2025-07-01\n[[end]]\nunit = "khong-co"\nsuccessor = ""\n', "khong-co"),
        (
            '[plan]\nfrom = 2025-07-01\n[[end]]\nunit = "tnmt"\nsuccessor = "xa-moi"\n',
            "xa-moi",
        ),
        (
            '[plan]\nfrom = 2025-07-01\n[[begin]]\ncode = "tnmt"\nname = "Phòng Mới"\n'
            'kind = "department"\n',
            "trùng mã",
        ),
        ("[plan\n", "Không đọc được"),
        (
            '[plan]\nfrom = 2025-07-01\n[[begin]]\ncode = "xa-moi"\nname = "xã Mới"\nkind = "xa"\n',
            "Loại đơn vị «xa»",
        ),
        (
            '[plan]\nfrom = 2025-07-01\n[[begin]]\ncode = "xa-moi"\nname = "xã Mới"\n'
            'kind = "commune"\n[[begin]]\ncode = "xa-moi"\nname = "xã Mới Hai"\n'
            'kind = "commune"\n',
            "cùng mã «xa-moi»",
        ),
    ],
)
def test_a_bad_plan_is_refused_in_one_sentence_and_changes_nothing(
    november: Invoke, engine: Engine, tmp_path: Path, plan: str, message: str
) -> None:
    path = tmp_path / "ke-hoach.toml"
    path.write_text(plan, encoding="utf-8")
    before = snapshot(engine)
    for dry_run in (("--dry-run",), ()):  # the dry run refuses what applying would refuse
        result = november("--today", AFTER, "units", "reorganise", str(path), *dry_run, ok=False)
        assert result.exit_code == 1 and result.stdout == ""
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("Lỗi: ") and message in line
        assert snapshot(engine) == before


def test_an_upgraded_database_prints_what_it_printed(
    run: Invoke, engine: Engine, tmp_path: Path
) -> None:
    """Migration 0004 gives every unit the header tracker printed before it (from the
    organisation's settings), wrong commune header included: a reprint never changes by an
    upgrade. `tracker units set` corrects it, deliberately."""
    run(
        "cases", "add", OPEN_COMMUNE, "--procedure", "Tách thửa hoặc hợp thửa đất",
        "--applicant", "Nguyễn Văn An", "--unit", "hiep-thanh", "--received", "01/11/2024",
        "--due", "15/11/2024", "--phone", "0912345678",
        "--address", "12 Trần Phú, khu phố 1, thị trấn Gò Dầu",
        "--reason", "Phải đo đạc lại ranh giới thửa đất do có tranh chấp với hộ liền kề",
    )  # fmt: skip
    run("letters", "draft", OPEN_COMMUNE, "--new-date", "05/12/2024", "--acting",
        "--signer", "Lê Văn Bình")  # fmt: skip
    add_late(run, ISSUED, "tnmt", "20/11/2024")
    run("letters", "draft", ISSUED)
    department = docx_text(render(run, ISSUED, tmp_path / "truoc"))
    migrate.downgrade(engine, "0002_accounts")  # the database as tracker left it before 0004
    migrate.upgrade(engine)
    engine.dispose()
    assert_golden(
        "mau-04-draft-commune-before-0004.txt",
        docx_text(render(run, OPEN_COMMUNE, tmp_path / "sau")),
    )
    assert docx_text(render(run, ISSUED, tmp_path / "sau")) == department
    run("units", "set", "hiep-thanh", "--governing", "", "--header", "Ủy ban nhân dân",
        "--header", "xã Hiệp Thạnh", "--place", "Hiệp Thạnh")  # fmt: skip
    corrected = docx_text(render(run, OPEN_COMMUNE, tmp_path / "sua"))
    assert_golden("mau-04-draft-commune.txt", corrected)


def test_changing_the_header_of_a_unit_with_issued_letters_needs_a_reason(
    november: Invoke,
) -> None:
    refusal = november("units", "set", "tnmt", "--place", "Trảng Bàng", ok=False)
    assert refusal.exit_code == 1 and "--why" in refusal.stderr
    tnmt = next(u for u in as_json(november, "units", "list") if u["code"] == "tnmt")
    assert tnmt["place"] == "Gò Dầu"
    result = november(
        "units", "set", "tnmt", "--place", "Trảng Bàng", "--why", "Sai địa danh trong mẫu cấu hình"
    )
    assert "1 thư đã ban hành" in result.stderr
    tnmt = next(u for u in as_json(november, "units", "list") if u["code"] == "tnmt")
    assert tnmt["place"] == "Trảng Bàng"
    too_many = november("units", "set", "tnmt", "--header", "A", "--header", "B", "--header", "C",
                        ok=False)  # fmt: skip
    assert too_many.exit_code == 1 and "tối đa 2 dòng" in too_many.stderr


def test_an_export_naming_an_ended_unit_goes_to_its_successor_with_a_warning(
    november: Invoke, tmp_path: Path
) -> None:
    november("--today", AFTER, "units", "reorganise", PLAN)
    export = write_xlsx(
        tmp_path / "xuat-thang-7.xlsx",
        [
            # Still open, received after xã Hiệp Thạnh ended: the new xã Phước Thạnh's.
            dossier(11, unit="UBND xã Hiệp Thạnh", received="01/07/2025", due="10/07/2025"),
            # Settled in June by the old commune: stays with it, no warning.
            dossier(
                12,
                unit="xã Hiệp Thạnh",
                received="02/06/2025",
                due="16/06/2025",
                finished="20/06/2025",
            ),
            # The old xã Phước Thạnh, open across the date: the new one of the same name.
            dossier(13, unit="xã Phước Thạnh", received="20/06/2025", due="03/07/2025"),
            # A district department: no successor, the dossier waits without a head.
            dossier(14, unit="Phòng TN&MT", received="25/06/2025", due="08/07/2025"),
        ],
    )
    result = as_json(november, "--today", "15/07/2025", "import", str(export))
    warnings = {w["code"][-4:]: w["message"] for w in result["warnings"]}
    assert set(warnings) == {"0011", "0013", "0014"}
    assert "«UBND xã Hiệp Thạnh» đã kết thúc ngày 30/06/2025" in warnings["0011"]
    assert "xã Phước Thạnh (xa-phuoc-thanh)" in warnings["0011"]
    assert warnings["0014"].endswith(
        "không có đơn vị kế thừa: hồ sơ chờ giao (xem `tracker units orphans`)"
    )
    units = {
        c["code"][-4:]: (c["unit"], c["head"])
        for c in as_json(november, "--today", "15/07/2025", "cases", "list")
    }
    assert units["0011"] == ("xa-phuoc-thanh", "Nguyễn Thành Công")
    assert units["0012"] == ("hiep-thanh", "Mai Văn Thành")
    assert units["0013"] == ("xa-phuoc-thanh", "Nguyễn Thành Công")
    assert units["0014"] == ("tnmt", None)
    orphans = as_json(november, "--today", "15/07/2025", "units", "orphans")
    assert [o["code"][-4:] for o in orphans] == ["0003", "0014"]


def test_a_dossier_typed_in_for_an_ended_unit_goes_to_its_successor(november: Invoke) -> None:
    november("--today", AFTER, "units", "reorganise", PLAN)
    result = november(
        "--today", AFTER, "cases", "add", LATER, "--procedure", "Đăng ký khai sinh",
        "--applicant", "Phạm Thị Dung", "--unit", "hiep thanh", "--received", "01/07/2025",
        "--due", "03/07/2025",
    )  # fmt: skip
    assert "Đơn vị «hiep thanh» đã kết thúc ngày 30/06/2025" in result.stderr
    assert (case(november, LATER)["unit"], case(november, LATER)["head"]) == (
        "xa-phuoc-thanh",
        "Nguyễn Thành Công",
    )
