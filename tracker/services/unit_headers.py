"""A unit's own letter header (Nghị định 30/2020): as a preset, a plan or `tracker units set`
gives it, or derived from the unit's kind and the organisation's settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from tracker.errors import InvalidInput
from tracker.headers import check_header, default_header, place_of
from tracker.models import Unit
from tracker.services.organisation import newest_organisation, organisation
from tracker.text import clean


@dataclass(frozen=True)
class HeaderData:
    """A unit's letter header as a preset, a plan or `units set` gives it (None: derived)."""

    governing_line: str | None = None
    lines: tuple[str, ...] | None = None  # the name in capitals, one item per header line
    place: str | None = None


def _organisation(session: Session, unit: Unit) -> dict[str, str]:
    """The settings a unit's derived header follows: the organisation's on the unit's first
    day (a plan's unit begins under the office of its day); a unit without one is added by the
    office that keeps the database now."""
    if unit.valid_from is None:
        return newest_organisation(session)
    return organisation(session, on=unit.valid_from)


def apply_header(session: Session, unit: Unit, header: HeaderData) -> None:
    """Store what `header` gives; derive what it leaves out and the unit has not yet got."""
    org = _organisation(session, unit)
    governing, name = default_header(unit.kind, unit.name, org.get("governing_body", ""))
    if header.lines is not None:
        lines = [clean(line).upper() for line in header.lines]
        if problem := check_header(lines):
            raise InvalidInput(f"Đơn vị {unit.code}: {problem}")
        unit.header_name = "\n".join(lines)
    elif not unit.header_name:
        unit.header_name = name
    if header.governing_line is not None:
        unit.governing_line = clean(header.governing_line).upper()
    elif unit.id is None:
        unit.governing_line = governing
    if header.place is not None:
        unit.place = clean(header.place)
    elif not unit.place:
        unit.place = place_of(unit.name) if unit.kind == "commune" else org.get("place", "")


def header_snapshot(unit: Unit) -> dict[str, str]:
    return {
        "governing_line": unit.governing_line,
        "header_name": unit.header_name,
        "place": unit.place,
    }
