"""Template → DOCX, fast: the template is read and compiled once per batch, and each letter only
re-renders the document part (`word/document.xml`); every other part is copied as it is.

Placeholders are Jinja2 expressions (`{{ applicant }}`), prepared by docxtpl's `patch_xml` so
that a placeholder Word has split across several runs still works. Rendering runs in a
sandboxed environment with autoescape: a value such as `A & B <C>` is escaped into valid XML,
and a template cannot reach Python internals.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from copy import deepcopy
from pathlib import Path
from typing import Any

from tracker.errors import FileProblem

DOCUMENT_PART = "word/document.xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARTS_WITHOUT_PLACEHOLDERS = re.compile(r"^word/(header|footer)\d*\.xml$")


class LetterTemplate:
    """One DOCX template, parsed and compiled once, rendered many times."""

    def __init__(self, path: Path, known_fields: Iterable[str]) -> None:
        self.path = path
        try:
            raw = path.read_bytes()
            archive = zipfile.ZipFile(io.BytesIO(raw))
            # name -> (date and time, content): the template's parts as stored.
            parts = {i.filename: (i.date_time, archive.read(i)) for i in archive.infolist()}
        except FileNotFoundError:
            raise FileProblem(
                f"Không tìm thấy mẫu phiếu {path}: chỉ đường dẫn bằng --template, hoặc đặt "
                "tệp mau-04-xin-loi.docx vào thư mục mẫu (--templates)."
            ) from None
        except (OSError, zipfile.BadZipFile) as exc:
            raise FileProblem(
                f"Không đọc được mẫu phiếu {path} (không phải tệp DOCX): {exc}."
            ) from None
        self.sha256 = hashlib.sha256(raw).hexdigest()
        if DOCUMENT_PART not in parts:
            raise FileProblem(
                f"Mẫu phiếu {path} không có phần {DOCUMENT_PART}: không phải tệp Word."
            )
        for name, (_date, data) in parts.items():
            if _PARTS_WITHOUT_PLACEHOLDERS.match(name) and b"{{" in data:
                raise FileProblem(
                    f"Mẫu phiếu {path}: chỗ điền chỉ được đặt trong thân văn bản, không đặt ở "
                    "đầu trang hoặc chân trang."
                )
        self._document_date, document = parts.pop(DOCUMENT_PART)
        static = io.BytesIO()
        with zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, (date, data) in parts.items():
                info = zipfile.ZipInfo(name, date)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
        self._static_parts = static.getvalue()
        self._template, self.placeholders = _compile(document.decode("utf-8"), path)
        unknown = sorted(self.placeholders - set(known_fields))
        if unknown:
            raise FileProblem(
                f"Mẫu phiếu {path} dùng chỗ điền không có: {', '.join(unknown)} — xem danh sách "
                "chỗ điền trong letter_templates/README.md."
            )

    def render_xml(self, context: Mapping[str, str]) -> str:
        """The document part for one letter."""
        from jinja2 import TemplateError

        try:
            xml = self._template.render(context)
        except TemplateError as exc:
            raise FileProblem(f"Mẫu phiếu {self.path}: không điền được ({exc}).") from None
        # docxtpl's escapes for literal braces in a template: `{_{` prints `{{`.
        return (
            xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        )

    def _package(self, document_xml: bytes) -> bytes:
        # Every part but the document is compressed once (styles alone can be ~800 kB of XML,
        # whose compression would cost more than the rest of a letter); each letter copies
        # those bytes and appends its own document part.
        buffer = io.BytesIO()
        buffer.write(self._static_parts)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
            info = zipfile.ZipInfo(DOCUMENT_PART, self._document_date)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, document_xml)
        return buffer.getvalue()

    def render_bytes(self, context: Mapping[str, str]) -> bytes:
        return self._package(self.render_xml(context).encode("utf-8"))

    def combine(self, contexts: Iterable[Mapping[str, str]]) -> bytes:
        """One printable DOCX: every letter in its own section, so each starts on a new page
        with the template's page size, margins and headers, and its page numbers restart."""
        from lxml import etree

        letters = iter(contexts)
        first = next(letters, None)
        if first is None:
            raise FileProblem("Không có phiếu nào để gộp.")
        combined = etree.fromstring(self.render_xml(first).encode("utf-8"))
        final_section = combined.find(f"{{{W}}}body").find(f"{{{W}}}sectPr")
        for context in letters:
            body = etree.fromstring(self.render_xml(context).encode("utf-8")).find(f"{{{W}}}body")
            _close_section(final_section)
            # Moved, not copied: each letter's tree is parsed for this and used once.
            for child in [c for c in body if c.tag != f"{{{W}}}sectPr"]:
                final_section.addprevious(child)
        return self._package(
            etree.tostring(combined, xml_declaration=True, encoding="UTF-8", standalone=True)
        )


def _close_section(final_section: Any) -> None:
    """End the letter written so far with a section break (a copy of the template's section,
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


def _compile(document_xml: str, path: Path) -> tuple[Any, set[str]]:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError, meta
    from jinja2.sandbox import SandboxedEnvironment

    # patch_xml is a pure text transformation; it needs no loaded document.
    patched = DocxTemplate(path).patch_xml(document_xml)
    environment = SandboxedEnvironment(autoescape=True, keep_trailing_newline=True)
    try:
        parsed = environment.parse(patched)
        template = environment.from_string(patched)
    except TemplateSyntaxError as exc:
        raise FileProblem(
            f"Mẫu phiếu {path}: chỗ điền viết sai ({exc.message}); mỗi chỗ điền có dạng "
            "{{ ten_cho_dien }}."
        ) from None
    return template, set(meta.find_undeclared_variables(parsed))


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
