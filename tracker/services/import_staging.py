"""The first half of an import: the file read, checked and held in temporary tables.

Everything slow happens here, in a transaction that takes no write lock (db.transaction with
`staging`): parsing every row, looking units up, folding search keys, deciding what a code seen
twice in the file means. Valid rows go to `import_rows`, rejected ones to `import_rejections`,
both TEMPORARY tables of the import's own connection: private, on disk rather than in memory,
and gone with the connection, even when the process is killed. Nothing is written to the
office's tables; `import_apply` does that afterwards, briefly, under the write lock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    RowMapping,
    Table,
    Text,
    bindparam,
    delete,
    func,
    select,
    text,
)
from sqlalchemy.orm import Session

from tracker.dates import Period
from tracker.importers import Export, ImportRecord, RowError
from tracker.importers.fields import BY_NAME, FIELDS
from tracker.models import Dossier
from tracker.next_steps import Action, NextStep
from tracker.rules import check_dates, is_official_code, period_of, search_key
from tracker.services.bulk import BulkInsert, table_of
from tracker.services.units import UnitMatcher, current_head

DOSSIERS = table_of(Dossier)
CHUNK = 10_000
KEPT = 100  # rejections and warnings a result carries; the rest are counted (and listed on demand)

# Fields a file may set on a stored dossier, as Dossier columns (the unit's name is looked up
# and stored as unit_id).
IMPORTED = tuple("unit_id" if f.name == "unit" else f.name for f in FIELDS if f.updatable)
# The file's fields kept as they stand (the unit is looked up instead).
AS_STORED = tuple(f.name for f in FIELDS if f.name != "unit")

_metadata = MetaData()
# Kept in code order (the primary key, without a separate rowid on SQLite): the apply reads
# it sequentially while filling the dossiers' unique code index page after page — about
# twice as fast under the write lock as reading a file-ordered table through an index.
ROWS = Table(
    "import_rows",
    _metadata,
    Column("row", Integer, nullable=False),
    *(Column(name, Date if BY_NAME[name].kind == "date" else Text) for name in AS_STORED),
    Column("unit_id", Integer),
    Column("head_id", Integer),
    Column("period", Text),
    Column("search_key", Text),
    PrimaryKeyConstraint("code", "row"),
    prefixes=["TEMPORARY"],
    sqlite_with_rowid=False,
)
REJECTIONS = Table(
    "import_rejections",
    _metadata,
    Column("row", Integer),
    Column("column", Text),
    Column("code", Text),
    Column("reason", Text),
    Column("kind", Text),
    Column("step", Text),  # a NextStep's action and what it is about, when the row has one
    Column("step_about", Text),
    prefixes=["TEMPORARY"],
)
STAGING = (ROWS, REJECTIONS)


@dataclass(frozen=True)
class RowWarning:
    row: int
    code: str
    message: str
    step: NextStep | None = None


@dataclass
class Summary:
    """What staging learnt that is not in its tables."""

    staged: int = 0
    merged: int = 0
    rejected: Counter[str] = field(default_factory=Counter)  # by kind
    warned: int = 0
    warnings: list[RowWarning] = field(default_factory=list)  # the first KEPT
    months: Counter[tuple[int, int]] = field(default_factory=Counter)  # due months
    heads: dict[int, int | None] = field(default_factory=dict)  # unit id → head staged with


# SQLite's cache for the connection's temporary tables while staging (default 2 MB).
TEMP_CACHE_KIB = 32 * 1024


def create_tables(session: Session) -> None:
    connection = session.connection()
    drop_tables(session)
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA temp.cache_size = -{TEMP_CACHE_KIB}")
    for table in STAGING:
        table.create(connection)


def drop_tables(session: Session) -> None:
    connection = session.connection()
    for table in STAGING:
        table.drop(connection, checkfirst=True)


def changes(values: dict[str, Any], base: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields a row states (not empty) that differ from `base`: name → (before, after)."""
    return {
        name: (base[name], new)
        for name in IMPORTED
        if (new := values[name]) is not None and new != base[name]
    }


def labels(names: Iterable[str]) -> str:
    return ", ".join(BY_NAME["unit" if name == "unit_id" else name].label for name in names)


class Stager:
    """Checks records chunk by chunk and stages them; rejections go to their own table."""

    def __init__(self, session: Session, export: Export, *, period: Period | None) -> None:
        self.session = session
        self.connection = session.connection()
        self.period = str(period) if period else None  # as the dossiers' column holds it
        self.headers = {c.field: c.header for c in export.layout.columns}
        self.matcher = UnitMatcher.load(session)
        self.units: dict[str, tuple[int, int | None] | None] = {}
        self.summary = Summary()
        self.rows = BulkInsert(self.connection, ROWS, tuple(c.name for c in ROWS.c))
        self.rejections = BulkInsert(
            self.connection, REJECTIONS, tuple(c.name for c in REJECTIONS.c)
        )

    def run(self, export: Export, progress: Callable[[int, int], None] | None) -> Summary:
        records = export.records()
        while block := list(islice(records, CHUNK)):
            staged: list[dict[str, Any]] = []
            rejected: list[RowError] = []
            for item in block:
                if isinstance(item, RowError):
                    rejected.append(item)
                elif (row := self._checked(item, rejected)) is not None:
                    staged.append(row)
            if staged:
                self.rows.run(staged)
            self.reject(rejected)
            if progress is not None:
                progress(*export.table.progress())
        self._resolve_repeats()
        return self.summary

    def reject(self, errors: list[RowError]) -> None:
        if errors:
            self.summary.rejected.update(e.kind for e in errors)
            self.rejections.run([_stored(e) for e in errors])

    def _error(
        self, rec: ImportRecord, field: str, reason: str, kind: str, step: NextStep | None = None
    ) -> RowError:
        return RowError(rec.row, self.headers.get(field), rec.values["code"], reason, kind, step)

    def _unit(self, name: str) -> tuple[int, int | None] | None:
        if name not in self.units:
            unit = self.matcher.exact(name)
            # A unit that has ended answers through its last head (a dossier it settled).
            head = current_head(unit, unit.valid_to) if unit is not None else None
            self.units[name] = (unit.id, head.id if head else None) if unit else None
            if unit is not None:
                self.summary.heads[unit.id] = head.id if head else None
        return self.units[name]

    def _checked(self, rec: ImportRecord, rejected: list[RowError]) -> dict[str, Any] | None:
        """The staged row of a record that can be stored; else its rejection is added."""
        values = rec.values
        code, unit_name = values["code"], values["unit"]
        received, due = values["received_at"], values["due_at"]
        # A unit that had ended while the dossier was open hands it to its successor.
        filing = self.matcher.handing_over(unit_name, received, values["finished_at"])
        unit = self._unit(filing.unit)
        if unit is None:
            rejected.append(
                self._error(
                    rec,
                    "unit",
                    f"không có đơn vị «{unit_name}»",
                    "unit",
                    NextStep(Action.ALIAS_AND_REIMPORT, unit_name),
                )
            )
            return None
        if problem := check_dates(received, due, values["finished_at"]):
            field = "due_at" if received is not None and due < received else "finished_at"
            rejected.append(self._error(rec, field, problem, "dates"))
            return None
        if filing.warning:
            self._warn(rec.row, code, filing.warning, filing.step)
        if not is_official_code(code):
            self._warn(
                rec.row,
                code,
                f"mã hồ sơ «{code}» không theo dạng chuẩn (ví dụ 000.00.19.H53-241105-0001); "
                "vẫn nhập",
            )
        summary = self.summary
        summary.staged += 1
        summary.months[due.year, due.month] += 1
        row = {name: values[name] for name in AS_STORED}
        row.update(
            row=rec.row,
            unit_id=unit[0],
            head_id=unit[1] if filing.headed else None,
            period=self.period or period_of(due),
            search_key=search_key(code, values["applicant"], values["procedure"]),
        )
        return row

    def _warn(self, row: int, code: str, message: str, step: NextStep | None = None) -> None:
        self.summary.warned += 1
        if len(self.summary.warnings) < KEPT:
            self.summary.warnings.append(RowWarning(row, code, message, step))

    # -- a code seen more than once in the file ------------------------------------------------

    def _resolve_repeats(self) -> None:
        """Later rows of a code merge when they state nothing new, else are rejected; only the
        first stays staged. "New" is against the first row over the stored dossier (an empty
        cell of the first row keeps the stored value)."""
        repeated = select(ROWS.c.code).group_by(ROWS.c.code).having(func.count() > 1).subquery()
        query = (
            select(ROWS, *(DOSSIERS.c[name].label(f"stored_{name}") for name in IMPORTED))
            .join(repeated, repeated.c.code == ROWS.c.code)
            .outerjoin(DOSSIERS, DOSSIERS.c.code == ROWS.c.code)
            .order_by(ROWS.c.code, ROWS.c.row)
        )
        first: tuple[str, int, dict[str, Any]] | None = None
        dropped: list[dict[str, Any]] = []
        rejected: list[RowError] = []
        for row in self.session.execute(query).mappings():
            values = {name: row[name] for name in IMPORTED}
            if first is None or first[0] != row["code"]:
                stored = row["stored_unit_id"] is not None
                base = {
                    name: values[name]
                    if values[name] is not None or not stored
                    else row[f"stored_{name}"]
                    for name in IMPORTED
                }
                first = (row["code"], row["row"], base)
                continue
            dropped.append({"drop_code": row["code"], "drop_row": row["row"]})
            changed = changes(values, first[2])
            if not changed:
                self.summary.merged += 1
                continue
            rejected.append(
                RowError(
                    row["row"],
                    self.headers.get("code"),
                    row["code"],
                    f"mã hồ sơ {row['code']} đã có ở dòng {first[1]} của tệp với dữ liệu khác "
                    f"({labels(changed)})",
                    "repeat",
                )
            )
        if dropped:
            self.session.connection().execute(
                delete(ROWS).where(
                    ROWS.c.code == bindparam("drop_code"), ROWS.c.row == bindparam("drop_row")
                ),
                dropped,
            )
        self.summary.staged -= len(dropped)
        self.reject(rejected)
        if self.connection.dialect.name == "postgresql":
            # Temporary tables are never analysed by autovacuum: without statistics the
            # planner takes a million staged rows for a handful.
            self.session.execute(text(f"ANALYZE {ROWS.name}"))


def _stored(error: RowError) -> dict[str, Any]:
    step = error.step
    return {
        **{name: getattr(error, name) for name in ("row", "column", "code", "reason", "kind")},
        "step": step.action.value if step else None,
        "step_about": step.about if step else None,
    }


def _read(row: RowMapping) -> RowError:
    step = NextStep(Action(row["step"]), row["step_about"]) if row["step"] else None
    return RowError(row["row"], row["column"], row["code"], row["reason"], row["kind"], step)


def first_rejections(session: Session) -> list[RowError]:
    query = select(REJECTIONS).order_by(REJECTIONS.c.row).limit(KEPT)
    return [_read(row) for row in session.execute(query).mappings()]


def all_rejections(session: Session) -> Iterator[RowError]:
    query = select(REJECTIONS).order_by(REJECTIONS.c.row)
    for row in session.execute(query, execution_options={"yield_per": CHUNK}).mappings():
        yield _read(row)
