"""The leadership's printout and the month's notice read as documents a leader signs without an
edit: appendices that exist where the notice names them, the commune chairs in
item 7, no command lines, plain words, one zero-padding rule, the number on the date's line.
Every check reads the rendered DOCX back (text with python-docx, layout from its XML)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests.conftest import Invoke
from tests.docx_text import docx_text
from tests.report_month import SEED_FIGURES, add
from tracker.reports.heading import letterhead

REPORT, NOTICE = "bc.docx", "cv.docx"


def render(run: Invoke, folder: Path, period: str = "2024-11") -> tuple[Path, Path, str]:
    """The printout and the notice of `period`, and what the notice command told the clerk."""
    report, notice = folder / REPORT, folder / NOTICE
    run("report", "monthly", period, "--format", "docx", "--out", str(report))
    told = run("report", "notice", period, "--out", str(notice)).stderr
    return report, notice, told


def enter_seed_figures(run: Invoke) -> None:
    for metric, value in SEED_FIGURES:
        run("index", "set", "2024-11", metric, value)
    run("index", "set", "2024-11", "reuse", "40,25", "--unit", "cam-giang")
    run("index", "set", "2024-11", "reuse", "60", "--unit", "bau-don")


@pytest.fixture
def documents(month: Invoke, tmp_path: Path) -> tuple[Path, Path, str]:
    enter_seed_figures(month)
    return render(month, tmp_path)


def section_of_each_paragraph(path: Path) -> dict[str, int]:
    """Each body paragraph's text → the number of its section (0 first): a section ends with
    the paragraph that carries its w:sectPr."""
    body = Document(str(path)).element.body
    result: dict[str, int] = {}
    section = 0
    for paragraph in body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        result.setdefault(text, section)
        if paragraph.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            section += 1
    return result


def table_with(path: Path, header: str) -> Any:
    document = Document(str(path))
    return next(t for t in document.tables if header in [c.text for c in t.rows[0].cells])


def test_the_notice_carries_the_two_appendices_it_names(documents: tuple[Path, Path, str]) -> None:
    notice = documents[1]
    text = docx_text(notice)
    body = text.split("\nPhụ lục 1\n")[0]
    assert "(Có Phụ lục 1 kèm theo)" in body and "(có Phụ lục 2 kèm theo)" in body
    assert "\nKẾT QUẢ BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP THÁNG 11/2024\n" in text
    assert "\nDANH SÁCH HỒ SƠ XỬ LÝ QUÁ HẠN THÁNG 11/2024\n" in text
    assert text.count("(Kèm theo Công văn số       /UBND-NC ngày 26/11/2024 của Ủy ban") == 2
    # After the signature, on landscape pages; Phụ lục 2 starts a page of its own.
    document = Document(str(notice))
    assert [s.orientation for s in document.sections] == [0, 1]
    sections = section_of_each_paragraph(notice)
    assert sections["Nguyễn Văn Tân (tên minh họa)"] == 0
    assert sections["Phụ lục 1"] == sections["Phụ lục 2"] == 1
    second = next(p for p in document.paragraphs if p.text == "Phụ lục 2")
    assert second.paragraph_format.page_break_before


def test_appendix_1_sets_each_figure_against_its_target_per_unit(
    documents: tuple[Path, Path, str],
) -> None:
    table = table_with(documents[1], "Chỉ số, đơn vị")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows == [
        ["1", "Tỷ lệ hồ sơ TTHC số hóa hồ sơ, kết quả giải quyết TTHC", "69,89%", "–",
         "chưa có chỉ tiêu"],
        ["2", "Tỷ lệ hồ sơ cấp kết quả điện tử", "70,85%", "–", "chưa có chỉ tiêu"],
        ["3", "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa", "", "", ""],
        ["3.1", "UBND xã Cẩm Giang", "40,25%", "52%", "chưa đạt"],
        ["3.2", "UBND xã Bàu Đồn", "60%", "52%", "đạt"],
    ]  # fmt: skip
    assert "Tổng số điểm: 87,07/100 điểm; xếp thứ 8/9" in docx_text(documents[1])


def test_appendix_2_lists_the_late_dossiers_by_unit_without_full_names(
    documents: tuple[Path, Path, str],
) -> None:
    report, notice, _told = documents
    table = table_with(notice, "Mã hồ sơ")
    rows = [row for row in table.rows[1:]]
    # A group row per unit: its number, then one cell merged across the other seven columns.
    group = rows[0]._tr.tc_lst
    assert len(group) == 2 and group[1].grid_span == 7
    assert [c.text for c in rows[0].cells][:2] == ["I", "Phòng Tài nguyên và Môi trường: 02 hồ sơ"]
    assert all(run.bold for run in rows[0].cells[1].paragraphs[0].runs)
    codes = [row.cells[1].text for row in rows if len(row._tr.tc_lst) == 8]
    assert codes == ["000.00.19.H53-241028-0001", "000.00.19.H53-241028-0002",
                     "000.00.19.H53-241028-0004"]  # fmt: skip
    assert [c.text for c in rows[-2].cells][:2] == ["II", "UBND xã Hiệp Thạnh: 01 hồ sơ"]
    first = [c.text for c in rows[1].cells]
    assert first == ["1", "000.00.19.H53-241028-0001", "Tách thửa hoặc hợp thửa đất",
                     "Nguyễn V. A.", "04/11/2024", "08/11/2024", "04",
                     "01/PXL-TNMT ngày 26/11/2024"]  # fmt: skip
    assert [c.text for c in rows[2].cells][5:] == ["Chưa có", "11", "Chưa có"]  # a draft letter
    # The notice goes round every office: the applicant's full name stays out of it. The
    # printout for the leadership keeps it.
    assert "Nguyễn Văn An" not in docx_text(notice)
    assert "Nguyễn Văn An" in docx_text(report)


def test_item_7_names_the_chairs_of_the_communes_with_late_dossiers(
    month: Invoke,
    tmp_path: Path,
) -> None:
    add(month, "000.00.19.H53-241028-0011", "phuoc-dong", "12/11/2024", "14/11/2024")
    add(month, "000.00.19.H53-241028-0012", "go-dau", "12/11/2024")
    text = docx_text(render(month, tmp_path)[1])
    assert (
        "7. Trưởng phòng Tài nguyên và Môi trường huyện và Chủ tịch UBND thị trấn Gò Dầu, Chủ tịch "
        "UBND xã Hiệp Thạnh, Chủ tịch UBND xã Phước Đông tăng cường đôn đốc"
    ) in text


def test_item_7_with_only_communes_late(run: Invoke, tmp_path: Path) -> None:
    add(run, "000.00.19.H53-241028-0021", "thanh-duc", "12/11/2024", "14/11/2024")
    text = docx_text(render(run, tmp_path)[1])
    assert "\n7. Chủ tịch UBND xã Thạnh Đức tăng cường đôn đốc" in text
    assert "Các cơ quan chuyên môn huyện: 00 hồ sơ; xã Thạnh Đức: 01 hồ sơ" in text


def test_a_month_without_late_dossiers_names_no_appendix_2(run: Invoke, tmp_path: Path) -> None:
    add(run, "000.00.19.H53-241028-0031", "tnmt", "20/11/2024", "20/11/2024")  # on time
    run("index", "set", "2024-11", "score", "90")
    notice = render(run, tmp_path)[1]
    text = docx_text(notice)
    assert "- Không có hồ sơ xử lý quá hạn." in text
    assert "\n7. " not in text and "Phụ lục 2" not in text
    assert "(Có Phụ lục 1 kèm theo)" in text and "\nPhụ lục 1\n" in text
    assert [s.orientation for s in Document(str(notice)).sections] == [0, 1]


@pytest.mark.parametrize("figures", ["none", "score only"])
def test_no_command_line_in_either_document(run: Invoke, tmp_path: Path, figures: str) -> None:
    add(run, "000.00.19.H53-241028-0041", "tnmt", "04/11/2024", "08/11/2024")
    if figures == "score only":
        run("index", "set", "2024-11", "score", "87,07")
    report, notice, told = render(run, tmp_path)
    for path in (report, notice):
        text = docx_text(path)
        assert "tracker" not in text and "lệnh" not in text and "index set" not in text
    report_text = docx_text(report)
    if figures == "none":
        assert (
            "Chưa có số liệu Bộ chỉ số tháng 11/2024: tổng số điểm, xếp hạng và các tỷ lệ công "
            "bố trên Cổng Dịch vụ công quốc gia chưa được cập nhật vào hệ thống theo dõi."
        ) in report_text
        assert "\nChưa có số liệu các chỉ số của tháng 11/2024.\n" in docx_text(notice)
    else:
        assert "Tổng số điểm tháng 11/2024: 87,07/100 điểm. Kết quả" in report_text
        assert "Chưa có số liệu: xếp hạng; tỷ lệ hồ sơ TTHC số hóa hồ sơ" in report_text
    # The clerk at the terminal is told what is missing, and there a command is welcome.
    assert "chưa nhập" in told and "tracker index set" in told
    assert ("số liệu Bộ chỉ số" if figures == "none" else "xếp hạng; tỷ lệ") in told


def test_plain_words_for_days_late(documents: tuple[Path, Path, str]) -> None:
    text = docx_text(documents[0])
    assert "trung vị" not in text
    # 4, 11 and 2 working days late: 5,7 on average, 11 at most.
    assert "Số ngày trễ (ngày làm việc): trung bình 5,7 ngày, nhiều nhất 11 ngày." in text
    assert "Số ngày trễ (trung bình / nhiều nhất)" in text


COUNT = re.compile(r"^(?:[+−]?\d{2,}|–)$")


def test_every_count_is_written_with_two_digits(documents: tuple[Path, Path, str]) -> None:
    report, notice, _told = documents
    for path in (report, notice):
        text = docx_text(path)
        # No count below ten written with one digit, in a sentence …
        assert not re.findall(r"(?<![\d,./])\d (?:hồ sơ|thư|ngày)\b", text)
    assert "có 03 hồ sơ giải quyết trễ hạn" in docx_text(report)
    assert "Tổng số hồ sơ xử lý quá hạn: 03 hồ sơ" in docx_text(notice)
    # … nor in the count columns of the printout's tables (STT and names aside).
    table = table_with(report, "± tháng trước")
    for row in table.rows[1:]:
        cells = [c.text for c in row.cells]
        counts = [*cells[2:6], *cells[7:]]
        assert all(COUNT.match(value) for value in counts), cells
        assert all(COUNT.match(part) for part in cells[6].split(" / ")[1:]), cells
    assert [c.text for c in table.rows[1].cells][2:7] == ["00", "00", "00", "00", "– / –"]
    assert [c.text for c in table.rows[3].cells][2:7] == ["01", "+01", "00", "01", "2,0 / 02"]


def test_the_change_column_says_why_it_is_empty(run: Invoke, tmp_path: Path) -> None:
    add(run, "000.00.19.H53-241028-0051", "tnmt", "04/11/2024", "08/11/2024")
    note = "Cột «± tháng trước» để trống: tháng 10/2024 chưa có số liệu hồ sơ để so sánh."
    report = render(run, tmp_path)[0]
    assert note in docx_text(report)
    assert [c.text for c in table_with(report, "± tháng trước").rows[1].cells][3] == ""
    add(run, "000.00.19.H53-240930-0051", "tnmt", "15/10/2024", "17/10/2024")
    report = render(run, tmp_path)[0]
    assert note not in docx_text(report)
    assert [c.text for c in table_with(report, "± tháng trước").rows[1].cells][3] == "00"


@pytest.mark.parametrize("which", [0, 1])
def test_the_number_stands_on_the_date_line(documents: tuple[Path, Path, str], which: int) -> None:
    """Two borderless columns as in the letter: issuer | motto, then number | place and date."""
    header = Document(str(documents[which])).tables[0]
    assert len(header.rows) == 2 and len(header.columns) == 2
    number, date = (cell.paragraphs[0].text for cell in header.rows[1].cells)
    assert number == ("Số:       /BC-VP" if which == 0 else "Số:       /UBND-NC")
    assert date == "Gò Dầu, ngày 26 tháng 11 năm 2024"
    assert header.rows[1].cells[1].paragraphs[0].runs[0].italic
    issuer = [p.text for p in header.rows[0].cells[0].paragraphs if p.text]
    assert issuer == (
        ["UBND HUYỆN GÒ DẦU", "VĂN PHÒNG HĐND VÀ UBND"]
        if which == 0
        else ["ỦY BAN NHÂN DÂN", "HUYỆN GÒ DẦU"]
    )


def test_changes_since_last_month_are_written_from_the_figures(
    month: Invoke,
    tmp_path: Path,
) -> None:
    enter_seed_figures(month)
    month("index", "set", "2024-10", "score", "85,5")
    month("index", "set", "2024-10", "e_results", "72,95")
    month("index", "set", "2024-10", "digitised", "60")
    text = docx_text(render(month, tmp_path)[1])
    assert (
        "So với tháng 10/2024, tổng số điểm tăng 1,57 điểm. So với tháng 10/2024: tỷ lệ hồ sơ "
        "TTHC số hóa hồ sơ, kết quả giải quyết TTHC tăng từ 60% lên 69,89%; tỷ lệ hồ sơ cấp kết "
        "quả điện tử giảm từ 72,95% xuống 70,85%. (Số liệu trên Cổng Dịch vụ công quốc gia có "
        "thể thay đổi theo thời gian.)"
    ) in text
    assert "……" not in text  # nothing left for the clerk to fill in but the number


@pytest.mark.parametrize(
    ("name", "lines", "area"),
    [
        ("Ủy ban nhân dân huyện Gò Dầu", ("ỦY BAN NHÂN DÂN", "HUYỆN GÒ DẦU"), "huyện Gò Dầu"),
        ("Ủy ban nhân dân xã Phước Thạnh", ("ỦY BAN NHÂN DÂN", "XÃ PHƯỚC THẠNH"), "xã Phước Thạnh"),
        ("Trung tâm Phục vụ hành chính công", ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", ""),
         "Trung tâm Phục vụ hành chính công"),
    ],
)  # fmt: skip
def test_the_letterhead_is_read_from_the_organisation(
    name: str, lines: tuple[str, str], area: str
) -> None:
    head = letterhead({"name": name, "governing_body": "UBND tỉnh Tây Ninh", "place": "Gò Dầu"})
    assert (head.issuer_line1, head.issuer_line2) == lines
    assert head.area == area and head.governing_body == "UBND TỈNH TÂY NINH"


@pytest.mark.parametrize(
    ("name", "level", "has_communes"),
    [
        ("Ủy ban nhân dân huyện Gò Dầu", "huyện", True),
        ("Ủy ban nhân dân thị xã Trảng Bàng", "thị xã", True),
        ("Ủy ban nhân dân tỉnh Tây Ninh", "tỉnh", True),
        ("Ủy ban nhân dân xã Phước Thạnh", "xã", False),
        ("Ủy ban nhân dân phường Gò Dầu", "phường", False),
        ("Ủy ban nhân dân thị trấn Gò Dầu", "thị trấn", False),
        # Not named after a territory: the district's wording, as before.
        ("Trung tâm Phục vụ hành chính công", "huyện", True),
    ],
)
def test_the_level_words_the_addressees(name: str, level: str, has_communes: bool) -> None:
    head = letterhead({"name": name})
    assert (head.level, head.has_communes) == (level, has_communes)
