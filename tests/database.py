"""Looking at the database under test from outside the commands: which engine it is, every row
of every table (to prove a refused command changed nothing), one number, the write lock."""

from __future__ import annotations

import os
import sqlite3
from typing import Any

from sqlalchemy import MetaData, Table, inspect, select, text
from sqlalchemy.engine import Engine

from tracker.db import make_engine, read_only

ON_POSTGRES = bool(os.environ.get("TRACKER_TEST_DATABASE"))


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def snapshot(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, in primary-key order, as plain dicts."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn:
        for name in sorted(table_names(engine) - {"alembic_version"}):
            table = Table(name, MetaData(), autoload_with=conn)
            query = select(table).order_by(*table.primary_key.columns)
            tables[name] = [dict(row._mapping) for row in conn.execute(query)]
    return tables


def count(db_url: str, sql: str) -> int:
    engine = make_engine(db_url)
    try:
        # Read-only: a writing transaction would take the PostgreSQL lock being looked for.
        with read_only(engine).connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())
    finally:
        engine.dispose()


def writer_active(db_url: str) -> bool:
    """Does some process hold the database's write lock right now?"""
    if db_url.startswith("sqlite"):
        conn = sqlite3.connect(db_url.removeprefix("sqlite:///"), timeout=0)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.rollback()
            return False
        except sqlite3.OperationalError as exc:
            assert "locked" in str(exc)
            return True
        finally:
            conn.close()
    return bool(
        count(
            db_url,
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())",
        )
    )
