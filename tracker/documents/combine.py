"""Many documents in one printable DOCX (the letters of a period): each in its own section, so
each starts on a new page with the first template's page size, margins and headers, and its
page numbers restart. Documents of several templates (letters of two kinds) may be combined:
the first template's styles and page setup serve them all, which the shipped letter templates
share (they are built on one layout); an office's template whose body uses its own pictures or
styles should be printed on its own."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from copy import deepcopy
from typing import Any

from tracker.documents.template import DocumentTemplate
from tracker.errors import FileProblem

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def combine(documents: Iterable[tuple[DocumentTemplate, Mapping[str, Any]]]) -> bytes:
    """One DOCX of every (template, values) pair, in order."""
    from lxml import etree

    pairs = iter(documents)
    first = next(pairs, None)
    if first is None:
        raise FileProblem("Không có văn bản nào để gộp.")
    template, values = first
    combined = etree.fromstring(template.render_xml(values).encode("utf-8"))
    final_section = combined.find(f"{{{W}}}body").find(f"{{{W}}}sectPr")
    for other, context in pairs:
        xml = other.render_xml(context).encode("utf-8")
        body = etree.fromstring(xml).find(f"{{{W}}}body")
        _close_section(final_section)
        # Moved, not copied: each document's tree is parsed for this and used once.
        for child in [c for c in body if c.tag != f"{{{W}}}sectPr"]:
            final_section.addprevious(child)
    return template.package.write(
        etree.tostring(combined, xml_declaration=True, encoding="UTF-8", standalone=True)
    )


def _close_section(final_section: Any) -> None:
    """End the document written so far with a section break (a copy of the template's section,
    page numbering restarting at 1) carried by its last paragraph."""
    last = final_section.getprevious()
    ppr = last.find(f"{{{W}}}pPr")
    if ppr is None:
        ppr = last.makeelement(f"{{{W}}}pPr", {})
        last.insert(0, ppr)
    section = deepcopy(final_section)
    numbering = section.find(f"{{{W}}}pgNumType")
    if numbering is None:
        numbering = section.makeelement(f"{{{W}}}pgNumType", {})
        _insert_page_numbering(section, numbering)
    numbering.set(f"{{{W}}}start", "1")
    change = ppr.find(f"{{{W}}}pPrChange")
    if change is not None:
        change.addprevious(section)
    else:
        ppr.append(section)


def _insert_page_numbering(section: Any, numbering: Any) -> None:
    # w:pgNumType comes after pgSz, pgMar, paperSrc, pgBorders, lnNumType.
    anchor = None
    for tag in ("lnNumType", "pgBorders", "paperSrc", "pgMar", "pgSz"):
        anchor = section.find(f"{{{W}}}{tag}")
        if anchor is not None:
            break
    if anchor is None:
        section.insert(0, numbering)
    else:
        anchor.addnext(numbering)
