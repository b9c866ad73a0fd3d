"""The monthly printout and the draft notice as DOCX: golden text, page layout read
back with python-docx, templates checked as code, and a sandbox no template or value escapes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from letter_templates.builders.monthly import build_monthly
from letter_templates.builders.notice import build_notice
from tests.conftest import Invoke
from tests.docx_text import docx_text
from tests.docx_text import layout as layout_summary
from tests.golden_files import assert_golden
from tests.report_month import SEED_FIGURES
from tracker.config import resource_dir
from tracker.reports.document import MONTHLY_TEMPLATE
from tracker.reports.notice import NOTICE_TEMPLATE

FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


@pytest.fixture
def documents(month: Invoke, tmp_path: Path) -> tuple[Path, Path]:
    for metric, value in SEED_FIGURES:
        month("index", "set", "2024-11", metric, value)
    month("index", "set", "2024-10", "score", "85,5")
    month("index", "set", "2024-11", "reuse", "40,25", "--unit", "cam-giang")
    month("index", "set", "2024-11", "reuse", "33,93", "--unit", "go-dau")
    month("index", "set", "2024-11", "reuse", "60", "--unit", "bau-don")  # above target
    report, notice = tmp_path / "bc.docx", tmp_path / "cv.docx"
    month("report", "monthly", "2024-11", "--format", "docx", "--out", str(report))
    month("report", "notice", "2024-11", "--out", str(notice))
    return report, notice


def test_monthly_printout_text(documents: tuple[Path, Path]) -> None:
    assert_golden("report-monthly-2024-11.txt", docx_text(documents[0]))


def test_notice_text_reads_like_the_seed(documents: tuple[Path, Path]) -> None:
    text = docx_text(documents[1])
    assert_golden("notice-2024-11.txt", text)
    assert "Tổng số điểm huyện đạt: 87,07/100 điểm, xếp thứ 8/9" in text
    assert "tổng số điểm tăng 1,57 điểm" in text
    assert "- Tỷ lệ hồ sơ TTHC số hóa hồ sơ, kết quả giải quyết TTHC: 69,89%." in text
    assert (
        "Tổng số hồ sơ xử lý quá hạn: 03 hồ sơ. (Các cơ quan chuyên môn huyện: 02 hồ sơ; "
        "xã Hiệp Thạnh: 01 hồ sơ.)"
    ) in text
    body, appendices = text.split("\nPhụ lục 1\n")
    # The body names the units below target; Phụ lục 1 lists every unit entered (Bàu Đồn: 60%).
    assert "xã Cẩm Giang: 40,25%; thị trấn Gò Dầu: 33,93%;" in body and "Bàu Đồn" not in body
    assert "UBND xã Bàu Đồn\n60%\n52%\nđạt" in appendices
    assert (
        "7. Trưởng phòng Tài nguyên và Môi trường huyện và Chủ tịch UBND xã Hiệp Thạnh tăng cường"
        in body
    )
    assert "Số:       /UBND-NC" in text


def mm(*lengths: Any) -> list[int]:
    """Lengths in whole millimetres (Word stores twips, so A4 is 210.01 mm)."""
    return [round(length.mm) for length in lengths]


def _fonts(element: Any) -> dict[str, str | None] | None:
    fonts = element.find(f".//{qn('w:rFonts')}")
    if fonts is None:
        return None
    return {slot: fonts.get(qn(slot)) for slot in FONT_SLOTS}


@pytest.mark.parametrize("which", [0, 1])
def test_page_layout_fonts_and_page_numbers(documents: tuple[Path, Path], which: int) -> None:
    document = Document(str(documents[which]))
    body = document.sections[0]
    assert mm(body.page_width, body.page_height) == [210, 297]  # A4 portrait
    assert mm(body.top_margin, body.bottom_margin, body.left_margin, body.right_margin) == [
        20,
        20,
        30,
        15,
    ]
    # Page numbers from page 2: a different, empty first-page header.
    assert body.different_first_page_header_footer
    assert "PAGE" in body.header._element.xml
    assert "PAGE" not in body.first_page_header._element.xml
    # Times New Roman in all four slots: document defaults, every style that names a font.
    tnr = dict.fromkeys(FONT_SLOTS, "Times New Roman")
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert _fonts(defaults) == tnr
    for style in document.styles:
        fonts = _fonts(style.element)
        assert fonts is None or fonts == tnr, style.name
    assert "Theme" not in document.styles.element.xml.split("<w:latentStyles")[0]
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            fonts = _fonts(run._r)
            assert fonts is None or fonts == tnr


def test_the_appendix_is_a_landscape_section_numbered_on(documents: tuple[Path, Path]) -> None:
    document = Document(str(documents[0]))
    assert len(document.sections) == 2
    appendix = document.sections[1]
    assert mm(appendix.page_width, appendix.page_height) == [297, 210]
    assert appendix.orientation == 1  # WD_ORIENT.LANDSCAPE
    assert not appendix.different_first_page_header_footer
    assert appendix.header.is_linked_to_previous  # the same page-number header
    table = document.tables[-1]
    assert len(table.columns) == 14
    assert table.rows[0].cells[1].text == "Mã hồ sơ"
    assert [row.cells[1].text for row in table.rows[1:]] == [
        "000.00.19.H53-241028-0001",
        "000.00.19.H53-241028-0002",
        "000.00.19.H53-241028-0004",
    ]
    first = [c.text for c in table.rows[1].cells]
    assert first[8] == "04" and first[11] == "01/PXL-TNMT, 26/11/2024" and first[12] == "26/11/2024"


def test_the_printout_carries_the_charts(documents: tuple[Path, Path]) -> None:
    document = Document(str(documents[0]))
    assert len(document.inline_shapes) == 2  # late per unit, and the last months


def test_the_charts_are_png_parts_150_mm_wide(
    documents: tuple[Path, Path],
    month: Invoke,
    tmp_path: Path,
) -> None:
    document = Document(str(documents[0]))
    for shape in document.inline_shapes:
        embed = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        part = document.part.related_parts[embed]
        assert part.content_type == "image/png" and part.blob.startswith(b"\x89PNG")
        assert round(shape.width.mm) == 150 and 40 < shape.height.mm < 150
    # The same month printed again is the same file, charts included.
    again = tmp_path / "bc-2.docx"
    month("report", "monthly", "2024-11", "--format", "docx", "--out", str(again))
    assert again.read_bytes() == documents[0].read_bytes()


def _context_keys(name: str) -> set[str]:
    from tracker.reports.document import monthly_context
    from tracker.reports.monthly import Office, UnitRef, summarise
    from tracker.reports.notice import notice_context

    summary = summarise(
        "2024-11",
        "2024-10",
        as_of=__import__("datetime").date(2024, 11, 26),
        units=[UnitRef("tnmt", "Phòng Tài nguyên và Môi trường", "department", None, None)],
        groups=[],
        letters=[],
        previous_late=None,
        trend=[],
    )
    if name == MONTHLY_TEMPLATE:
        office = Office("Văn phòng", "VP", "", "")
        return set(monthly_context(summary, {}, today=summary.as_of, office=office))
    return set(notice_context(summary, {}, today=summary.as_of))


@pytest.mark.parametrize("name", [MONTHLY_TEMPLATE, NOTICE_TEMPLATE])
def test_every_placeholder_is_offered_by_the_context(name: str) -> None:
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    template = DocxTemplate(str(resource_dir("letter_templates") / name))
    used = template.get_undeclared_template_variables(SandboxedEnvironment())
    assert used and used <= _context_keys(name)


@pytest.mark.parametrize(
    ("name", "build"), [(MONTHLY_TEMPLATE, build_monthly), (NOTICE_TEMPLATE, build_notice)]
)
def test_committed_templates_are_what_the_builder_makes(
    name: str, build: Any, tmp_path: Path
) -> None:
    fresh = tmp_path / name
    build(fresh)
    committed = resource_dir("letter_templates") / name
    assert layout_summary(fresh) == layout_summary(committed)
    assert len(Document(str(fresh)).sections) == len(Document(str(committed)).sections)


def test_values_are_escaped_not_run(run: Invoke, tmp_path: Path) -> None:
    run(
        "cases", "add", "HS-1", "--procedure", "Thủ tục {{ 7*7 }}", "--applicant",
        "Công ty <A&B> \"Đông Á\"", "--unit", "tnmt", "--due", "04/11/2024",
    )  # fmt: skip
    out = tmp_path / "bc.docx"
    run("report", "monthly", "2024-11", "--format", "docx", "--out", str(out))
    text = docx_text(out)
    assert 'Công ty <A&B> "Đông Á"' in text and "Thủ tục {{ 7*7 }}" in text


def templates_with(tmp_path: Path, name: str, paragraph: str) -> Path:
    """An office's templates folder holding the shipped template `name` with one paragraph
    added at its end, as a clerk would type it in Word."""
    edited = Document(str(resource_dir("letter_templates") / name))
    edited.add_paragraph(paragraph)
    templates = tmp_path / "mau"
    templates.mkdir()
    edited.save(str(templates / name))
    return templates


def test_an_edited_template_cannot_reach_python(run: Invoke, tmp_path: Path) -> None:
    templates = templates_with(
        tmp_path, NOTICE_TEMPLATE, "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    )
    out = tmp_path / "cv.docx"
    result = run(
        "--templates", str(templates), "report", "notice", "2024-11", "--out", str(out), ok=False
    )
    assert result.exit_code == 1 and "Mẫu cong-van-thang.docx có lỗi" in result.stderr
    assert not out.exists()


def test_a_misspelt_placeholder_is_an_error_not_a_blank(run: Invoke, tmp_path: Path) -> None:
    templates = templates_with(tmp_path, MONTHLY_TEMPLATE, "{{ so_lieu_khong_co }}")
    out = tmp_path / "bc.docx"
    result = run(
        "--templates", str(templates), "report", "monthly", "2024-11",
        "--format", "docx", "--out", str(out), ok=False,
    )  # fmt: skip
    assert result.exit_code == 1 and "so_lieu_khong_co" in result.stderr
    assert not out.exists()


# Schema order of the properties the builder writes (ECMA-376 CT_PPr, CT_TblPr): Word refuses
# a file whose elements are out of order, even where LibreOffice and python-docx do not mind.
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
]


@pytest.mark.parametrize("which", [0, 1])
def test_properties_are_in_schema_order(documents: tuple[Path, Path], which: int) -> None:
    from lxml import etree

    body = Document(str(documents[which])).element
    for tag, order in (("w:pPr", PPR_ORDER), ("w:tblPr", TBLPR_ORDER)):
        for element in body.iter(qn(tag)):
            names = [etree.QName(child).localname for child in element]
            positions = [order.index(name) for name in names]
            assert positions == sorted(positions), names
