"""The parts of a DOCX (a zip of XML parts) as the template holds them, and the zip written for
each document: the template's parts as they are, a new document part, and any part added for a
picture."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping

from tracker.output_files import MARK

DOCUMENT_PART = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
# A part added to the package (a picture) is dated like the document part: the same content
# gives the same bytes.
_DateTime = tuple[int, int, int, int, int, int]


class Package:
    """A template's parts, read once; `write` makes one document's DOCX bytes."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        # name -> (date and time, content): the template's parts as stored.
        self._parts = {i.filename: (i.date_time, archive.read(i)) for i in archive.infolist()}
        self._document_date = self._parts[DOCUMENT_PART][0]
        # Every part but the document is compressed once (styles alone can be ~800 kB of XML,
        # whose compression would cost more than the rest of a letter); each document copies
        # those bytes and appends its own document part.
        self._static = _zip((n, p) for n, p in self._parts.items() if n != DOCUMENT_PART)

    def names(self) -> list[str]:
        return list(self._parts)

    def read(self, name: str) -> bytes | None:
        part = self._parts.get(name)
        return None if part is None else part[1]

    def write(self, document_xml: bytes, changed: Mapping[str, bytes] | None = None) -> bytes:
        """The DOCX with this document part; `changed` adds parts or replaces the template's."""
        if not changed:
            buffer = io.BytesIO()
            buffer.write(self._static)
            with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
                _add(archive, DOCUMENT_PART, self._document_date, document_xml)
                archive.comment = MARK
            return buffer.getvalue()
        parts = dict(self._parts)
        for name, data in changed.items():
            parts[name] = (parts[name][0] if name in parts else self._document_date, data)
        parts[DOCUMENT_PART] = (self._document_date, document_xml)
        return _zip(parts.items())


def _add(archive: zipfile.ZipFile, name: str, date: _DateTime, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _zip(parts: Iterable[tuple[str, tuple[_DateTime, bytes]]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (date, data) in parts:
            _add(archive, name, date, data)
        # How tracker knows a document it wrote (tracker.output_files): Word drops the comment
        # when the clerk saves the file, which then is never replaced without --overwrite.
        archive.comment = MARK
    return buffer.getvalue()
