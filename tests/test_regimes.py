"""The law by date: the regime files, the one rule that picks the regime of a dossier
at both boundaries (30/06 ↔ 01/07/2025 for the decree, 14/09 ↔ 15/09/2025 for the form),
`regimes list|show`, an office's own folder, and a letter that keeps its regime once issued."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.docx_text import docx_text
from tests.dossiers import add_late
from tracker.errors import InvalidInput
from tracker.law.book import governing_regime
from tracker.law.calendar import LawCalendar
from tracker.law.loading import load_book, shipped_folder

D = dt.date
BOOK = load_book()
LAW = LawCalendar(BOOK)


@pytest.mark.parametrize(
    ("due", "regime", "deadline", "form"),
    [
        # 61/2018 reads "01 ngày làm việc": the deadline of a Tuesday due date is the Monday.
        (D(2025, 7, 1), "nd61", D(2025, 6, 30), "tt01-2018-m04"),
        # 118/2025 (from 01/07/2025), 1 calendar day: due 02/07 → deadline 01/07, its first day.
        (D(2025, 7, 2), "nd118", D(2025, 7, 1), "tt01-2018-m04"),
        # The 2025 form from 15/09/2025: the deadline 14/09 keeps the 2018 form, 15/09 not.
        (D(2025, 9, 15), "nd118", D(2025, 9, 14), "tt01-2018-m04"),
        (D(2025, 9, 16), "nd118", D(2025, 9, 15), "tt03-2025-m04"),
        # A Monday due date under 118/2025: 1 calendar day before is the Sunday.
        (D(2026, 10, 19), "nd118", D(2026, 10, 18), "tt03-2025-m04"),
        (D(2024, 11, 18), "nd61", D(2024, 11, 15), "tt01-2018-m04"),
    ],
)
def test_the_regime_in_force_on_the_apology_deadline(
    due: dt.date, regime: str, deadline: dt.date, form: str
) -> None:
    governed = LAW.governed(due)
    assert (governed.regime.code, governed.deadline, governed.form.code) == (
        regime,
        deadline,
        form,
    )
    assert LAW.apology_deadline(due) == deadline


def test_the_rule_takes_each_regimes_own_reading() -> None:
    # Due Wednesday 02/07/2025: read in working days the deadline (Tue 01/07) would fall under
    # 118/2025 too; read as 118/2025 reads it (calendar days) it is 01/07 as well. Due Tuesday
    # 01/07: 118/2025's own deadline (30/06) is before its first day, so 61/2018 governs.
    assert governing_regime(BOOK.regimes, D(2025, 7, 1), LAW).code == "nd61"
    assert governing_regime(reversed(BOOK.regimes), D(2025, 7, 2), LAW).code == "nd118"
    # Before the first regime's first day, the first regime (none older is shipped).
    assert governing_regime(BOOK.regimes, D(2017, 1, 10), LAW).code == "nd61"


def test_personal_data_law_by_date() -> None:
    before, after = BOOK.personal_data_on(D(2025, 12, 31)), BOOK.personal_data_on(D(2026, 1, 1))
    assert before is not None and "13/2023/NĐ-CP" in before.citation
    assert after is not None and "91/2025/QH15" in after.citation
    assert "356/2025/NĐ-CP" in after.citation


def test_shipped_files_name_every_citation_and_template() -> None:
    nd61, nd118 = BOOK.get("nd61"), BOOK.get("nd118")
    assert "khoản 9 Điều 19 Nghị định số 61/2018/NĐ-CP" in nd61.citations.document
    assert "107/2021" in nd61.citations.document
    assert (nd61.deadline.unit, nd118.deadline.unit) == ("working", "calendar")
    assert nd118.deadline.text == "chậm nhất 01 ngày trước ngày hết hạn"
    assert "367/2025" in nd118.citations.document and "309/2026" in nd118.citations.document
    assert nd118.reschedules == nd61.reschedules == 1
    new_form = nd118.form("tt03-2025-m04")
    assert new_form is not None and new_form.annex == "Phụ lục I"
    assert new_form.kinds["reschedule"].title == (
        "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
    )
    assert new_form.kinds["reschedule"].template == "mau-04-gia-han.docx"
    assert nd61.forms[0].kinds["reschedule"].title == "Phiếu xin lỗi và hẹn lại ngày trả kết quả"


def test_regimes_list_and_show(run: Invoke) -> None:
    listed = json.loads(run("regimes", "list", "--format", "json").stdout)
    assert [r["code"] for r in listed["regimes"]] == ["nd61", "nd118"]
    assert [r["valid_from"] for r in listed["regimes"]] == ["2018-06-21", "2025-07-01"]
    assert listed["regimes"][0]["valid_to"] == "2025-06-30"
    assert [f["code"] for f in listed["regimes"][1]["forms"]] == ["tt01-2018-m04", "tt03-2025-m04"]
    assert [p["code"] for p in listed["personal_data"]] == ["nd13-2023", "luat91-2025"]
    table = run("regimes", "list").stdout
    assert "chậm nhất 01 ngày trước ngày hết hạn" in table and "ngày theo lịch" in table
    assert "Cách đọc của nd118" in table
    shown = run("regimes", "show", "nd118").stdout
    assert "Cách đọc: Văn bản viết «01 ngày»" in shown
    assert "mau-04-gia-han.docx" in shown and "15/09/2025" in shown
    unknown = run("regimes", "show", "nd999", ok=False)
    assert unknown.exit_code == 1 and "nd61, nd118" in unknown.stderr


def _office_folder(tmp_path: Path, old: str, new: str) -> Path:
    """An office's folder holding its own copy of the 118/2025 file, one line changed."""
    folder = tmp_path / "che-do-cua-co-quan"
    folder.mkdir()
    text = (shipped_folder() / "nd118-2025.toml").read_text(encoding="utf-8")
    assert old in text
    (folder / "nd118-2025.toml").write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_an_office_reads_one_day_as_a_working_day(
    run: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _office_folder(tmp_path, 'unit = "calendar"', 'unit = "working"')
    run("cases", "add", "HS-2026-1", "--procedure", "Thủ tục", "--applicant", "Lê Văn A",
        "--unit", "tnmt", "--due", "19/10/2026")  # fmt: skip
    shown = json.loads(run("cases", "show", "HS-2026-1", "--format", "json").stdout)
    assert shown["apology_deadline"] == "2026-10-18"  # Sunday: one calendar day before Monday
    monkeypatch.setenv("TRACKER_REGIMES_DIR", str(folder))
    shown = json.loads(run("cases", "show", "HS-2026-1", "--format", "json").stdout)
    assert shown["apology_deadline"] == "2026-10-16"  # the Friday: one working day before
    listed = json.loads(run("regimes", "list", "--format", "json").stdout)
    assert listed["office_folder"] == str(folder)
    assert listed["regimes"][1]["source"] == str(folder / "nd118-2025.toml")


def test_a_wrong_regime_file_is_named_with_its_key(tmp_path: Path) -> None:
    folder = _office_folder(tmp_path, "days = 1", "days = -1")
    with pytest.raises(InvalidInput, match=r"nd118-2025.toml: khóa «regime.deadline.days»"):
        load_book(folder)
    with pytest.raises(InvalidInput, match="không có"):
        load_book(tmp_path / "khong-co")


def test_no_decree_number_is_written_in_the_code() -> None:
    """Citations live in regimes/*.toml: the code never names a decree by its number."""
    tracker = Path(__file__).resolve().parent.parent / "tracker"
    found = [
        f"{path.relative_to(tracker)}:{number}"
        for path in sorted(tracker.rglob("*.py"))
        for number in ("61/2018", "118/2025", "13/2023", "91/2025", "01/2018", "03/2025")
        if number in path.read_text(encoding="utf-8")
    ]
    assert found == []


@pytest.mark.parametrize(
    ("due", "today", "new_date", "regime", "form", "title"),
    [
        ("01/07/2025", "30/06/2025", "07/07/2025", "nd61", "tt01-2018-m04", "PHIẾU XIN LỖI"),
        ("02/07/2025", "30/06/2025", "07/07/2025", "nd118", "tt01-2018-m04", "PHIẾU XIN LỖI"),
        ("15/09/2025", "12/09/2025", "22/09/2025", "nd118", "tt01-2018-m04", "PHIẾU XIN LỖI"),
        ("16/09/2025", "12/09/2025", "22/09/2025", "nd118", "tt03-2025-m04", "VĂN BẢN XIN LỖI"),
    ],
)
def test_letters_at_both_boundaries_and_a_reprint_that_never_changes(
    run: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    due: str,
    today: str,
    new_date: str,
    regime: str,
    form: str,
    title: str,
) -> None:
    add_late(run, "HS-2025-1", "tnmt", due, received="01/06/2025")
    [drafted] = json.loads(
        run("--today", today, "letters", "draft", "HS-2025-1", "--new-date", new_date,
            "--format", "json").stdout
    )["drafted"]  # fmt: skip
    assert (drafted["regime"], drafted["form"], drafted["kind"]) == (regime, form, "reschedule")
    [issued] = json.loads(
        run("--today", today, "letters", "issue", "HS-2025-1", "--auto-number", "--format", "json")
        .stdout
    )  # fmt: skip
    assert (issued["regime"], issued["form"]) == (regime, form)
    out = tmp_path / "thu"
    [first] = json.loads(
        run("--today", today, "letters", "render", "HS-2025-1", "--out", str(out), "--format",
            "json").stdout
    )["files"]  # fmt: skip
    assert title in docx_text(Path(first["path"]))
    # An office moves the 2025 form's first day to 01/07/2025 and reads "01 ngày" as a working
    # day: new letters change, the issued one keeps its regime and form, byte for byte.
    folder = _office_folder(tmp_path, "valid_from = 2025-09-15", "valid_from = 2025-07-01")
    monkeypatch.setenv("TRACKER_REGIMES_DIR", str(folder))
    [again] = json.loads(
        run("letters", "render", "HS-2025-1", "--out", str(out), "--format", "json").stdout
    )["files"]
    assert (again["unchanged"], again["sha256"], again["version"]) == (True, first["sha256"], 1)
    letter = json.loads(run("cases", "show", "HS-2025-1", "--format", "json").stdout)["letter"]
    assert letter["regime"] == regime


def test_help_texts_cite_no_decree() -> None:
    from click.testing import CliRunner

    from tracker.cli import cli

    for args in (["letters", "--help"], ["letters", "late", "--help"], ["regimes", "--help"]):
        text = CliRunner().invoke(cli, args).output
        assert "61/2018" not in text and "118/2025" not in text, args


def test_the_shipped_regimes_folder_travels_in_the_wheel(tmp_path: Path) -> None:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    root = Path(__file__).resolve().parent.parent
    with (root / "pyproject.toml").open("rb") as stream:
        force = tomllib.load(stream)["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force["regimes"] == "tracker/_regimes"
    assert sorted(p.name for p in shipped_folder().glob("*.toml")) == [
        "du-lieu-ca-nhan.toml",
        "nd118-2025.toml",
        "nd61-2018.toml",
    ]
    # An office's copy of the folder replaces the shipped files code by code, nothing doubles.
    copy = Path(shutil.copytree(shipped_folder(), tmp_path / "ban-sao"))
    assert [r.code for r in load_book(copy).regimes] == ["nd61", "nd118"]
    assert {r.source.parent for r in load_book(copy).regimes} == {copy}
