"""Builds `canh-bao-den-han.docx`, the morning list of dossiers due soon: one heading and one
table per head, each head from the second on starting a new page."""

from __future__ import annotations

from pathlib import Path

from letter_templates.builders.layout import add_loop_table, add_paragraph, new_document
from tracker.reports.warn import INTRO, ITEM_FIELDS, ITEM_HEADERS

TITLE = "DANH SÁCH HỒ SƠ SẮP ĐẾN HẠN TRẢ KẾT QUẢ"
HEADING = "{{ s.title }}: {{ s.count }} hồ sơ"


def build_warn(path: Path) -> Path:
    document = new_document()
    add_paragraph(document, "{{ governing_body }}", align="center")
    add_paragraph(
        document,
        "{% if place %}{{ place }}, {% endif %}{{ date_text }}",
        italic=True,
        align="center",
    )
    add_paragraph(document, TITLE, bold=True, size=14, align="center")
    add_paragraph(
        document, INTRO.format(today="{{ today }}", horizon="{{ horizon }}", within="{{ within }}")
    )
    # The rule of each regime the listed dossiers fall under (regimes/*.toml, `rule`).
    add_paragraph(document, "{%p for r in rules %}")
    add_paragraph(document, "{{ r }}", align="justify")
    add_paragraph(document, "{%p endfor %}")
    add_paragraph(document, "{%p if not sections %}")
    add_paragraph(document, "Không có hồ sơ nào sắp đến hạn.")
    add_paragraph(document, "{%p endif %}")
    add_paragraph(document, "{%p for s in sections %}")
    # One head per page, so each page can be handed to the head it names: the heading of every
    # head but the first starts a new page (a paragraph property, hence two headings).
    add_paragraph(document, "{%p if loop.first %}")
    add_paragraph(document, HEADING, bold=True)
    add_paragraph(document, "{%p else %}")
    add_paragraph(document, HEADING, bold=True).paragraph_format.page_break_before = True
    add_paragraph(document, "{%p endif %}")
    add_loop_table(
        document, ITEM_HEADERS, "i in s.dossiers", [f"{{{{ i.{name} }}}}" for name in ITEM_FIELDS]
    )
    add_paragraph(document, "{%p endfor %}")
    document.core_properties.title = "Danh sách hồ sơ sắp đến hạn trả kết quả"
    document.save(str(path))
    return path
