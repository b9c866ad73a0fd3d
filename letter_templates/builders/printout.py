"""What the monthly printout and the notice share: Nghị định 30/2020 page and styles, the
two-column header with the national motto, ruled tables with a repeated `{%tr for %}` row, the
signature block, and a chart's placeholder with its caption."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from letter_templates.builders import heading, layout

CENTER = WD_ALIGN_PARAGRAPH.CENTER
BODY_WIDTH_CM = 16.5  # A4 portrait less 30 mm + 15 mm margins


def new_document(size: float = 14) -> DocxDocument:
    document = Document()
    layout.base_styles(document, size)
    layout.add_style(document, "Body", align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=1.27, after=6)
    layout.add_style(
        document, "Heading", bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=1.27
    )
    layout.add_style(document, "Title Centre", bold=True, align=CENTER, after=0)
    layout.add_style(document, "Cell", size=11, after=0)
    layout.add_style(document, "Cell Small", size=9, after=0)
    layout.add_style(document, "Cell Head", size=9, bold=True, align=CENTER, after=0)
    section = document.sections[0]
    layout.page_setup(section)
    layout.page_numbers_from_second_page(section)
    return document


def line(
    container: Any,
    text: str,
    *,
    style: str | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    after: float | None = None,
) -> Paragraph:
    paragraph: Paragraph = container.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = italic
        if size is not None:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def repeated(document: DocxDocument, loop: str, text: str) -> None:
    """A body paragraph repeated for each item (`loop`: `m in units_below`), between two
    paragraphs holding only the `{%p for %}` and `{%p endfor %}` tags, which vanish."""
    line(document, f"{{%p for {loop} %}}", after=0)
    line(document, text, style="Body")
    line(document, "{%p endfor %}", after=0)


def cell_lines(
    cell: _Cell, lines: Sequence[tuple[str, dict[str, object]]], *, append: bool = False
) -> None:
    """Fill a header cell: the first line goes into the cell's existing paragraph, unless
    `append`ing below what the cell already holds."""
    first = cell.paragraphs[0]
    for index, (text, options) in enumerate(lines):
        if text == "—rule—":
            paragraph = cell.add_paragraph()
            layout.rule(paragraph, number(options["width"]), number(options["cell"]))
            continue
        paragraph = first if index == 0 and not append else cell.add_paragraph()
        paragraph.alignment = CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold = bool(options.get("bold"))
        run.italic = bool(options.get("italic"))
        run.font.size = Pt(number(options.get("size", 13)))


def number(value: object) -> float:
    assert isinstance(value, (int, float))
    return float(value)


def national_motto(cell: _Cell, width: float) -> None:
    heading.motto(cell, cell_width_cm=width, country_size=12, motto_size=13)
    cell_lines(
        cell,
        [("", {}), ("{{ place }}, {{ date_text }}", {"italic": True, "size": 14})],
        append=True,
    )


def header(document: DocxDocument, left: Sequence[tuple[str, dict[str, object]]]) -> None:
    widths = [7.0, 9.5]
    table = document.add_table(rows=1, cols=2)
    layout.borderless(table)
    layout.column_widths(table, [Cm(w) for w in widths])
    cell_lines(table.rows[0].cells[0], left)
    national_motto(table.rows[0].cells[1], widths[1])


def grid(
    document: DocxDocument,
    headers: Sequence[str],
    widths: Sequence[float],
    loop: str,
    cells: Sequence[str],
    *,
    totals: Sequence[Sequence[str]] = (),
    style: str = "Cell",
) -> Table:
    """A bordered table: header row (repeated on each page), a docxtpl `{%tr for %}` row, then
    bold total rows."""
    rows = 4 + len(totals)
    table = document.add_table(rows=rows, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout.column_widths(table, [Cm(w) for w in widths])
    layout.narrow_cell_margins(table)
    layout.repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].style = document.styles["Cell Head"]
        cell.paragraphs[0].add_run(text)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    layout.keep_row_together(table.rows[2])
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.paragraphs[0].style = document.styles[style]
        cell.paragraphs[0].add_run(text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for row, values in zip(table.rows[4:], totals, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.paragraphs[0].style = document.styles[style]
            cell.paragraphs[0].add_run(text).bold = True
    return table


def signature(
    document: DocxDocument,
    recipients: Sequence[str],
    authority: Sequence[str],
    signer: str,
) -> None:
    table = document.add_table(rows=1, cols=2)
    layout.borderless(table)
    layout.column_widths(table, [Cm(8.5), Cm(8.0)])
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    run = first.add_run("Nơi nhận:")
    run.bold = run.italic = True
    run.font.size = Pt(12)
    first.paragraph_format.space_after = Pt(0)
    for text in recipients:
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(text).font.size = Pt(11)
    lines: list[tuple[str, dict[str, object]]] = [
        (text, {"bold": True, "size": 14}) for text in authority
    ]
    lines += [("", {}), ("", {}), ("", {}), ("", {})]
    lines.append((signer, {"bold": True, "size": 14}))
    cell_lines(right, lines)


def chart(document: DocxDocument, key: str, caption: str) -> None:
    """A centred chart image and its caption; both paragraphs vanish when the chart is absent."""
    line(document, f"{{%p if {key} %}}", after=0)
    line(document, f"{{{{ {key} }}}}", align=CENTER, after=0)
    line(document, caption, italic=True, size=12, align=CENTER)
    line(document, "{%p endif %}", after=0)
