"""A real office finishes the 2025 reform from the CLI: huyện Gò Dầu's database (`init --preset
go-dau`, a November 2024 export imported), the plan `go-dau-2025` applied on 02/07/2025, then
`units take-over phuoc-thanh --from 01/07/2025`: UBND xã Phước Thạnh keeps the database. Its
departments begin that day, its settings head its months, the district's months stay the
district's; a dry run writes nothing; a refusal says why in one line and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from tests.conftest import Invoke
from tests.database import snapshot
from tests.docx_text import docx_text
from tests.import_files import code, dossier, write_xlsx

AFTER = "02/07/2025"  # the office applies the plan the day after it took effect
LATER = "02/11/2026"
TAKE_OVER = ("units", "take-over", "phuoc-thanh", "--from", "01/07/2025")
RENAME_VP = ("--code", "vp=pt-vp")  # the district's ended Văn phòng keeps `vp`
KT_JULY = code(21, "250701")  # Phòng Kinh tế of the commune, July 2025, settled late


def as_json(run: Invoke, *args: str) -> Any:
    return json.loads(run(*args, "--format", "json").stdout)


@pytest.fixture
def reformed(run: Invoke, tmp_path: Path) -> Invoke:
    """The district's November 2024 imported (two late dossiers settled, one still open
    at Phòng TN&MT), then the plan applied."""
    november = write_xlsx(
        tmp_path / "thang-11-2024.xlsx",
        [
            dossier(1, due="12/11/2024", finished="14/11/2024"),
            dossier(2, unit="Phòng Tư pháp", due="15/11/2024", finished="19/11/2024"),
            dossier(3, due="20/11/2024"),
        ],
    )
    run("--today", "02/12/2024", "import", str(november), "--period", "2024-11")
    run("--today", AFTER, "units", "reorganise", "go-dau-2025")
    return run


@pytest.fixture
def taken_over(reformed: Invoke, tmp_path: Path) -> Invoke:
    """…then the commune takes the database over and imports July 2025: a dossier of its
    Phòng Kinh tế, named as its own export names it."""
    reformed("--today", AFTER, *TAKE_OVER, *RENAME_VP)
    july = write_xlsx(
        tmp_path / "thang-7-2025.xlsx",
        [
            [
                KT_JULY,
                "Cấp giấy phép xây dựng nhà ở riêng lẻ",
                "Trần Văn Bình",
                "Phòng Kinh tế",
                "01/07/2025",
                "15/07/2025",
                "18/07/2025",
            ],
        ],
        titles=("UBND XÃ PHƯỚC THẠNH", "DANH SÁCH HỒ SƠ TRỄ HẠN"),
    )
    reformed("--today", "04/08/2025", "import", str(july), "--period", "2025-07")
    return reformed


def test_the_communes_units_begin_and_its_people_committee_is_the_plans(
    reformed: Invoke,
) -> None:
    result = as_json(reformed, "--today", AFTER, *TAKE_OVER, *RENAME_VP)
    assert result["applied"] is True and result["from"] == "2025-07-01"
    assert result["preset"] == "phuoc-thanh"
    assert result["organisation"] == "Ủy ban nhân dân xã Phước Thạnh"
    added = {unit["code"]: unit for unit in result["added"]}
    assert list(added) == ["pt-vp", "kt", "vhxh", "tthcc"]
    assert added["pt-vp"]["preset_code"] == "vp" and added["pt-vp"]["head"] == "Lê Minh Tâm"
    # The district's Văn phòng, which ended, keeps the two aliases it already had.
    assert added["pt-vp"]["aliases_left"] == [
        {"alias": "VP HĐND-UBND", "unit": "vp"},
        {"alias": "Văn phòng HĐND - UBND", "unit": "vp"},
    ]
    assert added["kt"]["aliases_left"] == []
    assert result["kept"] == [
        {"code": "xa-phuoc-thanh", "preset_code": "ubnd", "name": "xã Phước Thạnh"}
    ]
    assert {"name", "governing_body", "place", "office_unit", "leader_name"} <= set(
        result["settings_changed"]
    )
    units = {u["code"]: u for u in as_json(reformed, "--today", LATER, "units", "list", "--all")}
    assert units["pt-vp"]["valid_from"] == "2025-07-01" and units["pt-vp"]["valid_to"] is None
    assert units["vp"]["valid_to"] == "2025-06-30"  # the district's, untouched
    assert units["kt"]["aliases"] == ["Phòng KT", "Phòng Kinh tế xã"]
    heads = as_json(reformed, "--today", LATER, "heads", "list", "--all")
    assert [(h["full_name"], h["start_on"]) for h in heads if h["unit"] == "pt-vp"] == [
        ("Lê Minh Tâm", "2025-07-01")
    ]
    # The kept People's Committee keeps the one appointment the plan made.
    assert len([h for h in heads if h["unit"] == "xa-phuoc-thanh"]) == 1


def test_november_stays_the_districts_and_july_is_the_communes(
    taken_over: Invoke, tmp_path: Path
) -> None:
    """November 2024's printout, dated within the district's life, is the district's; dated
    after the takeover it is refused, as the district could not sign it."""
    out = tmp_path / "bao-cao.docx"
    refused = taken_over("--today", LATER, "report", "monthly", "2024-11", "--format", "docx",
                         "--out", str(out), ok=False)  # fmt: skip
    assert refused.exit_code == 1 and not out.exists()
    assert "đã bàn giao cơ sở dữ liệu cho Ủy ban nhân dân xã Phước Thạnh từ 01/07/2025" in (
        refused.output
    )
    taken_over("--today", "09/12/2024", "report", "monthly", "2024-11", "--format", "docx",
               "--out", str(out))  # fmt: skip
    text = docx_text(out)
    assert text.startswith("UBND HUYỆN GÒ DẦU\nVĂN PHÒNG HĐND VÀ UBND\nCỘNG HÒA")
    assert "Gò Dầu, ngày 09 tháng 12 năm 2024" in text
    assert "PHƯỚC THẠNH" not in text and "Phước Thạnh, ngày" not in text
    taken_over("--today", LATER, "report", "monthly", "2025-07", "--format", "docx",
               "--out", str(out))  # fmt: skip
    text = docx_text(out)
    assert text.startswith("UBND XÃ PHƯỚC THẠNH\nVĂN PHÒNG HĐND VÀ UBND\nCỘNG HÒA")
    assert "Phước Thạnh, ngày 02 tháng 11 năm 2026" in text
    assert "Kính gửi: Lãnh đạo Ủy ban nhân dân xã Phước Thạnh." in text
    assert "HUYỆN" not in text and "Gò Dầu, ngày" not in text
    july = as_json(taken_over, "--today", LATER, "report", "monthly", "2025-07")
    assert [(u["unit"], u["late"]) for u in july["by_unit"] if u["late"]] == [("kt", 1)]


def test_the_take_over_is_in_the_log_with_its_actor(reformed: Invoke, engine: Engine) -> None:
    reformed("--today", AFTER, "--as", "chanh-van-phong", *TAKE_OVER, *RENAME_VP)
    events = snapshot(engine)["events"]
    [event] = [e for e in events if e["action"] == "organisation.take_over"]
    assert event["actor"] == "chanh-van-phong"
    after = event["after"] if isinstance(event["after"], dict) else json.loads(event["after"])
    assert after["added"] == ["pt-vp", "kt", "vhxh", "tthcc"]
    assert after["kept"] == ["xa-phuoc-thanh"]
    assert after["from"] == "2025-07-01"
    replaced = [e for e in events if e["action"] == "organisation.replace"]
    assert [e["actor"] for e in replaced] == ["chanh-van-phong"]


def test_a_dry_run_says_what_would_change_and_writes_nothing(
    reformed: Invoke, engine: Engine
) -> None:
    before = snapshot(engine)
    dry = as_json(reformed, "--today", AFTER, *TAKE_OVER, *RENAME_VP, "--dry-run")
    assert snapshot(engine) == before
    assert dry["applied"] is False
    table = reformed("--today", AFTER, *TAKE_OVER, *RENAME_VP, "--dry-run")
    assert "Chạy thử, chưa ghi gì" in table.stderr and "4 đơn vị thêm" in table.stderr
    # The settings a person reads about are named in Vietnamese, the preset's key beside.
    settings = table.stdout.split("Thiết lập cơ quan đổi theo mẫu từ 01/07/2025")[1]
    lines = settings.splitlines()
    for label, key in (
        ("Cơ quan chủ quản", "governing_body"),
        ("Người ký công văn", "leader_name"),
        ("Đơn vị gửi thư", "office_unit"),
    ):
        assert any(label in line and f" {key} " in f"{line} " for line in lines), label
    assert snapshot(engine) == before
    done = as_json(reformed, "--today", AFTER, *TAKE_OVER, *RENAME_VP)
    assert dry | {"applied": True} == done


def test_taking_over_again_the_same_day_changes_nothing(taken_over: Invoke) -> None:
    again = as_json(taken_over, "--today", LATER, *TAKE_OVER, *RENAME_VP)
    assert again["added"] == [] and again["settings_changed"] == []
    assert [u["code"] for u in again["kept"]] == ["xa-phuoc-thanh", "pt-vp", "kt", "vhxh", "tthcc"]


def _without_organisation(tmp_path: Path) -> str:
    path = tmp_path / "chi-co-don-vi.toml"
    path.write_text(
        '[[units]]\ncode = "kt"\nname = "Phòng Kinh tế"\nkind = "department"\n', encoding="utf-8"
    )
    return str(path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (TAKE_OVER, "Mã «vp» là của đơn vị Văn phòng HĐND và UBND, đã kết thúc ngày 30/06/2025"),
        ((*TAKE_OVER, "--code", "vp=kt"), "Hai đơn vị của mẫu cấu hình cùng mã «kt»"),
        ((*TAKE_OVER, "--code", "pt=pt-vp"), "Mẫu cấu hình không có đơn vị mã «pt»"),
        (
            ("units", "take-over", "go-dau-2025", "--from", "01/07/2025"),
            "Không có mẫu cấu hình «go-dau-2025»",
        ),
        (
            ("units", "take-over", "{no-organisation}", "--from", "01/07/2025"),
            "không có bảng [organisation]",
        ),
    ],
    ids=["code-held", "codes-twice", "unknown-code", "unknown-preset", "no-organisation"],
)
def test_a_refusal_is_one_line_and_changes_nothing(
    reformed: Invoke, engine: Engine, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    args = tuple(_without_organisation(tmp_path) if a == "{no-organisation}" else a for a in args)
    assert_refused(reformed, engine, args, message)


def test_a_date_before_the_last_change_of_office_is_refused(
    taken_over: Invoke, engine: Engine
) -> None:
    """Settings from 30/06/2025 would rewrite June 2025, which the district worked."""
    earlier = ("units", "take-over", "phuoc-thanh", "--from", "30/06/2025", *RENAME_VP)
    message = "Thiết lập cơ quan đã đổi từ ngày 01/07/2025: không thể thay từ ngày 30/06/2025"
    assert_refused(taken_over, engine, earlier, message)


def assert_refused(run: Invoke, engine: Engine, args: tuple[str, ...], message: str) -> None:
    before = snapshot(engine)
    result = run("--today", LATER, *args, ok=False)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Lỗi: ")
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(engine) == before


def test_a_malformed_code_option_is_a_usage_error(reformed: Invoke) -> None:
    result = reformed("--today", AFTER, *TAKE_OVER, "--code", "vp", ok=False)
    assert result.exit_code == 2
    assert "MÃ_TRONG_MẪU=MÃ_MỚI" in result.stderr
