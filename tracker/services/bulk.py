"""Bulk writes: many rows through SQLAlchemy Core without its per-row overhead.

Used by the import (1M rows in one transaction); nothing here knows what a dossier is.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Date, Table, insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session


def table_of(model: Any) -> Table:
    """A model's Table for Core statements (typed: mypy sees a FromClause)."""
    return typing.cast(Table, model.__table__)


class BulkInsert:
    """Core's INSERT for a table, compiled once, run as one DBAPI executemany per batch of rows.

    `connection.execute(insert(table), dicts)` spends about as long in SQLAlchemy's per-row
    parameter handling as SQLite spends inserting (measured: 2.1× a raw sqlite3 executemany). The statement
    here is the one Core compiles; the rows are given in the driver's shape, each value
    converted by its column type's own bind processor, so it is stored exactly as the ORM
    stores it (dates as ISO text on SQLite, native on PostgreSQL).
    """

    def __init__(
        self,
        connection: Connection,
        table: Table,
        keys: tuple[str, ...],
        *,
        bound: tuple[str, ...] = (),
    ) -> None:
        """`bound`: keys whose values the caller converts once with `bind` (constants)."""
        self.dialect = connection.dialect
        compiled = insert(table).inline().compile(dialect=self.dialect, column_keys=list(keys))
        self.connection = connection
        self.sql = str(compiled)
        self.keys = keys
        self.table = table
        positions = list(compiled.positiontup or []) if compiled.positional else None
        self.order = None if positions is None else [keys.index(name) for name in positions]
        self.in_order = positions == list(keys)
        self.getter = itemgetter(*keys)
        self.processors = [
            (index, self._cached(name, processor))
            for index, name in enumerate(keys)
            if name not in bound and (processor := self._processor(name))
        ]

    def _cached(self, name: str, processor: Callable[[Any], Any]) -> Callable[[Any], Any]:
        """Dates repeat (a few hundred distinct days in a million rows): convert each once."""
        if isinstance(self.table.c[name].type, Date):
            return lru_cache(maxsize=4096)(processor)
        return processor

    def _processor(self, name: str) -> Callable[[Any], Any] | None:
        return self.table.c[name].type.dialect_impl(self.dialect).bind_processor(self.dialect)

    def bind(self, name: str, value: Any) -> Any:
        """A constant converted once, as its column's processor would convert it per row."""
        processor = self._processor(name)
        return processor(value) if processor else value

    def run(self, rows: list[dict[str, Any]]) -> None:
        """Insert the rows (column name → value), sorted by the first key's value: a unique
        index is filled page after page instead of at random."""
        values = list(map(list, map(self.getter, rows)))
        values.sort(key=itemgetter(0))
        if self.dialect.name == "postgresql":
            self._copy(values)
            return
        processors = self.processors
        for row in values:
            for index, processor in processors:
                row[index] = processor(row[index])
        if self.order is None:
            params: list[Any] = [dict(zip(self.keys, r, strict=True)) for r in values]
        elif self.in_order:
            params = list(map(tuple, values))
        else:
            params = [tuple(r[i] for i in self.order) for r in values]
        self.connection.exec_driver_sql(self.sql, params)

    def _copy(self, values: list[list[Any]]) -> None:
        """PostgreSQL's COPY: several times faster than an executemany of INSERTs; psycopg
        adapts the Python values itself (dates, None)."""
        columns = ", ".join(self.dialect.identifier_preparer.quote(k) for k in self.keys)
        name = self.dialect.identifier_preparer.format_table(self.table)
        raw = self.connection.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor, cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)


class LargerPageCache:
    """A larger SQLite page cache for a session's connection while a bulk write runs.

    The unique index on dossier codes outgrows SQLite's default 2 MB cache past ~100k rows;
    with room for it an insert of 1M rows is 1.5× faster (bench/import.py). Restored after, as
    the connection goes back to the pool. Other engines are left alone.
    """

    def __init__(self, session: Session, kib: int) -> None:
        self.connection = session.connection()
        self.kib = kib
        self.previous: int | None = None

    def __enter__(self) -> None:
        if self.connection.dialect.name == "sqlite":
            self.previous = self.connection.exec_driver_sql("PRAGMA cache_size").scalar()
            self.connection.exec_driver_sql(f"PRAGMA cache_size = -{self.kib}")

    def __exit__(self, *_exc: object) -> None:
        if self.previous is not None:
            self.connection.exec_driver_sql(f"PRAGMA cache_size = {int(self.previous)}")
