"""Nghị định 30/2020 page layout with python-docx, for every template the builders make (the
Mẫu 04 letter, the monthly printout and the notice, the warn and remind lists): A4 and its
margins, Times New Roman in every font slot, page numbers from page 2, a landscape section,
short rules, borderless and ruled tables.

Word refuses a file whose properties are out of schema order, so every element added here by
hand is inserted before the elements the schema puts after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Cm, Length, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# The elements that may follow w:pBdr in a paragraph's properties, and w:tblBorders /
# w:tblCellMar in a table's (ECMA-376 CT_PPr, CT_TblPr).
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_TBLCELLMAR = ("w:tblLook", "w:tblCaption", "w:tblDescription")
_AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", *_AFTER_TBLCELLMAR)

FONT = "Times New Roman"
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
# A theme font wins over the named one in Word; the complex-script one is spelt `cstheme`.
THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
A4 = (Mm(210), Mm(297))
BODY_PT = 13  # the warn and remind lists
TABLE_PT = 11


# --- fonts -----------------------------------------------------------------------------------
def _name_fonts(fonts: Any) -> None:
    for slot in THEME_SLOTS:
        fonts.attrib.pop(qn(slot), None)
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), FONT)


def set_fonts(rpr: CT_RPr) -> None:
    """Times New Roman in all four slots (ascii, hAnsi, eastAsia, cs) of a run's, a paragraph
    mark's or a style's properties, theme fonts removed: Word substitutes a font for any slot
    left empty, so Vietnamese letters could come out in another face."""
    _name_fonts(rpr.get_or_add_rFonts())


def set_style_fonts(element: Any) -> None:
    """`set_fonts` for a style (or the document defaults' w:rPrDefault), and for the fonts
    named deeper inside it (a table style's conditional formats)."""
    if hasattr(element, "get_or_add_rPr"):  # a style: python-docx keeps child order
        rpr = element.get_or_add_rPr()
    else:  # w:rPrDefault
        rpr = element.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            element.append(rpr)
    rpr.get_or_add_rFonts()  # python-docx puts it first, where the schema wants it
    for fonts in element.iter(qn("w:rFonts")):
        _name_fonts(fonts)


def base_styles(document: DocxDocument, size: float = 14) -> None:
    """Every style and the document defaults in Times New Roman; Normal at `size` pt."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            set_style_fonts(rpr_default)
    for style in document.styles:
        element = style.element
        names_a_font = element.find(f".//{qn('w:rFonts')}") is not None
        if names_a_font or element.find(qn("w:rPr")) is not None or style.name == "Normal":
            set_style_fonts(element)
    normal = document.styles["Normal"]
    normal.font.size = Pt(size)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0


def add_style(
    document: DocxDocument,
    name: str,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    first_line: float | None = None,
    after: float | None = None,
) -> None:
    """A paragraph style based on Normal (so it inherits the four font slots)."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    set_style_fonts(style.element)
    if size is not None:
        style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    if first_line is not None:
        fmt.first_line_indent = Cm(first_line)
    if after is not None:
        fmt.space_after = Pt(after)


# --- pages -----------------------------------------------------------------------------------
def page_setup(section: Any, *, landscape: bool = False) -> None:
    """A4; margins top/bottom 20 mm, left 30 mm, right 15 mm (Nghị định 30/2020, Phụ lục I)."""
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(20 if landscape else 30)
    section.right_margin = Mm(15)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _field_run(paragraph: Paragraph, size: float | None, text: str = "") -> Run:
    run = paragraph.add_run(text)
    if size is not None:  # the number as large as the text, in the text's face
        run.font.size = Pt(size)
        set_fonts(run._r.get_or_add_rPr())
    return run


def _page_field(paragraph: Paragraph, size: float | None) -> None:
    """A PAGE field showing "2" until Word or LibreOffice updates it."""

    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    _field_run(paragraph, size)._r.append(char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    _field_run(paragraph, size)._r.append(instruction)
    _field_run(paragraph, size)._r.append(char("separate"))
    _field_run(paragraph, size, "2")
    _field_run(paragraph, size)._r.append(char("end"))


def page_numbers_from_second_page(section: Any, *, size: float | None = None) -> None:
    """Page number centred in the top margin, none on the first page (a different first-page
    header that stays empty); `size` in pt, else the number takes the header's style."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    _page_field(paragraph, size)


def landscape_section(document: DocxDocument) -> Any:
    """A new landscape section on a new page; its first page is numbered like any other."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    page_setup(section, landscape=True)
    section.different_first_page_header_footer = False
    return section


def new_page_section(document: DocxDocument) -> Any:
    """A new section on a new page; python-docx copies the page size and margins over."""
    return document.add_section(WD_SECTION.NEW_PAGE)


# --- paragraphs ------------------------------------------------------------------------------
def border_line(paragraph: Paragraph, edge: str) -> None:
    """A thin black line along the paragraph's `edge` ("top" or "bottom")."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{edge}")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        line.set(qn(key), value)
    borders.append(line)
    ppr.insert_element_before(borders, *_AFTER_PBDR)


def rule(paragraph: Paragraph, width_cm: float, cell_width_cm: float) -> None:
    """A short horizontal rule under a header line, centred in its column: the top border of
    an empty paragraph indented to the wanted width."""
    side = max((cell_width_cm - width_cm) / 2, 0)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    # A little air between the words and the rule, so that it does not read as an underline.
    paragraph.paragraph_format.space_before = Pt(3)
    paragraph.paragraph_format.space_after = Pt(0)
    border_line(paragraph, "top")
    paragraph.add_run().font.size = Pt(2)


# --- tables ----------------------------------------------------------------------------------
def borderless(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(borders, *_AFTER_TBLBORDERS)


def column_widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed column widths, in the grid (what LibreOffice reads) and in every cell (Word)."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def repeat_header(row: Any) -> None:
    """The table's header row repeats on every page (a long appendix)."""
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def keep_row_together(row: Any) -> None:
    """A table row is not split across two pages (a dossier reads on one page)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def narrow_cell_margins(table: Table, cm: float = 0.08) -> None:
    """Less padding left and right in each cell, so a wide table's headers wrap by words."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(Cm(cm).twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, *_AFTER_TBLCELLMAR)


# --- the warn and remind lists ----------------------------------------------------------------
def new_document() -> DocxDocument:
    """An empty A4 portrait document for a list: body 13 pt, Normal and the ruled tables' style
    in Times New Roman."""
    document = Document()
    page_setup(document.sections[0])
    for style_name in ("Normal", "Table Grid"):
        set_fonts(document.styles[style_name].element.get_or_add_rPr())
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    return document


def add_run(paragraph: Paragraph, text: str, **style: Any) -> Run:
    """A run with its own four font slots, so that no style in between can change the face."""
    run = paragraph.add_run(text)
    run.bold = style.get("bold")
    run.italic = style.get("italic")
    if style.get("size"):
        run.font.size = Pt(style["size"])
    set_fonts(run._r.get_or_add_rPr())
    return run


def add_paragraph(
    document: DocxDocument, text: str, *, align: str | None = None, **style: Any
) -> Paragraph:
    """A paragraph of one run; `align` is "center", "right" or "justify"."""
    paragraph = document.add_paragraph()
    if align:
        paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())
    add_run(paragraph, text, **style)
    return paragraph


def add_table(
    document: DocxDocument,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths_mm: Sequence[float] | None = None,
    size: int = TABLE_PT,
) -> Table:
    """A ruled table with a bold header row; `widths_mm` fixes the column widths."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        add_run(cell.paragraphs[0], header, bold=True, size=size)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            add_run(cell.paragraphs[0], value, size=size)
    if widths_mm:
        column_widths(table, [Mm(width) for width in widths_mm])
    return table


def add_loop_table(
    document: DocxDocument,
    headers: Sequence[str],
    loop: str,
    cells: Sequence[str],
    *,
    widths_mm: Sequence[float] | None = None,
) -> Table:
    """A ruled table whose one row repeats for each item: `{%tr for LOOP %}`, the row of
    `cells`, `{%tr endfor %}` (the two tag rows vanish when the template is rendered)."""
    blank = [""] * (len(headers) - 1)
    rows = [[f"{{%tr for {loop} %}}", *blank], list(cells), ["{%tr endfor %}", *blank]]
    return add_table(document, headers, rows, widths_mm=widths_mm)
