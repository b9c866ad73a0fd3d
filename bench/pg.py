"""The same list and monthly report on PostgreSQL, beside SQLite, on the same N dossiers.

A throwaway PostgreSQL cluster (the one `make test` uses: initdb in a temporary directory, a
unix socket inside it, run as the `postgres` user when we are root) receives, by COPY, exactly
the dossiers of the SQLite bench database (bench/database.py). Measured turn about:
  - `tracker cases list --unit tnmt --status open --format json` on PostgreSQL and on SQLite,
    against the floor `python -c "import sqlalchemy.orm, click, rich.table"` + the ORM's SQL
    run through raw psycopg;
  - `tracker report monthly 2024-11 --format json` on PostgreSQL and on SQLite (goal < 2 s).
The list query's EXPLAIN on PostgreSQL is printed. The cluster stops when the script ends,
is interrupted or killed: a watchdog stops it if this process disappears or after --limit s.

    .venv/bin/python bench/pg.py [--rows 1000000] [--seed 1] [--rounds 7] [--limit 1800]
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from database import TODAY, sqlite_database
from harness import (
    PYTHON,
    ROOT,
    TRACKER,
    Figure,
    environment,
    print_table,
    processes,
    run_process,
    turn_about,
)

sys.path.insert(0, str(ROOT))  # reuse make test's throwaway cluster (tests/run_all.py)
from tests.run_all import (
    PostgresUnavailable,
    as_user,
    cluster_user,
    postgres_bin_dir,
    postgres_cluster,
)

FLOOR_IMPORTS = "import sqlalchemy.orm, click, rich.table"
REPORT_GOAL_S = 2.0
COPIED_TABLES = ("import_batches", "dossiers")  # what the list and the report read


@contextmanager
def bounded_cluster(limit_s: int) -> Iterator[str]:
    """A throwaway cluster that cannot outlive this process, nor `limit_s` seconds: a watchdog
    stops and deletes it if this process is killed outright (no `finally` runs then)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the cleanup on `kill`
    with postgres_cluster() as url:
        socket_dir = url.split("host=")[1].split("&")[0]
        stop = as_user(
            cluster_user(),
            str(postgres_bin_dir() / "pg_ctl"),
            "--pgdata",
            f"{socket_dir}/data",
            "-m",
            "immediate",
            "stop",
        )
        watchdog = subprocess.Popen(
            [
                "sh",
                "-c",
                f"end=$(($(date +%s) + {limit_s})); "
                f'while kill -0 {os.getpid()} 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; '
                f"do sleep 2; done; {shlex.join(stop)} >/dev/null 2>&1; "
                f"rm -rf -- {shlex.quote(socket_dir)}",
            ],
            start_new_session=True,
        )
        try:
            yield url
        finally:
            watchdog.kill()


def load(url: str, source: Path) -> None:
    """Migrate, load the preset, then COPY the SQLite bench database's dossiers (and the import
    batch they point to) in: both engines then hold the very same rows."""
    import psycopg

    run_process([TRACKER, "--db", url, "init", "--preset", "go-dau"], environment())
    reader = sqlite3.connect(source)
    with psycopg.connect(libpq(url)) as conn:
        # The preset was loaded in the same order into both databases: the same unit ids.
        units = conn.execute("SELECT id, code FROM units ORDER BY id").fetchall()
        assert units == reader.execute("SELECT id, code FROM units ORDER BY id").fetchall()
        for table in COPIED_TABLES:
            columns = ", ".join(row[1] for row in reader.execute(f"PRAGMA table_info({table})"))
            with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in reader.execute(f"SELECT {columns} FROM {table}"):
                    copy.write_row(row)
            conn.execute(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
    reader.close()
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def captured_list_query(url: str, unit: str) -> tuple[str, Any]:
    from sqlalchemy import event

    from tracker.db import make_engine, transaction
    from tracker.services.case_list import CaseFilter, list_cases

    engine = make_engine(url)
    statements: list[tuple[str, Any]] = []
    event.listen(
        engine, "before_cursor_execute", lambda *args: statements.append((args[2], args[3]))
    )
    with transaction(engine) as session:
        list_cases(session, CaseFilter(unit=unit, status="open"), today=TODAY)
    engine.dispose()
    [query] = [s for s in statements if "ORDER BY dossiers.due_at" in s[0]]
    return query


def raw_psycopg(url: str, sql: str, parameters: Any) -> float:
    import psycopg

    start = time.perf_counter()
    with psycopg.connect(libpq(url)) as conn:
        conn.execute(sql, parameters).fetchall()
    return time.perf_counter() - start


def explain(url: str, sql: str, parameters: Any) -> list[str]:
    import psycopg

    with psycopg.connect(libpq(url)) as conn:
        return [row[0] for row in conn.execute(f"EXPLAIN ANALYZE {sql}", parameters)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--unit", default="tnmt")
    parser.add_argument("--period", default="2024-11")
    parser.add_argument("--limit", type=int, default=1800, help="stop the cluster after (s)")
    options = parser.parse_args()

    source = sqlite_database(options.rows, options.seed)
    with bounded_cluster(options.limit) as url:
        started = time.perf_counter()
        load(url, source)
        print(
            f"\nPostgreSQL loaded with {options.rows:,} dossiers in {time.perf_counter() - started:.0f} s"
        )
        sql, parameters = captured_list_query(url, options.unit)
        print("\nEXPLAIN ANALYZE of the list's query on PostgreSQL:")
        print("\n".join(f"  {line}" for line in explain(url, sql, parameters)))

        list_args = [
            "cases",
            "list",
            "--unit",
            options.unit,
            "--status",
            "open",
            "--format",
            "json",
        ]
        report_args = ["report", "monthly", options.period, "--format", "json"]
        commands = {
            f'python -c "{FLOOR_IMPORTS}"': [PYTHON, "-c", FLOOR_IMPORTS],
            "list, PostgreSQL": [TRACKER, "--db", url, *list_args],
            "list, SQLite": [TRACKER, "--db", str(source), *list_args],
            "report, PostgreSQL": [TRACKER, "--db", url, *report_args],
            "report, SQLite": [TRACKER, "--db", str(source), *report_args],
        }
        candidates = processes(commands, environment())
        candidates["raw psycopg query"] = lambda: raw_psycopg(url, sql, parameters)
        times = turn_about(candidates, rounds=options.rounds)

    medians = {name: statistics.median(samples) for name, samples in times.items()}
    floor_imports = f'python -c "{FLOOR_IMPORTS}"'
    floor = statistics.median(
        a + b for a, b in zip(times[floor_imports], times["raw psycopg query"], strict=True)
    )
    list_command = "tracker --db URL " + " ".join(list_args)
    report_command = "tracker --db URL " + " ".join(report_args)
    rows = [
        Figure(floor_imports, floor_imports, medians[floor_imports]),
        Figure(
            "raw psycopg query",
            "psycopg: connect, execute the ORM's SQL, fetchall",
            medians["raw psycopg query"],
        ),
        Figure("floor (PostgreSQL) = imports + raw query", "the two above, per round", floor),
    ]
    for engine in ("PostgreSQL", "SQLite"):
        rows.append(
            Figure(
                f"cases list, {engine}",
                list_command,
                medians[f"list, {engine}"],
                baseline="PostgreSQL floor",
                ratio=medians[f"list, {engine}"] / floor,
            )
        )
    for engine in ("PostgreSQL", "SQLite"):
        rows.append(
            Figure(
                f"report monthly {options.period} JSON, {engine}",
                report_command,
                medians[f"report, {engine}"],
                target=f"< {REPORT_GOAL_S:.0f} s",
            )
        )
    print_table(f"PostgreSQL beside SQLite, {options.rows:,} dossiers", rows, rounds=options.rounds)


if __name__ == "__main__":
    try:
        main()
    except PostgresUnavailable as reason:
        sys.exit(f"PostgreSQL unavailable on this machine: {reason}")
