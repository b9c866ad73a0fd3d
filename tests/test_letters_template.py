"""The Mẫu 04 template and the pure letters package: text, placeholders, layout, safety."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from letter_templates.builders.letter import build
from tests.docx_text import blocks, docx_text, layout
from tests.golden_files import assert_golden
from tests.letter_data import DATA, SHIPPED, template_with
from tracker.errors import FileProblem
from tracker.headers import text_width_em
from tracker.letters.context import LetterData, build_context, context_fields
from tracker.letters.files import inside, letter_file_name, safe_stem, unique_stem
from tracker.letters.render import LetterTemplate


@pytest.fixture(scope="module")
def template() -> LetterTemplate:
    return LetterTemplate(SHIPPED, context_fields())


def render(template: LetterTemplate, tmp_path: Path, data: LetterData, **kw: bool) -> Path:
    path = tmp_path / "letter.docx"
    path.write_bytes(template.render_bytes(build_context(data, **kw).as_dict()))
    return path


def test_golden_text(template: LetterTemplate, tmp_path: Path) -> None:
    assert_golden("mau-04-issued.txt", docx_text(render(template, tmp_path, DATA)))


def test_golden_text_of_a_draft_signed_by_a_deputy_of_a_commune(
    template: LetterTemplate, tmp_path: Path
) -> None:
    # A People's Committee has no governing-body line, names itself in full on two lines and
    # dates with its own place (Nghị định 30/2020). Until December 2026 this golden held
    # "UBND HUYỆN GÒ DẦU / UBND XÃ HIỆP THẠNH" and "Gò Dầu, ngày …": updated deliberately.
    draft = dataclasses.replace(
        DATA,
        unit_name="xã Hiệp Thạnh",
        unit_kind="commune",
        unit_abbreviation="UBND",
        governing_body="",
        issuing_body="ỦY BAN NHÂN DÂN\nXÃ HIỆP THẠNH",
        place="Hiệp Thạnh",
        number=None,
        issued_on=None,
        signer_name="Lê Văn Bình",
        signer_title="CHỦ TỊCH",
        acting=True,
        applicant_email=None,
    )
    assert_golden("mau-04-draft-commune.txt", docx_text(render(template, tmp_path, draft)))


# What only the letters added beside the 2018 form print (the regime's title and citation, the
# desk, an apology letter's date of the result and days late, the province's rule).
LATER_FIELDS = {"letter_title", "legal_basis", "desk", "returned_date", "days_late", "apology_rule"}


def test_placeholders_equal_context_fields(template: LetterTemplate) -> None:
    assert template.placeholders == context_fields() - LATER_FIELDS


def test_shipped_template_is_what_the_builder_makes(tmp_path: Path) -> None:
    rebuilt = build(tmp_path / "rebuilt.docx")
    assert layout(rebuilt) == layout(SHIPPED)


def _fonts_ok(rpr: object) -> bool:
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None  # type: ignore[attr-defined]
    return fonts is not None and all(
        fonts.get(qn(slot)) == "Times New Roman"
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
    )


def test_layout_follows_decree_30(template: LetterTemplate, tmp_path: Path) -> None:
    path = render(template, tmp_path, dataclasses.replace(DATA, acting=True))
    document = Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.page_height > section.page_width  # portrait
    # DOCX stores twips: 1,5 cm is 850 twips = 14,99 mm, so compare to a tenth of a millimetre.
    margins = [round(m.mm, 1) for m in (section.top_margin, section.bottom_margin)]
    assert all(20 <= m <= 25 for m in margins)
    assert 30 <= round(section.left_margin.mm, 1) <= 35
    assert 15 <= round(section.right_margin.mm, 1) <= 20
    # Page numbers from page 2: a different (empty) first-page header, PAGE in the others.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml

    # Times New Roman in all four slots: defaults, every style, every run (header included).
    styles = document.styles.element
    assert _fonts_ok(styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")))
    for style in styles.findall(qn("w:style")):
        assert _fonts_ok(style.find(qn("w:rPr"))), style.get(qn("w:styleId"))
    runs = [r for p in blocks(document) for r in p.runs]
    runs += [r for p in section.header.paragraphs for r in p.runs]
    assert runs and all(_fonts_ok(r._r.rPr) for r in runs)

    by_text = {p.text.replace("\u00a0", " "): p for p in blocks(document) if p.text}

    def run_of(text: str) -> object:
        [run] = by_text[text].runs
        return run

    def assert_run(
        text: str, *, bold: bool, italic: bool = False, size: tuple[float, float]
    ) -> None:
        run = run_of(text)
        assert (run.bold, run.italic) == (bold, italic), text  # type: ignore[attr-defined]
        assert Pt(size[0]) <= run.font.size <= Pt(size[1]), text  # type: ignore[attr-defined]

    assert_run("UBND HUYỆN GÒ DẦU", bold=False, size=(12, 13))
    assert_run("PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG", bold=True, size=(12, 13))
    assert_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=(12, 13))
    assert_run("Độc lập - Tự do - Hạnh phúc", bold=True, size=(13, 14))
    assert not run_of("Độc lập - Tự do - Hạnh phúc").underline  # type: ignore[attr-defined]
    assert_run("Gò Dầu, ngày 02 tháng 12 năm 2024", bold=False, italic=True, size=(13, 14))
    assert_run("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", bold=True, size=(13, 14))
    title = by_text["PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"]
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert_run("Nơi nhận:", bold=True, italic=True, size=(12, 12))
    assert_run("- Lưu: VT, TNMT.", bold=False, size=(11, 11))
    assert_run("KT. TRƯỞNG PHÒNG", bold=True, size=(13, 14))
    assert_run("PHÓ TRƯỞNG PHÒNG", bold=True, size=(13, 14))
    assert_run("Nguyễn Hoàng Phúc", bold=True, size=(13, 14))
    # A short rule under the issuing unit: a bottom border on the paragraph below it.
    assert "w:pBdr" in document.tables[0].rows[0].cells[0]._tc.xml

    body = [p for p in document.paragraphs if p.text.startswith(("Vào ngày", "Lý do", "Trân"))]
    assert len(body) == 3
    for paragraph in body:
        fmt = paragraph.paragraph_format
        assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert Cm(1) <= fmt.first_line_indent <= Cm(1.27)
        assert fmt.space_after >= Pt(6)
        assert 1 <= fmt.line_spacing <= 1.5
        assert all(Pt(13) <= r.font.size <= Pt(14) for r in paragraph.runs)


def test_the_motto_has_a_rule_as_wide_as_itself(template: LetterTemplate, tmp_path: Path) -> None:
    document = Document(str(render(template, tmp_path, DATA)))
    cell = document.tables[0].rows[0].cells[1]
    texts = [p.text for p in cell.paragraphs]
    motto = cell.paragraphs[texts.index("Độc lập - Tự do - Hạnh phúc")]
    rule = cell.paragraphs[texts.index("Độc lập - Tự do - Hạnh phúc") + 1]
    assert rule.text == "" and rule._p.pPr.find(qn("w:pBdr")).find(qn("w:top")) is not None
    fmt = rule.paragraph_format
    text_width = cell.width.cm - 0.38  # Word's default cell margins, 0,19 cm each side
    rule_width = text_width - fmt.left_indent.cm - fmt.right_indent.cm
    assert fmt.left_indent == fmt.right_indent  # centred
    # As wide as the motto at the size it is printed (Times New Roman Bold's metrics).
    [run] = motto.runs
    assert run.font.size == Pt(13.5)
    assert rule_width == pytest.approx(text_width_em(motto.text) * 13.5 / 72 * 2.54, abs=0.02)


def test_a_long_unit_name_breaks_only_where_the_header_allows(
    template: LetterTemplate, tmp_path: Path
) -> None:
    document = Document(str(render(template, tmp_path, DATA)))
    left = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs if p.text]
    # No-break spaces everywhere but before "VÀ": Word wraps there or not at all.
    assert left == [
        "UBND\u00a0HUYỆN GÒ\u00a0DẦU",
        "PHÒNG\u00a0TÀI\u00a0NGUYÊN VÀ\u00a0MÔI\u00a0TRƯỜNG",
    ]
    two_lines = dataclasses.replace(DATA, issuing_body="PHÒNG KINH TẾ\nVÀ HẠ TẦNG")
    document = Document(str(render(template, tmp_path, two_lines)))
    left = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert [line.replace("\u00a0", " ") for line in left[1:]] == ["PHÒNG KINH TẾ", "VÀ HẠ TẦNG"]
    assert [
        r.bold for p in document.tables[0].rows[0].cells[0].paragraphs[1:] for r in p.runs if r.text
    ] == [True, True]


def test_public_copy_masks_the_applicant(template: LetterTemplate, tmp_path: Path) -> None:
    text = docx_text(render(template, tmp_path, DATA, public=True))
    assert "Nguyễn V. A." in text
    for private in ("Nguyễn Văn An", "0912345678", "Trần Phú", "example.vn", "Địa chỉ"):
        assert private not in text


def test_values_are_escaped_and_never_run(template: LetterTemplate, tmp_path: Path) -> None:
    tricky = dataclasses.replace(
        DATA,
        applicant="Công ty A & B <Việt> \"Nam\" {{ ''.__class__ }} {% if 1 %}x{% endif %}",
        reason="Chờ {{ 7*7 }} ý kiến",
    )
    path = render(template, tmp_path, tricky)
    text = docx_text(path)  # python-docx parses it: the XML is well formed
    assert (
        "Kính gửi: Ông/Bà Công ty A & B <Việt> \"Nam\" {{ ''.__class__ }} {% if 1 %}x{% endif %}"
        in text
    )
    assert "Lý do: Chờ {{ 7*7 }} ý kiến." in text


def test_a_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    path = template_with(tmp_path, "{{ code }}", "{{ code.__class__.__mro__ }}")
    edited = LetterTemplate(path, context_fields())
    with pytest.raises(FileProblem, match="không điền được"):
        edited.render_bytes(build_context(DATA).as_dict())


def test_a_misspelt_placeholder_is_refused(tmp_path: Path) -> None:
    path = template_with(tmp_path, "{{ code }}", "{{ ma_ho_so }}")
    with pytest.raises(FileProblem, match="ma_ho_so"):
        LetterTemplate(path, context_fields())


def test_a_placeholder_split_across_runs_still_works(tmp_path: Path) -> None:
    # What Word does when a clerk retypes part of a placeholder: new runs inside it.
    split = "{{ co</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>de }}"
    path = template_with(tmp_path, "{{ code }}", split)
    edited = LetterTemplate(path, context_fields())
    out = tmp_path / "out.docx"
    out.write_bytes(edited.render_bytes(build_context(DATA).as_dict()))
    assert "Mã hồ sơ: 000.00.19.H53-241101-0001." in docx_text(out)


def test_combined_file_puts_each_letter_in_its_own_section(
    template: LetterTemplate, tmp_path: Path
) -> None:
    contexts = [
        build_context(dataclasses.replace(DATA, code=f"000.00.19.H53-241101-000{i}")).as_dict()
        for i in range(1, 4)
    ]
    path = tmp_path / "all.docx"
    path.write_bytes(template.combine(contexts))
    document = Document(str(path))
    assert len(document.sections) == 3
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.left_margin.mm)) == (210, 30)
        assert section.different_first_page_header_footer
    # Page numbers restart for each letter.
    assert document.element.body.xml.count('w:start="1"') == 2
    text = docx_text(path)
    assert text.count("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ") == 3
    assert [c in text for c in ("0001.", "0002.", "0003.")] == [True] * 3


@pytest.mark.parametrize(
    ("code", "stem"),
    [
        ("000.00.19.H53-241105-0001", "000.00.19.H53-241105-0001"),
        ("../../x", "x"),
        ("..\\..\\WINDOWS\\x", "WINDOWS-x"),
        ("/etc/passwd", "etc-passwd"),
        ("..", "phieu"),
    ],
)
def test_file_names_are_safe(code: str, stem: str, tmp_path: Path) -> None:
    assert safe_stem(code) == stem
    # A code made safe by changing it carries 8 characters of its hash: no two codes share one.
    unique = stem if stem == code else f"{stem}-{hashlib.sha256(code.encode()).hexdigest()[:8]}"
    assert unique_stem(code) == unique
    name = letter_file_name(code, version=2, public=True)
    assert name == f"{unique}-v2-cong-khai.docx"
    assert inside(tmp_path, name).parent == tmp_path.resolve()


def test_codes_that_read_alike_get_different_files() -> None:
    names = {
        letter_file_name(code, version=1, public=False)
        for code in ("HS/2024/0001", "HS-2024-0001", "HS:2024:0001")
    }
    assert len(names) == 3 and "HS-2024-0001.docx" in names
