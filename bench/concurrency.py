"""Four clerks changing dossiers at once for a minute: throughput, and proof nothing was lost;
with --import-rows N, the same clerks while one more clerk imports an N-row export: how long
each of their commands waited (p50, p99, max), and that none failed.

    .venv/bin/python bench/concurrency.py [--seconds 60] [--clerks 4] [--postgresql SERVER_URL]
    .venv/bin/python bench/concurrency.py --workload units --clerks 8 --postgresql …
    .venv/bin/python bench/concurrency.py --import-rows 1000000 [--seconds 120] [--postgresql …]

Each measurement gets a fresh database: a SQLite file in a temporary folder, or with
--postgresql (e.g. postgresql+psycopg://postgres@/postgres?host=/tmp/x&port=5432) a new
database on that server, dropped afterwards. Workloads (tests/clerks.py): "shared" — every
clerk also changes two dossiers all of them touch; "units" — each clerk works in a unit of its
own (8 at most): a reason, a draft, an issued letter with the unit's next number, dossier after
dossier, and the check proves each unit's numbers run 1, 2, 3 … The baseline is one clerk
alone for a quarter of the time, measured in the same run (this machine's speed drifts by up to
50 % between runs, so only the ratio is comparable). Exits 1 if any command failed (e.g.
"database is locked") or an update was lost.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from click.testing import CliRunner

from tests import clerks
from tracker.cli import cli


@contextmanager
def fresh_database(server: str | None) -> Iterator[str]:
    if server:
        from tests.pg import fresh_database as fresh_postgresql

        with fresh_postgresql(server) as url:
            yield url
        return
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'tracker.db'}"
        result = CliRunner().invoke(cli, ["--db", url, "init", "--preset", "go-dau"])
        assert result.exit_code == 0, result.output
        yield url


def measure(
    server: str | None, count: int, seconds: float, workload: str = "shared"
) -> tuple[clerks.Summary, list[clerks.Outcome]]:
    with fresh_database(server) as url:
        if workload == "units":
            # Three commands a dossier; a clerk never gets through ten commands a second here.
            clerks.prepare_units(url, count, per_clerk=max(100, int(seconds * 4)))
        else:
            clerks.prepare(url, count)
        with lock_waits(url if server else None):
            outcomes, elapsed = clerks.run_clerks(
                url, clerks=count, seconds=seconds, workload=workload
            )
        return clerks.check(url, outcomes, elapsed), outcomes


@contextmanager
def lock_waits(url: str | None) -> Iterator[None]:
    """On PostgreSQL, what the clerks' sessions were doing, sampled every 20 ms meanwhile: how
    often one was running a statement, and how often one was waiting for a lock (what the
    locking design decides; the rest of a command's time is the client's own work)."""
    if url is None:
        yield
        return
    from sqlalchemy import text

    from tracker.db import make_engine

    engine = make_engine(url)
    query = text(
        "SELECT count(*) FILTER (WHERE state = 'active'), "
        "count(*) FILTER (WHERE wait_event_type = 'Lock') FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    samples: list[tuple[int, int]] = []
    done = threading.Event()

    def sample() -> None:
        with engine.connect() as conn:
            while not done.wait(0.02):
                running, waiting = conn.execute(query).one()
                samples.append((running, waiting))
                conn.rollback()  # a new snapshot of pg_stat_activity

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        yield
    finally:
        done.set()
        sampler.join()
        engine.dispose()
    active = sum(a for a, _ in samples)
    waiting = sum(w for _, w in samples)
    print(
        f"  {len(samples)} samples of pg_stat_activity: {active / len(samples):.2f} clerk "
        f"statements running on average, {waiting / len(samples):.2f} waiting for a lock "
        f"({waiting / max(active, 1):.1%} of the statements seen)"
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def during_import(server: str | None, count: int, seconds: float, rows: int) -> int:
    """The clerks' waits while a large import runs beside them, and alone for comparison."""
    from generate import ensure
    from harness import TRACKER, environment

    cache = Path(
        os.environ.get("TRACKER_BENCH_CACHE", Path(tempfile.gettempdir()) / "tracker-bench")
    )
    export = ensure(cache / "exports", rows, 1, "csv")
    alone, alone_outcomes = measure(server, count, min(seconds, 20))
    with fresh_database(server) as url:
        clerks.prepare(url, count)
        started = time.monotonic()
        importer = subprocess.Popen(
            [TRACKER, "--db", url, "import", str(export), "--format", "json"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=environment(),
        )
        outcomes, elapsed = clerks.run_clerks(url, clerks=count, seconds=seconds)
        _out, err = importer.communicate()
        imported = time.monotonic() - started
        summary = clerks.check(url, outcomes, elapsed)
    waits = [o.seconds for o in outcomes]
    calm = [o.seconds for o in alone_outcomes]
    print(
        f"import of {rows:,} rows: exit {importer.returncode} in {imported:.1f} s"
        + (f" ({err.decode().strip()})" if importer.returncode not in (0, 3) else "")
    )
    print("| clerks' commands | count | p50 | p99 | max | failed |\n|---|---:|---:|---:|---:|---:|")
    for label, values, failed in (
        (f"{count} clerks alone", calm, len(alone.failures)),
        (f"{count} clerks during the import", waits, len(summary.failures)),
    ):
        print(
            f"| {label} | {len(values)} | {percentile(values, 0.5) * 1000:.0f} ms | "
            f"{percentile(values, 0.99) * 1000:.0f} ms | {max(values) * 1000:.0f} ms | {failed} |"
        )
    return 1 if summary.failures or importer.returncode != 0 else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clerks", type=int, default=4)
    parser.add_argument("--postgresql", metavar="SERVER_URL", help="measure on this server")
    parser.add_argument("--import-rows", type=int, help="clerks beside an import of N rows")
    parser.add_argument("--workload", choices=["shared", "units"], default="shared")
    options = parser.parse_args()
    os.environ.setdefault("TRACKER_TODAY", "26/11/2024")
    engine = "PostgreSQL" if options.postgresql else "SQLite"
    print(f"engine: {engine}, workload: {options.workload}, {os.cpu_count()} CPU cores")
    if options.import_rows:
        return during_import(
            options.postgresql, options.clerks, options.seconds, options.import_rows
        )
    alone, _ = measure(options.postgresql, 1, options.seconds / 4, options.workload)
    together, _ = measure(options.postgresql, options.clerks, options.seconds, options.workload)
    print(
        f"1 clerk alone:   {alone.commands:6d} commands in {alone.seconds:5.1f} s "
        f"= {alone.per_second:6.1f}/s"
    )
    print(
        f"{options.clerks} clerks at once: {together.commands:6d} commands in "
        f"{together.seconds:5.1f} s = {together.per_second:6.1f}/s "
        f"({together.per_second / alone.per_second:.2f}× one clerk)"
    )
    failed = alone.failures + together.failures
    locked = sum("locked" in o.stderr for o in failed)
    print(
        f'failed commands: {len(failed)} ("database is locked": {locked}); '
        "lost updates: 0 (every command's event present, each before = previous after)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
