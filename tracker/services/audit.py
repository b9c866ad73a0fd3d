"""The append-only event log: every change, who made it and when, before and after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import ApologyLetter, Dossier, Event

# What each action of the log is called where a person reads the history (CLI and browser).
ACTION_LABELS = {
    "dossier.add": "Thêm hồ sơ",
    "dossier.import": "Nhập từ tệp",
    "dossier.update": "Cập nhật từ tệp",
    "dossier.assign": "Giao người chịu trách nhiệm",
    "dossier.reason": "Ghi lý do trễ hạn",
    "dossier.resolve": "Trả kết quả",
    "dossier.move": "Chuyển đơn vị",
    "dossier.orphan": "Chờ giao đơn vị (đơn vị cũ kết thúc)",
    "letter.draft": "Soạn thư xin lỗi",
    "letter.render": "In thư xin lỗi",
    "letter.issue": "Ban hành thư xin lỗi",
    "letter.publish": "Công khai thư xin lỗi",
    "letter.withdraw": "Gỡ công khai",
    "letter.correct": "Sửa công khai",
    "letter.supersede": "Hẹn lại lần hai",
    "letter.move": "Chuyển dự thảo sang đơn vị mới",
}


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None = None,
    dossier_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str | None = None,
) -> None:
    session.add(
        Event(
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            dossier_id=dossier_id,
            before=before,
            after=after,
            note=note,
        )
    )


def record_dossier(
    session: Session, dossier: Dossier, action: str, *, actor: str, **change: Any
) -> None:
    """A change to one dossier; `change` holds its `before` and `after`."""
    record(
        session,
        actor=actor,
        action=action,
        entity="dossier",
        entity_id=dossier.id,
        dossier_id=dossier.id,
        **change,
    )


def record_letter(
    session: Session,
    letter: ApologyLetter,
    action: str,
    *,
    actor: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str | None = None,
) -> None:
    """A change to one letter, filed in its dossier's history."""
    record(
        session,
        actor=actor,
        action=action,
        entity="letter",
        entity_id=letter.id,
        dossier_id=letter.dossier_id,
        before=before,
        after=after,
        note=note,
    )


def jsonable(value: Any) -> Any:
    """Dates as ISO strings so that before/after fit in a JSON column."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    actor: str
    action: str
    entity: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str | None

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def details(self) -> str:
        """What changed, `key: before → after`, and the note: one line a person reads."""
        keys = list(dict.fromkeys([*(self.after or {}), *(self.before or {})]))
        parts = []
        for key in keys:
            old = (self.before or {}).get(key)
            new = (self.after or {}).get(key)
            changed = self.before and key in self.before
            parts.append(f"{key}: {old} → {new}" if changed else f"{key}: {new}")
        return "; ".join(parts) + (f" — {self.note}" if self.note else "")


def history(session: Session, dossier: Dossier) -> list[HistoryEntry]:
    events = session.scalars(
        select(Event).where(Event.dossier_id == dossier.id).order_by(Event.id)
    ).all()
    return [
        HistoryEntry(e.at, e.actor, e.action, e.entity, e.before, e.after, e.note) for e in events
    ]
