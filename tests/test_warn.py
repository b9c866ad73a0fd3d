"""Due-soon warnings: `cases list --status due-soon` and `tracker warn` (table, CSV, JSON, DOCX).
Today is Tuesday 26/11/2024: 2 working days ahead is Thursday 28/11."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from tests.conftest import Invoke
from tests.dossiers import add_case, cases_json

TODAY_DUE = "000.00.19.H53-241112-0001"  # due 26/11: apology was due 25/11 (missed)
WED_DUE = "000.00.19.H53-241112-0002"  # due 27/11: apology due today
THU_DUE = "000.00.19.H53-241112-0003"  # due 28/11 at a commune: apology due 27/11
NEXT_TUE = "000.00.19.H53-241112-0004"  # due 03/12: outside 2 days, inside 5
LATE = "000.00.19.H53-241105-0005"  # due 20/11: already late, never "due soon"


def seed(run: Invoke) -> None:
    add_case(run, TODAY_DUE, due="26/11/2024", received="12/11/2024")
    add_case(run, WED_DUE, unit="ktht", due="27/11/2024", received="12/11/2024")
    add_case(run, THU_DUE, unit="hiep thanh", due="28/11/2024", received="12/11/2024")
    add_case(run, NEXT_TUE, due="03/12/2024", received="12/11/2024")
    add_case(run, LATE, due="20/11/2024")
    add_case(run, "000.00.19.H53-241112-0006", due="27/11/2024", finished="25/11/2024")


def warn_json(run: Invoke, *args: str) -> dict:
    return json.loads(run("warn", *args, "--format", "json").stdout)


def test_due_soon_list_soonest_first_with_apology_deadline(run: Invoke) -> None:
    seed(run)
    rows = cases_json(run, "--status", "due-soon")
    assert [(r["code"], r["due_at"], r["apology_deadline"]) for r in rows] == [
        (TODAY_DUE, "2024-11-26", "2024-11-25"),
        (WED_DUE, "2024-11-27", "2024-11-26"),
        (THU_DUE, "2024-11-28", "2024-11-27"),
    ]
    assert [r["code"] for r in cases_json(run, "--status", "due-soon", "--within", "5")][-1] == (
        NEXT_TUE
    )
    assert {r["code"] for r in cases_json(run, "--status", "late")} == {LATE}
    assert len(cases_json(run, "--status", "open")) == 5


def test_warn_one_section_per_head(run: Invoke) -> None:
    seed(run)
    report = warn_json(run)
    assert (report["today"], report["within"], report["horizon"]) == (
        "2024-11-26",
        2,
        "2024-11-28",
    )
    sections = {s["unit"]: s for s in report["sections"]}
    assert list(sections) == ["ktht", "tnmt", "hiep-thanh"]  # Vietnamese order of unit names
    assert all(s["head"] and s["head_title"] for s in report["sections"])
    items = {i["code"]: i for s in report["sections"] for i in s["items"]}
    assert set(items) == {TODAY_DUE, WED_DUE, THU_DUE}
    assert items[TODAY_DUE]["days_to_deadline"] == -1  # a letter sent now is a late apology
    assert items[WED_DUE]["days_to_deadline"] == 0
    assert items[THU_DUE]["days_to_deadline"] == 1
    assert all(i["letter"] is None for i in items.values())

    table = run("warn").stdout
    assert "đã quá hạn gửi thư 1 ngày làm việc" in table
    assert "hôm nay là hạn cuối" in table and "còn 1 ngày làm việc" in table
    assert "Nghị định 61/2018/NĐ-CP" in table


def test_warn_filters_and_within(run: Invoke) -> None:
    seed(run)
    only = warn_json(run, "--unit", "tai nguyen")
    assert [s["unit"] for s in only["sections"]] == ["tnmt"]
    assert [i["code"] for i in only["sections"][0]["items"]] == [TODAY_DUE]
    head = only["sections"][0]["head"]
    assert warn_json(run, "--head", head)["sections"] == only["sections"]
    wider = warn_json(run, "--unit", "tnmt", "--within", "5")
    assert wider["horizon"] == "2024-12-03"
    assert [i["code"] for i in wider["sections"][0]["items"]] == [TODAY_DUE, NEXT_TUE]
    nothing = run("warn", "--unit", "tu phap").stdout
    assert "Không có hồ sơ nào sắp đến hạn trong 2 ngày làm việc tới (đến 28/11/2024)" in nothing
    unknown = run("warn", "--head", "không có ai", ok=False)
    assert unknown.exit_code == 1 and unknown.stderr.startswith("Lỗi: ")


def test_letter_drafted_before_the_due_date_shows(run: Invoke) -> None:
    seed(run)
    run("letters", "draft", THU_DUE, "--new-date", "05/12/2024", "--reason", "Chờ ý kiến (thử)")
    items = {i["code"]: i for s in warn_json(run)["sections"] for i in s["items"]}
    assert items[THU_DUE]["letter"] == "draft"
    assert items[THU_DUE]["letter_new_due"] == "2024-12-05"
    csv_text = run("warn", "--format", "csv").stdout
    assert "đã soạn (dự thảo), hẹn trả mới 05/12/2024" in csv_text
    row = next(r for r in cases_json(run) if r["code"] == THU_DUE)
    assert row["letter"]["late_apology"] is False  # drafted 26/11, deadline 27/11


def test_warn_around_tet_2025(run: Invoke) -> None:
    """Thursday 23/1/2025: a dossier due Monday 3/2 (after Tết) is 2 working days away, and
    its apology must go out on Friday 24/1."""
    add_case(run, TODAY_DUE, due="03/02/2025", received="02/01/2025")
    report = json.loads(run("--today", "23/01/2025", "warn", "--format", "json").stdout)
    assert report["horizon"] == "2025-02-03"
    (item,) = report["sections"][0]["items"]
    assert (item["apology_deadline"], item["days_to_deadline"]) == ("2025-01-24", 1)


def test_warn_docx(run: Invoke, tmp_path: Path) -> None:
    seed(run)
    out = tmp_path / "sang-nay.docx"
    result = run("warn", "--format", "docx", "--out", str(out))
    assert f"Đã ghi 3 hồ sơ sắp đến hạn vào {out}" in result.stderr
    document = Document(str(out))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == [
        "UBND HUYỆN GÒ DẦU",
        "Gò Dầu, ngày 26 tháng 11 năm 2024",
        "DANH SÁCH HỒ SƠ SẮP ĐẾN HẠN TRẢ KẾT QUẢ",
    ]
    headings = [p for p in document.paragraphs if p.text.endswith("hồ sơ") and "—" in p.text]
    assert len(headings) == 3
    assert [bool(p.paragraph_format.page_break_before) for p in headings] == [False, True, True]
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows[1:]]
    assert [row[0] for row in cells] == [WED_DUE, TODAY_DUE, THU_DUE]
    assert cells[1][4:6] == ["25/11/2024", "đã quá hạn gửi thư 1 ngày làm việc"]
