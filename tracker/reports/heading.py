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
    return Letterhead(
        name=name,
        issuer_line1=line1,
        issuer_line2=line2,
        area=area,
        governing_body=clean(org.get("governing_body", "")).upper(),
        place=clean(org.get("place", "")),
        province=clean(org.get("province", "")),
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
