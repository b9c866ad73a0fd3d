"""Units (departments, communes) and the many names they go by."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.errors import Ambiguous, InvalidInput, NotFound, Refused
from tracker.models import UNIT_KINDS, Head, Unit, UnitAlias
from tracker.services import audit
from tracker.text import clean, fold, fold_key, sort_key

KIND_LABELS = {"department": "Cơ quan chuyên môn", "commune": "UBND xã, thị trấn", "other": "Khác"}

# Spellings one-stop exports add around a unit's name (folded form, with spaces).
_GOVERNING_PREFIX = re.compile(r"^(uy ban nhan dan|ubnd)\s+")
_LOCALITY_SUFFIX = re.compile(r"\s+(huyen|thi xa|thanh pho|tinh)\s+.*$")


def canonical_key(name: str) -> str:
    """The key under which a unit's name is matched: `UBND xã Hiệp Thạnh`, `Ủy ban nhân dân
    xã Hiệp Thạnh` and `xã Hiệp Thạnh` share one; so do a name with and without `huyện Gò Dầu`."""
    folded = fold(name)
    folded = _GOVERNING_PREFIX.sub("", folded)
    folded = _LOCALITY_SUFFIX.sub("", folded)
    return fold_key(folded)


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    kind: str
    abbreviation: str
    aliases: tuple[str, ...]
    head_name: str | None
    head_title: str | None
    head_placeholder: bool


class UnitMatcher:
    """Every unit's names and aliases, loaded once: resolves thousands of import rows cheaply."""

    def __init__(self, units: list[Unit]) -> None:
        self.units = units
        self._by_key: dict[str, Unit] = {}
        for unit in units:
            self._by_key.setdefault(unit.code.lower(), unit)
            self._by_key.setdefault(canonical_key(unit.name), unit)
            for alias in unit.aliases:
                self._by_key[alias.alias_key] = unit

    @classmethod
    def load(cls, session: Session) -> UnitMatcher:
        return cls(list(session.scalars(select(Unit).options(selectinload(Unit.aliases)))))

    def exact(self, text: str) -> Unit | None:
        """A unit named exactly (code, name, alias) up to diacritics, case and punctuation."""
        value = clean(text)
        if not value:
            return None
        return self._by_key.get(value.lower()) or self._by_key.get(canonical_key(value))

    def find(self, text: str) -> Unit:
        """Exact match first, else every unit whose name contains the words typed."""
        unit = self.exact(text)
        if unit is not None:
            return unit
        needle = fold(text)
        candidates = [
            u
            for u in self.units
            if needle
            and (needle in fold(u.name) or any(needle in fold(a.alias) for a in u.aliases))
        ]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise NotFound(
                f"Không tìm thấy đơn vị «{clean(text)}»: xem `tracker units list`, "
                f'hoặc thêm tên khác bằng `tracker units alias MÃ_ĐƠN_VỊ "{clean(text)}"`.'
            )
        names = ", ".join(f"{u.code} ({u.name})" for u in sorted(candidates, key=_unit_order))
        raise Ambiguous(f"«{clean(text)}» khớp nhiều đơn vị: {names}. Hãy ghi rõ hơn hoặc dùng mã.")


def _unit_order(unit: Unit) -> tuple[object, ...]:
    return (UNIT_KINDS.index(unit.kind), sort_key(unit.name))


def resolve_unit(session: Session, text: str) -> Unit:
    return UnitMatcher.load(session).find(text)


def current_head(unit: Unit, on: dt.date | None = None) -> Head | None:
    """The unit's head on a day (default: the one whose term is still open)."""
    for head in reversed(unit.heads):
        if on is None and head.end_on is None:
            return head
        if on is not None and head.start_on <= on and (head.end_on is None or on < head.end_on):
            return head
    return None


def list_units(session: Session) -> list[UnitInfo]:
    units = session.scalars(
        select(Unit).options(selectinload(Unit.aliases), selectinload(Unit.heads))
    ).all()
    result = []
    for unit in sorted(units, key=_unit_order):
        head = current_head(unit)
        result.append(
            UnitInfo(
                id=unit.id,
                code=unit.code,
                name=unit.name,
                kind=unit.kind,
                abbreviation=unit.abbreviation,
                aliases=tuple(a.alias for a in unit.aliases),
                head_name=head.full_name if head else None,
                head_title=head.title if head else None,
                head_placeholder=head.placeholder if head else False,
            )
        )
    return result


_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")


def add_unit(
    session: Session,
    code: str,
    name: str,
    *,
    kind: str,
    abbreviation: str | None,
    actor: str,
    parent: str | None = None,
) -> Unit:
    code = clean(code).lower()
    name = clean(name)
    if not _CODE.match(code):
        raise InvalidInput(
            f"Mã đơn vị «{code}» không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang."
        )
    if kind not in UNIT_KINDS:
        raise InvalidInput(f"Loại đơn vị «{kind}» không hợp lệ: department, commune hoặc other.")
    if not name:
        raise InvalidInput("Tên đơn vị không được để trống.")
    matcher = UnitMatcher.load(session)
    clash = matcher.exact(code) or matcher.exact(name)
    if clash is not None:
        raise Refused(f"Đã có đơn vị trùng mã hoặc tên: {clash.code} ({clash.name}).")
    parent_unit = matcher.find(parent) if parent else None
    unit = Unit(
        code=code,
        name=name,
        name_folded=fold(name),
        kind=kind,
        abbreviation=clean(abbreviation) if abbreviation else code.upper(),
        parent_id=parent_unit.id if parent_unit else None,
    )
    session.add(unit)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="unit.add",
        entity="unit",
        entity_id=unit.id,
        after={"code": code, "name": name, "kind": kind, "abbreviation": unit.abbreviation},
    )
    return unit


def add_alias(session: Session, unit_text: str, alias: str, *, actor: str) -> tuple[Unit, bool]:
    """Give a unit another name; returns (unit, added). The same alias twice is a no-op."""
    alias = clean(alias)
    if not alias:
        raise InvalidInput("Tên khác của đơn vị không được để trống.")
    matcher = UnitMatcher.load(session)
    unit = matcher.find(unit_text)
    key = canonical_key(alias)
    owner = matcher.exact(alias)
    if owner is not None:
        if owner.id == unit.id:
            return unit, False
        raise Refused(f"Tên «{alias}» đã thuộc về đơn vị {owner.code} ({owner.name}).")
    unit.aliases.append(UnitAlias(alias=alias, alias_key=key))
    audit.record(
        session,
        actor=actor,
        action="unit.alias",
        entity="unit",
        entity_id=unit.id,
        after={"alias": alias},
    )
    return unit, True
