"""Four clerks changing dossiers at once for a minute: throughput, and proof nothing was lost;
with --import-rows N, the same clerks while one more clerk imports an N-row export: how long
each of their commands waited (p50, p99, max), and that none failed.

    .venv/bin/python bench/concurrency.py [--seconds 60] [--clerks 4] [--postgresql SERVER_URL]
    .venv/bin/python bench/concurrency.py --import-rows 1000000 [--seconds 120] [--postgresql …]

Each measurement gets a fresh database: a SQLite file in a temporary folder, or with
--postgresql (e.g. postgresql+psycopg://postgres@/postgres?host=/tmp/x&port=5432) a new
database on that server, dropped afterwards. The baseline is one clerk
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
    server: str | None, count: int, seconds: float
) -> tuple[clerks.Summary, list[clerks.Outcome]]:
    with fresh_database(server) as url:
        clerks.prepare(url, count)
        outcomes, elapsed = clerks.run_clerks(url, clerks=count, seconds=seconds)
        return clerks.check(url, outcomes, elapsed), outcomes


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
    options = parser.parse_args()
    os.environ.setdefault("TRACKER_TODAY", "26/11/2024")
    print(f"engine: {'PostgreSQL' if options.postgresql else 'SQLite'}")
    if options.import_rows:
        return during_import(
            options.postgresql, options.clerks, options.seconds, options.import_rows
        )
    alone, _ = measure(options.postgresql, 1, options.seconds / 4)
    together, _ = measure(options.postgresql, options.clerks, options.seconds)
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
