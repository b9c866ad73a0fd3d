"""Four clerks changing dossiers at once for a minute: throughput, and proof nothing was lost.

    .venv/bin/python bench/concurrency.py [--seconds 60] [--clerks 4] [--postgresql SERVER_URL]

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
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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


def measure(server: str | None, count: int, seconds: float) -> clerks.Summary:
    with fresh_database(server) as url:
        clerks.prepare(url, count)
        outcomes, elapsed = clerks.run_clerks(url, clerks=count, seconds=seconds)
        return clerks.check(url, outcomes, elapsed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clerks", type=int, default=4)
    parser.add_argument("--postgresql", metavar="SERVER_URL", help="measure on this server")
    options = parser.parse_args()
    os.environ.setdefault("TRACKER_TODAY", "26/11/2024")
    print(f"engine: {'PostgreSQL' if options.postgresql else 'SQLite'}")
    alone = measure(options.postgresql, 1, options.seconds / 4)
    together = measure(options.postgresql, options.clerks, options.seconds)
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
