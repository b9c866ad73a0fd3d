"""Presets: an organisation's units, aliases and heads, loaded idempotently by `tracker init`."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.errors import InvalidInput, NotFound
from tracker.failures import text_file_reason
from tracker.models import Setting
from tracker.services import heads, units

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PRESET_DIR = Path(__file__).resolve().parent.parent / "presets"


@dataclass(frozen=True)
class PresetResult:
    units_added: int
    aliases_added: int
    heads_set: int
    settings_set: int


def preset_path(name: str) -> Path:
    candidate = Path(name)
    if candidate.suffix == ".toml" and candidate.is_file():
        return candidate
    packaged = PRESET_DIR / f"{name.replace('-', '_')}.toml"
    if packaged.is_file():
        return packaged
    known = ", ".join(p.stem.replace("_", "-") for p in sorted(PRESET_DIR.glob("*.toml")))
    raise NotFound(
        f"Không có mẫu cấu hình «{name}»: các mẫu có sẵn là {known}, hoặc chỉ đường dẫn tệp .toml."
    )


def read_preset(name: str) -> dict[str, Any]:
    path = preset_path(name)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"Không đọc được mẫu cấu hình {path}: {text_file_reason(exc)}.") from exc


def organisation(session: Session) -> dict[str, str]:
    """The organisation's settings (name, place, governing body…) as loaded from the preset."""
    rows = session.scalars(select(Setting).where(Setting.key.like("org.%"))).all()
    return {row.key.removeprefix("org."): row.value for row in rows}


def apply_preset(session: Session, name: str, *, today: dt.date, actor: str) -> PresetResult:
    data = read_preset(name)
    settings_set = 0
    for key, value in data.get("organisation", {}).items():
        existing = session.get(Setting, f"org.{key}")
        if existing is None:
            session.add(Setting(key=f"org.{key}", value=str(value)))
            settings_set += 1
    session.flush()
    units_added = aliases_added = heads_set = 0
    matcher = units.UnitMatcher.load(session)
    for entry in data.get("units", []):
        try:
            code, name_, kind = entry["code"], entry["name"], entry["kind"]
        except KeyError as exc:
            raise InvalidInput(f"Mẫu cấu hình {name}: một đơn vị thiếu trường {exc}.") from None
        unit = matcher.exact(code)
        if unit is None:
            unit = units.add_unit(
                session, code, name_, kind=kind, abbreviation=entry.get("abbreviation"), actor=actor
            )
            units_added += 1
        for alias in entry.get("aliases", []):
            _unit, added = units.add_alias(session, unit.code, alias, actor=actor)
            aliases_added += added
        head = entry.get("head")
        if head and units.current_head(unit) is None:
            heads.set_head(
                session,
                unit.code,
                head["name"],
                title=head.get("title"),
                today=today,
                actor=actor,
                start_on=dt.date(2024, 1, 1),
                placeholder=head.get("placeholder", True),
            )
            heads_set += 1
        matcher = units.UnitMatcher.load(session)
    return PresetResult(units_added, aliases_added, heads_set, settings_set)
