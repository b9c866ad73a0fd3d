"""Another office keeps the database from a day on: a preset's office (UBND xã Phước Thạnh after
huyện Gò Dầu's reorganisation) becomes its keeper. Its `[organisation]` settings hold from that
day (the months before keep the office that worked them) and its units the database does not
have yet begin that day — in one transaction, or only described (`dry_run`).

A preset unit the database already has, by code or by name on that day (the People's Committee
a reorganisation plan began), is kept as it is. A preset code that an ended unit still holds
(the district's Văn phòng `vp`, which keeps its code for its letters) cannot be reused: the
office gives the new unit a code of its own (`codes`, `--code vp=pt-vp`). An alias another unit
still holds stays with it: an export naming that unit by its full name is read by the
dossier's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.dates import format_date
from tracker.errors import InvalidInput, Refused
from tracker.models import Unit
from tracker.rules import exists_on
from tracker.services import audit
from tracker.services.organisation import latest_change, replace_organisation, settings_replaced
from tracker.services.presets import UnitEntry, add_entry, read_preset, unit_entry
from tracker.services.units import UnitMatcher, check_new_unit
from tracker.text import clean

ACTION = "organisation.take_over"


@dataclass(frozen=True)
class LeftAlias:
    alias: str
    unit: str  # the code of the unit that still holds it


@dataclass(frozen=True)
class TakenUnit:
    """One unit of the preset, under its code in this database."""

    code: str
    preset_code: str
    name: str
    head: str | None  # an added unit's head from the preset; a kept unit's is left as it was
    aliases_left: tuple[LeftAlias, ...] = ()


@dataclass(frozen=True)
class TakeOverResult:
    preset: str
    organisation: str  # the name of the office that keeps the database from `effective`
    effective: dt.date
    applied: bool
    settings_changed: list[str]
    added: list[TakenUnit]
    kept: list[TakenUnit]
    # The office's settings from `effective`, as kept: what each changed key becomes (a changed
    # key missing here ends that day).
    settings: dict[str, str]


@dataclass(frozen=True)
class _Step:
    entry: UnitEntry  # under its code in this database, from the take-over's day
    taken: TakenUnit
    kept: bool


def _preset(name: str) -> tuple[dict[str, object], list[UnitEntry]]:
    data = read_preset(name)
    settings = data.get("organisation")
    if not isinstance(settings, dict) or not settings:
        raise InvalidInput(
            f"Mẫu cấu hình {name} không có bảng [organisation]: không biết cơ quan nào dùng tiếp "
            "cơ sở dữ liệu."
        )
    entries = [unit_entry(table, f"Mẫu cấu hình {name}") for table in data.get("units", [])]
    return settings, entries


def code_renames(texts: Iterable[str]) -> dict[str, str]:
    """Code renames typed as `vp=pt-vp` (the CLI's `--code`, the web's field), by preset code."""
    renamed = {}
    for text in texts:
        preset_code, equals, code = text.partition("=")
        if not equals or not preset_code.strip() or not code.strip():
            raise InvalidInput(f"«{text}» cần dạng MÃ_TRONG_MẪU=MÃ_MỚI, ví dụ vp=pt-vp.")
        renamed[preset_code.strip()] = code.strip()
    return renamed


def _database_codes(entries: list[UnitEntry], codes: Mapping[str, str]) -> dict[str, str]:
    """Each preset code → its code in this database (the preset's own unless `codes` renames
    it)."""
    known = {entry.code for entry in entries}
    if unknown := sorted(set(codes) - known):
        raise InvalidInput(
            f"Mẫu cấu hình không có đơn vị mã «{unknown[0]}» (--code): có {', '.join(sorted(known))}."
        )
    renamed = {code: clean(codes.get(code, code)) for code in known}
    if empty := sorted(code for code, new in renamed.items() if not new):
        raise InvalidInput(f"Mã mới của đơn vị «{empty[0]}» (--code) không được để trống.")
    new_codes = [new.lower() for new in renamed.values()]
    if twice := sorted({new for new in new_codes if new_codes.count(new) > 1}):
        raise InvalidInput(f"Hai đơn vị của mẫu cấu hình cùng mã «{twice[0]}» (--code).")
    return renamed


def _unit_by_code(session: Session, code: str) -> Unit | None:
    return session.scalar(select(Unit).where(func.lower(Unit.code) == code.lower()))


def _steps(
    session: Session, entries: list[UnitEntry], codes: dict[str, str], day: dt.date
) -> list[_Step]:
    """What becomes of each preset unit: kept (the database has it on `day`) or added."""
    matcher = UnitMatcher.load(session)
    found: dict[str, Unit] = {}
    for entry in entries:
        code = codes[entry.code]
        unit = _unit_by_code(session, code)
        if unit is not None and not exists_on(unit.valid_from, unit.valid_to, day):
            when = (
                f"đã kết thúc ngày {format_date(unit.valid_to)}"
                if unit.valid_to is not None and unit.valid_to < day
                else f"chỉ bắt đầu từ ngày {format_date(unit.valid_from)}"
            )
            raise Refused(
                f"Mã «{code}» là của đơn vị {unit.name}, {when}, giữ mã cho thư và báo cáo cũ: "
                f"đặt mã khác cho đơn vị mới của mẫu bằng --code {entry.code}=MÃ_MỚI."
            )
        same_name = unit or matcher.exact(entry.name, day)
        if same_name is not None and exists_on(same_name.valid_from, same_name.valid_to, day):
            found[entry.code] = same_name
    steps = []
    for entry in entries:
        parent = entry.parent
        if parent in codes:
            parent = found[parent].code if parent in found else codes[parent]
        if (unit := found.get(entry.code)) is not None:
            taken = TakenUnit(unit.code, entry.code, unit.name, None)
            steps.append(_Step(entry, taken, kept=True))
            continue
        owners = {alias: matcher.exact(alias) for alias in entry.aliases}
        left = tuple(LeftAlias(a, owner.code) for a, owner in owners.items() if owner is not None)
        free = tuple(alias for alias, owner in owners.items() if owner is None)
        new = replace(entry, code=codes[entry.code], parent=parent, aliases=free, valid_from=day)
        check_new_unit(new.code, new.name, new.kind, new.header)
        head = entry.head.name if entry.head else None
        taken = TakenUnit(new.code, entry.code, new.name, head, left)
        steps.append(_Step(new, taken, kept=False))
    return steps


def take_over(
    session: Session,
    preset: str,
    *,
    from_date: dt.date,
    today: dt.date,
    actor: str,
    codes: Mapping[str, str] | None = None,
    why: str | None = None,
    dry_run: bool = False,
) -> TakeOverResult:
    """From `from_date` the office of `preset` keeps this database: its settings, and its units
    the database lacks, valid from that day (`codes` renames a preset's unit codes). With
    `dry_run`, say exactly what would change and change nothing."""
    settings, entries = _preset(preset)
    latest = latest_change(session)
    if latest is not None and from_date < latest:
        raise Refused(
            f"Thiết lập cơ quan đã đổi từ ngày {format_date(latest)}: không thể thay từ ngày "
            f"{format_date(from_date)}, trước ngày đó (sẽ viết lại các tháng đã có cơ quan)."
        )
    steps = _steps(session, entries, _database_codes(entries, codes or {}), from_date)
    by_preset_code = {step.taken.preset_code: step.taken.code for step in steps}
    office = str(settings.get("office_unit", ""))
    if office in by_preset_code:
        settings = settings | {"office_unit": by_preset_code[office]}
    name = str(settings.get("name", preset))
    values = {key: str(value) for key, value in settings.items()}
    added = [step.taken for step in steps if not step.kept]
    kept = [step.taken for step in steps if step.kept]
    if dry_run:
        changed = settings_replaced(session, settings, from_date=from_date)
        return TakeOverResult(preset, name, from_date, False, changed, added, kept, values)
    for step in steps:
        if not step.kept:
            add_entry(session, step.entry, today=today, actor=actor)
    reason = why or f"{name} dùng tiếp cơ sở dữ liệu này (mẫu cấu hình {preset})."
    changed = replace_organisation(session, settings, from_date=from_date, actor=actor, why=reason)
    audit.record(
        session,
        actor=actor,
        action=ACTION,
        entity="organisation",
        after={
            "preset": preset,
            "from": from_date.isoformat(),
            "settings_changed": changed,
            "added": [unit.code for unit in added],
            "kept": [unit.code for unit in kept],
            "aliases_left": {left.alias: left.unit for unit in added for left in unit.aliases_left},
        },
        note=reason,
    )
    return TakeOverResult(preset, name, from_date, True, changed, added, kept, values)
