"""Units (departments, communes) over time, their letter headers, and the many names they go by."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence, Set
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker import rules
from tracker.errors import Ambiguous, InvalidInput, NotFound, Refused
from tracker.headers import check_header, header_lines
from tracker.models import UNIT_KINDS, ApologyLetter, Head, Unit, UnitAlias
from tracker.next_steps import Action, NextStep
from tracker.services import audit
from tracker.services.unit_headers import HeaderData, apply_header, header_snapshot
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
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: str | None = None  # the successor's code
    governing_line: str = ""
    header_lines: tuple[str, ...] = ()
    place: str = ""


class Filing(NamedTuple):
    """The unit (by code, or the text as typed when none matches) an imported row goes to."""

    unit: str
    warning: str | None = None
    headed: bool = True  # False: an orphan, which no head answers for
    step: NextStep | None = None  # what to do about the warning


def _day_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=1)


def _of_the_day(units: Sequence[Unit], on: dt.date | None) -> Unit | None:
    """Of units sharing a name, the one that existed `on` (None: the current one), else the
    newest."""
    if len(units) < 2:
        return units[0] if units else None
    if on is None:
        chosen = [u for u in units if u.valid_to is None]
    else:
        chosen = [u for u in units if rules.exists_on(u.valid_from, u.valid_to, on)]
    return max(chosen or units, key=lambda u: u.valid_from or dt.date.min)


class UnitMatcher:
    """Every unit's names and aliases, loaded once: resolves thousands of import rows cheaply.

    Two units may share a name over time (xã Phước Thạnh before and after 1 July 2025): a name
    then means the unit that existed on the day asked about, else the newest one."""

    def __init__(self, units: list[Unit]) -> None:
        self.units = units
        self._by_code = {unit.code.lower(): unit for unit in units}
        self._by_id = {unit.id: unit for unit in units}
        self._by_key: dict[str, list[Unit]] = {}
        for unit in units:
            for key in {canonical_key(unit.name), *(a.alias_key for a in unit.aliases)}:
                self._by_key.setdefault(key, []).append(unit)
        # Without a unit that begins or ends, names never depend on the day (most databases).
        self._over_time = any(u.valid_from or u.valid_to for u in units)
        self._named: dict[str, list[Unit]] = {}

    @classmethod
    def load(cls, session: Session) -> UnitMatcher:
        return cls(list(session.scalars(select(Unit).options(selectinload(Unit.aliases)))))

    def exact(self, text: str, on: dt.date | None = None) -> Unit | None:
        """A unit named exactly (code, name, alias) up to diacritics, case and punctuation;
        of two units of that name, the one that existed `on` (default: the current one)."""
        return _of_the_day(self._named_by(text), on)

    def _named_by(self, text: str) -> list[Unit]:
        value = clean(text)
        if not value:
            return []
        if value.lower() in self._by_code:
            return [self._by_code[value.lower()]]
        return self._by_key.get(canonical_key(value), [])

    def handing_over(self, text: str, received: dt.date | None, finished: dt.date | None) -> Filing:
        """Where an imported row naming unit `text` is filed (see `hand_over`)."""
        if not self._over_time:
            return Filing(text)
        if text not in self._named:  # thousands of rows name a few units
            self._named[text] = self._named_by(text)
        named = _of_the_day(self._named[text], received or finished)
        return Filing(text) if named is None else self.hand_over(named, text, finished)

    def hand_over(self, named: Unit, text: str, finished: dt.date | None) -> Filing:
        """Where a dossier of unit `named` (as `text` named it) is filed. When that unit had
        ended while the dossier was still open, it goes to the unit's successor (the
        successor's, if that ended too), or — with none — stays without a head, an orphan; a
        warning says which."""
        unit = named
        while unit.valid_to is not None and rules.open_on(finished, _day_after(unit.valid_to)):
            successor = self._by_id.get(unit.successor_id or 0)
            if successor is None:
                return Filing(
                    unit.code,
                    f"đơn vị «{clean(text)}» đã kết thúc ngày {unit.valid_to:%d/%m/%Y} và không "
                    "có đơn vị kế thừa",
                    headed=False,
                    step=NextStep(Action.ORPHANS),
                )
            unit = successor
        if unit is named:
            return Filing(unit.code)
        assert named.valid_to is not None
        return Filing(
            unit.code,
            f"đơn vị «{clean(text)}» đã kết thúc ngày {named.valid_to:%d/%m/%Y}: hồ sơ chưa có "
            f"kết quả khi đó nên thuộc đơn vị kế thừa {unit.name} ({unit.code})",
        )

    def find(self, text: str) -> Unit:
        """Exact match first, else every unit whose name contains the words typed (the
        current ones, when any of them does)."""
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
        candidates = [u for u in candidates if u.valid_to is None] or candidates
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise NotFound(
                f"Không tìm thấy đơn vị «{clean(text)}».", NextStep(Action.FIND_UNIT, clean(text))
            )
        names = ", ".join(f"{u.code} ({u.name})" for u in sorted(candidates, key=_unit_order))
        raise Ambiguous(f"«{clean(text)}» khớp nhiều đơn vị: {names}. Hãy ghi rõ hơn hoặc dùng mã.")

    def clash(
        self, code: str, name: str, valid_from: dt.date | None, *, ending: Set[int] = frozenset()
    ) -> Unit | None:
        """A unit with this code, or with this name on some day a unit from `valid_from` would
        exist (units in `ending` are about to end the day before)."""
        overlapping = [
            u
            for u in self._by_key.get(canonical_key(name), [])
            if u.id not in ending
            and (valid_from is None or u.valid_to is None or u.valid_to >= valid_from)
        ]
        return self._by_code.get(clean(code).lower()) or (overlapping[0] if overlapping else None)


def _unit_order(unit: Unit) -> tuple[object, ...]:
    return (UNIT_KINDS.index(unit.kind), sort_key(unit.name))


def resolve_unit(session: Session, text: str) -> Unit:
    return UnitMatcher.load(session).find(text)


def current_head(unit: Unit, on: dt.date | None = None) -> Head | None:
    """The unit's head on a day (default: the one whose term is still open)."""
    return rules.in_office(unit.heads, on)


def unit_info(unit: Unit, codes: dict[int, str]) -> UnitInfo:
    """A unit as lists show it; `codes` names units by id (for the successor)."""
    head = current_head(unit)
    return UnitInfo(
        id=unit.id,
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        abbreviation=unit.abbreviation,
        aliases=tuple(a.alias for a in unit.aliases),
        head_name=head.full_name if head else None,
        head_title=head.title if head else None,
        head_placeholder=head.placeholder if head else False,
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
        successor=codes.get(unit.successor_id) if unit.successor_id else None,
        governing_line=unit.governing_line,
        header_lines=header_lines(unit.header_name),
        place=unit.place,
    )


def list_units(session: Session, *, on: dt.date | None = None) -> list[UnitInfo]:
    """Every unit, or those that exist `on` a day."""
    units = session.scalars(
        select(Unit).options(selectinload(Unit.aliases), selectinload(Unit.heads))
    ).all()
    codes = {unit.id: unit.code for unit in units}
    return [
        unit_info(unit, codes)
        for unit in sorted(units, key=_unit_order)
        if on is None or rules.exists_on(unit.valid_from, unit.valid_to, on)
    ]


_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")


def check_new_unit(
    code: str, name: str, kind: str, header: HeaderData | None = None
) -> tuple[str, str]:
    """The new unit's code and name, cleaned; a value that cannot be is refused."""
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
    if header is not None and header.lines is not None and (problem := check_header(header.lines)):
        raise InvalidInput(f"Đơn vị {code}: {problem}")
    return code, name


def add_unit(
    session: Session,
    code: str,
    name: str,
    *,
    kind: str,
    abbreviation: str | None,
    actor: str,
    parent: str | None = None,
    header: HeaderData | None = None,
    valid_from: dt.date | None = None,
) -> Unit:
    """A new unit, its header as given or derived (a commune's People's Committee names
    itself in full, a department prints the organisation's governing body above its name)."""
    code, name = check_new_unit(code, name, kind, header)
    matcher = UnitMatcher.load(session)
    clash = matcher.clash(code, name, valid_from)
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
        valid_from=valid_from,
        header_name="",
        place="",
    )
    apply_header(session, unit, header or HeaderData())
    session.add(unit)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="unit.add",
        entity="unit",
        entity_id=unit.id,
        after={
            "code": code,
            "name": name,
            "kind": kind,
            "abbreviation": unit.abbreviation,
            "valid_from": audit.jsonable(valid_from),
            **header_snapshot(unit),
        },
    )
    return unit


def set_header(
    session: Session, unit_text: str, header: HeaderData, *, actor: str, why: str | None = None
) -> tuple[Unit, int]:
    """Change a unit's header or place; returns (unit, issued letters whose reprint changes).

    An issued letter is reprinted from its unit's header, so a change that would alter
    letters already issued needs `why`, kept in the log."""
    unit = resolve_unit(session, unit_text)
    before = header_snapshot(unit)
    apply_header(session, unit, header)
    after = header_snapshot(unit)
    if after == before:
        return unit, 0
    issued = len(
        session.scalars(
            select(ApologyLetter.id).where(
                ApologyLetter.unit_id == unit.id, ApologyLetter.number.is_not(None)
            )
        ).all()
    )
    if issued and not clean(why):
        raise Refused(
            f"Đơn vị {unit.code} đã ban hành {issued} thư: in lại sẽ mang tiêu đề mới.",
            NextStep(Action.WHY_FOR_HEADER),
        )
    changed = [key for key in after if after[key] != before[key]]
    audit.record(
        session,
        actor=actor,
        action="unit.header",
        entity="unit",
        entity_id=unit.id,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
        note=clean(why) or None,
    )
    return unit, issued


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
