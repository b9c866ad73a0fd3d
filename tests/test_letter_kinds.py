"""Letters that tell the truth: the kind of letter each dossier calls
for, the refusals that keep a false letter from going out, the notice to the one-stop desk,
the masked copy that publishing makes, and file names that never replace another letter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import Invoke, as_json
from tests.docx_text import docx_text
from tests.dossiers import CONTACT, add_late
from tracker.letters.render import sha256_of

OPEN = "000.00.19.H53-241101-0001"  # tnmt, due Tue 19/11/2024, still open: late
SETTLED = "000.00.19.H53-241101-0002"  # tnmt, due Fri 15/11, result Wed 20/11: 3 days late
ON_TIME = "000.00.19.H53-241101-0003"  # tnmt, due Fri 22/11, result Thu 21/11: not late
LATER = "000.00.19.H53-241101-0004"  # ktht, due Thu 21/11, open now, its result comes 25/11


def add(run: Invoke, code: str, unit: str, due: str, *extra: str) -> None:
    add_late(run, code, unit, due, *CONTACT, *extra)


@pytest.fixture
def month(run: Invoke) -> Invoke:
    add(run, OPEN, "tnmt", "19/11/2024")
    add(run, SETTLED, "tnmt", "15/11/2024", "--finished", "20/11/2024")
    add(run, ON_TIME, "tnmt", "22/11/2024", "--finished", "21/11/2024")
    add(run, LATER, "ktht", "21/11/2024")
    return run


def test_a_batch_drafts_each_kind_and_says_how_many(month: Invoke) -> None:
    result = month("letters", "draft", "--period", "2024-11", "--format", "json")
    data = json.loads(result.stdout)
    kinds = {d["code"]: d for d in data["drafted"]}
    assert set(kinds) == {OPEN, SETTLED, LATER}  # the on-time dossier gets no letter
    assert data["counts"] == {"reschedule": 2, "apology": 1}
    settled = kinds[SETTLED]
    assert (settled["kind"], settled["new_due_at"]) == ("apology", None)
    assert (settled["returned_at"], settled["days_late"]) == ("2024-11-20", 3)
    assert (kinds[OPEN]["kind"], kinds[OPEN]["new_due_at"]) == ("reschedule", "2024-12-03")
    assert all(d["regime"] == "nd61" and d["form"] == "tt01-2018-m04" for d in kinds.values())
    assert "2 thư xin lỗi và hẹn lại ngày trả" in result.stderr
    assert "1 thư xin lỗi cho hồ sơ đã trả kết quả trễ hạn" in result.stderr
    shown = as_json(month, "cases", "show", SETTLED)["letter"]
    assert (shown["kind"], shown["returned_at"], shown["new_due_at"]) == (
        "apology",
        "2024-11-20",
        None,
    )


def test_the_apology_letter_makes_no_promise(month: Invoke, tmp_path: Path) -> None:
    month("letters", "draft", SETTLED)
    month("letters", "issue", SETTLED, "--auto-number")
    [file] = as_json(month, "letters", "render", SETTLED, "--out", str(tmp_path))["files"]
    assert (file["kind"], file["template"]) == ("apology", "thu-xin-loi-tre-han.docx")
    letter = docx_text(Path(file["path"]))
    assert "THƯ XIN LỖI" in letter and "Số: 01/TXL-TNMT" in letter
    assert "có kết quả ngày 20 tháng 11 năm 2024, chậm 03 ngày làm việc" in letter
    assert "hẹn trả kết quả ngày 15 tháng 11 năm 2024" in letter
    assert "Lý do chậm trễ: Chờ đo đạc lại ranh giới thửa đất." in letter
    assert "trân trọng xin lỗi Ông/Bà" in letter
    for false in ("hẹn lại", "chưa trả", "gia hạn", "ngày hẹn trả mới"):
        assert false not in letter
    assert "Bộ phận Một cửa (để theo dõi)" in letter


def test_a_dossier_settled_on_time_gets_no_letter_unless_forced(month: Invoke) -> None:
    refused = month("letters", "draft", ON_TIME, ok=False)
    assert refused.exit_code == 1
    assert refused.stderr.count("\n") == 1  # one sentence
    assert "không trễ hạn nên không có thư xin lỗi" in refused.stderr
    assert "--force --why" in refused.stderr
    assert as_json(month, "cases", "show", ON_TIME)["letter"] is None
    [forced] = as_json(
        month, "letters", "draft", ON_TIME, "--force", "--why", "Người dân khiếu nại chậm trả"
    )["drafted"]
    assert forced["kind"] == "apology"
    history = as_json(month, "history", ON_TIME)
    assert history[-1]["action"] == "letter.draft"
    assert history[-1]["note"] == "Người dân khiếu nại chậm trả"


def test_a_reschedule_drafted_while_open_is_redrafted_once_the_dossier_is_settled(
    month: Invoke,
) -> None:
    [drafted] = as_json(month, "letters", "draft", LATER, "--new-date", "03/12/2024")["drafted"]
    assert drafted["kind"] == "reschedule"
    month("cases", "resolve", LATER, "--on", "25/11/2024")
    refused = month("letters", "issue", LATER, "--auto-number", ok=False)
    assert refused.exit_code == 1
    assert "đã có kết quả ngày 25/11/2024" in refused.stderr
    assert f"`tracker letters draft {LATER}`" in refused.stderr
    assert as_json(month, "cases", "show", LATER)["letter"]["status"] == "draft"
    [redrafted] = as_json(month, "letters", "draft", LATER)["drafted"]
    assert (redrafted["action"], redrafted["kind"], redrafted["new_due_at"]) == (
        "updated",
        "apology",
        None,
    )
    assert redrafted["returned_at"] == "2024-11-25"
    history = as_json(month, "history", LATER)
    assert history[-1]["note"] == "Soạn lại thành thư xin lỗi (hồ sơ đã có kết quả)"
    assert history[-1]["after"]["kind"] == "apology"
    [issued] = as_json(month, "letters", "issue", LATER, "--auto-number")
    assert (issued["kind"], issued["number"]) == ("apology", "01/TXL-KTHT")


def test_a_letter_issued_while_open_stays_true(month: Invoke) -> None:
    """Issued on 20/11 while the dossier was open: a reschedule, even if the result came on
    the 25th; redrafting it is a further letter, which needs a reason."""
    month("--today", "20/11/2024", "letters", "draft", LATER, "--new-date", "27/11/2024")
    month("letters", "issue", LATER, "--number", "01/PXL-KTHT", "--on", "20/11/2024")
    month("cases", "resolve", LATER, "--on", "25/11/2024")
    letter = as_json(month, "cases", "show", LATER)["letter"]
    assert (letter["kind"], letter["status"]) == ("reschedule", "issued")
    refused = month("letters", "draft", LATER, ok=False)
    assert "người dân đã nhận thư xin lỗi" in refused.stderr and "--force" in refused.stderr


def test_the_written_notice_to_the_one_stop_desk(month: Invoke, tmp_path: Path) -> None:
    month("letters", "draft", OPEN, SETTLED, LATER)
    month("letters", "issue", OPEN, "--auto-number")
    result = as_json(month, "letters", "render", "--period", "2024-11", "--out", str(tmp_path))
    notices = {(n["unit"], n["date"]): n for n in result["notices"]}
    # One per unit and letter date; the apology letter changes no date and is not listed.
    assert set(notices) == {("tnmt", "2024-11-26"), ("ktht", None)}
    issued = notices[("tnmt", "2024-11-26")]
    assert (issued["codes"], issued["regime"]) == ([OPEN], "nd61")
    path = Path(issued["path"])
    assert path.name == "thong-bao-mot-cua-tnmt-2024-11-26-nd61.docx"
    assert sha256_of(path.read_bytes()) == issued["sha256"]
    notice = docx_text(path)
    assert "Kính gửi: Bộ phận Một cửa." in notice
    assert "khoản 9 Điều 19 Nghị định số 61/2018/NĐ-CP" in notice
    assert "Số:       /TB-TNMT" in notice
    assert "Gò Dầu, ngày 26 tháng 11 năm 2024" in notice
    for cell in (OPEN, "19/11/2024", "03/12/2024", "01/PXL-TNMT", "Chờ đo đạc lại ranh giới"):
        assert cell in notice
    assert SETTLED not in notice
    assert "dự thảo" in docx_text(Path(notices[("ktht", None)]["path"]))
    public = as_json(month, "letters", "render", OPEN, "--out", str(tmp_path), "--public")
    assert public["notices"] == []


def test_publishing_on_the_portal_makes_the_masked_copy(month: Invoke, tmp_path: Path) -> None:
    month("letters", "draft", SETTLED)
    month("letters", "issue", SETTLED, "--auto-number")
    month("letters", "render", SETTLED, "--out", str(tmp_path / "thu"))
    url = "https://godau.example.vn/xin-loi/2"
    result = month("letters", "publish", SETTLED, "--portal", "--url", url, "--format", "json")
    [posted] = json.loads(result.stdout)
    public = Path(posted["public_copy"])
    assert public == (tmp_path / "thu" / "cong-khai" / f"{SETTLED}-cong-khai.docx").resolve()
    assert str(public) in result.stderr
    copy = docx_text(public)
    assert "Số: 01/TXL-TNMT" in copy and "Nguyễn V. A." in copy
    for private in ("Nguyễn Văn An", "0912345678", "Trần Phú"):
        assert private not in copy
    assert "theo Nghị định số 13/2023/NĐ-CP" in copy  # the personal-data law of 2024
    history = as_json(month, "history", SETTLED)
    publish = next(e for e in history if e["action"] == "letter.publish")
    assert publish["after"]["public_copy"] == str(public)
    assert publish["after"]["public_sha256"] == sha256_of(public.read_bytes())
    # The one-stop record names no copy; a masked copy already made is not made again.
    [onestop] = as_json(month, "letters", "publish", SETTLED, "--onestop")
    assert onestop["public_copy"] is None
    renders = [e for e in as_json(month, "history", SETTLED) if e["action"] == "letter.render"]
    assert [e["after"]["public"] for e in renders] == [False, True]


def test_codes_that_read_alike_never_share_a_file(run: Invoke, tmp_path: Path) -> None:
    codes = ("HS/2024/0001", "HS-2024-0001", "HS:2024:0001")
    for code in codes:
        add(run, code, "tnmt", "19/11/2024")
    run("letters", "draft", *codes)
    run("letters", "issue", *codes, "--auto-number")
    files = as_json(run, "letters", "render", *codes, "--out", str(tmp_path))["files"]
    paths = {Path(f["path"]) for f in files}
    assert len(paths) == 3 and tmp_path.resolve() / "HS-2024-0001.docx" in paths
    for file in files:
        text_ = docx_text(Path(file["path"]))
        assert f"Mã hồ sơ: {file['code']}." in text_
        assert sha256_of(Path(file["path"]).read_bytes()) == file["sha256"]


def test_a_file_the_database_records_as_another_letter_is_never_replaced(
    run: Invoke, db_url: str, tmp_path: Path
) -> None:
    add(run, OPEN, "tnmt", "19/11/2024")
    add(run, LATER, "ktht", "21/11/2024")
    run("letters", "draft", OPEN, LATER)
    [other] = as_json(run, "letters", "render", LATER, "--out", str(tmp_path))["files"]
    # The database says OPEN's would-be file is LATER's letter (as after a restore elsewhere).
    target = tmp_path.resolve() / f"{OPEN}.docx"
    Path(other["path"]).rename(target)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE letter_files SET path = :path"), {"path": str(target)})
    engine.dispose()
    refused = run("letters", "render", OPEN, "--out", str(tmp_path), ok=False)
    assert refused.exit_code == 1
    assert "đã được ghi cho một thư khác" in refused.stderr
    assert sha256_of(target.read_bytes()) == other["sha256"]  # untouched


def test_an_issued_file_changed_on_disk_is_written_back(run: Invoke, tmp_path: Path) -> None:
    add(run, OPEN, "tnmt", "19/11/2024")
    run("letters", "draft", OPEN)
    run("letters", "issue", OPEN, "--auto-number")
    [first] = as_json(run, "letters", "render", OPEN, "--out", str(tmp_path))["files"]
    path = Path(first["path"])
    path.write_bytes(b"not the letter")
    [again] = as_json(run, "letters", "render", OPEN, "--out", str(tmp_path))["files"]
    assert (again["version"], again["unchanged"], again["path"]) == (1, True, first["path"])
    assert sha256_of(path.read_bytes()) == first["sha256"]
    note = as_json(run, "history", OPEN)[-1]["note"]
    assert note.startswith("Ghi lại tệp của phiên bản 1 (nội dung không đổi)")
