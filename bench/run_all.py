"""Every benchmark, one after another, at one size; the tables they print are also written to
bench/out/run-all.md, ready for the README's performance section.

    .venv/bin/python bench/run_all.py                 # 20,000 dossiers: a few minutes
    .venv/bin/python bench/run_all.py --rows 100000
    .venv/bin/python bench/run_all.py --full          # 1M dossiers, each script's full size
    .venv/bin/python bench/run_all.py --only list,coldstart

Each script measures its own baseline in the same run (turn about), so the ratios hold on a
noisy machine; a script that fails is reported at the end and the others still run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import time
from pathlib import Path
from typing import TextIO

from harness import PYTHON, ROOT, environment

BENCH = Path(__file__).resolve().parent
FULL_ROWS = 1_000_000


def arguments(rows: int, full: bool) -> dict[str, list[str]]:
    """Each script's arguments at this size; --full keeps each script's own defaults."""
    size = ["--rows", str(rows)]
    small = {
        "workdays": ["--pairs", str(min(rows * 10, 200_000))],
        "letters": ["--letters", "50"],
        "concurrency": ["--seconds", "10"],
    }
    scripts = {
        "coldstart": [],
        "list": size,
        "report": size,
        "import": size,
        "pg": size,
        "xlsx": size,
        "workdays": [] if full else small["workdays"],
        "letters": [] if full else small["letters"],
        "concurrency": [] if full else small["concurrency"],
    }
    return scripts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000, help="dossiers in the databases")
    parser.add_argument("--full", action="store_true", help=f"{FULL_ROWS:,} dossiers")
    parser.add_argument("--only", help="comma-separated scripts, e.g. list,pg")
    options = parser.parse_args()
    rows = FULL_ROWS if options.full else options.rows
    selected = arguments(rows, options.full)
    if options.only:
        wanted = options.only.split(",")
        unknown = set(wanted) - set(selected)
        if unknown:
            parser.error(f"unknown scripts {sorted(unknown)}; known: {sorted(selected)}")
        selected = {name: selected[name] for name in wanted}

    out = BENCH / "out" / "run-all.md"
    out.parent.mkdir(exist_ok=True)
    failed = []
    with out.open("w", encoding="utf-8") as log:
        log.write(f"# bench/run_all.py — {rows:,} dossiers, {dt.datetime.now():%d/%m/%Y %H:%M}\n")
        for name, args in selected.items():
            script = BENCH / f"{name}.py"
            if not script.exists():
                failed.append(f"{name} (script missing)")
                continue
            header = f"\n## {name}: python bench/{name}.py {' '.join(args)}\n"
            print(header, flush=True)
            log.write(header)
            started = time.perf_counter()
            status = _stream([PYTHON, str(script), *args], log)
            took = f"({name} took {time.perf_counter() - started:.0f} s, exit {status})"
            print(took, flush=True)
            log.write(f"\n{took}\n")
            if status != 0:
                failed.append(name)
    print(f"\nTables written to {out.relative_to(ROOT)}")
    if failed:
        print(f"FAILED: {', '.join(failed)}")
    return 1 if failed else 0


def _stream(argv: list[str], log: TextIO) -> int:
    """Run one script, echoing its output and keeping a copy."""
    process = subprocess.Popen(
        argv,
        cwd=BENCH,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        sys.stdout.write(line)
        log.write(line)
    return process.wait()


if __name__ == "__main__":
    sys.exit(main())
