"""Four clerks changing dossiers at once for a minute: throughput, and proof nothing was lost.

    .venv/bin/python bench/concurrency.py [--seconds 60] [--clerks 4] [--db URL]

Without --db it works on a fresh SQLite file in a temporary folder. The baseline is one clerk
alone for a quarter of the time, measured in the same run (this machine's speed drifts by up to
50 % between runs, so only the ratio is comparable). Exits 1 if any command failed (e.g.
"database is locked") or an update was lost.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from click.testing import CliRunner

from tests import clerks
from tracker.cli import cli


def fresh_sqlite(folder: Path, name: str) -> str:
    url = f"sqlite:///{folder / name}"
    result = CliRunner().invoke(cli, ["--db", url, "init", "--preset", "go-dau"])
    assert result.exit_code == 0, result.output
    return url


def measure(url: str, count: int, seconds: float) -> clerks.Summary:
    clerks.prepare(url, count)
    outcomes, elapsed = clerks.run_clerks(url, clerks=count, seconds=seconds)
    return clerks.check(url, outcomes, elapsed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clerks", type=int, default=4)
    parser.add_argument("--db", help="an empty, initialised database (default: fresh SQLite)")
    options = parser.parse_args()
    os.environ.setdefault("TRACKER_TODAY", "26/11/2024")
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as folder:
        base = options.db or fresh_sqlite(Path(folder), "baseline.db")
        if options.db:
            print("note: with --db, the baseline and the run share one database")
        alone = measure(base, 1, options.seconds / 4)
        url = options.db or fresh_sqlite(Path(folder), "clerks.db")
        together = measure(url, options.clerks, options.seconds)
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
