"""A4 pages for the office's printouts (Nghị định 30/2020 layout): margins, Times New Roman in
every font slot, plain paragraphs and ruled tables. Shared by the documents built in code
rather than from a template (the reminders handed to each head).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

FONT = "Times New Roman"
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
BODY_PT = 13
TABLE_PT = 11


def set_fonts(rpr: Any) -> None:
    """Times New Roman in all four slots: Word substitutes a font for any slot left empty
    (eastAsia and cs included, or Vietnamese letters may come out in another face)."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), FONT)


def new_document() -> Any:
    """An empty A4 portrait document: top/bottom 20 mm, left 30 mm, right 15 mm, body 13 pt."""
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    for style_name in ("Normal", "Table Grid"):
        style = document.styles[style_name]
        style.font.name = FONT
        set_fonts(style.element.get_or_add_rPr())
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    return document


def add_run(paragraph: Any, text: str, **style: Any) -> Any:
    """A run with its own four font slots, so that no style in between can change the face."""
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.bold = style.get("bold")
    run.italic = style.get("italic")
    if style.get("size"):
        run.font.size = Pt(style["size"])
    set_fonts(run._element.get_or_add_rPr())
    return run


def add_paragraph(document: Any, text: str, *, align: str | None = None, **style: Any) -> Any:
    """A paragraph of one run; `align` is "center", "right" or "justify"."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph()
    if align:
        paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())
    add_run(paragraph, text, **style)
    return paragraph


def add_table(
    document: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths_mm: Sequence[float] | None = None,
    size: int = TABLE_PT,
) -> Any:
    """A ruled table with a bold header row; `widths_mm` sizes the columns (LibreOffice reads
    the table grid, Word each cell's width: both are set)."""
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        add_run(cell.paragraphs[0], header, bold=True, size=size)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            add_run(cell.paragraphs[0], value, size=size)
    if widths_mm:
        table.autofit = False
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=True):
                cell.width = Mm(width)
    return table


def new_page_section(document: Any) -> Any:
    """A new section on a new page; python-docx copies the page size and margins over."""
    from docx.enum.section import WD_SECTION

    return document.add_section(WD_SECTION.NEW_PAGE)
