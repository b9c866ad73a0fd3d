"""Builds `nhac-viec-tre-han.docx`: for each head, on pages of their own (a section each), what
they still owe — one numbered block per kind of work, with what they are asked to do and a
table of the dossiers."""

from __future__ import annotations

from pathlib import Path

from letter_templates.builders.layout import (
    add_loop_table,
    add_paragraph,
    new_document,
    new_page_section,
)
from tracker.reports.remind import (
    CATEGORIES,
    INTRO_NOTHING,
    INTRO_OWED,
    ITEM_FIELDS,
    ITEM_HEADERS,
    ITEM_WIDTHS_MM,
)

TITLE = "NHẮC VIỆC XỬ LÝ HỒ SƠ TRỄ HẠN"


def build_remind(path: Path) -> Path:
    document = new_document()
    add_paragraph(document, "{%p for s in sections %}")
    add_paragraph(document, "{{ governing_body }}", align="center")
    add_paragraph(
        document,
        "{% if place %}{{ place }}, {% endif %}{{ date_text }}",
        align="right",
        italic=True,
    )
    add_paragraph(document, TITLE, align="center", bold=True, size=14)
    add_paragraph(document, "Kính gửi: {{ s.addressee }}", bold=True)
    add_paragraph(document, "{%p if s.total %}")
    add_paragraph(
        document, INTRO_OWED.format(today="{{ today }}", count="{{ s.total }}"), align="justify"
    )
    add_paragraph(document, "{%p else %}")
    add_paragraph(document, INTRO_NOTHING.format(today="{{ today }}"), align="justify")
    add_paragraph(document, "{%p endif %}")
    for category in CATEGORIES:
        block = f"s.{category.key}"
        add_paragraph(document, f"{{%p if {block} %}}")
        add_paragraph(
            document, f"{{{{ {block}.no }}}}. {category.title}: {{{{ {block}.count }}}}", bold=True
        )
        add_paragraph(document, category.todo, italic=True)
        add_loop_table(
            document,
            ITEM_HEADERS,
            f"i in {block}.dossiers",
            [f"{{{{ i.{name} }}}}" for name in ITEM_FIELDS],
            widths_mm=ITEM_WIDTHS_MM,
        )
        add_paragraph(document, "{%p endif %}")
    # The rule of each regime the listed dossiers fall under (regimes/*.toml, `rule`).
    add_paragraph(document, "{%p for r in rules %}")
    add_paragraph(document, "{{ r }}", align="justify", italic=True, size=12)
    add_paragraph(document, "{%p endfor %}")
    # Every head but the last ends with a section break, so each starts on a page of their own.
    add_paragraph(document, "{%p if not loop.last %}")
    new_page_section(document)
    add_paragraph(document, "{%p endif %}")
    add_paragraph(document, "{%p endfor %}")
    add_paragraph(document, "{%p if not sections %}")
    add_paragraph(document, "Không có người đứng đầu nào còn việc cần xử lý.")
    add_paragraph(document, "{%p endif %}")
    document.core_properties.title = "Nhắc việc xử lý hồ sơ trễ hạn"
    document.save(str(path))
    return path
