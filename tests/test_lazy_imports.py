"""What keeps commands quick, checked without a clock: which modules a command imports, how many
statements a list issues, and that the head's list is read through its index (bench/ times them)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from tracker.db import make_engine, transaction
from tracker.services.case_list import CaseFilter, list_cases

ROOT = Path(__file__).resolve().parent.parent
HEAVY = (
    "sqlalchemy",
    "alembic",
    "docx",
    "docxtpl",
    "openpyxl",
    "python_calamine",
    "holidays",
    "matplotlib",
)
TODAY = dt.date(2024, 11, 26)


def imported_heavy(code: str, env: dict[str, str] | None = None) -> list[str]:
    """The heavy packages a fresh interpreter holds after running `code`."""
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=True,
    )
    heavy: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return heavy


def run_cli(*args: str) -> str:
    """Run the CLI as `tracker ARGS` would, without letting click's exit end the probe."""
    return (
        "import sys\nfrom tracker.cli import main\n"
        f"sys.argv = ['tracker', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
    )


def test_no_cli_module_imports_a_heavy_module() -> None:
    modules = sorted(p.stem for p in (ROOT / "tracker" / "cli").glob("*.py"))
    code = "\n".join(f"import tracker.cli.{name}" for name in modules if name != "__main__")
    assert imported_heavy(code) == []


def test_help_imports_no_heavy_module() -> None:
    assert imported_heavy(run_cli("--help")) == []
    assert imported_heavy(run_cli("cases", "--help")) == []


def test_cases_list_needs_only_sqlalchemy(run: Any, db_url: str, tmp_path: Path) -> None:
    """No migration machinery, no documents; holidays only until its answer is cached."""
    add_late_dossiers(run, range(1, 2), ("tnmt",))
    env = {"TRACKER_DATABASE_URL": db_url, "TRACKER_CACHE_DIR": str(tmp_path / "cache")}
    listing = run_cli("cases", "list", "--unit", "tnmt", "--status", "open", "--format", "json")
    assert imported_heavy(listing, env) == ["holidays", "sqlalchemy"]  # first run fills the cache
    assert imported_heavy(listing, env) == ["sqlalchemy"]


def sent_statements(db_url: str, filters: CaseFilter) -> list[str]:
    """Every statement `list_cases` sends to the database for these filters."""
    engine = make_engine(db_url)
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
    with transaction(engine) as session:
        assert list_cases(session, filters, today=TODAY)
    engine.dispose()
    return sent


def add_late_dossiers(run: Any, numbers: range, units: tuple[str, ...]) -> None:
    for number in numbers:
        run(
            "cases", "add", f"000.00.19.H53-24110{number}-0001", "--procedure", "Cấp phép",
            "--applicant", "Trần Thị Bình", "--unit", units[number % len(units)],
            "--due", "15/11/2024",
        )  # fmt: skip


def test_the_list_issues_a_fixed_number_of_statements(run: Any, db_url: str) -> None:
    """However many dossiers are listed: no query per dossier, per letter or per unit."""
    add_late_dossiers(run, range(1, 3), ("tnmt",))
    few = len(sent_statements(db_url, CaseFilter(status="open")))
    add_late_dossiers(run, range(3, 10), ("vp", "nv", "tp", "tnmt"))
    assert len(sent_statements(db_url, CaseFilter(status="open"))) == few


def test_the_heads_list_reads_its_index(run: Any, db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the query plan is read from SQLite; bench/pg.py shows PostgreSQL's")
    add_late_dossiers(run, range(1, 2), ("tnmt",))
    statements = sent_statements(db_url, CaseFilter(unit="tnmt", status="open"))
    [query] = [s for s in statements if "ORDER BY dossiers.due_at" in s]
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        plan = " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {query}", (1,)))
    assert "USING INDEX ix_dossiers_unit_open_due" in plan
    assert "SCAN dossiers" not in plan
