"""The demo's database through the reform of 1 July 2025, each step inside the caller's
transaction and on its own day: the shipped plan `go-dau-2025` applied, the commune's
departments added from the `phuoc-thanh` preset, the organisation's settings handed to UBND xã
Phước Thạnh — and, at the end, a November 2024 letter reprinted to show it has not changed."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
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
from tracker.services.case_rows import current_letter
from tracker.services.cases import get_dossier
from tracker.services.dossiers import add_dossier, resolve
from tracker.services.letter_render import RenderedFile, RenderRequest, render_letters
from tracker.services.reorganise import ReorganisationResult, reorganise
from tracker.services.take_over import TakeOverResult, take_over
from tracker.services.transfers import Orphan, orphans

if TYPE_CHECKING:
    from tracker.config import Settings


@dataclass(frozen=True)
class Reform:
    plan: ReorganisationResult
    commune: TakeOverResult  # the commune's departments added, its settings from the plan's day
    orphans: list[Orphan]  # open dossiers whose unit ended without a successor


def reform(session: Session, *, actor: str) -> Reform:
    """One invented dossier of xã Phước Trạch recorded on 30/06/2025; the plan applied on
    01/07/2025 (the dossier moves to xã Phước Thạnh, the district departments' open dossiers
    become orphans); the commune's departments added; from that day the organisation's
    settings are the commune's (its header on the printouts of its months, its Văn phòng
    writing them; the district's months keep the district's); the moved dossier
    settled by its new unit on 03/07/2025."""
    add_dossier(session, BRIDGE, today=BRIDGE_RECORDED, actor=actor)
    plan = reorganise(session, REFORM_PLAN, today=REFORM_DAY, actor=actor)
    commune = take_over(
        session,
        COMMUNE_PRESET,
        from_date=REFORM_DAY,
        today=REFORM_DAY,
        actor=actor,
        codes=COMMUNE_CODES,
        why="UBND xã Phước Thạnh dùng tiếp cơ sở dữ liệu này (giả định của bản chạy thử).",
    )
    resolve(session, BRIDGE.code, BRIDGE_SETTLED, today=BRIDGE_SETTLED, actor=actor)
    return Reform(plan, commune, orphans(session))


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
