"""PostgreSQL locks only what a command changes (tracker.db): a clerk of one unit is never kept
waiting by another unit's dossier or letter number, two clerks of one unit get consecutive
numbers, and an import and a clerk changing one dossier at the same moment lose neither change.
SQLite has one writer at a time (BEGIN IMMEDIATE): the guarantees that hold there too run on
both engines, the ones about writing side by side on PostgreSQL only."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from tests.conftest import TODAY, Invoke
from tests.dossiers import add_late, reason_of
from tests.import_files import csv_bytes, dossier
from tests.lifecycle_data import A, B, C
from tracker.db import read_only, transaction
from tracker.errors import DatabaseError
from tracker.models import ApologyLetter, Event, LetterCounter, Unit
from tracker.services.cases import get_dossier
from tracker.services.dossiers import assign, resolve
from tracker.services.letter_issue import IssueRequest, issue_letters
from tracker.services.regimes import session_info

ROOT = Path(__file__).resolve().parent.parent
ON_POSTGRES = bool(os.environ.get("TRACKER_TEST_DATABASE"))
postgres_only = pytest.mark.skipif(
    not ON_POSTGRES, reason="SQLite has one writer at a time (BEGIN IMMEDIATE)"
)
BUSY = "Lỗi: Cơ sở dữ liệu đang bận quá lâu (một người khác đang ghi): hãy thử lại."
TODAY_DATE = dt.date(2024, 11, 26)


def numbers(engine: Engine, unit: str) -> list[int]:
    """The sequence numbers the unit's letters carry, in order."""
    with read_only(engine).connect() as conn:
        return list(
            conn.scalars(
                select(ApologyLetter.number_seq)
                .join(Unit, Unit.id == ApologyLetter.unit_id)
                .where(Unit.code == unit, ApologyLetter.number_seq.is_not(None))
                .order_by(ApologyLetter.number_seq)
            )
        )


@postgres_only
@pytest.mark.usefixtures("short_lock_wait")
def test_a_clerk_is_not_kept_waiting_by_another_units_dossier(run: Invoke, engine: Engine) -> None:
    add_late(run, A, "tnmt", "20/11/2024")
    add_late(run, C, "ktht", "21/11/2024")
    with transaction(engine) as session:
        # A long transaction of the KT&HT clerk, holding their dossier (changed, uncommitted).
        get_dossier(session, C, for_update=True).reason = "Đang chờ ý kiến Sở Xây dựng"
        session.flush()
        run("cases", "reason", A, "Chờ ý kiến Sở Tài nguyên và Môi trường")
        # The same dossier waits for the holder, a bounded wait said in one sentence.
        waited = run("cases", "reason", C, "Lý do khác", ok=False)
    assert waited.exit_code == 1
    assert waited.stderr.strip().splitlines() == [BUSY]
    assert reason_of(run, A) == "Chờ ý kiến Sở Tài nguyên và Môi trường"
    assert reason_of(run, C) == "Đang chờ ý kiến Sở Xây dựng"


@postgres_only
@pytest.mark.usefixtures("short_lock_wait")
def test_issuing_in_one_unit_does_not_wait_for_another_units_number(
    run: Invoke, engine: Engine
) -> None:
    add_late(run, A, "tnmt", "20/11/2024")
    add_late(run, B, "tnmt", "22/11/2024")
    add_late(run, C, "ktht", "21/11/2024")
    run("letters", "draft", A, B, C)
    with transaction(engine, info=session_info(None)) as session:
        # The TN&MT clerk has taken their unit's next number and not committed yet.
        [held] = issue_letters(
            session, IssueRequest(codes=(A,)), number_format=None, today=TODAY_DATE, actor="Lan"
        )
        other_unit = run("letters", "issue", C, "--auto-number", "--format", "json")
        same_unit = run("letters", "issue", B, "--auto-number", ok=False)
    assert held.number == "01/PXL-TNMT"
    assert json.loads(other_unit.stdout)[0]["number"] == "01/PXL-KTHT"
    assert same_unit.exit_code == 1
    assert same_unit.stderr.strip().splitlines() == [BUSY]
    # Once the first clerk committed, the second gets the number after theirs.
    [issued] = json.loads(run("letters", "issue", B, "--auto-number", "--format", "json").stdout)
    assert issued["number"] == "02/PXL-TNMT"
    assert numbers(engine, "tnmt") == [1, 2]


# One clerk: wait for the signal, then issue each dossier's letter, one command each.
ISSUING_CLERK = """
import json, sys, time
from pathlib import Path
from click.testing import CliRunner
from tracker.cli import cli
url, go, *codes = sys.argv[1:]
runner = CliRunner()
runner.invoke(cli, ["--db", url, "cases", "show", codes[0]])  # imports, warm-up
Path(go + "." + codes[0]).touch()
while not Path(go).exists():
    time.sleep(0.01)
outcomes = []
for code in codes:
    result = runner.invoke(cli, ["--db", url, "letters", "issue", code, "--auto-number"])
    outcomes.append([code, result.exit_code, result.output])
print(json.dumps(outcomes))
"""


@pytest.mark.slow
def test_two_clerks_issuing_in_one_unit_get_consecutive_numbers(
    run: Invoke, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    per_clerk = 12
    rows = [dossier(n, due="15/11/2024") for n in range(1, 2 * per_clerk + 1)]
    export = tmp_path / "tnmt.csv"
    export.write_bytes(csv_bytes(rows))
    run("import", str(export))
    run("letters", "draft", "--period", "2024-11", "--unit", "tnmt", "--reason", "Chờ đo đạc.")
    codes = [row[0] for row in rows]
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRACKER_TODAY": TODAY}
    clerks = [
        subprocess.Popen(
            [sys.executable, "-c", ISSUING_CLERK, db_url, str(go), *codes[start::2]],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for start in (0, 1)
    ]
    try:
        deadline = time.monotonic() + 120
        while not all(Path(f"{go}.{codes[start]}").exists() for start in (0, 1)):
            assert all(c.poll() is None for c in clerks), [c.communicate() for c in clerks]
            assert time.monotonic() < deadline
            time.sleep(0.02)
        go.touch()
        done = [clerk.communicate(timeout=300) for clerk in clerks]
    finally:
        for clerk in clerks:
            if clerk.poll() is None:
                clerk.kill()
    outcomes = [outcome for out, _err in done for outcome in json.loads(out)]
    assert [exit_code for _code, exit_code, _output in outcomes] == [0] * len(codes), outcomes
    # Every letter of the unit numbered, each number once, none skipped.
    assert numbers(engine, "tnmt") == list(range(1, len(codes) + 1))
    with read_only(engine).connect() as conn:
        counters = conn.execute(select(LetterCounter.year, LetterCounter.last_seq)).all()
    assert [tuple(c) for c in counters] == [(2024, len(codes))]


def blocked_command(engine: Engine, db_url: str, *args: str) -> subprocess.Popen[str]:
    """`tracker ARGS` started in a process of its own, returned once it waits for a lock."""
    env = {**os.environ, "TRACKER_DATABASE_URL": db_url, "TRACKER_TODAY": TODAY}
    command = subprocess.Popen(
        [str(Path(sys.executable).parent / "tracker"), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND datname = current_database()"
    )
    deadline = time.monotonic() + 60
    with read_only(engine).connect() as conn:
        while not conn.execute(query).scalar_one():
            if command.poll() is not None or time.monotonic() > deadline:
                command.kill()
                raise AssertionError(f"never waited for the lock: {command.communicate()}")
            time.sleep(0.05)
            conn.rollback()  # a new snapshot of pg_stat_activity
    return command


def changes(engine: Engine, *actions: str) -> list[tuple[str, Any, Any]]:
    with read_only(engine).connect() as conn:
        events = conn.execute(
            select(Event.action, Event.before, Event.after)
            .where(Event.action.in_(actions))
            .order_by(Event.id)
        ).all()
    return [(action, before, after) for action, before, after in events]


@postgres_only
def test_a_clerk_waiting_for_a_dossier_starts_from_what_the_first_one_committed(
    run: Invoke, engine: Engine, db_url: str
) -> None:
    add_late(run, A, "tnmt", "20/11/2024")
    with transaction(engine) as session:
        assign(session, [A], "ktht", actor="Lan")
        session.flush()
        second = blocked_command(engine, db_url, "cases", "assign", A, "--head", "tckh")
    _out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    [(first_before, first_after), (second_before, second_after)] = [
        (before["head"], after["head"])
        for _action, before, after in changes(engine, "dossier.assign")
    ]
    # The second clerk starts from the head the first one assigned, not the one it replaced.
    assert second_before == first_after
    assert first_before != first_after != second_after


@postgres_only
def test_an_import_waits_for_a_clerk_changing_its_dossier_and_loses_nothing(
    run: Invoke, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    export = tmp_path / "ket-qua.csv"
    export.write_bytes(csv_bytes([dossier(1, finished="25/11/2024")]))
    code, procedure, applicant, *_ = dossier(1)
    run("cases", "add", code, "--procedure", procedure, "--applicant", applicant,
        "--unit", "tnmt", "--received", "01/11/2024", "--due", "15/11/2024")  # fmt: skip
    with transaction(engine, info=session_info(None)) as session:
        # A clerk records the result as of 22/11 and has not committed yet, when an import
        # whose row says 25/11 reaches that dossier: it waits.
        resolve(session, code, dt.date(2024, 11, 22), today=TODAY_DATE, actor="Lan")
        session.flush()
        importer = blocked_command(engine, db_url, "import", str(export), "--format", "json")
    out, err = importer.communicate(timeout=120)
    assert importer.returncode == 0, err
    assert json.loads(out)["counts"]["updated"] == 1
    # The import read the clerk's committed value: its "before" is the clerk's "after".
    assert changes(engine, "dossier.resolve", "dossier.update") == [
        ("dossier.resolve", {"finished_at": None}, {"finished_at": "2024-11-22"}),
        ("dossier.update", {"finished_at": "2024-11-22"}, {"finished_at": "2024-11-25"}),
    ]


@postgres_only
def test_two_clerks_waiting_for_each_other_are_told_in_one_sentence(
    run: Invoke, engine: Engine
) -> None:
    """Services lock several dossiers in code order (`lock_dossiers`), so tracker's own
    commands never wait in a circle; another program (or a future service) might. The server
    breaks the circle (SQLSTATE 40P01); the command it stops says so and writes nothing."""
    add_late(run, A, "tnmt", "20/11/2024")
    add_late(run, C, "ktht", "21/11/2024")
    both_hold_one = threading.Barrier(2)
    errors: list[Exception] = []

    def clerk(first: str, second: str, reason: str) -> None:
        try:
            with transaction(engine) as session:
                get_dossier(session, first, for_update=True).reason = reason
                session.flush()
                both_hold_one.wait(timeout=30)
                get_dossier(session, second, for_update=True).reason = reason
        except DatabaseError as err:
            errors.append(err)

    threads = [
        threading.Thread(target=clerk, args=(A, C, "Lý do của Lan")),
        threading.Thread(target=clerk, args=(C, A, "Lý do của Minh")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [str(err) for err in errors] == [
        "Lệnh này và lệnh của một người khác chờ lẫn nhau nên lệnh này đã dừng, không ghi gì: "
        "hãy chạy lại lệnh."
    ]
    # The other clerk's transaction went through whole: both dossiers carry its reason.
    assert reason_of(run, A) == reason_of(run, C) in ("Lý do của Lan", "Lý do của Minh")
