"""Pictures in a rendered document (the printout's charts): a PNG given as the value of a
placeholder that stands alone in its paragraph (`{{ chart_units }}`) is drawn there, inline, at
the width asked for; the renderer adds the image part, its relationship and its content type to
the package."""

from __future__ import annotations

import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.documents.package import CONTENT_TYPES, DOCUMENT_RELS, Package

if TYPE_CHECKING:
    from markupsafe import Markup

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EMU_PER_MM = 36_000
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
IMAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_EMPTY_RELS = f'<Relationships xmlns="{RELATIONSHIPS}"/>'.encode()
# The placeholder's text run is closed, the drawing gets a run of its own, and a new text run
# takes the rest of the paragraph (the same markup docxtpl's InlineImage writes).
_INLINE = (
    "</w:t></w:r><w:r><w:drawing>"
    '<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name="{name}"/>'
    '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>'
    '</w:drawing></w:r><w:r><w:t xml:space="preserve">'
)
_DRAWING_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")\d+(")')


@dataclass(frozen=True)
class Picture:
    """A PNG drawn `width_mm` wide, its height kept in proportion."""

    png: bytes
    width_mm: float

    def size_emu(self) -> tuple[int, int]:
        if not self.png.startswith(PNG_SIGNATURE):
            raise ValueError("Picture: only PNG images are drawn")
        width_px, height_px = struct.unpack(">II", self.png[16:24])  # the IHDR chunk
        width = round(self.width_mm * EMU_PER_MM)
        return width, round(width * height_px / width_px)


def place(
    pictures: Mapping[str, Picture], package: Package
) -> tuple[dict[str, Markup], dict[str, bytes]]:
    """The drawing markup for each placeholder, and the parts to add or replace: one image part
    each, the document's relationships and the content types."""
    # Loaded when a document has pictures, not by every module that names Picture.
    from lxml import etree
    from markupsafe import Markup

    rels = etree.fromstring(package.read(DOCUMENT_RELS) or _EMPTY_RELS)
    taken = set(package.names()) | {r.get("Id") for r in rels}
    markup: dict[str, Markup] = {}
    parts: dict[str, bytes] = {}
    number = 0
    for key, picture in pictures.items():
        number += 1
        while f"word/media/picture-{number}.png" in taken or f"rIdPicture{number}" in taken:
            number += 1
        name, rid = f"picture-{number}.png", f"rIdPicture{number}"
        etree.SubElement(
            rels,
            f"{{{RELATIONSHIPS}}}Relationship",
            {"Id": rid, "Type": IMAGE_RELATIONSHIP, "Target": f"media/{name}"},
        )
        parts[f"word/media/{name}"] = picture.png
        cx, cy = picture.size_emu()
        markup[key] = Markup(_INLINE.format(cx=cx, cy=cy, name=name, rid=rid))
    parts[DOCUMENT_RELS] = _xml(rels)
    parts[CONTENT_TYPES] = _with_png(package.read(CONTENT_TYPES) or b"")
    return markup, parts


def _xml(element: Any) -> bytes:
    from lxml import etree

    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_png(content_types: bytes) -> bytes:
    from lxml import etree

    types = etree.fromstring(content_types)
    defaults = types.findall(f"{{{CONTENT_TYPES_NS}}}Default")
    if not any((d.get("Extension") or "").lower() == "png" for d in defaults):
        element = types.makeelement(
            f"{{{CONTENT_TYPES_NS}}}Default", {"Extension": "png", "ContentType": "image/png"}
        )
        types.insert(0, element)  # Defaults come before Overrides
    return _xml(types)


def number_drawings(document_xml: str) -> str:
    """Every drawing's id made unique (a picture placeholder may stand in a loop, and Word
    reports a document whose drawings share an id as damaged)."""
    counter = iter(range(1, 1 << 31))
    return _DRAWING_ID.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", document_xml)
