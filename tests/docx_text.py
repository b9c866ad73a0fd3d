"""Reading generated DOCX files back in tests: text in document order, and a layout summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.table import Table
from docx.text.paragraph import Paragraph


def blocks(document: DocumentObject) -> list[Paragraph]:
    """Every paragraph of the body in reading order, table cells included (a merged cell once,
    though python-docx gives it for each column it spans)."""
    result: list[Paragraph] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        result.extend(cell.paragraphs)
        else:
            result.append(item)
    return result


def docx_text(path: Path) -> str:
    """The letter's text, one paragraph a line (empty ones dropped): what a golden file holds."""
    lines = [p.text.replace("\u00a0", " ") for p in blocks(Document(str(path)))]
    return "\n".join(line for line in lines if line.strip()) + "\n"


def layout(path: Path) -> list[Any]:
    """Text plus every formatting decision the letter's layout depends on."""
    document = Document(str(path))
    section = document.sections[0]
    summary: list[Any] = [
        (
            section.page_width, section.page_height, section.top_margin, section.bottom_margin,
            section.left_margin, section.right_margin, section.header_distance,
            section.different_first_page_header_footer,
        ),
        [p._p.xml.count("PAGE") for p in section.header.paragraphs],
    ]  # fmt: skip
    for paragraph in blocks(document):
        fmt = paragraph.paragraph_format
        summary.append(
            (
                paragraph.text,
                fmt.alignment,
                fmt.first_line_indent,
                fmt.space_before,
                fmt.space_after,
                fmt.line_spacing,
                [(r.text, r.bold, r.italic, r.underline, r.font.size) for r in paragraph.runs],
            )
        )
    for table in document.tables:
        summary.append([cell.width for cell in table.rows[0].cells])
    return summary
