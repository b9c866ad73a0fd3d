"""The monthly report on a province-sized database (README, Performance).

Measured, turn about on the same database:
  A. `tracker report monthly 2024-11 --format json`, the whole process;
  B. `python -c "import sqlalchemy.orm, click, rich.table"`, the imports any such tool pays;
  C. the report's dossier count — GROUP BY unit, head, due date, finished date for the month —
     through raw sqlite3 (connect, execute, fetch).
Goal: A under 2 s on 1M dossiers; its ratio to the floor B + C is printed beside it. Also
prints the count's EXPLAIN QUERY PLAN (the month is found through ix_dossiers_period_unit),
how many grouped rows the month reduces to, and the statements the report issues.

    .venv/bin/python bench/report.py [--rows 1000000] [--seed 1] [--rounds 7] [--period 2024-11]
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import Any

from database import TODAY, captured_statements, query_plan, raw_query, sqlite_database
from harness import PYTHON, TRACKER, against_floor, environment, print_table, processes, turn_about

GOAL_SECONDS = 2.0
INDEX = "ix_dossiers_period_unit"
FLOOR_IMPORTS = "import sqlalchemy.orm, click, rich.table"


def summary_statements(database: Path, period: str) -> list[tuple[str, Any]]:
    """Every statement the monthly summary runs, as sent to the driver."""
    from tracker.dates import parse_period
    from tracker.services.reports import monthly_summary

    return captured_statements(
        database, lambda session: monthly_summary(session, parse_period(period), today=TODAY)
    )


def count_query(statements: list[tuple[str, Any]], period: str) -> tuple[str, Any]:
    """The month's grouped count (the first GROUP BY over the dossiers of that period)."""
    return next(
        (sql, params)
        for sql, params in statements
        if "GROUP BY dossiers.unit_id" in sql and period in str(params)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--period", default="2024-11")
    options = parser.parse_args()

    database = sqlite_database(options.rows, options.seed)
    with sqlite3.connect(database) as conn:
        in_month = conn.execute(
            "SELECT count(*) FROM dossiers WHERE period = ?", (options.period,)
        ).fetchone()[0]
    statements = summary_statements(database, options.period)
    sql, parameters = count_query(statements, options.period)
    plan = query_plan(database, sql, parameters)
    _, groups = raw_query(database, sql, parameters)
    print(f"\n{options.rows:,} dossiers in {database}; {in_month:,} of them in {options.period}")
    print(f"the month's count reduces them to {groups:,} grouped rows")
    print(f"statements issued by the monthly summary: {len(statements)}")
    print(f"\nThe count, as the ORM emits it:\n{sql}\nparameters: {parameters}")
    print("\nEXPLAIN QUERY PLAN:\n" + "\n".join(f"  {line}" for line in plan))
    print(f"uses {INDEX}: {'yes' if any(INDEX in line for line in plan) else 'NO'}")

    env = environment(TRACKER_DATABASE_URL=str(database))
    report_args = ["report", "monthly", options.period, "--format", "json"]
    report_command = "tracker " + " ".join(report_args)
    imports_command = f'python -c "{FLOOR_IMPORTS}"'
    candidates = processes(
        {report_command: [TRACKER, *report_args], imports_command: [PYTHON, "-c", FLOOR_IMPORTS]},
        env,
    )
    candidates["raw sqlite3 count"] = lambda: raw_query(database, sql, parameters)[0]
    times = turn_about(candidates, rounds=options.rounds)
    rows, report_median, floor_median = against_floor(
        times,
        report_command,
        f"{report_command} ({options.rows:,} dossiers)",
        imports=imports_command,
        raw="raw sqlite3 count",
        raw_command="sqlite3: connect, the month's GROUP BY, fetchall",
        floor_measure="floor = imports + raw count",
        target=f"< {GOAL_SECONDS:g} s",
    )
    print_table("monthly report JSON against its floor", rows, rounds=options.rounds)
    state = "met" if report_median < GOAL_SECONDS else "MISSED"
    print(
        f"\nreport monthly JSON: {report_median:.2f} s (goal < {GOAL_SECONDS:g} s) — {state}; "
        f"{report_median / floor_median:.2f}× the floor"
    )


if __name__ == "__main__":
    main()
