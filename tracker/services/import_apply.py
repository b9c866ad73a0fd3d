"""The second half of an import: staged rows matched to the stored dossiers and written.

Runs in the import's one write transaction, so it is set-based SQL over the staged table, not
Python per row: new codes go in with one INSERT … SELECT (in code order, so the unique index
fills page after page), their `dossier.import` events with another; only the rows that change
a stored dossier come back to Python, to write each change with its before and after. Matching
here, at the end, rather than while staging means a dossier a clerk added or changed meanwhile
is seen as it is now. On PostgreSQL the stored dossiers a file changes are locked as they are
read: a clerk changing one at the same moment waits for the import's commit, or the import for
the clerk's, and neither overwrites the other blindly; and the joins use the staged table's
fresh statistics: linear time, where the former `WHERE code IN (…thousands…)` per chunk grew
quadratic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    String,
    and_,
    bindparam,
    cast,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from tracker.models import Event, Head, Unit
from tracker.rules import search_key
from tracker.services import audit
from tracker.services.bulk import table_of
from tracker.services.import_staging import AS_STORED, DOSSIERS, IMPORTED, ROWS
from tracker.services.import_staging import changes as file_changes
from tracker.services.units import current_head

EVENTS, UNITS, HEADS = (table_of(m) for m in (Event, Unit, Head))


@dataclass(frozen=True)
class Matched:
    new: int
    updated: int
    unchanged: int


def _changed_condition() -> Any:
    s, d = ROWS, DOSSIERS
    return or_(*(and_(s.c[n].is_not(None), s.c[n].is_distinct_from(d.c[n])) for n in IMPORTED))


def count(session: Session) -> Matched:
    """What applying would do, without writing (a dry run, or --strict with rejections)."""
    s, d = ROWS, DOSSIERS
    matched = select(func.count()).select_from(s.join(d, d.c.code == s.c.code))
    changed = matched.where(_changed_condition())
    total = session.scalar(select(func.count()).select_from(s)) or 0
    found, updated = session.scalar(matched) or 0, session.scalar(changed) or 0
    return Matched(total - found, updated, found - updated)


class Apply:
    """Writes the staged rows as import batch `batch_id`."""

    def __init__(
        self,
        session: Session,
        batch_id: int,
        *,
        actor: str,
        now: dt.datetime,
        heads: dict[int, int | None],
    ) -> None:
        self.session = session
        self.heads = heads
        self.batch_id = batch_id
        self.actor = actor
        self.now = now
        self.unit_codes: dict[int, str] = {}

    def run(self) -> Matched:
        """New dossiers and their events first (on PostgreSQL nobody sees them before the
        commit, so they keep no clerk waiting), then the changes to stored dossiers, each
        locked as it is read (tracker.db)."""
        self._current_heads()
        joined = ROWS.join(DOSSIERS, DOSSIERS.c.code == ROWS.c.code)
        found = self.session.scalar(select(func.count()).select_from(joined)) or 0
        total = self.session.scalar(select(func.count()).select_from(ROWS)) or 0
        if total > found:
            self._insert()
            self._import_events()
        updated = self._update()
        return Matched(total - found, updated, found - updated)

    def _current_heads(self) -> None:
        """A new dossier goes to its unit's head as of now: if a head changed while the file
        was staged (rare), its unit's staged rows are updated."""
        for unit in self.session.scalars(select(Unit).where(Unit.id.in_(list(self.heads)))):
            self.unit_codes[unit.id] = unit.code
            if unit.valid_to is not None:
                continue  # a unit that has ended: its heads no longer change (and orphans stay)
            head = current_head(unit)
            if (head.id if head else None) != self.heads[unit.id]:
                self.session.execute(
                    update(ROWS)
                    .where(ROWS.c.unit_id == unit.id)
                    .values(head_id=head.id if head else None)
                )

    def _insert(self) -> None:
        """Every staged code not stored yet (staged codes are unique: repeats were settled)."""
        s, d = ROWS, DOSSIERS
        columns = {
            **{name: s.c[name] for name in AS_STORED},
            "unit_id": s.c.unit_id,
            "head_id": s.c.head_id,
            "period": s.c.period,
            "search_key": s.c.search_key,
            "source": literal("import", String),
            "import_batch_id": literal(self.batch_id),
            "import_row": s.c.row,
            "created_at": literal(self.now, d.c.created_at.type),
            "updated_at": literal(self.now, d.c.updated_at.type),
        }
        source = (
            select(*columns.values())
            .where(~exists().where(d.c.code == s.c.code))
            .order_by(s.c.code)
        )
        self.session.execute(insert(d).from_select(list(columns), source))

    def _update(self) -> int:
        """Each stored dossier the file changes: the changed fields, and an event with before
        and after. Only these rows are read back (usually few)."""
        s, d = ROWS, DOSSIERS
        query = (
            select(
                d.c.id,
                s.c.row,
                s.c.code,
                *(s.c[n].label(f"new_{n}") for n in IMPORTED),
                *(d.c[n].label(f"old_{n}") for n in IMPORTED),
            )
            .join(d, d.c.code == s.c.code)
            .where(_changed_condition())
            # Locked in id order (a clerk's change waits, or is waited for, and is then read
            # as committed: the event's "before" is the value it replaces); SQLite ignores it.
            .order_by(d.c.id)
            .with_for_update(of=d)
        )
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        events: list[dict[str, Any]] = []
        for row in self.session.execute(query).mappings():
            changes = file_changes(
                {n: row[f"new_{n}"] for n in IMPORTED}, {n: row[f"old_{n}"] for n in IMPORTED}
            )
            params = {f"new_{n}": new for n, (_old, new) in changes.items()}
            if "procedure" in changes or "applicant" in changes:
                after = {n: row[f"old_{n}"] for n in ("applicant", "procedure")}
                after.update({n: new for n, (_old, new) in changes.items() if n in after})
                params["new_search_key"] = search_key(
                    row["code"], after["applicant"], after["procedure"]
                )
            params["dossier_id"] = row["id"]
            groups.setdefault(tuple(sorted(params)), []).append(params)
            events.append(self._update_event(row["id"], row["row"], changes))
        for keys, rows in groups.items():
            values: dict[str, Any] = {k[4:]: bindparam(k) for k in keys if k.startswith("new_")}
            statement = (
                update(d)
                .where(d.c.id == bindparam("dossier_id"))
                .values(updated_at=self.now, **values)
            )
            self.session.connection().execute(statement, rows)
        if events:
            self.session.connection().execute(insert(EVENTS), events)
        return len(events)

    def _update_event(
        self, dossier_id: int, row: int, changes: dict[str, tuple[Any, Any]]
    ) -> dict[str, Any]:
        before, after = {}, {}
        for name, (old, new) in changes.items():
            key = "unit" if name == "unit_id" else name
            if name == "unit_id":
                old, new = self._unit_code(old), self._unit_code(new)
            before[key], after[key] = audit.jsonable(old), audit.jsonable(new)
        return {
            "at": self.now,
            "actor": self.actor,
            "dossier_id": dossier_id,
            "entity": "dossier",
            "entity_id": dossier_id,
            "action": "dossier.update",
            "before": before,
            "after": after,
            "note": f"Lần nhập #{self.batch_id}, dòng {row}",
        }

    def _unit_code(self, unit_id: int) -> str:
        if unit_id not in self.unit_codes:
            self.unit_codes[unit_id] = self.session.get_one(Unit, unit_id).code
        return self.unit_codes[unit_id]

    def _import_events(self) -> None:
        """One `dossier.import` event per new dossier, written by the database in one statement."""
        d, u, h = DOSSIERS, UNITS, HEADS
        # What the dossier looked like when it came in; code, procedure and applicant are
        # left out (the event belongs to the dossier; later changes record before/after).
        pairs = {
            "unit": u.c.code,
            "head": h.c.full_name,
            "received_at": d.c.received_at,
            "due_at": d.c.due_at,
            "finished_at": d.c.finished_at,
            "period": d.c.period,
            "reason": d.c.reason,
        }
        arguments = [
            part for key, column in pairs.items() for part in (cast(literal(key), String), column)
        ]
        postgresql = self.session.connection().dialect.name == "postgresql"
        builder = func.json_build_object if postgresql else func.json_object
        source = (
            select(
                literal(self.now),
                literal(self.actor),
                d.c.id,
                literal("dossier"),
                d.c.id,
                literal("dossier.import"),
                builder(*arguments),
                literal(f"Lần nhập #{self.batch_id}, dòng ") + cast(d.c.import_row, String),
            )
            # From the staged rows, by code: as long as the import, whatever the table's size.
            .select_from(
                ROWS.join(d, d.c.code == ROWS.c.code)
                .join(u, u.c.id == d.c.unit_id)
                .outerjoin(h, h.c.id == d.c.head_id)
            )
            .where(d.c.import_batch_id == self.batch_id)
        )
        e = EVENTS
        self.session.execute(
            insert(e).from_select(
                [e.c.at, e.c.actor, e.c.dossier_id, e.c.entity, e.c.entity_id, e.c.action,
                 e.c.after, e.c.note],
                source,
            )
        )  # fmt: skip
