"""Cold start: `tracker --help` against `python -c "import click"`, and which heavy modules
each command pulls in.

Goal: `tracker --help` within 1.3× of importing click, and sqlalchemy, alembic, docx,
openpyxl, holidays, matplotlib imported only by the commands that need them: `--help` none of
them, `cases list` sqlalchemy only (holidays only while its answer is not cached yet; never
alembic, docx or openpyxl).

    .venv/bin/python bench/coldstart.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from harness import (
    PYTHON,
    ROOT,
    TRACKER,
    environment,
    figures,
    print_table,
    processes,
    run_process,
    turn_about,
    verdict,
)

HEAVY = ("sqlalchemy", "alembic", "docx", "openpyxl", "holidays", "matplotlib")
HELP_GOAL = 1.3
_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)$")


def heavy_imports(stderr: str) -> dict[str, float]:
    """Heavy top-level packages in `-X importtime` output, with their cumulative cost (ms)."""
    found: dict[str, float] = {}
    for line in stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if not match:
            continue
        package = match.group(3).split(".")[0]
        if package in HEAVY:
            # The outermost line of a package (say holidays.countries.vietnam) counts the rest.
            found[package] = max(found.get(package, 0.0), int(match.group(2)) / 1000)
    return found


def importtime(args: Sequence[str], env: dict[str, str]) -> dict[str, float]:
    result = subprocess.run(
        [PYTHON, "-X", "importtime", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{args} failed:\n{result.stderr[-2000:]}")
    return heavy_imports(result.stderr)


def describe(found: dict[str, float]) -> str:
    if not found:
        return "none"
    return ", ".join(f"{name} ({ms:.0f} ms)" for name, ms in sorted(found.items()))


def small_database(directory: Path) -> dict[str, str]:
    """A preset database holding one late dossier, so that `cases list` does its real work
    (the working-day calendar, hence holidays, is only loaded when there is a row)."""
    env = environment(TRACKER_DATABASE_URL=str(directory / "tracker.db"))
    run_process([TRACKER, "init", "--preset", "go-dau"], env)
    run_process(
        [
            TRACKER,
            "cases",
            "add",
            "000.00.19.H53-241101-0001",
            "--procedure",
            "Cấp giấy phép xây dựng",
            "--applicant",
            "Nguyễn Văn An",
            "--unit",
            "tnmt",
            "--received",
            "01/11/2024",
            "--due",
            "15/11/2024",
        ],
        env,
    )
    return env


def cli_modules() -> list[str]:
    """Every module of tracker/cli, including those the lazy group has not listed yet."""
    return sorted(
        f"tracker.cli.{path.stem}"
        for path in (ROOT / "tracker" / "cli").glob("*.py")
        if path.stem not in ("__init__", "__main__")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tracker-coldstart-") as tmp:
        env = small_database(Path(tmp))
        commands = {
            "python -c 'import click'": [PYTHON, "-c", "import click"],
            "tracker --help": [TRACKER, "--help"],
        }
        times = turn_about(processes(commands, env), rounds=options.rounds)
        rows = figures(
            times,
            baseline="python -c 'import click'",
            targets={"tracker --help": f"≤ {HELP_GOAL}×"},
        )
        print_table("Cold start", rows, rounds=options.rounds)
        print("\n" + verdict(rows[1], HELP_GOAL))

        print("\n### Heavy modules imported (python -X importtime, cumulative ms)\n")
        print("| command | heavy modules imported |")
        print("|---|---|")
        list_args = ["cases", "list", "--unit", "tnmt", "--status", "open", "--format", "json"]
        for label, args in (
            ("tracker --help", ["-m", "tracker", "--help"]),
            ("tracker cases --help", ["-m", "tracker", "cases", "--help"]),
            ("tracker " + " ".join(list_args), ["-m", "tracker", *list_args]),
        ):
            print(f"| `{label}` | {describe(importtime(args, env))} |")
        for module in cli_modules():
            found = importtime(["-c", f"import {module}"], env)
            print(f"| `import {module}` | {describe(found)} |")


if __name__ == "__main__":
    main()
