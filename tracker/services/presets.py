"""Presets: an organisation's units (with their letter headers), aliases and heads, loaded
idempotently by `tracker init`; the same unit entries begin units in a reorganisation plan."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from tracker.errors import InvalidInput, NotFound
from tracker.failures import text_file_reason
from tracker.models import Unit
from tracker.services import heads, units
from tracker.services.organisation import add_missing_settings
from tracker.services.unit_headers import HeaderData

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PRESET_DIR = Path(__file__).resolve().parent.parent / "presets"
# Heads named by a preset without a date of their own took office before the first month
# tracker follows (the sample's November 2024).
PRESET_HEADS_SINCE = dt.date(2024, 1, 1)


@dataclass(frozen=True)
class PresetResult:
    units_added: int
    aliases_added: int
    heads_set: int
    settings_set: int


@dataclass(frozen=True)
class HeadEntry:
    name: str
    title: str | None
    placeholder: bool


@dataclass(frozen=True)
class UnitEntry:
    """One `[[units]]` table of a preset (or `[[begin]]` of a plan), checked."""

    code: str
    name: str
    kind: str
    abbreviation: str | None
    aliases: tuple[str, ...]
    header: HeaderData
    parent: str | None
    valid_from: dt.date | None
    head: HeadEntry | None


@dataclass(frozen=True)
class PresetChoice:
    """A preset shipped with tracker, as a page offers it."""

    name: str  # as a command names it: `phuoc-thanh`
    organisation: str  # its [organisation] name; "" when it has none


def packaged_names(directory: Path) -> list[str]:
    """The .toml files shipped in `directory`, by the names a command gives them (`go-dau`)."""
    return [path.stem.replace("_", "-") for path in sorted(directory.glob("*.toml"))]


def packaged_path(name: str, directory: Path, what: str) -> Path:
    """A .toml file given by path, or one shipped in `directory` by its name (`go-dau`)."""
    candidate = Path(name)
    if candidate.suffix == ".toml" and candidate.is_file():
        return candidate
    packaged = directory / f"{name.replace('-', '_')}.toml"
    if packaged.is_file():
        return packaged
    known = ", ".join(packaged_names(directory))
    raise NotFound(f"Không có {what} «{name}»: có sẵn {known}, hoặc chỉ đường dẫn tệp .toml.")


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"Không đọc được mẫu cấu hình {path}: {text_file_reason(exc)}.") from exc


def read_preset(name: str) -> dict[str, Any]:
    return read_toml(packaged_path(name, PRESET_DIR, "mẫu cấu hình"))


def bundled_presets() -> list[PresetChoice]:
    """The presets shipped with tracker, each with the office it describes."""
    choices = []
    for name in packaged_names(PRESET_DIR):
        settings = read_preset(name).get("organisation")
        office = settings.get("name", "") if isinstance(settings, dict) else ""
        choices.append(PresetChoice(name, str(office)))
    return choices


def _text(entry: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        problem = "thiếu trường" if value is None else "cần một chuỗi ở trường"
        raise InvalidInput(f"{where}: {problem} «{key}».")
    return value


def _texts(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidInput(f"{where}: trường «{key}» cần một chuỗi hoặc danh sách chuỗi.")
    return tuple(value)


def unit_entry(entry: Any, where: str) -> UnitEntry:
    """A unit table read from a preset or a plan; `where` names it in error messages."""
    if not isinstance(entry, dict):
        raise InvalidInput(f"{where}: mỗi đơn vị là một bảng TOML.")
    code = _text(entry, "code", where, required=True)
    where = f"{where}, đơn vị «{code}»"
    valid_from = entry.get("valid_from")
    if valid_from is not None and type(valid_from) is not dt.date:
        raise InvalidInput(f"{where}: «valid_from» cần một ngày dạng 2025-07-01.")
    head = entry.get("head")
    if head is not None and not isinstance(head, dict):
        raise InvalidInput(f'{where}: «head» cần dạng {{ name = "…", title = "…" }}.')
    header = entry.get("header")
    return UnitEntry(
        code=str(code),
        name=str(_text(entry, "name", where, required=True)),
        kind=str(_text(entry, "kind", where, required=True)),
        abbreviation=_text(entry, "abbreviation", where),
        aliases=_texts(entry.get("aliases", []), "aliases", where),
        header=HeaderData(
            governing_line=_text(entry, "governing", where),
            lines=_texts(header, "header", where) if header is not None else None,
            place=_text(entry, "place", where),
        ),
        parent=_text(entry, "parent", where),
        valid_from=valid_from,
        head=HeadEntry(
            name=str(_text(head, "name", f"{where}, head", required=True)),
            title=_text(head, "title", f"{where}, head"),
            placeholder=bool(head.get("placeholder", True)),
        )
        if head
        else None,
    )


def add_entry(
    session: Session, entry: UnitEntry, *, today: dt.date, actor: str
) -> tuple[Unit, int, int, int]:
    """The unit of `entry` (added unless its code exists), its aliases and its head (unless it
    has one): (unit, units added, aliases added, heads set)."""
    unit = units.UnitMatcher.load(session).exact(entry.code)
    added = 0
    if unit is None or unit.code != entry.code:
        unit = units.add_unit(
            session,
            entry.code,
            entry.name,
            kind=entry.kind,
            abbreviation=entry.abbreviation,
            actor=actor,
            parent=entry.parent,
            header=entry.header,
            valid_from=entry.valid_from,
        )
        added = 1
    aliases = 0
    for alias in entry.aliases:
        aliases += units.add_alias(session, unit.code, alias, actor=actor)[1]
    head = entry.head
    if head is None or units.current_head(unit) is not None:
        return unit, added, aliases, 0
    heads.set_head(
        session,
        unit.code,
        head.name,
        title=head.title,
        today=today,
        actor=actor,
        start_on=entry.valid_from or PRESET_HEADS_SINCE,
        placeholder=head.placeholder,
    )
    return unit, added, aliases, 1


def apply_preset(session: Session, name: str, *, today: dt.date, actor: str) -> PresetResult:
    data = read_preset(name)
    organisation_data = data.get("organisation", {})
    if not isinstance(organisation_data, dict):
        raise InvalidInput(f"Mẫu cấu hình {name}: [organisation] cần là một bảng TOML.")
    settings_set = add_missing_settings(session, organisation_data)
    units_added = aliases_added = heads_set = 0
    for entry in data.get("units", []):
        _unit, added, aliases, heads_added = add_entry(
            session, unit_entry(entry, f"Mẫu cấu hình {name}"), today=today, actor=actor
        )
        units_added += added
        aliases_added += aliases
        heads_set += heads_added
    return PresetResult(units_added, aliases_added, heads_set, settings_set)
