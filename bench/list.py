"""A head's list on a province-sized database, against the floor it cannot avoid.

Measured, turn about on the same database:
  A. `tracker cases list --unit tnmt --status open --format json`, the whole process;
  B. `python -c "import sqlalchemy.orm, click, rich.table"`, the imports any such tool pays;
  C. the very SQL the ORM emits for the list, run through raw sqlite3 (connect, execute, fetch).
Goal (README, Performance): A within 1.5× of B + C, and the query using the index
ix_dossiers_unit_open_due (its EXPLAIN QUERY PLAN is printed). Also shows how many statements
the list issues (a constant, not one per row) and that the list imports neither alembic, docx
nor openpyxl.

    .venv/bin/python bench/list.py [--rows 1000000] [--seed 1] [--rounds 11] [--unit tnmt]
    .venv/bin/python bench/list.py --crowd     # every open dossier in --unit: ≈ 33,000 at 1M

--crowd measures the crowded case, a unit holding every open dossier of the office, on a copy of
the N-dossier database whose open dossiers are all moved into --unit by one UPDATE (built once,
reused). The list's peak memory (max RSS) is printed beside: it streams, so it stays flat
however many rows it prints.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import subprocess
from pathlib import Path
from typing import Any

from coldstart import describe, importtime
from database import TODAY, captured_statements, query_plan, raw_query, sqlite_database
from harness import (
    PYTHON,
    TRACKER,
    Figure,
    against_floor,
    environment,
    print_table,
    processes,
    turn_about,
)

LIST_GOAL = 1.5
INDEX = "ix_dossiers_unit_open_due"
FLOOR_IMPORTS = "import sqlalchemy.orm, click, rich.table"
# Beside the floor, for scale: what printing the listed rows as JSON adds to it, at C speed.
PRINT_ROWS = f"""{FLOOR_IMPORTS}
import json, sqlite3, sys
cursor = sqlite3.connect(sys.argv[1]).execute(sys.argv[2], json.loads(sys.argv[3]))
names = [column[0] for column in cursor.description]
print(json.dumps([dict(zip(names, row)) for row in cursor], ensure_ascii=False))
"""


def list_statements(database: Path, unit: str) -> list[tuple[str, Any]]:
    """Every statement `cases list` runs, as sent to the driver."""
    from tracker.services.case_list import CaseFilter, list_cases

    return captured_statements(
        database,
        lambda session: list_cases(session, CaseFilter(unit=unit, status="open"), today=TODAY),
    )


def list_query(statements: list[tuple[str, Any]]) -> tuple[str, Any]:
    """The statement that reads the listed dossiers (the one ordered by due date)."""
    [query] = [s for s in statements if "ORDER BY dossiers.due_at" in s[0]]
    return query


def crowded_database(database: Path, unit: str) -> Path:
    """A copy of `database` whose open dossiers all belong to `unit`."""
    crowded = database.with_name(f"{database.stem}-crowded-{unit}.db")
    if crowded.exists():
        return crowded
    building = crowded.with_suffix(".building")
    shutil.copyfile(database, building)
    conn = sqlite3.connect(building)
    with conn:
        conn.execute(
            "UPDATE dossiers SET unit_id = (SELECT id FROM units WHERE code = ?), head_id = NULL "
            "WHERE finished_at IS NULL",
            (unit,),
        )
    conn.close()  # checkpoints the WAL into the file renamed next
    building.rename(crowded)
    return crowded


def peak_memory_mb(command: list[str], env: dict[str, str]) -> float:
    """The largest resident set of `command` run once, in MB (measured by a process of its own:
    RUSAGE_CHILDREN covers every child a process ever waited for)."""
    measure = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [PYTHON, "-c", measure, *command], env=env, capture_output=True, text=True, check=True
    )
    return int(done.stdout) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--unit", default="tnmt")
    parser.add_argument("--crowd", action="store_true", help="every open dossier in --unit")
    options = parser.parse_args()

    database = sqlite_database(options.rows, options.seed)
    if options.crowd:
        database = crowded_database(database, options.unit)
    statements = list_statements(database, options.unit)
    sql, parameters = list_query(statements)
    plan = query_plan(database, sql, parameters)
    _, listed = raw_query(database, sql, parameters)
    print(f"\n{options.rows:,} dossiers in {database}; the list returns {listed:,} open dossiers")
    print(f"statements issued by list_cases: {len(statements)} (whatever the number of rows)")
    print(f"\nThe list's query, as the ORM emits it:\n{sql}\nparameters: {parameters}")
    print("\nEXPLAIN QUERY PLAN:\n" + "\n".join(f"  {line}" for line in plan))
    uses_index = any(INDEX in line for line in plan)
    print(f"uses {INDEX}: {'yes' if uses_index else 'NO'}")

    env = environment(TRACKER_DATABASE_URL=str(database))
    list_args = ["cases", "list", "--unit", options.unit, "--status", "open", "--format", "json"]
    list_command = "tracker " + " ".join(list_args)
    imports_command = f'python -c "{FLOOR_IMPORTS}"'
    json_command = "floor process that also prints the rows as JSON"
    candidates = processes(
        {
            list_command: [TRACKER, *list_args],
            imports_command: [PYTHON, "-c", FLOOR_IMPORTS],
            json_command: [PYTHON, "-c", PRINT_ROWS, str(database), sql, json.dumps(parameters)],
        },
        env,
    )
    candidates["raw sqlite3 query"] = lambda: raw_query(database, sql, parameters)[0]
    times = turn_about(candidates, rounds=options.rounds)
    rows, tracker_median, floor_median = against_floor(
        times,
        list_command,
        f"{list_command} ({options.rows:,} dossiers)",
        imports=imports_command,
        raw="raw sqlite3 query",
        raw_command="sqlite3: connect, execute the ORM's SQL, fetchall",
        floor_measure="floor = imports + raw query",
        target=f"≤ {LIST_GOAL}×",
    )
    rows.append(
        Figure(
            json_command,
            "python -c 'import sqlalchemy.orm, click, rich.table; sqlite3 → json.dumps(rows)'",
            statistics.median(times[json_command]),
        )
    )
    print_table("cases list against its floor", rows, rounds=options.rounds)
    state = "met" if tracker_median / floor_median <= LIST_GOAL else "MISSED"
    print(
        f"\ncases list: {tracker_median / floor_median:.2f}× the floor (goal ≤ {LIST_GOAL}×) — {state}"
    )
    print(f"peak memory of the list: {peak_memory_mb([TRACKER, *list_args], env):.0f} MB (max RSS)")
    found = importtime(["-m", "tracker", *list_args], env)
    print(f"heavy modules imported by the list: {describe(found)}")
    print(f"migration machinery (alembic) loaded: {'YES' if 'alembic' in found else 'no'}")


if __name__ == "__main__":
    main()
