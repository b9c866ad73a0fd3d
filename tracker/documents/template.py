"""Template → DOCX, fast: the template is read and compiled once, and each document only
re-renders the document part (`word/document.xml`); every other part is copied as it is.

Placeholders are Jinja2 (`{{ applicant }}`, `{%p if … %}` for a paragraph, `{%tr for … %}` for
a table row), prepared by docxtpl's `patch_xml`, so that a placeholder Word has split across
several runs still works. Rendering runs in a sandboxed environment with autoescape: a value
such as `A & B <C>` is escaped into valid XML, and a template cannot reach Python internals. A
name the context does not hold is an error, never a silent blank.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from tracker.documents.package import CONTENT_TYPES, DOCUMENT_PART, Package
from tracker.documents.pictures import Picture, number_drawings, place
from tracker.errors import FileProblem
from tracker.failures import template_reason
from tracker.output_files import write_output
from tracker.resources import resource_dir

Report = TypeVar("Report")
_PARTS_WITHOUT_PLACEHOLDERS = re.compile(r"^word/(header|footer)\d*\.xml$")
GUIDE = "letter_templates/README.md"


class DocumentTemplate:
    """One DOCX template, read and compiled once, rendered many times. `known_fields`, when
    given, are the only names its placeholders may use (checked as it is read)."""

    def __init__(self, path: Path, *, known_fields: Iterable[str] | None = None) -> None:
        self.path = path
        try:
            raw = path.read_bytes()
            self.package = Package(zipfile.ZipFile(io.BytesIO(raw)))
        except FileNotFoundError:
            raise FileProblem(f"Không tìm thấy mẫu {path}.") from None
        except (OSError, zipfile.BadZipFile) as exc:
            raise FileProblem(
                f"Không đọc được mẫu {path}: không phải tệp DOCX, hoặc tệp đã hỏng."
            ) from exc
        except KeyError:
            raise FileProblem(
                f"Mẫu {path} không có phần {DOCUMENT_PART}: không phải tệp Word."
            ) from None
        self.sha256 = sha256_of(raw)
        if self.package.read(CONTENT_TYPES) is None:
            raise FileProblem(f"Mẫu {path} không có phần {CONTENT_TYPES}: không phải tệp Word.")
        for name in self.package.names():
            if _PARTS_WITHOUT_PLACEHOLDERS.match(name) and b"{{" in (
                self.package.read(name) or b""
            ):
                raise FileProblem(
                    f"Mẫu {path}: chỗ điền chỉ được đặt trong thân văn bản, không đặt ở "
                    "đầu trang hoặc chân trang."
                )
        try:
            document = (self.package.read(DOCUMENT_PART) or b"").decode("utf-8")
        except UnicodeDecodeError:
            raise FileProblem(
                f"Mẫu {path}: phần {DOCUMENT_PART} hỏng (không phải UTF-8)."
            ) from None
        if found := _NOT_XML.search(document):
            _refuse(
                found, _TAG.sub("", document[max(0, found.start() - 400) : found.end()]), path.name
            )
        self._template, self.placeholders = _compile(document, path)
        if known_fields is not None:
            unknown = sorted(self.placeholders - set(known_fields))
            if unknown:
                raise FileProblem(
                    f"Mẫu {path} dùng chỗ điền không có: {', '.join(unknown)} — xem danh sách "
                    f"chỗ điền trong {GUIDE}."
                )

    def render_xml(self, context: Mapping[str, Any]) -> str:
        """The document part for one document."""
        from jinja2 import TemplateError

        try:
            xml = refuse_unwritable(
                context, lambda: str(self._template.render(context)), self.path.name
            )
        except TemplateError as exc:
            raise FileProblem(
                f"Mẫu {self.path.name} có lỗi, không điền được ({template_reason(exc)}) — tệp "
                f"{self.path}."
            ) from exc
        # docxtpl's escapes for literal braces in a template: `{_{` prints `{{`.
        return (
            xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        )

    def render_bytes(self, context: Mapping[str, Any]) -> bytes:
        """One document's DOCX. A `Picture` value is drawn where its placeholder stands."""
        pictures = {key: value for key, value in context.items() if isinstance(value, Picture)}
        if not pictures:
            return self.package.write(self.render_xml(context).encode("utf-8"))
        drawings, parts = place(pictures, self.package)
        xml = number_drawings(self.render_xml({**context, **drawings}))
        return self.package.write(xml.encode("utf-8"), parts)

    def write(self, out: Path, context: Mapping[str, Any], *, overwrite: bool = False) -> Path:
        """Render and write one document (private, whole, never over a file that is not
        tracker's own unless `overwrite`: tracker.output_files)."""
        return write_output(out, self.render_bytes(context), overwrite=overwrite)


# What XML 1.0 forbids in a document (control characters but tab and line breaks, lone
# surrogates, U+FFFE/U+FFFF): Word refuses to open a file holding one, so none is ever written.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TAG = re.compile(r"<[^>]*>")
_PLAIN = (int, float, dt.date, Picture, type(None))


def _values(context: Mapping[str, Any]) -> tuple[list[str], bool]:
    """Every text a context holds (in mappings, lists and dataclasses), and whether every value
    could be looked into (an object of another kind might show text the walk cannot see)."""
    texts: list[str] = []
    pending: deque[Any] = deque(context.values())  # in the context's order
    seen_all = True
    while pending:
        value = pending.popleft()
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, Mapping):
            pending.extend(value.values())
        elif isinstance(value, (list, tuple)):
            pending.extend(value)
        elif is_dataclass(value) and not isinstance(value, type):
            pending.extend(getattr(value, f.name) for f in fields(value))
        elif not isinstance(value, _PLAIN):
            seen_all = False
    return texts, seen_all


def refuse_unwritable(context: Mapping[str, Any], render: Callable[[], str], name: str) -> str:
    """The document part `render` makes, refused in one sentence if it would hold a character
    XML forbids: the last line of defence (text is checked where it enters, but data stored
    before those checks, or a bug, must never become a file Word cannot open). The context's
    texts are checked (fast); the whole part only when the context holds other objects."""
    texts, seen_all = _values(context)
    for text in texts:
        if not text.isprintable() and (found := _NOT_XML.search(text)):
            _refuse(found, text, name)
    xml = render()
    if not seen_all and (found := _NOT_XML.search(xml)):
        _refuse(found, _text_before(found, xml), name)
    return xml


def _text_before(found: re.Match[str], xml: str) -> str:
    """The document's text up to a character found in its XML, without the markup."""
    return _TAG.sub("", xml[max(0, found.start() - 400) : found.end()])


def _refuse(found: re.Match[str], text: str, name: str) -> None:
    before = text[: text.index(found.group())][-40:].strip()
    raise FileProblem(
        f"Không ghi được văn bản theo mẫu {name}: dữ liệu có ký tự điều khiển "
        f"U+{ord(found.group()):04X} (ngay sau «{before}») mà Word không mở được; hãy sửa "
        "dữ liệu đó rồi in lại."
    )


def _compile(document_xml: str, path: Path) -> tuple[Any, set[str]]:
    from docxtpl import DocxTemplate
    from jinja2 import StrictUndefined, TemplateSyntaxError, meta
    from jinja2.sandbox import SandboxedEnvironment

    # patch_xml is a pure text transformation; it needs no loaded document.
    patched = DocxTemplate(path).patch_xml(document_xml)
    environment = SandboxedEnvironment(
        autoescape=True, keep_trailing_newline=True, undefined=StrictUndefined
    )
    try:
        parsed = environment.parse(patched)
        template = environment.from_string(patched)
    except TemplateSyntaxError as exc:
        raise FileProblem(
            f"Mẫu {path}: chỗ điền viết sai (dòng {exc.lineno} của nội dung mẫu); mỗi chỗ điền "
            "có dạng {{ ten_cho_dien }}."
        ) from exc
    return template, set(meta.find_undeclared_variables(parsed))


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def find_template(templates_dir: Path | None, name: str) -> Path:
    """The office's edited template when its templates folder has one, else the one shipped
    with tracker."""
    shipped = resource_dir("letter_templates")
    for directory in (templates_dir, shipped):
        if directory is not None and (directory / name).is_file():
            return directory / name
    raise FileProblem(f"Không tìm thấy mẫu {name} trong {templates_dir or shipped}.")


class Printout(Generic[Report]):
    """A document printed from one report and the organisation's settings: the name of its
    template and the function that turns the report into the template's values."""

    def __init__(
        self, template: str, values: Callable[[Report, Mapping[str, str]], Mapping[str, Any]]
    ) -> None:
        self.template = template
        self.values = values

    def __call__(
        self,
        report: Report,
        organisation: Mapping[str, str],
        path: Path,
        *,
        templates_dir: Path | None = None,
        overwrite: bool = False,
    ) -> Path:
        """Write the document to `path`, through the office's own template when
        `templates_dir` holds one, else the shipped one."""
        template = DocumentTemplate(find_template(templates_dir, self.template))
        return template.write(path, self.values(report, organisation), overwrite=overwrite)
