"""Reorganisation plans: units that end on a date, units that begin on it, and which unit takes
over each ended unit's open dossiers — read from a TOML file and applied in one transaction,
or only described (`dry_run`).

What changes: each ended unit's last day is the day before the plan's date, its heads' terms
end, its dossiers still open on the plan's date go to the successor and the successor's head
(with their draft letters, re-signed by that head), or — when the plan names no successor —
stay with the ended unit without a head, listed by `tracker units orphans`. What does not:
settled dossiers, issued letters (each keeps its unit's header) and the months before the
plan's date (reports count a moved dossier where it was in its own month).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from tracker.errors import InvalidInput, Refused
from tracker.models import Dossier, Event, Unit
from tracker.services import audit
from tracker.services.presets import (
    PRESET_DIR,
    UnitEntry,
    add_entry,
    packaged_names,
    packaged_path,
    read_toml,
    unit_entry,
)
from tracker.services.transfers import latest_move, move_dossier
from tracker.services.units import UnitMatcher, check_new_unit, current_head
from tracker.text import clean

PLAN_DIR = PRESET_DIR / "plans"
ACTION = "units.reorganise"


@dataclass(frozen=True)
class Ending:
    unit: str
    successor: str | None  # a unit's code; None: no successor


@dataclass(frozen=True)
class Plan:
    title: str
    path: Path
    sha256: str
    effective: dt.date  # the new units' first day; the ended units' last is the day before
    begin: tuple[UnitEntry, ...]
    end: tuple[Ending, ...]


def read_plan(name: str) -> Plan:
    """A plan file (or one shipped with tracker, by name), checked for its shape."""
    path = packaged_path(name, PLAN_DIR, "kế hoạch sắp xếp")
    data = read_toml(path)
    where = f"Kế hoạch {path.name}"
    header = data.get("plan")
    if not isinstance(header, dict) or type(header.get("from")) is not dt.date:
        raise InvalidInput(f"{where}: cần bảng [plan] có «from = 2025-07-01» (ngày hiệu lực).")
    endings = []
    for entry in data.get("end", []):
        if not isinstance(entry, dict) or not isinstance(entry.get("unit"), str):
            raise InvalidInput(f'{where}: mỗi bảng [[end]] cần «unit = "mã đơn vị"».')
        if not isinstance(entry.get("successor"), str):
            raise InvalidInput(
                f'{where}: đơn vị «{entry["unit"]}» cần «successor = "mã đơn vị kế thừa"» '
                '(ghi successor = "" nếu không có đơn vị nào nhận hồ sơ).'
            )
        endings.append(Ending(entry["unit"], clean(entry["successor"]) or None))
    return Plan(
        title=clean(str(header.get("title", path.stem))),
        path=path,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        effective=header["from"],
        begin=tuple(
            replace(unit_entry(entry, where), valid_from=header["from"])
            for entry in data.get("begin", [])
        ),
        end=tuple(endings),
    )


@dataclass(frozen=True)
class PlanChoice:
    """A plan shipped with tracker, as a page offers it."""

    name: str  # as a command names it: `go-dau-2025`
    title: str
    effective: dt.date


def bundled_plans() -> list[PlanChoice]:
    """The plans shipped with tracker, with their titles and dates."""
    return [
        PlanChoice(name, plan.title, plan.effective)
        for name in packaged_names(PLAN_DIR)
        for plan in [read_plan(name)]
    ]


@dataclass(frozen=True)
class Change:
    """One dossier's move, or one unit's end: from → to (None: no successor)."""

    code: str
    name: str
    to: str | None
    head: str | None  # the head who answers for it afterwards; for a unit, whose term ends
    draft_letter: bool = False


@dataclass(frozen=True)
class ReorganisationResult:
    title: str
    effective: dt.date
    applied: bool
    begun: list[Change]  # code, name, to=None, head: the new unit's head
    ended: list[Change]  # code, name, to: successor, head: the head whose term ends
    moved: list[Change]  # dossier code, procedure, to: new unit, head: its head
    orphaned: list[Change]  # dossier code, procedure, to=None, head=None


def _already_applied(session: Session, plan: Plan) -> dt.datetime | None:
    for event in session.scalars(select(Event).where(Event.action == ACTION)):
        if (event.after or {}).get("sha256") == plan.sha256:
            return event.at
    return None


def _check(plan: Plan, matcher: UnitMatcher) -> dict[str, Unit]:
    """Refuse a plan that cannot apply as written; returns the ending units by plan code."""
    ending: dict[str, Unit] = {}
    for end in plan.end:
        unit = matcher.find(end.unit)
        if unit.valid_to is not None:
            raise Refused(f"Đơn vị {unit.code} đã kết thúc ngày {unit.valid_to:%d/%m/%Y}.")
        if unit.valid_from is not None and unit.valid_from >= plan.effective:
            raise InvalidInput(
                f"Đơn vị {unit.code} bắt đầu từ {unit.valid_from:%d/%m/%Y}: kế hoạch không thể "
                "cho nó kết thúc trước ngày đó."
            )
        ending[end.unit] = unit
    codes = [entry.code for entry in plan.begin]
    if twice := sorted({code for code in codes if codes.count(code) > 1}):
        raise InvalidInput(f"Kế hoạch có hai đơn vị mới cùng mã «{twice[0]}».")
    begun = set(codes)
    ending_ids = {unit.id for unit in ending.values()}
    for entry in plan.begin:
        check_new_unit(entry.code, entry.name, entry.kind, entry.header)
        # A new unit may take the name of one this plan ends (xã Phước Thạnh, before and after).
        clash = matcher.clash(entry.code, entry.name, plan.effective, ending=ending_ids)
        if clash is not None:
            raise Refused(
                f"Đơn vị mới «{entry.code}» trùng mã hoặc tên với {clash.code} ({clash.name})."
            )
    for end in plan.end:
        if end.successor is None or end.successor in begun:
            continue
        successor = matcher.exact(end.successor, plan.effective)
        if successor is None or successor.id in ending_ids:
            raise InvalidInput(
                f"Đơn vị kế thừa «{end.successor}» của {end.unit} không có trong kế hoạch "
                "và không phải đơn vị còn hoạt động."
            )
    return ending


def _open_dossiers(session: Session, unit: Unit, day: dt.date) -> list[Dossier]:
    return list(
        session.scalars(
            select(Dossier)
            .where(
                Dossier.unit_id == unit.id,
                or_(Dossier.finished_at.is_(None), Dossier.finished_at >= day),
            )
            .options(selectinload(Dossier.letters))
            .order_by(Dossier.due_at, Dossier.code)
        )
    )


def reorganise(
    session: Session, name: str, *, today: dt.date, actor: str, dry_run: bool = False
) -> ReorganisationResult:
    """Apply the plan `name` (a path or a shipped plan), or with `dry_run` say exactly what it
    would change and change nothing."""
    plan = read_plan(name)
    if (applied_at := _already_applied(session, plan)) is not None:
        raise Refused(f"Kế hoạch «{plan.title}» đã được áp dụng ngày {applied_at:%d/%m/%Y}.")
    if plan.effective > today and not dry_run:
        raise Refused(
            f"Kế hoạch có hiệu lực từ {plan.effective:%d/%m/%Y}, sau hôm nay: áp dụng từ ngày đó "
            "(xem trước bằng --dry-run)."
        )
    moved_last = latest_move(session)
    if moved_last is not None and plan.effective < moved_last:
        raise Refused(
            f"Đã có hồ sơ chuyển đơn vị ngày {moved_last:%d/%m/%Y}, sau ngày hiệu lực của kế "
            "hoạch: các kế hoạch phải áp dụng theo thứ tự ngày."
        )
    matcher = UnitMatcher.load(session)
    ending = _check(plan, matcher)
    heads = {entry.code: entry.head.name if entry.head else None for entry in plan.begin}
    successors = {end.unit: end.successor for end in plan.end}
    result = ReorganisationResult(plan.title, plan.effective, not dry_run, [], [], [], [])
    result.begun.extend(Change(e.code, e.name, None, heads[e.code]) for e in plan.begin)
    movers: list[tuple[Dossier, str | None]] = []
    for key, unit in ending.items():
        head = current_head(unit)
        result.ended.append(
            Change(unit.code, unit.name, successors[key], head.full_name if head else None)
        )
        for dossier in _open_dossiers(session, unit, plan.effective):
            movers.append((dossier, successors[key]))
    for dossier, successor in movers:
        if successor is None:
            result.orphaned.append(Change(dossier.code, dossier.procedure, None, None))
            continue
        new = matcher.exact(successor, plan.effective)
        new_head = heads[successor] if successor in heads else _head_name(new, plan.effective)
        draft = any(letter.status == "draft" for letter in dossier.letters)
        result.moved.append(Change(dossier.code, dossier.procedure, successor, new_head, draft))
    if not dry_run:
        _apply(session, plan, ending, movers, today=today, actor=actor)
        audit.record(
            session, actor=actor, action=ACTION, entity="plan", after=_summary(plan, result)
        )
    return result


def _head_name(unit: Unit | None, day: dt.date) -> str | None:
    head = current_head(unit, day) if unit is not None else None
    return head.full_name if head else None


def _apply(
    session: Session,
    plan: Plan,
    ending: dict[str, Unit],
    movers: list[tuple[Dossier, str | None]],
    *,
    today: dt.date,
    actor: str,
) -> None:
    last_day = plan.effective - dt.timedelta(days=1)
    for unit in ending.values():
        before = {"valid_to": None, "head": _head_name(unit, last_day)}
        unit.valid_to = last_day
        for head in unit.heads:
            if head.end_on is None or head.end_on > plan.effective:
                head.end_on = plan.effective
        audit.record(
            session,
            actor=actor,
            action="unit.end",
            entity="unit",
            entity_id=unit.id,
            before=before,
            after={"valid_to": last_day.isoformat()},
            note=plan.title,
        )
    session.flush()  # the ended units free their names for the units that follow them
    for entry in plan.begin:
        add_entry(session, entry, today=today, actor=actor)
    matcher = UnitMatcher.load(session)
    for key, unit in ending.items():
        successor = next(end.successor for end in plan.end if end.unit == key)
        if successor is not None:
            found = matcher.exact(successor, plan.effective)
            assert found is not None  # checked by _check
            unit.successor_id = found.id
    for dossier, successor in movers:
        target = matcher.exact(successor, plan.effective) if successor else None
        move_dossier(session, dossier, target, on=plan.effective, actor=actor, note=plan.title)


def _summary(plan: Plan, result: ReorganisationResult) -> dict[str, Any]:
    return {
        "plan": plan.title,
        "file": plan.path.name,
        "sha256": plan.sha256,
        "from": plan.effective.isoformat(),
        "begun": [c.code for c in result.begun],
        "ended": {c.code: c.to for c in result.ended},
        "moved": len(result.moved),
        "orphaned": len(result.orphaned),
    }
