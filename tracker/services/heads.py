"""Heads of units: who answers for a unit's dossiers, with the history of appointments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from tracker.errors import Ambiguous, InvalidInput, NotFound, Refused
from tracker.models import Dossier, Head, Unit
from tracker.next_steps import Action, NextStep
from tracker.services import audit
from tracker.services.units import current_head, resolve_unit
from tracker.text import clean, fold, sort_key

T = TypeVar("T")

DEFAULT_TITLES = {"department": "Trưởng phòng", "commune": "Chủ tịch UBND", "other": "Thủ trưởng"}


@dataclass(frozen=True)
class HeadInfo:
    id: int
    full_name: str
    title: str
    unit: str
    unit_name: str
    start_on: dt.date
    end_on: dt.date | None
    placeholder: bool


def head_info(head: Head) -> HeadInfo:
    return HeadInfo(
        id=head.id,
        full_name=head.full_name,
        title=head.title,
        unit=head.unit.code,
        unit_name=head.unit.name,
        start_on=head.start_on,
        end_on=head.end_on,
        placeholder=head.placeholder,
    )


def list_heads(session: Session, *, include_past: bool = False) -> list[HeadInfo]:
    query = select(Head).options(joinedload(Head.unit))
    if not include_past:
        query = query.where(Head.end_on.is_(None))
    heads = session.scalars(query).all()
    return [head_info(h) for h in sorted(heads, key=lambda h: (sort_key(h.unit.name), h.start_on))]


def per_head(
    session: Session,
    grouped: Mapping[tuple[str, str | None], T],
    unit_names: Mapping[str, str],
) -> list[tuple[str, str | None, str | None, T]]:
    """Sections keyed by (unit code, head name) in the order of the printouts handed to the
    heads — unit name, then head, Vietnamese sort — as (unit, head, head's title, section);
    no title for dossiers no head answers for."""
    titles = {(h.unit, h.full_name): h.title for h in list_heads(session)}
    return [
        (unit, head, titles.get((unit, head)) if head else None, section)
        for (unit, head), section in sorted(
            grouped.items(),
            key=lambda entry: (sort_key(unit_names[entry[0][0]]), sort_key(entry[0][1] or "")),
        )
    ]


def resolve_head(session: Session, text: str) -> Head:
    """A current head by name (without diacritics or case) or by their unit's code/name."""
    needle = fold(text)
    heads = session.scalars(
        select(Head).options(joinedload(Head.unit)).where(Head.end_on.is_(None))
    ).all()
    exact = [h for h in heads if h.name_folded == needle]
    matches = exact or [h for h in heads if needle and needle in h.name_folded]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        names = ", ".join(f"{h.full_name} ({h.unit.code})" for h in matches)
        raise Ambiguous(f"«{clean(text)}» khớp nhiều người: {names}. Hãy ghi rõ hơn.")
    try:
        unit = resolve_unit(session, text)
    except NotFound:
        raise NotFound(
            f"Không tìm thấy người đứng đầu «{clean(text)}».", NextStep(Action.LIST_HEADS)
        ) from None
    head = current_head(unit)
    if head is None:
        raise NotFound(
            f"Đơn vị {unit.code} chưa có người đứng đầu.", NextStep(Action.SET_HEAD, unit.code)
        )
    return head


def current_head_by_id(session: Session, head_id: int) -> Head:
    """A head picked from a list (the browser's form), still in office."""
    head = session.get(Head, head_id)
    if head is None or head.end_on is not None:
        raise NotFound("Người đứng đầu đã chọn không còn giữ chức: hãy tải lại trang và chọn lại.")
    return head


def default_title(unit: Unit) -> str:
    return DEFAULT_TITLES.get(unit.kind, "Thủ trưởng")


def set_head(
    session: Session,
    unit_text: str,
    full_name: str,
    *,
    title: str | None,
    today: dt.date,
    actor: str,
    start_on: dt.date | None = None,
    placeholder: bool = False,
) -> Head:
    """Appoint a head; the previous head's term ends the same day (history is kept)."""
    name = clean(full_name)
    if not name:
        raise InvalidInput("Họ tên người đứng đầu không được để trống.")
    unit = resolve_unit(session, unit_text)
    start = start_on or today
    if unit.valid_to is not None and start > unit.valid_to:
        raise Refused(
            f"Đơn vị {unit.code} ({unit.name}) đã kết thúc ngày {unit.valid_to:%d/%m/%Y}: "
            "không giao người đứng đầu mới."
        )
    previous = current_head(unit)
    if previous is not None:
        if previous.name_folded == fold(name) and (title is None or clean(title) == previous.title):
            return previous
        previous.end_on = start
    head = Head(
        unit=unit,
        full_name=name,
        name_folded=fold(name),
        title=clean(title) if title else default_title(unit),
        start_on=start,
        placeholder=placeholder,
    )
    session.add(head)
    session.flush()
    if previous is not None:
        _hand_over_open_dossiers(session, previous, head, actor=actor)
    audit.record(
        session,
        actor=actor,
        action="head.set",
        entity="head",
        entity_id=head.id,
        before={"full_name": previous.full_name} if previous else None,
        after={"unit": unit.code, "full_name": name, "title": head.title},
    )
    return head


def _hand_over_open_dossiers(session: Session, previous: Head, head: Head, *, actor: str) -> None:
    """A new head answers for the unit's open dossiers from the day they are appointed."""
    open_dossiers = session.scalars(
        select(Dossier).where(Dossier.head_id == previous.id, Dossier.finished_at.is_(None))
    ).all()
    for dossier in open_dossiers:
        assign_dossier(
            session,
            dossier,
            head,
            previous=previous.full_name,
            actor=actor,
            note="Đổi người đứng đầu đơn vị",
        )


def assign_dossier(
    session: Session,
    dossier: Dossier,
    head: Head,
    *,
    previous: str | None,
    actor: str,
    note: str | None = None,
) -> None:
    """Make `head` answer for `dossier`, with the event (`previous` is the old head's name)."""
    dossier.head = head
    audit.record(
        session,
        actor=actor,
        action="dossier.assign",
        entity="dossier",
        entity_id=dossier.id,
        dossier_id=dossier.id,
        before={"head": previous},
        after={"head": head.full_name},
        note=note,
    )
