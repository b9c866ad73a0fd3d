"""Commands that only read never wait for a writer: a head listing cases while a clerk's
long import (one transaction holding the write lock) is running gets the answer at once."""

from __future__ import annotations

import json

from sqlalchemy import text

from tests.conftest import Invoke
from tests.dossiers import CODE, add_case
from tracker.db import make_engine, transaction


def test_reading_commands_do_not_wait_for_a_writer(run: Invoke, db_url: str) -> None:
    add_case(run)
    engine = make_engine(db_url)
    try:
        with transaction(engine) as session:
            # The write lock is now held (SQLite BEGIN IMMEDIATE / the PostgreSQL advisory
            # lock), as during an import. Without the read-only path these would wait 30 s.
            session.execute(
                text("UPDATE dossiers SET reason = 'đang nhập' WHERE code = :c"), {"c": CODE}
            )
            listed = json.loads(run("cases", "list", "--unit", "tnmt", "--format", "json").stdout)
            assert [row["code"] for row in listed] == [CODE]
            assert listed[0]["reason"] is None  # the writer's change is not visible yet
            report = json.loads(run("report", "monthly", "2024-11", "--format", "json").stdout)
            assert report["period"] == "2024-11"
            assert [(u["unit"], u["late"]) for u in report["by_unit"] if u["late"]] == [("tnmt", 1)]
            run("units", "list")
    finally:
        engine.dispose()
    assert (
        json.loads(run("cases", "show", CODE, "--format", "json").stdout)["reason"] == "đang nhập"
    )
