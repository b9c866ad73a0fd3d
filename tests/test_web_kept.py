"""What `tracker serve` keeps between requests (tracker/db_changes.py: the signed-in account,
the head's page, the pending list, the unit filter's choices, the calendar) is kept only while
nothing is written: a change made by the CLI — in this process on its own connection, or in
another process — shows on the very next request. Today is Tuesday 26/11/2024 (conftest)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event

from tests.conftest import Invoke
from tests.web import CLERK, HEAD_A, LATE_A, LATE_B, ROOT, Office, page

REASON = "Chờ ý kiến của Sở Tài nguyên và Môi trường"


def tracker_process(db_url: str, folder: Path, *args: str) -> None:
    """The CLI in a process of its own, as a clerk's terminal beside the server, working in
    `folder` (where a publication writes its public copy)."""
    env = {**os.environ, "TRACKER_DATABASE_URL": db_url, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tracker", *args]
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@contextmanager
def statements(office: Office) -> Iterator[list[str]]:
    """Every statement the server sends to the database meanwhile."""
    engine = office.app.extensions["tracker"].services.engine
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def first_row(html: str) -> str:
    return html.split("<tbody>", 1)[1].split("</tr>", 1)[0]


def test_the_head_s_page_is_read_again_after_a_write_from_another_process(
    office: Office, db_url: str, tmp_path: Path
) -> None:
    client = office.client(HEAD_A)
    assert REASON not in page(client.get("/"))
    tracker_process(db_url, tmp_path, "cases", "reason", LATE_A, REASON)
    assert REASON in page(client.get("/"))


def test_nothing_is_read_again_while_nothing_is_written(office: Office, run: Invoke) -> None:
    client = office.client(HEAD_A)
    client.get("/")
    with statements(office) as sent:
        again = page(client.get("/"))
    assert LATE_A in again
    # Neither the account nor the list: at most the marker (PostgreSQL's snapshot).
    assert not [s for s in sent if "dossiers" in s or "accounts" in s], sent
    run("cases", "reason", LATE_A, REASON)  # the CLI in this process, its own connection
    with statements(office) as sent:
        assert REASON in page(client.get("/"))
    assert [s for s in sent if "dossiers" in s] and [s for s in sent if "accounts" in s]


def test_a_day_off_added_from_the_cli_moves_the_deadline_on_the_next_page(
    office: Office, db_url: str, tmp_path: Path
) -> None:
    client = office.client(HEAD_A)
    # Due Tuesday 19/11 under Nghị định 61/2018: the apology one working day before.
    assert "18/11/2024" in first_row(page(client.get("/")))
    tracker_process(
        db_url, tmp_path, "calendar", "add-off", "18/11/2024", "--why", "Thông báo số 9/TB"
    )
    row = first_row(page(client.get("/")))
    assert "15/11/2024" in row and "18/11/2024" not in row


def test_the_pending_list_is_read_again_after_a_publication(
    office: Office, run: Invoke, db_url: str, tmp_path: Path
) -> None:
    run("letters", "draft", LATE_A, LATE_B, "--reason", "Chờ xác minh nguồn gốc đất.")
    run("letters", "issue", LATE_A, LATE_B, "--auto-number")
    client = office.client(CLERK)
    assert LATE_A in page(client.get("/cho-cong-khai"))
    tracker_process(db_url, tmp_path, "letters", "publish", LATE_A, "--onestop", "--ref", "MC-1")
    portal = ["--portal", "--url", "https://godau.gov.vn/1"]
    tracker_process(db_url, tmp_path, "letters", "publish", LATE_A, *portal)
    after = page(client.get("/cho-cong-khai"))
    assert LATE_A not in after and LATE_B in after and "1 thư đã ban hành" in after


def test_a_disabled_account_is_signed_out_on_its_next_request(
    office: Office, db_url: str, tmp_path: Path
) -> None:
    client = office.client(HEAD_A)
    assert client.get("/").status_code == 200
    tracker_process(db_url, tmp_path, "users", "disable", HEAD_A.username)
    assert client.get("/").status_code == 302
