"""Whether anything was written to the database between two reading transactions: the change
marker that lets `tracker serve` keep what it read (the signed-in account, the calendar's days
off) from one request to the next for as long as nobody wrote anything — in this process or
in another, such as a clerk's CLI on the same file — and read it again at once after a write.

Two reading transactions that start with equal markers read the same data:

- SQLite: `PRAGMA data_version` on a connection of its own that never writes: it changes
  whenever any other connection (this server's or another process's) has committed. It is
  read *before* the transaction's snapshot is taken, so what the transaction reads is never
  older than its marker says.
- PostgreSQL: the transaction's snapshot (`pg_current_snapshot()` in a REPEATABLE READ
  transaction): equal snapshots see the same committed transactions, hence the same data.

A transaction that writes has no marker (it must see its own changes), nor has one the CLI
opens: only a `ChangeWatch` hands them out, and `marker_of` is None elsewhere.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# Where a transaction keeps its marker (`session.info`), for the services it calls.
_MARKER = "tracker_change_marker"


class ChangeWatch:
    """Change markers for the reading transactions of one engine."""

    def __init__(self, engine: Engine) -> None:
        self._dialect = engine.dialect.name
        database = engine.url.database if self._dialect == "sqlite" else None
        self._file = database if database and database != ":memory:" else None
        self._watcher: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def mark(self, session: Session) -> None:
        """Give this reading transaction its marker; called before it reads anything."""
        session.info[_MARKER] = self._marker(session)

    def _marker(self, session: Session) -> Hashable | None:
        if self._dialect == "postgresql":
            connection = session.connection()
            if (connection.dialect.server_version_info or (0,)) < (13,):
                return None  # no pg_current_snapshot before PostgreSQL 13
            return self, connection.execute(text("SELECT pg_current_snapshot()::text")).scalar()
        if self._file is None:
            return None
        with self._lock:
            try:
                if self._watcher is None:
                    # Read-only and outside any pool: it never writes, so every commit counts.
                    uri = f"{Path(self._file).resolve().as_uri()}?mode=ro"
                    self._watcher = sqlite3.connect(uri, uri=True, check_same_thread=False)
                version = self._watcher.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error:
                return None  # then nothing is kept: every transaction reads
        return self, version

    def close(self) -> None:
        with self._lock:
            if self._watcher is not None:
                self._watcher.close()
                self._watcher = None


def marker_of(session: Session) -> Hashable | None:
    """The marker of this session's transaction, None when it has none."""
    return session.info.get(_MARKER)


class Remembered(Generic[K, V]):
    """Values read from the database, each kept with the marker it was read under and given
    again only under that same marker (a bounded number of keys)."""

    def __init__(self, limit: int = 256) -> None:
        self._values: dict[K, tuple[Hashable, V]] = {}
        self._limit = limit
        self._lock = threading.Lock()

    def get(self, session: Session, key: K, read: Callable[[], V]) -> V:
        """The value of `key` as this session's transaction would read it: read now (and
        kept) unless it was read under the same marker."""
        marker = marker_of(session)
        if marker is None:
            return read()
        with self._lock:
            kept = self._values.get(key)
        if kept is not None and kept[0] == marker:
            return kept[1]
        value = read()
        with self._lock:
            if len(self._values) >= self._limit:
                self._values.clear()
            self._values[key] = (marker, value)
        return value
