"""Importing a one-stop export: upsert by dossier code, all of it or nothing.

Two steps, so that a long import never locks the office out (db.py):
- `stage` reads the file (tracker.importers, pure), checks every row, looks units up and
  decides repeats, into temporary tables of the import's own connection, in a transaction
  that takes no write lock: a clerk's `cases reason` goes through meanwhile.
- `apply` then matches the staged rows to the stored dossiers and writes them in one
  transaction (import_apply.py): on SQLite under the write lock; on PostgreSQL under the
  imports' own lock, locking only the stored dossiers it changes, so clerks go on writing
  (tracker.db). One transaction, so an import killed at any moment leaves the database as it
  was, or as after. The staging tables die with the
  connection: nothing is left to recover.
`import_file` runs both in the caller's one transaction (the demo, tests).

Rules: a new code is inserted and assigned to its unit's current head; a known
code gets only the fields the file states and changed (an empty cell never erases a stored
value), never the local ones (reason, head, letters); a code seen twice in one file merges
when identical and is rejected when not.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.dates import Period
from tracker.db import import_lock
from tracker.errors import FileProblem, Refused
from tracker.importers import Export, RowError, parse_mapping
from tracker.importers.fields import BY_NAME
from tracker.importers.limits import ImportLimits
from tracker.models import ColumnMapping, ImportBatch, Unit, utcnow
from tracker.next_steps import Action, NextStep
from tracker.services import audit
from tracker.services.bulk import LargerPageCache
from tracker.services.import_apply import Apply, Matched, count
from tracker.services.import_staging import (
    IMPORTED,
    RowWarning,
    Stager,
    Summary,
    all_rejections,
    create_tables,
    drop_tables,
    first_rejections,
)

# SQLite page cache while applying: room for the code index of 1M dossiers, while the
# whole process stays under its memory budget (bench/import.py measures both).
IMPORT_CACHE_KIB = 128 * 1024

Progress = Callable[[int, int], None]
RejectionSink = Callable[[Iterator[RowError]], None]

__all__ = ["IMPORTED", "ImportOptions", "ImportResult", "RowWarning", "import_file"]


@dataclass(frozen=True)
class ImportOptions:
    period: Period | None = None  # the new dossiers' period; None: each one's due date's month
    sheet: str | None = None
    encoding: str | None = None
    mapping: tuple[str, ...] = ()  # "Tên cột=field", as typed
    save_mapping: bool = False
    dry_run: bool = False
    strict: bool = False
    limits: ImportLimits = field(default_factory=ImportLimits)


@dataclass(frozen=True)
class ColumnUse:
    header: str
    field: str
    label: str
    source: str  # "alias" | "map" | "saved"


@dataclass(frozen=True)
class ImportResult:
    file_name: str
    sha256: str
    file_kind: str  # "csv" | "spreadsheet"
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    header_row: int
    period: str | None
    columns: tuple[ColumnUse, ...]
    ignored_columns: tuple[str, ...]
    new: int
    updated: int
    unchanged: int
    merged: int  # identical repeats of a code within the file
    rejected: int
    rejected_by_kind: dict[str, int]  # REJECTION_KINDS → rows
    skipped: dict[str, int]  # blank, header, numbering, totals, note
    rejections: tuple[RowError, ...]  # the first ones, in row order (all: `rejections=` sink)
    warned: int
    warnings: tuple[RowWarning, ...]  # the first ones
    batch_id: int | None  # None when nothing was written
    dry_run: bool
    written: bool
    previous_batch: tuple[int, dt.datetime] | None  # the same file imported before

    @property
    def landed(self) -> int:
        return self.new + self.updated + self.unchanged + self.merged


@dataclass(frozen=True)
class BatchInfo:
    id: int
    file_name: str
    sha256: str
    period: str | None
    sheet: str | None
    new: int
    updated: int
    unchanged: int
    rejected: int
    actor: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Staged:
    """A file read and checked into the staging tables of one connection, not yet applied."""

    options: ImportOptions
    actor: str
    typed: list[tuple[str, str, str]]  # --map as (header key, header, field)
    file_name: str
    sha256: str
    file_kind: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    header_row: int
    columns: tuple[ColumnUse, ...]
    column_map: dict[str, str]
    ignored_columns: tuple[str, ...]
    skipped: dict[str, int]
    summary: Summary

    @property
    def rejected(self) -> int:
        return sum(self.summary.rejected.values())

    @property
    def writes(self) -> bool:
        """Whether `apply` will write (else it only counts): the caller takes the write lock."""
        options = self.options
        return not options.dry_run and not (options.strict and self.rejected) and self.landing > 0

    @property
    def landing(self) -> int:
        return self.summary.staged + self.summary.merged


def _mapping(
    session: Session, options: ImportOptions
) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str, str]]]:
    """header key → (field, source): saved mappings, overridden by this command's --map."""
    mapping = {m.header_key: (m.field, "saved") for m in session.scalars(select(ColumnMapping))}
    typed = [parse_mapping(text) for text in options.mapping]
    for key, _header, name in typed:
        mapping[key] = (name, "map")
    return mapping, typed


def _save_mapping(session: Session, typed: list[tuple[str, str, str]], *, actor: str) -> None:
    for key, header, name in typed:
        saved = session.get(ColumnMapping, key)
        before = {"header": saved.header, "field": saved.field} if saved else None
        if saved is None:
            session.add(ColumnMapping(header_key=key, header=header, field=name))
        elif saved.field == name:
            continue
        else:
            saved.header, saved.field = header, name
        audit.record(
            session,
            actor=actor,
            action="column_mapping.save",
            entity="column_mapping",
            before=before,
            after={"header": header, "field": name},
        )


def stage(
    session: Session,
    path: Path,
    options: ImportOptions,
    *,
    actor: str,
    progress: Progress | None = None,
) -> Staged:
    """Read and check the file into staging tables; FileProblem for a file that cannot be read
    as a whole. Writes nothing but the session connection's temporary tables."""
    if session.scalar(select(Unit.id).limit(1)) is None:
        # Every row would be rejected for its unknown unit: say what to do first instead.
        raise Refused(
            "Cơ sở dữ liệu chưa có đơn vị nào để giao hồ sơ.", NextStep(Action.LOAD_UNITS)
        )
    mapping, typed = _mapping(session, options)
    if options.save_mapping and not typed:
        raise FileProblem('--save-map cần ít nhất một --map "Tên cột=trường" để lưu.')
    with Export(
        path,
        sheet=options.sheet,
        encoding=options.encoding,
        mapping=mapping,
        limits=options.limits,
    ) as export:
        create_tables(session)
        summary = Stager(session, export, period=options.period).run(export, progress)
        sha256, _size = export.finish()
        layout = export.layout
        if summary.staged + summary.merged + sum(summary.rejected.values()) == 0:
            raise FileProblem(
                f"Tệp «{export.name}» không có dòng hồ sơ nào dưới dòng tiêu đề "
                f"{layout.header_row}."
            )
        return Staged(
            options=options,
            actor=actor,
            typed=typed,
            file_name=export.name,
            sha256=sha256,
            file_kind=export.kind,
            encoding=export.encoding,
            delimiter=export.table.delimiter,
            sheet=export.table.sheet,
            header_row=layout.header_row,
            columns=tuple(
                ColumnUse(c.header, c.field, BY_NAME[c.field].label, c.source)
                for c in layout.columns
            ),
            column_map={c.header: c.field for c in layout.columns},
            ignored_columns=layout.ignored,
            skipped=dict(export.skipped),
            summary=summary,
        )


def apply(
    session: Session,
    staged: Staged,
    *,
    rejections: RejectionSink | None = None,
) -> ImportResult:
    """Match and write the staged rows (or only count them, when `staged.writes` is false);
    hand every rejection to `rejections`; drop the staging tables. Writing takes the imports'
    own lock first (tracker.db: one import applies at a time; clerks go on writing)."""
    previous = session.execute(
        select(ImportBatch.id, ImportBatch.created_at)
        .where(ImportBatch.sha256 == staged.sha256)
        .order_by(ImportBatch.id.desc())
        .limit(1)
    ).first()
    summary = staged.summary
    months = list(summary.months)
    period = staged.options.period
    if period is None and len(months) == 1:
        period = Period(*months[0])  # one month: the file's period
    label = str(period) if period else None  # as the batches' column holds it
    batch: ImportBatch | None = None
    with LargerPageCache(session, IMPORT_CACHE_KIB):
        if staged.writes:
            import_lock(session)
            batch = _batch(session, staged, label)
            heads = summary.heads
            apply_ = Apply(session, batch.id, actor=staged.actor, now=utcnow(), heads=heads)
            matched = apply_.run()
            if staged.options.save_mapping:
                _save_mapping(session, staged.typed, actor=staged.actor)
            _record(session, batch, staged, matched)
        else:
            matched = count(session)
    if rejections is not None:
        rejections(all_rejections(session))
    kept = first_rejections(session)
    drop_tables(session)
    return ImportResult(
        file_name=staged.file_name,
        sha256=staged.sha256,
        file_kind=staged.file_kind,
        encoding=staged.encoding,
        delimiter=staged.delimiter,
        sheet=staged.sheet,
        header_row=staged.header_row,
        period=label,
        columns=staged.columns,
        ignored_columns=staged.ignored_columns,
        new=matched.new,
        updated=matched.updated,
        unchanged=matched.unchanged,
        merged=summary.merged,
        rejected=staged.rejected,
        rejected_by_kind=dict(Counter(summary.rejected).most_common()),
        skipped=staged.skipped,
        rejections=tuple(kept),
        warned=summary.warned,
        warnings=tuple(summary.warnings),
        batch_id=batch.id if batch else None,
        dry_run=staged.options.dry_run,
        written=batch is not None,
        previous_batch=(previous[0], previous[1]) if previous else None,
    )


def _batch(session: Session, staged: Staged, period: str | None) -> ImportBatch:
    batch = ImportBatch(
        file_name=staged.file_name[:500],  # the columns' sizes: a name is never refused
        sha256=staged.sha256,
        period=period,
        sheet=staged.sheet[:200] if staged.sheet else None,
        column_map=staged.column_map,
        actor=staged.actor,
    )
    session.add(batch)
    session.flush()
    return batch


def _record(session: Session, batch: ImportBatch, staged: Staged, matched: Matched) -> None:
    batch.rows_new, batch.rows_updated = matched.new, matched.updated
    batch.rows_unchanged = matched.unchanged + staged.summary.merged
    batch.rows_rejected = staged.rejected
    audit.record(
        session,
        actor=staged.actor,
        action="import.batch",
        entity="import_batch",
        entity_id=batch.id,
        after={
            "file": batch.file_name,
            "sha256": batch.sha256,
            "new": matched.new,
            "updated": matched.updated,
            "unchanged": batch.rows_unchanged,
            "rejected": staged.rejected,
        },
    )
    session.flush()


def import_file(
    session: Session,
    path: Path,
    options: ImportOptions,
    *,
    actor: str,
    progress: Progress | None = None,
    rejections: RejectionSink | None = None,
) -> ImportResult:
    """Import one export in the caller's transaction (staging and applying together)."""
    staged = stage(session, path, options, actor=actor, progress=progress)
    return apply(session, staged, rejections=rejections)


def list_batches(session: Session) -> list[BatchInfo]:
    """Every import, newest first."""
    batches = session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()))
    return [
        BatchInfo(
            id=b.id,
            file_name=b.file_name,
            sha256=b.sha256,
            period=b.period,
            sheet=b.sheet,
            new=b.rows_new,
            updated=b.rows_updated,
            unchanged=b.rows_unchanged,
            rejected=b.rows_rejected,
            actor=b.actor,
            created_at=b.created_at,
        )
        for b in batches
    ]
