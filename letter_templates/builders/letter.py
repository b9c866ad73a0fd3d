"""Builds `mau-04-xin-loi.docx` (Mẫu 04, Thông tư 01/2018/TT-VPCP) with the layout of Nghị
định 30/2020. A clerk may edit the shipped DOCX in Word or LibreOffice; `tracker letters render
--template FILE` (or the templates-directory setting) then uses the edited copy, and this
builder is only the origin.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from letter_templates.builders.heading import motto
from letter_templates.builders.layout import (
    border_line,
    borderless,
    column_widths,
    page_numbers_from_second_page,
    page_setup,
    set_fonts,
)

# Columns on the 16.5 cm between A4's margins (Nghị định 30/2020, Phụ lục I).
HEADER_COLUMNS = (Cm(6.3), Cm(10.2))  # governing body | national motto
SIGNATURE_COLUMNS = (Cm(7.0), Cm(9.5))  # Nơi nhận | signature block
BODY_SIZE = 14
FIRST_LINE_INDENT = Cm(1.27)


def _styles(document: DocumentObject) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(defaults)
    lang = defaults.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    for style in styles.findall(qn("w:style")):
        set_fonts(style.get_or_add_rPr())
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def run(
    paragraph: Paragraph,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
) -> None:
    piece = paragraph.add_run(text)
    piece.font.size = Pt(size)
    piece.font.bold = bold
    piece.font.italic = italic
    set_fonts(piece._r.get_or_add_rPr())


def paragraph(
    where: DocumentObject | _Cell,
    text: str = "",
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    first_line: Length | None = None,
    line: float | Length = 1.0,
    reuse: bool = False,
) -> Paragraph:
    """One paragraph with one run; `reuse` fills a new table cell's empty first paragraph."""
    para = where.paragraphs[0] if reuse else where.add_paragraph()
    fmt = para.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    if first_line is not None:
        fmt.first_line_indent = first_line
    _mark(para, size)
    if text:
        run(para, text, size=size, bold=bold, italic=italic)
    return para


def _mark(para: Paragraph, size: float) -> None:
    """The paragraph mark carries font and size too, so that an empty line is as high as
    its text and Word shows Times New Roman for text typed into it."""
    ppr = para._p.get_or_add_pPr()
    mark = ppr.find(qn("w:rPr"))
    if mark is None:
        mark = OxmlElement("w:rPr")
        ppr.insert_element_before(mark, "w:sectPr", "w:pPrChange")
    set_fonts(mark)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(round(size * 2)))
        mark.append(element)


def _table(document: DocumentObject, rows: int, widths: tuple[Length, Length]) -> Table:
    """A borderless grid with fixed column widths, as wide as the text."""
    table = document.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    borderless(table)
    column_widths(table, widths)
    return table


def letter_header(document: DocumentObject) -> None:
    """The issuing unit's header (Nghị định 30/2020), for every letter template: on the left
    the governing body's line (not bold; left out for a People's Committee, which has none)
    and the issuing body on one or two bold lines over a short rule, then the number; on the
    right the national motto with its rule, then the place and date."""
    table = _table(document, 2, HEADER_COLUMNS)
    left, right = table.rows[0].cells
    # docxtpl drops each paragraph holding only a {%p %} tag, and the lines between when false.
    paragraph(left, "{%p if governing_body %}", size=12.5, reuse=True)
    paragraph(left, "{{ governing_body }}", size=12.5)
    paragraph(left, "{%p endif %}", size=12.5)
    paragraph(left, "{{ issuing_unit }}", size=12.5, bold=True)
    paragraph(left, "{%p if issuing_unit_2 %}", size=12.5)
    paragraph(left, "{{ issuing_unit_2 }}", size=12.5, bold=True)
    paragraph(left, "{%p endif %}", size=12.5)
    rule = paragraph(left, size=2, line=Pt(3))
    # A short rule (about a third of the column), centred under the unit's name.
    rule.paragraph_format.left_indent = Cm(1.9)
    rule.paragraph_format.right_indent = Cm(1.9)
    border_line(rule, "bottom")
    motto(right, cell_width_cm=HEADER_COLUMNS[1].cm, country_size=12.5, motto_size=13.5)
    number, date = table.rows[1].cells
    paragraph(number, "Số: {{ number }}", size=13, before=6, reuse=True)
    paragraph(date, "{{ place }}, {{ letter_date }}", size=13.5, italic=True, before=6, reuse=True)


def _body(document: DocumentObject) -> None:
    paragraph(
        document, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", size=14, bold=True, before=24,
        after=12,
    )  # fmt: skip
    addressee(document)
    body_paragraphs(
        document,
        # The applicant is not last: a masked name ("Nguyễn V. A.") would end in two stops.
        "Vào {{ received_date }}, Bộ phận Một cửa đã tiếp nhận hồ sơ của Ông/Bà {{ applicant }}"
        " đề nghị giải quyết thủ tục {{ procedure }}.",
        "Mã hồ sơ: {{ code }}.",
        "Thời hạn trả kết quả ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả là"
        " {{ old_due_date }}. Tuy nhiên, đến nay {{ unit_name }} chưa trả kết quả đúng hẹn"
        " cho Ông/Bà.",
        "Lý do: {{ reason }}",
        "Sự chậm trễ này đã gây phiền hà, làm tốn kém chi phí, công sức của Ông/Bà."
        " {{ unit_name }} trân trọng xin lỗi Ông/Bà và hẹn lại ngày trả kết quả là"
        " {{ new_due_date }}.",
        "{{ unit_name }} rất mong nhận được sự thông cảm của Ông/Bà.",
        "Trân trọng./.",
    )


def addressee(document: DocumentObject) -> None:
    """`Kính gửi: Ông/Bà …` and the citizen's address, phone and e-mail when known — the
    public copy has none of them, and no empty line in their place."""
    paragraph(document, "Kính gửi: Ông/Bà {{ applicant }}", after=0)
    for label, field in (
        ("Địa chỉ", "applicant_address"),
        ("Điện thoại", "applicant_phone"),
        ("Thư điện tử", "applicant_email"),
    ):
        # docxtpl's {%p %} tags remove their whole paragraph: no empty line on the public copy.
        paragraph(document, f"{{%p if {field} %}}", size=13)
        paragraph(document, f"{label}: {{{{ {field} }}}}", size=13)
        paragraph(document, "{%p endif %}", size=13)
    paragraph(document, size=6)


def body_paragraphs(document: DocumentObject, *texts: str) -> None:
    """The letter's body: justified, first-line indent, 6 pt after, line spacing 1,15; a text
    that is a `{%p … %}` tag stays a bare paragraph of its own."""
    for text in texts:
        paragraph(
            document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=FIRST_LINE_INDENT,
            after=6, line=1.15,
        )  # fmt: skip


def _signature(document: DocumentObject, recipients: tuple[str, ...]) -> None:
    table = _table(document, 1, SIGNATURE_COLUMNS)
    cell, signer = table.rows[0].cells
    left = WD_ALIGN_PARAGRAPH.LEFT
    paragraph(cell, "Nơi nhận:", size=12, bold=True, italic=True, align=left, reuse=True)
    for line in recipients:
        paragraph(cell, line, size=11, align=left)
    paragraph(signer, "{{ authority_line }}", size=13.5, bold=True, reuse=True)
    paragraph(signer, "{%p if deputy_line %}", size=13.5)
    paragraph(signer, "{{ deputy_line }}", size=13.5, bold=True)
    paragraph(signer, "{%p endif %}", size=13.5)
    # Room for the signature and the seal (about 3 cm), then the name.
    paragraph(signer, "{{ signer_name }}", size=13.5, bold=True, before=80)


def _public_note(document: DocumentObject) -> None:
    """On the copy posted on the portal only: why the citizen is named by initials."""
    paragraph(document, "{%p if public_note %}", size=11)
    paragraph(
        document, "{{ public_note }}", size=11, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        before=12,
    )  # fmt: skip
    paragraph(document, "{%p endif %}", size=11)


def build_letter(
    out: Path,
    body: Callable[[DocumentObject], None],
    recipients: tuple[str, ...],
    title: str,
    *,
    public_copy: bool = True,
) -> Path:
    """A letter on A4 with the shared header, `body`, the Nơi nhận and signature block, and
    (for a letter that may be posted: `public_copy`) the public copy's note; `title` goes into
    the file's properties."""
    document = Document()
    _styles(document)
    section = document.sections[0]
    page_setup(section)
    page_numbers_from_second_page(section, size=13)
    letter_header(document)
    body(document)
    _signature(document, recipients)
    if public_copy:
        _public_note(document)
    # Word needs a paragraph after a final table; a tiny one never spills onto a new page.
    paragraph(document, size=1, line=Pt(1))
    props = document.core_properties
    props.title = title
    props.author = props.last_modified_by = "tracker"
    props.language = "vi-VN"
    props.created = props.modified = dt.datetime(2024, 12, 1)
    props.revision = 1
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out


def build(out: Path) -> Path:
    return build_letter(
        out,
        _body,
        ("- Như trên;", "- Bộ phận Một cửa (để theo dõi);", "- Lưu: VT, {{ unit_abbreviation }}."),
        "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu số 04, Thông tư 01/2018/TT-VPCP)",
    )
