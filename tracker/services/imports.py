"""Importing a one-stop export: upsert by dossier code, all of it or nothing.

The file is read by `tracker.importers` (pure) as a stream of records; here each record is
matched to a unit and to the stored dossier with the same code, in chunks, so a 1M-row file
never sits in memory and never becomes 1M ORM objects: new dossiers go in through Core
executemany, their `dossier.import` events through one INSERT … SELECT. Everything happens
inside a savepoint that is released only when the import should stand (not for --dry-run,
not for --strict with a rejected row), and the caller's transaction makes it atomic.

Rules (issue 3, domain.md): a new code is inserted and assigned to its unit's current head;
a known code gets only the fields the file states and changed (an empty cell never erases a
stored value), never the local ones (reason, head, letters); a code seen twice in one file
merges when identical and is rejected when not.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import String, bindparam, cast, func, insert, literal, select, update
from sqlalchemy.orm import Session

from tracker.errors import FileProblem
from tracker.importers import Export, ImportRecord, Layout, RowError, parse_mapping
from tracker.importers.fields import BY_NAME, FIELDS
from tracker.models import ColumnMapping, Dossier, Event, Head, ImportBatch, Unit, utcnow
from tracker.rules import is_official_code
from tracker.services import audit
from tracker.services.bulk import BulkInsert, LargerPageCache, table_of
from tracker.services.dossiers import check_dates
from tracker.services.units import UnitMatcher, current_head
from tracker.text import fold

DOSSIERS, EVENTS, UNITS, HEADS = (table_of(m) for m in (Dossier, Event, Unit, Head))
CHUNK = 10_000
# SQLite page cache while importing: room for the code index of 1M dossiers, while the
# whole process stays under its 300 MB budget (bench/import.py measures both).
IMPORT_CACHE_KIB = 128 * 1024

# Fields a file may set on a stored dossier, as Dossier columns (the unit's name is looked up
# and stored as unit_id).
IMPORTED = tuple("unit_id" if f.name == "unit" else f.name for f in FIELDS if f.updatable)


Progress = Callable[[int, int], None]

_fold_repeated = lru_cache(maxsize=1 << 16)(fold)


def _search_key(code: str, applicant: str, procedure: str) -> str:
    """`dossiers.search_key`, built from parts: `fold` works letter by letter, so the fold of
    the joined text is the join of the folds — and across 1M rows applicants and procedures
    repeat, codes (already upper-case ASCII, no spaces) need only lower()."""
    folded_code = code.lower() if code.isascii() else fold(code)
    return f"{folded_code} {_fold_repeated(applicant)} {_fold_repeated(procedure)}"


@dataclass(frozen=True)
class ImportOptions:
    period: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    mapping: tuple[str, ...] = ()  # "Tên cột=field", as typed
    save_mapping: bool = False
    dry_run: bool = False
    strict: bool = False


@dataclass(frozen=True)
class ColumnUse:
    header: str
    field: str
    label: str
    source: str  # "alias" | "map" | "saved"


@dataclass(frozen=True)
class RowWarning:
    row: int
    code: str
    message: str


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
    skipped: dict[str, int]  # blank, header, numbering, totals, note
    rejections: tuple[RowError, ...]
    warnings: tuple[RowWarning, ...]
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


def _values(rec: ImportRecord, unit_id: int) -> dict[str, Any]:
    """The imported fields of a record, as Dossier columns."""
    values = {name: rec.values.get(name) for name in IMPORTED}
    values["unit_id"] = unit_id
    return values


class _Stored:
    """A dossier as the import sees it: id (None until inserted), origin, imported fields.

    A dossier inserted by this chunk keeps its record and builds its fields only if the
    same code comes again (rare): a million dicts nobody reads are not built."""

    __slots__ = ("_record", "_values", "batch", "id", "row")

    def __init__(
        self,
        id: int | None,
        batch: int | None,
        row: int | None,
        values: dict[str, Any] | None = None,
        record: tuple[ImportRecord, int] | None = None,
    ) -> None:
        self.id, self.batch, self.row = id, batch, row
        self._values, self._record = values, record

    @property
    def values(self) -> dict[str, Any]:
        if self._values is None:
            assert self._record is not None
            self._values = _values(*self._record)
        return self._values


# Columns of a new dossier, in the table's order.
INSERT_KEYS = tuple(column.name for column in DOSSIERS.c if column.name != "id")
# The file's fields that are Dossier columns as they stand (the unit is looked up instead).
_AS_STORED = tuple(f.name for f in FIELDS if f.name in DOSSIERS.c)


def _mapping(
    session: Session, options: ImportOptions
) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str, str]]]:
    """header key → (field, source): saved mappings, overridden by this command's --map."""
    mapping = {m.header_key: (m.field, "saved") for m in session.scalars(select(ColumnMapping))}
    typed = [parse_mapping(text) for text in options.mapping]
    for key, _header, field in typed:
        mapping[key] = (field, "map")
    return mapping, typed


def _save_mapping(session: Session, typed: list[tuple[str, str, str]], *, actor: str) -> None:
    for key, header, field in typed:
        saved = session.get(ColumnMapping, key)
        before = {"header": saved.header, "field": saved.field} if saved else None
        if saved is None:
            session.add(ColumnMapping(header_key=key, header=header, field=field))
        elif saved.field == field:
            continue
        else:
            saved.header, saved.field = header, field
        audit.record(
            session,
            actor=actor,
            action="column_mapping.save",
            entity="column_mapping",
            before=before,
            after={"header": header, "field": field},
        )


class _Upsert:
    """The per-chunk work of one import; counts and rejections accumulate here."""

    def __init__(
        self, session: Session, batch_id: int, layout: Layout, *, period: str | None, actor: str
    ) -> None:
        self.session = session
        self.connection = session.connection()
        self.batch_id = batch_id
        self.period = period
        self.actor = actor
        self.now = utcnow()
        self.matcher = UnitMatcher.load(session)
        self.headers = {c.field: c.header for c in layout.columns}
        self.units: dict[str, tuple[int, int | None, str] | None] = {}
        self.unit_codes: dict[int, str] = {}
        # code → row of its first occurrence, for codes matched to a dossier stored before.
        self.touched: dict[str, int] = {}
        self.counts: Counter[str] = Counter()
        self.months: Counter[tuple[int, int]] = Counter()  # due months, when --period is not given
        self.rejections: list[RowError] = []
        self.warnings: list[RowWarning] = []
        self.table = DOSSIERS
        self.inserter = BulkInsert(
            self.connection, DOSSIERS, INSERT_KEYS, bound=("created_at", "updated_at")
        )
        self.now_bound = self.inserter.bind("created_at", self.now)

    # -- rows ------------------------------------------------------------------------------

    def reject(self, row: int, field: str | None, code: str | None, reason: str, kind: str) -> None:
        self.rejections.append(RowError(row, self.headers.get(field or ""), code, reason, kind))

    def _unit(self, text: str) -> tuple[int, int | None, str] | None:
        if text not in self.units:
            unit = self.matcher.exact(text)
            head = current_head(unit) if unit is not None else None
            self.units[text] = (unit.id, head.id if head else None, unit.code) if unit else None
            if unit is not None:
                self.unit_codes[unit.id] = unit.code
        return self.units[text]

    def _check(self, rec: ImportRecord) -> tuple[int, int | None] | None:
        """(unit id, head id) of a record that can be stored; else the row is rejected."""
        values = rec.values
        code, unit_text = values["code"], values["unit"]
        unit = self._unit(unit_text)
        if unit is None:
            self.reject(
                rec.row,
                "unit",
                code,
                f"không có đơn vị «{unit_text}»: xem `tracker units list` rồi thêm tên này "
                f'bằng `tracker units alias MÃ_ĐƠN_VỊ "{unit_text}"` và nhập lại',
                "unit",
            )
            return None
        received, due = values["received_at"], values["due_at"]
        if problem := check_dates(received, due, values["finished_at"]):
            before_received = received is not None and due < received
            field = "due_at" if before_received else "finished_at"
            self.reject(rec.row, field, code, problem, "dates")
            return None
        if not is_official_code(code):
            self.warnings.append(
                RowWarning(
                    rec.row,
                    code,
                    f"mã hồ sơ «{code}» không theo dạng chuẩn (ví dụ "
                    "000.00.19.H53-241105-0001); vẫn nhập",
                )
            )
        return unit[0], unit[1]

    # -- chunks ----------------------------------------------------------------------------

    def _stored(self, codes: list[str]) -> dict[str, _Stored]:
        t = self.table
        query = select(
            t.c.id, t.c.code, t.c.import_batch_id, t.c.import_row, *(t.c[name] for name in IMPORTED)
        ).where(t.c.code.in_(codes))
        return {
            row[1]: _Stored(row[0], row[2], row[3], dict(zip(IMPORTED, row[4:], strict=True)))
            for row in self.connection.execute(query)
        }

    def chunk(self, records: list[ImportRecord]) -> None:
        checked = [(rec, ids) for rec in records if (ids := self._check(rec)) is not None]
        current = self._stored(list({rec.values["code"] for rec, _ids in checked}))
        inserts: list[dict[str, Any]] = []
        updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        events: list[dict[str, Any]] = []
        for rec, (unit_id, head_id) in checked:
            code, due = rec.values["code"], rec.values["due_at"]
            if self.period is None:
                self.months[due.year, due.month] += 1
            stored = current.get(code)
            if stored is None:
                inserts.append(self._new_row(rec, unit_id, head_id))
                current[code] = _Stored(None, self.batch_id, rec.row, record=(rec, unit_id))
                continue
            values = _values(rec, unit_id)
            changes = {
                name: (stored.values[name], new)
                for name, new in values.items()
                if new is not None and new != stored.values[name]
            }
            first = stored.row if stored.batch == self.batch_id else self.touched.get(code)
            if first is not None:
                self._repeat(rec, first, changes)
                continue
            self.touched[code] = rec.row
            if not changes:
                self.counts["unchanged"] += 1
                continue
            self.counts["updated"] += 1
            stored.values.update({name: new for name, (_old, new) in changes.items()})
            params = {f"new_{name}": new for name, (_old, new) in changes.items()}
            if "procedure" in changes or "applicant" in changes:
                params["new_search_key"] = _search_key(
                    code, stored.values["applicant"], stored.values["procedure"]
                )
            params["dossier_id"] = stored.id
            updates.setdefault(tuple(sorted(params)), []).append(params)
            events.append(self._update_event(stored.id, rec, changes))
        if inserts:
            self.inserter.run(inserts)
        for keys, rows in updates.items():
            columns: dict[str, Any] = {
                key[4:]: bindparam(key) for key in keys if key.startswith("new_")
            }
            statement = (
                update(self.table)
                .where(self.table.c.id == bindparam("dossier_id"))
                .values(updated_at=self.now, **columns)
            )
            self.connection.execute(statement, rows)
        if events:
            self.connection.execute(insert(EVENTS), events)

    def _repeat(self, rec: ImportRecord, first: int, changes: dict[str, tuple[Any, Any]]) -> None:
        """The same code again in the file: merged when identical, else rejected."""
        if not changes:
            self.counts["merged"] += 1
            return
        labels = ", ".join(BY_NAME["unit" if name == "unit_id" else name].label for name in changes)
        code = rec.values["code"]
        self.reject(
            rec.row,
            "code",
            code,
            f"mã hồ sơ {code} đã có ở dòng {first} của tệp với dữ liệu khác ({labels})",
            "repeat",
        )

    def _new_row(self, rec: ImportRecord, unit_id: int, head_id: int | None) -> dict[str, Any]:
        """A new dossier's values, by column name."""
        values = rec.values
        code, due = values["code"], values["due_at"]
        self.counts["new"] += 1
        row = {name: values[name] for name in _AS_STORED}
        row.update(
            unit_id=unit_id,
            head_id=head_id,
            period=self.period or f"{due.year:04d}-{due.month:02d}",
            search_key=_search_key(code, values["applicant"], values["procedure"]),
            source="import",
            import_batch_id=self.batch_id,
            import_row=rec.row,
            created_at=self.now_bound,
            updated_at=self.now_bound,
        )
        return row

    def _update_event(
        self, dossier_id: int | None, rec: ImportRecord, changes: dict[str, tuple[Any, Any]]
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
            "note": f"Lần nhập #{self.batch_id}, dòng {rec.row}",
        }

    def _unit_code(self, unit_id: int) -> str:
        if unit_id not in self.unit_codes:
            self.unit_codes[unit_id] = self.session.get_one(Unit, unit_id).code
        return self.unit_codes[unit_id]

    def import_events(self) -> None:
        """One `dossier.import` event per new dossier, written by the database in one statement."""
        d, u, h = self.table, UNITS, HEADS
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
        builder = (
            func.json_build_object
            if self.connection.dialect.name == "postgresql"
            else func.json_object
        )
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
            .select_from(d.join(u, u.c.id == d.c.unit_id).outerjoin(h, h.c.id == d.c.head_id))
            .where(d.c.import_batch_id == self.batch_id)
            .order_by(d.c.id)
        )
        e = EVENTS
        self.connection.execute(
            insert(e).from_select(
                [
                    e.c.at,
                    e.c.actor,
                    e.c.dossier_id,
                    e.c.entity,
                    e.c.entity_id,
                    e.c.action,
                    e.c.after,
                    e.c.note,
                ],
                source,
            )
        )


def _chunks(
    export: Export, upsert: _Upsert, progress: Progress | None
) -> Iterator[list[ImportRecord]]:
    """Records in chunks; row errors go straight to the rejections."""
    records = export.records()
    while True:
        block = list(islice(records, CHUNK))
        if not block:
            return
        good = []
        for item in block:
            if isinstance(item, RowError):
                upsert.rejections.append(item)
            else:
                good.append(item)
        yield good
        if progress is not None:
            progress(*export.table.progress())


def import_file(
    session: Session,
    path: Path,
    options: ImportOptions,
    *,
    actor: str,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one export. Raises FileProblem for a file that cannot be read as a whole."""
    mapping, typed = _mapping(session, options)
    if options.save_mapping and not typed:
        raise FileProblem('--save-map cần ít nhất một --map "Tên cột=trường" để lưu.')
    with Export(path, sheet=options.sheet, encoding=options.encoding, mapping=mapping) as export:
        previous = session.execute(
            select(ImportBatch.id, ImportBatch.created_at)
            .where(ImportBatch.sha256 == export.facts.sha256)
            .order_by(ImportBatch.id.desc())
            .limit(1)
        ).first()
        savepoint = session.begin_nested()
        try:
            result = _run(
                session,
                export,
                options,
                typed,
                actor=actor,
                progress=progress,
                previous=(previous[0], previous[1]) if previous else None,
            )
            if result.written:
                savepoint.commit()
            else:
                savepoint.rollback()
        except BaseException:
            savepoint.rollback()
            raise
    return result


def _run(
    session: Session,
    export: Export,
    options: ImportOptions,
    typed: list[tuple[str, str, str]],
    *,
    actor: str,
    progress: Progress | None,
    previous: tuple[int, dt.datetime] | None,
) -> ImportResult:
    layout = export.layout
    batch = ImportBatch(
        file_name=export.path.name,
        sha256=export.facts.sha256,
        period=options.period,
        sheet=export.table.sheet,
        column_map={c.header: c.field for c in layout.columns},
        actor=actor,
    )
    session.add(batch)
    session.flush()
    if options.save_mapping:
        _save_mapping(session, typed, actor=actor)
    upsert = _Upsert(session, batch.id, layout, period=options.period, actor=actor)
    with LargerPageCache(session, IMPORT_CACHE_KIB):
        for records in _chunks(export, upsert, progress):
            upsert.chunk(records)
        if upsert.counts["new"]:
            upsert.import_events()
    counts = upsert.counts
    rejected = len(upsert.rejections)  # at most one per row
    landed = counts["new"] + counts["updated"] + counts["unchanged"] + counts["merged"]
    if landed + rejected == 0:
        raise FileProblem(
            f"Tệp «{export.path.name}» không có dòng hồ sơ nào dưới dòng tiêu đề "
            f"{layout.header_row}."
        )
    written = not options.dry_run and landed > 0 and not (options.strict and rejected)
    months = list(upsert.months)
    if options.period is None and len(months) == 1:
        batch.period = f"{months[0][0]:04d}-{months[0][1]:02d}"  # one month: the file's period
    batch.rows_new, batch.rows_updated = counts["new"], counts["updated"]
    batch.rows_unchanged, batch.rows_rejected = counts["unchanged"] + counts["merged"], rejected
    audit.record(
        session,
        actor=actor,
        action="import.batch",
        entity="import_batch",
        entity_id=batch.id,
        after={
            "file": batch.file_name,
            "sha256": batch.sha256,
            "new": counts["new"],
            "updated": counts["updated"],
            "unchanged": batch.rows_unchanged,
            "rejected": rejected,
        },
    )
    session.flush()
    return ImportResult(
        file_name=export.path.name,
        sha256=export.facts.sha256,
        file_kind=export.facts.kind,
        encoding=export.facts.encoding,
        delimiter=export.table.delimiter,
        sheet=export.table.sheet,
        header_row=layout.header_row,
        period=batch.period,
        columns=tuple(
            ColumnUse(c.header, c.field, BY_NAME[c.field].label, c.source) for c in layout.columns
        ),
        ignored_columns=layout.ignored,
        new=counts["new"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        merged=counts["merged"],
        rejected=rejected,
        skipped=dict(export.skipped),
        rejections=tuple(sorted(upsert.rejections, key=lambda r: r.row)),
        warnings=tuple(upsert.warnings),
        batch_id=batch.id if written else None,
        dry_run=options.dry_run,
        written=written,
        previous_batch=previous,
    )


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
