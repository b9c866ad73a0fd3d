"""The national motto every header carries (Nghị định 30/2020, Phụ lục I): CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM, then "Độc lập - Tự do - Hạnh phúc" with a rule under it exactly as wide as
the motto — a line of its own, not an underline of the words (which would break at the
spaces and sit on the descenders). Shared by the letters, the monthly printout and the notice.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.table import _Cell

from letter_templates.builders import layout
from tracker.headers import text_width_em

COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
CELL_MARGINS_CM = 2 * 0.19  # Word's default left and right cell margins


def motto_width_cm(size: float) -> float:
    """How wide the motto is, set bold at `size` pt."""
    return text_width_em(MOTTO) * size / 72 * 2.54


def motto(cell: _Cell, *, cell_width_cm: float, country_size: float, motto_size: float) -> None:
    """The two lines and the rule, from the cell's first paragraph on."""
    for index, (text, size) in enumerate(((COUNTRY, country_size), (MOTTO, motto_size))):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(0)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        layout.add_run(paragraph, text, bold=True, italic=False, size=size)
    # The rule is the top border of an empty paragraph indented to the motto's width.
    rule = cell.add_paragraph()
    layout.rule(rule, motto_width_cm(motto_size), cell_width_cm - CELL_MARGINS_CM)
    rule.paragraph_format.line_spacing = Pt(3)
