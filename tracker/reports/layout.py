"""Nghị định 30/2020 page layout with python-docx: A4, margins, Times New Roman in every font
slot, page numbers from page 2, a landscape section, header rules and borderless tables.

Used by the template builder; the generated templates are what a clerk edits in Word.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

# Word refuses a file whose elements are out of schema order: these are the elements that may
# follow w:pBdr in a paragraph's properties, and w:tblBorders / w:tblCellMar in a table's.
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
A4 = (Mm(210), Mm(297))


def _name_fonts(fonts: Any) -> None:
    for attribute in [a for a in fonts.attrib if "Theme" in a]:
        del fonts.attrib[attribute]
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), FONT)


def set_fonts(rpr_parent: Any) -> None:
    """Times New Roman in all four slots (ascii, hAnsi, eastAsia, cs), no theme fonts —
    otherwise Word substitutes a theme or East-Asian font for some characters. Fonts named
    deeper inside (a table style's conditional formats) are set too."""
    if hasattr(rpr_parent, "get_or_add_rPr"):  # a style: python-docx keeps child order
        rpr = rpr_parent.get_or_add_rPr()
    else:  # w:rPrDefault
        rpr = rpr_parent.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_parent.append(rpr)
    rpr.get_or_add_rFonts()  # python-docx puts it first, where the schema wants it
    for fonts in rpr_parent.iter(qn("w:rFonts")):
        _name_fonts(fonts)


def base_styles(document: DocxDocument, size: float = 14) -> None:
    """Every style and the document defaults in Times New Roman; Normal at `size` pt."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            set_fonts(rpr_default)
    for style in document.styles:
        element = style.element
        names_a_font = element.find(f".//{qn('w:rFonts')}") is not None
        if names_a_font or element.find(qn("w:rPr")) is not None or style.name == "Normal":
            set_fonts(element)
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
    from docx.enum.style import WD_STYLE_TYPE

    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    set_fonts(style.element)
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


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    run = paragraph.add_run()
    run._r.append(char("begin"))
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    paragraph.add_run()._r.append(char("separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(char("end"))


def page_numbers_from_second_page(section: Any) -> None:
    """Page number centred in the top margin, none on the first page (a different first-page
    header that stays empty)."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    _field(paragraph, "PAGE", "2")
    section.first_page_header.is_linked_to_previous = False


def landscape_section(document: DocxDocument) -> Any:
    """A new landscape section on a new page; its first page is numbered like any other."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    page_setup(section, landscape=True)
    section.different_first_page_header_footer = False
    return section


def rule(paragraph: Paragraph, width_cm: float, cell_width_cm: float) -> None:
    """A short horizontal rule under a header line, centred in its column: the top border of
    an empty paragraph indented to the wanted width."""
    side = max((cell_width_cm - width_cm) / 2, 0)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    paragraph.paragraph_format.space_after = Pt(0)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    ppr.insert_element_before(borders, *_AFTER_PBDR)
    paragraph.add_run().font.size = Pt(2)


def borderless(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.insert_element_before(borders, *_AFTER_TBLBORDERS)


def column_widths(table: Table, widths_cm: list[float]) -> None:
    """Fixed column widths, in the grid (what LibreOffice reads) and in every cell (Word)."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
        column.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


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
