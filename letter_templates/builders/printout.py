"""What the monthly printout and the notice share: Nghị định 30/2020 page and styles, the
two-column header with the national motto, ruled tables with a repeated `{%tr for %}` row, the
signature block, and a chart's placeholder with its caption."""

from __future__ import annotations

from collections.abc import Collection, Sequence
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
LANDSCAPE_BODY_WIDTH_CM = 26.2  # A4 landscape less 20 mm + 15 mm margins


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


def cell_lines(cell: _Cell, lines: Sequence[tuple[str, dict[str, object]]]) -> None:
    """Fill a header cell: the first line goes into the cell's existing paragraph."""
    first = cell.paragraphs[0]
    for index, (text, options) in enumerate(lines):
        if text == "—rule—":
            paragraph = cell.add_paragraph()
            layout.rule(paragraph, number(options["width"]), number(options["cell"]))
            continue
        paragraph = first if index == 0 else cell.add_paragraph()
        paragraph.alignment = CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold = bool(options.get("bold"))
        run.italic = bool(options.get("italic"))
        run.font.size = Pt(number(options.get("size", 13)))


def number(value: object) -> float:
    assert isinstance(value, (int, float))
    return float(value)


def header(
    document: DocxDocument,
    issuer: Sequence[tuple[str, dict[str, object]]],
    number: Sequence[tuple[str, dict[str, object]]],
) -> None:
    """Nghị định 30/2020's two columns, as in the letter: the issuer (left) beside the national
    motto (right), each with a rule under it (the motto's as wide as the motto); then the number (left) on the same line as
    the place and date (right)."""
    widths = [7.0, 9.5]
    table = document.add_table(rows=2, cols=2)
    layout.borderless(table)
    layout.column_widths(table, [Cm(w) for w in widths])
    cell_lines(table.rows[0].cells[0], issuer)
    heading.motto(table.rows[0].cells[1], cell_width_cm=widths[1], country_size=12, motto_size=13)
    cell_lines(table.rows[1].cells[0], number)
    cell_lines(
        table.rows[1].cells[1], [("{{ place }}, {{ date_text }}", {"italic": True, "size": 14})]
    )
    for cell in table.rows[1].cells:
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def _ruled(
    document: DocxDocument, headers: Sequence[str], widths: Sequence[float], rows: int
) -> Table:
    """A bordered table, centred, of fixed widths, its header row repeated on each page."""
    table = document.add_table(rows=rows, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout.column_widths(table, [Cm(w) for w in widths])
    layout.narrow_cell_margins(table)
    layout.repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].style = document.styles["Cell Head"]
        cell.paragraphs[0].add_run(text)
    return table


def _tag(row: Any, tag: str) -> None:
    """A row that holds only a docxtpl `{%tr … %}` tag: it vanishes when rendered."""
    row.cells[0].paragraphs[0].add_run(tag)


def _fill(
    row: Any, cells: Sequence[str], style: Any, *, bold: bool = False, centre: Collection[int] = ()
) -> None:
    """One row's text; a row given fewer cells than it has merges the last ones into one."""
    if len(cells) < len(row.cells):
        row.cells[len(cells) - 1].merge(row.cells[-1])
    for index, (cell, text) in enumerate(zip(row.cells, cells, strict=False)):
        paragraph = cell.paragraphs[0]
        paragraph.style = style
        if index in centre:
            paragraph.alignment = CENTER
        paragraph.add_run(text).bold = bold or None


def grid(
    document: DocxDocument,
    headers: Sequence[str],
    widths: Sequence[float],
    loop: str,
    cells: Sequence[str],
    *,
    totals: Sequence[Sequence[str]] = (),
    totals_if: str | None = None,
    style: str = "Cell",
    centre: Collection[int] = (),
) -> Table:
    """A bordered table: header row (repeated on each page), a docxtpl `{%tr for %}` row, then
    bold total rows — all but the last only when the condition `totals_if` holds, if given;
    the columns in `centre` are centred."""
    guarded = totals_if is not None and len(totals) > 1
    table = _ruled(document, headers, widths, 4 + len(totals) + 2 * guarded)
    _tag(table.rows[1], f"{{%tr for {loop} %}}")
    layout.keep_row_together(table.rows[2])
    _fill(table.rows[2], cells, document.styles[style], centre=centre)
    _tag(table.rows[3], "{%tr endfor %}")
    rows = list(table.rows[4:])
    if guarded:
        _tag(rows.pop(0), f"{{%tr if {totals_if} %}}")
        _tag(rows.pop(len(totals) - 1), "{%tr endif %}")
    for row, values in zip(rows, totals, strict=True):
        _fill(row, values, document.styles[style], bold=True, centre=centre)
    return table


def grouped_grid(
    document: DocxDocument,
    headers: Sequence[str],
    widths: Sequence[float],
    groups: tuple[str, Sequence[str]],
    items: tuple[str, Sequence[str]],
    *,
    style: str = "Cell",
    centre: Collection[int] = (),
) -> Table:
    """A bordered table of groups: for each group (`groups`: its loop and its row, in bold; a
    row of fewer cells merges the last ones), its items (`items`: their loop and row)."""
    table = _ruled(document, headers, widths, 7)
    rows = table.rows
    _tag(rows[1], f"{{%tr for {groups[0]} %}}")
    layout.keep_row_together(rows[2])
    _fill(rows[2], groups[1], document.styles[style], bold=True, centre=centre)
    _tag(rows[3], f"{{%tr for {items[0]} %}}")
    layout.keep_row_together(rows[4])
    _fill(rows[4], items[1], document.styles[style], centre=centre)
    _tag(rows[5], "{%tr endfor %}")
    _tag(rows[6], "{%tr endfor %}")
    return table


def figures_table(
    document: DocxDocument,
    figures: str,
    widths: Sequence[float] = (1.2, 8.7, 2.2, 2.2, 2.2),
) -> Table:
    """The index figures against their targets: a rate on its line, its units below it (1.1,
    1.2 …); `figures` names the list (`index.figures`)."""
    return grouped_grid(
        document,
        ["STT", "Chỉ số, đơn vị", "Kết quả", "Chỉ tiêu", "Đánh giá"],
        widths,
        ("m in " + figures, ["{{ m.no }}", "{{ m.label }}", "{{ m.value }}", "{{ m.target }}",
                             "{{ m.verdict }}"]),
        ("u in m.units", ["{{ m.no }}.{{ loop.index }}", "{{ u.name }}", "{{ u.value }}",
                          "{{ u.target }}", "{{ u.verdict }}"]),
        centre=(0, 2, 3, 4),
    )  # fmt: skip


def appendix_heading(
    document: DocxDocument, name: str, title: str, attached_to: str, *, new_page: bool = False
) -> None:
    """Nghị định 30/2020's appendix heading: `Phụ lục 1`, the title in capitals, the document
    it goes with in italics, a short rule (on a landscape page); `new_page` starts a page."""
    first = line(document, name, style="Title Centre")
    if new_page:
        first.paragraph_format.page_break_before = True
    line(document, title, style="Title Centre")
    line(document, attached_to, italic=True, align=CENTER, after=0)
    rule = line(document, "", after=6)
    layout.rule(rule, 3.5, LANDSCAPE_BODY_WIDTH_CM)


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
