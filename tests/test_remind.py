"""`tracker remind`: one section per head with what that head still owes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from tests.conftest import Invoke
from tests.dossiers import add_late
from tests.lifecycle_data import A, B, C

X = "000.00.19.H53-241101-0010"  # ktht, late, no reason, no letter
SOON = "000.00.19.H53-241101-0011"  # ktht, due 29/11: not late yet, no reason
SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


@pytest.fixture
def owed(run: Invoke) -> Invoke:
    add_late(run, A, "tnmt", "20/11/2024")  # open, draft letter
    add_late(run, B, "tnmt", "22/11/2024", "--finished", "25/11/2024")  # issued, unpublished
    add_late(run, C, "tnmt", "21/11/2024", "--finished", "25/11/2024")  # published
    run(
        "cases", "add", X, "--procedure", "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "--applicant", "Lê Văn Cường", "--unit", "ktht", "--received", "01/11/2024",
        "--due", "15/11/2024",
    )  # fmt: skip
    run(
        "cases", "add", SOON, "--procedure", "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "--applicant", "Lê Văn Dũng", "--unit", "ktht", "--received", "01/11/2024",
        "--due", "29/11/2024",
    )  # fmt: skip
    run("letters", "draft", A, B, C)
    run("letters", "issue", B, C, "--auto-number")
    run("letters", "publish", C, "--portal", "--url", "https://godau.example.vn/xin-loi/c")
    run("letters", "publish", C, "--onestop")
    return run


def report(run: Invoke, *args: str) -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = json.loads(run("remind", *args, "--format", "json").stdout)[
        "sections"
    ]
    return sections


def codes(section: dict[str, Any], key: str) -> list[str]:
    return [item["code"] for item in section[key]]


def test_one_section_per_head_with_what_each_still_owes(owed: Invoke) -> None:
    sections = {s["head"]: s for s in report(owed)}
    assert set(sections) == {"Trương Công Danh", "Nguyễn Hoàng Phúc"}  # Nội vụ owes nothing
    ktht = sections["Trương Công Danh"]
    assert ktht["head_title"] == "Trưởng phòng" and ktht["unit"] == "ktht"
    assert codes(ktht, "late_open") == [X]
    assert codes(ktht, "missing_reason") == [X]  # SOON is not late yet
    assert codes(ktht, "not_drafted") == [X]
    tnmt = sections["Nguyễn Hoàng Phúc"]
    assert codes(tnmt, "late_open") == [A]
    assert codes(tnmt, "missing_reason") == [] and codes(tnmt, "not_drafted") == []
    assert codes(tnmt, "not_issued") == [A]
    assert codes(tnmt, "unpublished") == [B]  # C is published: nothing owed
    assert "Cổng thông tin điện tử và hệ thống một cửa" in tnmt["unpublished"][0]["note"]
    # B was settled late: its letter is an apology (no new date), numbered as one.
    assert "01/TXL-TNMT" in tnmt["unpublished"][0]["note"]


def test_head_filter_and_a_head_who_owes_nothing(owed: Invoke) -> None:
    [only] = report(owed, "--head", "truong cong danh")
    assert only["unit"] == "ktht"
    [none] = report(owed, "--head", "nv")
    assert none["head"] == "Lê Thị Hồng"
    assert all(none[key] == [] for key in ("late_open", "not_drafted", "unpublished"))
    assert "không còn việc nào" in owed("remind", "--head", "nv").stdout
    assert "Không tìm thấy" in owed("remind", "--head", "khong co ai", ok=False).stderr


def test_table_names_each_head_and_what_to_do(owed: Invoke) -> None:
    out = owed("remind").stdout
    assert "Trưởng phòng Nguyễn Hoàng Phúc — Phòng Tài nguyên và Môi trường" in out
    assert "Thư xin lỗi chưa ký ban hành (1)" in out
    assert "Hồ sơ trễ hạn chưa có lý do (1)" in out


def test_docx_has_a_section_per_head_in_times_new_roman(owed: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "nhac-viec.docx"
    result = owed("remind", "--format", "docx", "--out", str(path))
    assert "2 người đứng đầu" in result.stderr
    document = Document(str(path))
    assert len(document.sections) == 2
    for section in document.sections:
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
        assert Mm(30) <= section.left_margin <= Mm(35)
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("NHẮC VIỆC XỬ LÝ HỒ SƠ TRỄ HẠN") == 2
    assert "Kính gửi: Trưởng phòng Trương Công Danh — Phòng Kinh tế và Hạ tầng" in text
    assert "Gò Dầu, ngày 26 tháng 11 năm 2024" in text
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert {A, B, X} <= cells and C not in cells
    runs = [r for p in document.paragraphs for r in p.runs] + [
        r for t in document.tables for row in t.rows for c in row.cells
        for p in c.paragraphs for r in p.runs
    ]  # fmt: skip
    for run in runs:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        assert all(fonts.get(qn(slot)) == "Times New Roman" for slot in SLOTS), run.text
    normal = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert all(normal.get(qn(slot)) == "Times New Roman" for slot in SLOTS)


def test_docx_pure_renderer_with_nothing_owed(tmp_path: Path) -> None:
    import datetime as dt

    from tracker.reports.remind import RemindReport, render_docx

    path = render_docx(
        RemindReport(today=dt.date(2024, 12, 5), sections=[]),
        {"governing_body": "UBND HUYỆN GÒ DẦU", "place": "Gò Dầu"},
        tmp_path / "r.docx",
    )
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Không có người đứng đầu nào còn việc cần xử lý." in text


def test_a_draft_overtaken_by_the_result_is_owed_again_in_words(owed: Invoke) -> None:
    owed("cases", "resolve", A, "--on", "26/11/2024")  # its draft promised a new date
    [tnmt] = [s for s in report(owed) if s["unit"] == "tnmt"]
    [item] = [i for i in tnmt["not_issued"] if i["code"] == A]
    assert item["note"] == "soạn 26/11/2024, hồ sơ đã có kết quả 26/11/2024: cần soạn lại thư"
    assert "tracker" not in owed("remind").stdout
