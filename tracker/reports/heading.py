"""Who issues a printout, from where: the one place that reads the organisation's settings for
a document's header, so that headers per unit (and a commune's own) change here only.

The monthly printout and the notice, the warn and remind lists all take their header from
`letterhead`; nothing else reads `governing_body`, `name` or `place` for a header.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from tracker.dates import format_date
from tracker.formats import letter_date
from tracker.text import clean, fold

# The governing-body prefix of an organisation's name, split onto its own header line.
_PEOPLES_COMMITTEE = "Ủy ban nhân dân"
# The words that open a territory's name (longest first), and those whose People's Committee
# has communes under it (a district, a town, a city, a province) — the others (a commune, a
# ward, a township, a special zone) address only their own departments.
_LEVELS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "huyện", "phường", "tỉnh", "xã")
_ABOVE_COMMUNES = {"huyện", "thị xã", "thành phố", "tỉnh"}


@dataclass(frozen=True)
class Letterhead:
    """The organisation as its documents name it."""

    name: str  # `Ủy ban nhân dân huyện Gò Dầu`
    issuer_line1: str  # `ỦY BAN NHÂN DÂN`: the issuing body in capitals, over two lines
    issuer_line2: str  # `HUYỆN GÒ DẦU`
    area: str  # `huyện Gò Dầu`: the territory, inside a sentence
    governing_body: str  # `UBND HUYỆN GÒ DẦU`: the line above a unit's name
    place: str  # `Gò Dầu`: the place name of the date line
    province: str
    level: str  # `huyện`, `xã`, `phường`…: the territory's kind, inside a sentence
    has_communes: bool  # communes answer to it (a district), or only its own departments


def _level(area: str) -> str:
    folded = fold(area)
    return next((level for level in _LEVELS if folded.startswith(fold(level) + " ")), "")


def letterhead(org: Mapping[str, str]) -> Letterhead:
    """The header of the organisation's documents, from its settings (`tracker init --preset`).
    A People's Committee is written over two lines, `ỦY BAN NHÂN DÂN` / `HUYỆN GÒ DẦU`, as
    Nghị định 30/2020 writes an issuing body without a governing body above it."""
    name = clean(org.get("name", ""))
    if fold(name).startswith(fold(_PEOPLES_COMMITTEE)):
        area = name[len(_PEOPLES_COMMITTEE) :].strip()
        line1, line2 = _PEOPLES_COMMITTEE.upper(), area.upper()
    else:
        line1, line2, area = name.upper(), "", name
    level = _level(area)
    return Letterhead(
        name=name,
        issuer_line1=line1,
        issuer_line2=line2,
        area=area,
        governing_body=clean(org.get("governing_body", "")).upper(),
        place=clean(org.get("place", "")),
        province=clean(org.get("province", "")),
        # An organisation not named after a territory keeps the district's wording.
        level=level or "huyện",
        has_communes=level in _ABOVE_COMMUNES or not level,
    )


def list_heading(organisation: Mapping[str, str], today: dt.date) -> dict[str, str]:
    """The warn and remind lists' header: `governing_body` in capitals, `place`, `date_text`
    (`ngày 26 tháng 11 năm 2024`) and `today` (`26/11/2024`)."""
    head = letterhead(organisation)
    return {
        "governing_body": head.governing_body,
        "place": head.place,
        "date_text": letter_date(today),
        "today": format_date(today),
    }
