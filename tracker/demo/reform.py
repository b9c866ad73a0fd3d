"""The demo's database through the reform of 1 July 2025, each step inside the caller's
transaction and on its own day: the shipped plan `go-dau-2025` applied, the commune's
departments added from the `phuoc-thanh` preset, the organisation's settings handed to UBND xã
Phước Thạnh — and, at the end, a November 2024 letter reprinted to show it has not changed."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tracker.demo.phuoc_thanh import (
    BRIDGE,
    BRIDGE_RECORDED,
    BRIDGE_SETTLED,
    COMMUNE_CODES,
    COMMUNE_PRESET,
    REFORM_DAY,
    REFORM_PLAN,
)
from tracker.output_files import OutputBatch
from tracker.services.cases import current_letter, get_dossier
from tracker.services.dossiers import add_dossier, resolve
from tracker.services.letter_render import RenderedFile, RenderRequest, render_letters
from tracker.services.organisation import replace_organisation
from tracker.services.presets import add_entry, read_preset, unit_entry
from tracker.services.reorganise import ReorganisationResult, reorganise
from tracker.services.transfers import Orphan, orphans
from tracker.services.units import UnitMatcher

if TYPE_CHECKING:
    from tracker.config import Settings


@dataclass(frozen=True)
class CommuneUnit:
    code: str
    name: str
    head: str | None
    aliases_kept_by_others: tuple[str, ...]  # the preset's aliases an older unit still holds


@dataclass(frozen=True)
class Reform:
    plan: ReorganisationResult
    commune_units: list[CommuneUnit]  # the commune's departments added after the plan
    settings_changed: list[str]  # the organisation's settings the commune replaced
    orphans: list[Orphan]  # open dossiers whose unit ended without a successor


def _commune_units(session: Session, *, today: dt.date, actor: str) -> list[CommuneUnit]:
    """The `phuoc-thanh` preset's units under the demo's codes, from the plan's date. The
    People's Committee is the plan's own (nothing to add); a department's alias that a unit
    of the district still holds is left to it: an export names the department by its name,
    which the matcher reads by the dossier's date."""
    added = []
    for table in read_preset(COMMUNE_PRESET).get("units", []):
        entry = unit_entry(table, f"Mẫu cấu hình {COMMUNE_PRESET}")
        matcher = UnitMatcher.load(session)
        taken = tuple(a for a in entry.aliases if matcher.exact(a) is not None)
        code = COMMUNE_CODES[entry.code]
        if matcher.exact(code) is not None:
            continue
        unit, *_ = add_entry(
            session,
            replace(
                entry,
                code=code,
                parent=COMMUNE_CODES.get(entry.parent or "", entry.parent),
                aliases=tuple(a for a in entry.aliases if a not in taken),
                valid_from=REFORM_DAY,
            ),
            today=today,
            actor=actor,
        )
        added.append(
            CommuneUnit(unit.code, unit.name, entry.head.name if entry.head else None, taken)
        )
    return added


def reform(session: Session, *, actor: str) -> Reform:
    """One invented dossier of xã Phước Trạch recorded on 30/06/2025; the plan applied on
    01/07/2025 (the dossier moves to xã Phước Thạnh, the district departments' open dossiers
    become orphans); the commune's departments added; from that day the organisation's
    settings are the commune's (its header on the printouts of its months, its Văn phòng
    writing them; the district's months keep the district's); the moved dossier
    settled by its new unit on 03/07/2025."""
    add_dossier(session, BRIDGE, today=BRIDGE_RECORDED, actor=actor)
    plan = reorganise(session, REFORM_PLAN, today=REFORM_DAY, actor=actor)
    added = _commune_units(session, today=REFORM_DAY, actor=actor)
    settings = dict(read_preset(COMMUNE_PRESET)["organisation"])
    settings["office_unit"] = COMMUNE_CODES[settings["office_unit"]]
    changed = replace_organisation(
        session,
        settings,
        from_date=REFORM_DAY,
        actor=actor,
        why="UBND xã Phước Thạnh dùng tiếp cơ sở dữ liệu này (giả định của bản chạy thử).",
    )
    resolve(session, BRIDGE.code, BRIDGE_SETTLED, today=BRIDGE_SETTLED, actor=actor)
    return Reform(plan, added, changed, orphans(session))


@dataclass(frozen=True)
class Reprint:
    code: str
    number: str | None
    sha256_before: str  # of the file printed in 2024, read from the disk
    file: RenderedFile  # the reprint: `unchanged` when it is the same file


def reprint(
    session: Session, settings: Settings, printed: RenderedFile, *, today: dt.date, actor: str
) -> Reprint:
    """Render an issued letter again into the folder it was printed in: its unit ended with
    the district, the organisation is now a commune, and yet it is the same file, byte for
    byte (the renderer writes nothing new and makes no new version)."""
    before = hashlib.sha256(printed.path.read_bytes()).hexdigest()
    with OutputBatch(overwrite=True) as outputs:
        result = render_letters(
            session,
            RenderRequest(codes=(printed.code,), out_dir=printed.path.parent),
            templates_dir=settings.templates_dir,
            number_format=settings.letter_number_format,
            today=today,
            actor=actor,
            outputs=outputs,
        )
    [again] = result.files
    letter = current_letter(get_dossier(session, printed.code))
    return Reprint(printed.code, letter.number if letter else None, before, again)
