"""Two clerks publishing the same letter at once: one succeeds, the other is told who did it
first — never a crash, never two live records."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, text

from tests.conftest import Invoke
from tests.dossiers import add_late
from tests.lifecycle_data import URL, A
from tracker.db import make_engine, transaction
from tracker.errors import Conflict
from tracker.models import Publication
from tracker.output_files import OutputBatch
from tracker.services.cases import get_dossier
from tracker.services.letter_publish import publish_letter

TODAY = dt.date(2024, 11, 26)


@pytest.fixture
def issued(run: Invoke) -> Invoke:
    add_late(run, A, "tnmt", "20/11/2024")
    run("letters", "draft", A)
    run("letters", "issue", A, "--auto-number")
    return run


def live_rows(db_url: str, channel: str) -> list[tuple[str, str | None]]:
    with create_engine(db_url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT actor, url FROM publications "
                "WHERE channel = :channel AND withdrawn_on IS NULL"
            ),
            {"channel": channel},
        ).all()
    return [(r[0], r[1]) for r in rows]


@pytest.mark.slow
def test_two_processes_publishing_at_once(issued: Invoke, db_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "TRACKER_DATABASE_URL": db_url}
    publish = ["letters", "publish", A, "--portal", "--url", URL]
    clerks = [
        subprocess.Popen(
            [sys.executable, "-m", "tracker", "--as", clerk, *publish],
            # Publishing on the portal writes the masked copy (./phieu-xin-loi/cong-khai/).
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for clerk in ("Văn thư Lan", "Văn thư Minh")
    ]
    outcomes = []
    for clerk in clerks:
        out, err = clerk.communicate(timeout=120)
        outcomes.append((clerk.returncode, out, err))
    codes = sorted(code for code, _out, _err in outcomes)
    assert codes == [0, 1], outcomes
    [(_code, _out, loser_err)] = [o for o in outcomes if o[0] == 1]
    assert "Traceback" not in loser_err
    assert loser_err.startswith("Lỗi: Thư của hồ sơ")
    assert "đã được đăng trên Cổng thông tin điện tử" in loser_err
    rows = live_rows(db_url, "portal")
    assert len(rows) == 1
    winner = rows[0][0]
    assert f"bởi {winner}" in loser_err


def test_the_unique_index_turns_a_lost_race_into_a_clear_conflict(
    issued: Invoke, db_url: str
) -> None:
    """Where the database lets two transactions run side by side (PostgreSQL), the check in
    the service can pass for both; the partial unique index then stops the second insert.
    Simulated here: another clerk's row appears after this session loaded the letter."""
    engine = make_engine(db_url)
    try:
        with (
            pytest.raises(Conflict, match="bởi Văn thư Lan") as refused,
            transaction(engine) as session,
        ):
            letter = get_dossier(session, A).letters[0]
            assert letter.publications == []  # loaded: the service will not see the new row
            session.execute(
                insert(Publication).values(
                    letter_id=letter.id,
                    channel="portal",
                    published_on=TODAY,
                    url=URL,
                    actor="Văn thư Lan",
                )
            )
            with OutputBatch() as outputs:
                publish_letter(
                    session,
                    A,
                    "portal",
                    url=URL + "-2",
                    outputs=outputs,
                    today=TODAY,
                    actor="Văn thư Minh",
                )
        assert "đã được đăng trên Cổng thông tin điện tử" in str(refused.value)
    finally:
        engine.dispose()
    assert live_rows(db_url, "portal") == []  # the whole transaction was rolled back
