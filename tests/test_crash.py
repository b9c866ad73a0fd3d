"""A real `tracker` process killed with SIGKILL in the middle of a long step — an import, a
batch of letters rendered, a batch issued — leaves the database holding all of that step or
none of it, sound (`PRAGMA integrity_check`), and usable: the same step then runs to the end.

"In the middle" is observed, not guessed: the test waits until the process holds the write
lock (SQLite: another connection's BEGIN IMMEDIATE fails at once; PostgreSQL: the advisory
lock of tracker.db is granted), i.e. until its one transaction is open, then waits a little
more and kills it.
"""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import TODAY, Invoke
from tests.database import count, writer_active
from tests.import_files import HEADERS, code, dossier

TRACKER = str(Path(sys.executable).parent / "tracker")
UNITS = ("Phòng TN&MT", "Phòng TC-KH", "Phòng KT&HT", "UBND xã Hiệp Thạnh")

pytestmark = pytest.mark.slow


def write_export(path: Path, rows: int) -> Path:
    """A one-stop export of `rows` late dossiers over several reception days."""
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for n in range(rows):
            row = dossier(n, unit=UNITS[n % len(UNITS)])
            row[0] = code(n % 9000 + 1, day=f"2411{n // 9000 + 1:02d}")
            writer.writerow(row)
    return path


def kill_mid_way(db_url: str, args: list[str], *, after: float) -> bool:
    """Run `tracker ARGS`; SIGKILL it `after` seconds into its transaction. True if it was
    killed while still running (False: it finished before the kill came)."""
    env = {**os.environ, "TRACKER_DATABASE_URL": db_url, "TRACKER_TODAY": TODAY}
    process = subprocess.Popen(
        [TRACKER, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while process.poll() is None and not writer_active(db_url):
            assert time.monotonic() < deadline, "the process never started writing"
            time.sleep(0.01)
        time.sleep(after)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    return process.returncode == -signal.SIGKILL


def assert_sound(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def import_state(db_url: str) -> tuple[int, int, int]:
    return (
        count(db_url, "SELECT count(*) FROM dossiers"),
        count(db_url, "SELECT count(*) FROM import_batches"),
        count(db_url, "SELECT count(*) FROM events"),
    )


def test_import_killed_mid_way_is_all_or_nothing(db_url: str, run: Invoke, tmp_path: Path) -> None:
    rows = 20_000
    export = write_export(tmp_path / "xuat-tu-mot-cua.csv", rows)
    before = import_state(db_url)
    killed = kill_mid_way(db_url, ["import", str(export)], after=0.5)
    assert_sound(db_url)
    state = import_state(db_url)
    assert state == before or state[:2] == (rows, 1), state
    if not killed:
        assert state != before
    if state == before:
        # Nothing was left behind (no lock, no half-written journal): the import runs again.
        run("import", str(export))
        state = import_state(db_url)
    assert state[:2] == (rows, 1)
    assert state[2] > before[2]
    assert_sound(db_url)


LETTERS = 60


@pytest.fixture
def drafted(run: Invoke, db_url: str, tmp_path: Path) -> str:
    """LETTERS late dossiers of 2024-11, each with a drafted apology letter."""
    run("import", str(write_export(tmp_path / "thang-11.csv", LETTERS)))
    run("letters", "draft", "--period", "2024-11", "--reason", "Chờ kết quả đo đạc địa chính")
    assert count(db_url, "SELECT count(*) FROM letters WHERE status = 'draft'") == LETTERS
    return db_url


def test_letters_render_killed_mid_way_is_all_or_nothing(
    drafted: str, run: Invoke, tmp_path: Path
) -> None:
    out = tmp_path / "phieu"
    args = ["letters", "render", "--period", "2024-11", "--out", str(out)]
    killed = kill_mid_way(drafted, args, after=0.3)
    assert_sound(drafted)
    files = count(drafted, "SELECT count(*) FROM letter_files")
    assert files in {0, LETTERS}
    assert count(drafted, "SELECT count(*) FROM events WHERE action = 'letter.render'") in {
        0,
        files,
    }
    if not killed:
        assert files == LETTERS
    # No complete letter under its name that the database does not know.
    assert files == LETTERS or list(out.glob("*.docx")) == []
    if files == 0:
        run(*args)
        assert count(drafted, "SELECT count(*) FROM letter_files") == LETTERS
    letters = [p for p in out.glob("*.docx") if not p.name.startswith("thong-bao-mot-cua")]
    assert len(letters) == LETTERS  # beside them, the notices to the one-stop desk
    assert not any(p.name.startswith(".tracker-") for p in out.iterdir())
    assert_sound(drafted)


def test_letters_issue_batch_killed_mid_way_is_all_or_nothing(drafted: str, run: Invoke) -> None:
    args = ["letters", "issue", "--period", "2024-11", "--auto-number", "--yes"]
    killed = kill_mid_way(drafted, args, after=0.2)
    assert_sound(drafted)
    issued = count(drafted, "SELECT count(*) FROM letters WHERE status = 'issued'")
    assert issued in {0, LETTERS}
    if not killed:
        assert issued == LETTERS
    if issued == 0:
        run(*args)
    # Every letter issued once, numbers never repeated within a unit and year.
    assert count(drafted, "SELECT count(*) FROM letters WHERE status = 'issued'") == LETTERS
    assert count(drafted, "SELECT count(DISTINCT number) FROM letters") == LETTERS
    assert_sound(drafted)
