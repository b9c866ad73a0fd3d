"""A tracker database holding N synthetic dossiers, built once per (N, seed) and reused.

Made the way a clerk makes one: `tracker init --preset go-dau`, then `tracker import` of the
CSV export bench/generate.py writes for (N, seed) — the preset's 21 units, 24 months up to
November 2024, about 30 % of the dossiers still open. So every bench script (list, report,
PostgreSQL) measures the very data the import benchmark loads.

Files live in $TMPDIR/tracker-bench/ (or TRACKER_BENCH_CACHE): 1M dossiers make a ≈ 1 GB
database (one event per imported dossier) that a second run reuses.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generate import DATA_VERSION, ensure
from harness import TRACKER, environment, run_process

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

TODAY = dt.date(2024, 11, 26)
CACHE = Path(os.environ.get("TRACKER_BENCH_CACHE", Path(tempfile.gettempdir()) / "tracker-bench"))


def sqlite_database(rows: int, seed: int) -> Path:
    """The path of a go-dau database holding the generator's (rows, seed) export (built if missing)."""
    path = CACHE / f"imported-v{DATA_VERSION}-{rows}-seed{seed}.db"
    if path.exists():
        return _upgraded(path)
    CACHE.mkdir(parents=True, exist_ok=True)
    export = ensure(CACHE, rows, seed, "csv")
    building = path.with_suffix(".building")
    for leftover in CACHE.glob(f"{building.name}*"):
        leftover.unlink()
    print(f"building {path}: tracker import of {rows:,} dossiers…", flush=True)
    env = environment(TRACKER_DATABASE_URL=str(building))
    run_process([TRACKER, "init", "--preset", "go-dau"], env)
    run_process([TRACKER, "import", str(export)], env)
    building.rename(path)
    return path


def _upgraded(path: Path) -> Path:
    """A cached database made by an older tracker, migrated to this one's schema in place (no
    backup copy, unlike `tracker db upgrade`: the cache can always be built again)."""
    from tracker import migrate
    from tracker.db import HEAD_REVISION, make_engine

    with sqlite3.connect(path) as conn:
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    if revision != HEAD_REVISION:
        print(f"upgrading {path} from {revision} to {HEAD_REVISION}…", flush=True)
        engine = make_engine(f"sqlite:///{path}")
        try:
            migrate.upgrade(engine)
        finally:
            engine.dispose()
    return path


def captured_statements(database: Path, work: Callable[[Session], object]) -> list[tuple[str, Any]]:
    """Every statement `work` runs in one transaction on `database`, as sent to the driver (an
    engine event records them)."""
    from sqlalchemy import event

    from tracker.db import make_engine, transaction

    engine = make_engine(f"sqlite:///{database}")
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    with transaction(engine) as session:
        work(session)
    engine.dispose()
    return statements


def query_plan(database: Path, sql: str, parameters: Any) -> list[str]:
    with sqlite3.connect(database) as conn:
        return [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", parameters)]


def raw_query(database: Path, sql: str, parameters: Any) -> tuple[float, int]:
    """Seconds to connect, run the SQL and fetch every row through sqlite3; the row count."""
    start = time.perf_counter()
    conn = sqlite3.connect(database)
    rows = conn.execute(sql, parameters).fetchall()
    conn.close()
    return time.perf_counter() - start, len(rows)
