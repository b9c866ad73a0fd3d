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
"""

from __future__ import annotations

import argparse
import json
import statistics
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
    from tracker.services.cases import CaseFilter, list_cases

    return captured_statements(
        database,
        lambda session: list_cases(session, CaseFilter(unit=unit, status="open"), today=TODAY),
    )


def list_query(statements: list[tuple[str, Any]]) -> tuple[str, Any]:
    """The statement that reads the listed dossiers (the one ordered by due date)."""
    [query] = [s for s in statements if "ORDER BY dossiers.due_at" in s[0]]
    return query


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--unit", default="tnmt")
    options = parser.parse_args()

    database = sqlite_database(options.rows, options.seed)
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
    found = importtime(["-m", "tracker", *list_args], env)
    print(f"heavy modules imported by the list: {describe(found)}")
    print(f"migration machinery (alembic) loaded: {'YES' if 'alembic' in found else 'no'}")


if __name__ == "__main__":
    main()
