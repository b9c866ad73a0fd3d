"""Odd input that used to hang or end in a traceback: each is now one Vietnamese sentence, exit 1,
and nothing written — dates far outside any real one, huge counts of days, settings of the wrong
type, a URL with a word for a port, another program's database, a server that never answers."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from tests.checks import assert_user_error, refused_and_unchanged
from tests.conftest import Invoke
from tests.database import ON_POSTGRES
from tests.dossiers import CODE, add_case, add_case_args, cases_json
from tracker import db as tracker_db
from tracker.cli import cli


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--today", "01/01/0001", "cases", "list"), "01/01/0001 nằm ngoài khoảng"),
        (("--today", "31/12/9999", "cases", "list"), "31/12/9999 nằm ngoài khoảng"),
        (("--today", "0001-01-01", "warn"), "01/01/0001 nằm ngoài khoảng"),
        (("letters", "draft", CODE, "--new-date", "31/12/9999"), "31/12/9999 nằm ngoài khoảng"),
        (("letters", "draft", CODE, "--days", "1000000"), "--days phải là số ngày làm việc từ 1"),
        (("cases", "list", "--status", "due-soon", "--within", "1000000"), "--within phải"),
        (("warn", "--within", "100000000"), "--within phải là số ngày làm việc từ 0 đến 365"),
        (("report", "monthly", "9999-12"), "9999-12» nằm ngoài khoảng"),
        (add_case_args(code="X-1", due="01/01/1066"), "01/01/1066"),
    ],
    ids=[
        "today-year-1",
        "today-9999",
        "today-iso",
        "new-date",
        "days",
        "within",
        "warn-within",
        "period-9999",
        "due-1066",
    ],
)
def test_dates_and_spans_outside_any_real_one_are_refused(
    run: Invoke, args: tuple[str, ...], fragment: str
) -> None:
    refused_and_unchanged(run, args, fragment)


def test_the_last_supported_day_still_works(run: Invoke) -> None:
    add_case(run)
    run("--today", "31/12/2100", "cases", "list", "--status", "due-soon", "--within", "365")
    run("--today", "01/01/1995", "cases", "list")


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("TRACKER_CONFIG", str(path))
    return path


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("database_url = 123\n", "database_url phải là chuỗi"),
        ("letter_days = 100000000\n", "letter_days trong tệp cấu hình"),
        ('letter_days = "năm"\n', "letter_days trong tệp cấu hình"),
        ("due_soon_within = -1\n", "due_soon_within trong tệp cấu hình"),
        ("today = 0001-01-01\n", "01/01/0001 nằm ngoài khoảng"),
        ('today = "31/12/9999"\n', "31/12/9999 nằm ngoài khoảng"),
        ("actor = ['a', 'b']\n", "actor phải là chuỗi"),
        (f'actor = "{"x" * 121}"\n', "Tên người thực hiện"),
        ('letter_number_format = "{n}\\u0007"\n', "letter_number_format"),
        ("connect_timeout = 0\n", "connect_timeout"),
    ],
    ids=[
        "url-number",
        "letter-days",
        "letter-days-text",
        "within-negative",
        "toml-date",
        "today-text",
        "actor-list",
        "actor-long",
        "format-bell",
        "timeout-zero",
    ],
)
def test_a_config_value_of_the_wrong_kind_is_one_sentence(
    run: Invoke, config: Path, content: str, fragment: str
) -> None:
    add_case(run)
    config.write_text(content, encoding="utf-8")
    result = run("cases", "show", CODE, "--explain", ok=False)
    assert_user_error(result, fragment)


def test_a_toml_date_for_today_is_read(
    run: Invoke, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRACKER_TODAY")
    add_case(run)
    config.write_text("today = 2024-11-20\nletter_days = 3\n", encoding="utf-8")
    [row] = cases_json(run)
    assert row["days_late"] == 1  # due 19/11/2024, as of 20/11/2024


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://can-bo@127.0.0.1:năm/tracker",
        "postgresql+psycopg://can-bo@127.0.0.1:99999999999/tracker",
        "khong-phai-url://x",
    ],
    ids=["word-port", "huge-port", "unknown-scheme"],
)
def test_a_malformed_database_url_is_one_sentence(url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url, "cases", "list"])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Lỗi: ") and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


@pytest.mark.skipif(ON_POSTGRES, reason="a SQLite file; PostgreSQL: the next test")
def test_init_refuses_another_programs_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "ke-toan.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO customers (name) VALUES ('Công ty A')")
    result = CliRunner().invoke(cli, ["--db", str(path), "init", "--preset", "go-dau"])
    assert_user_error(result, "đã có bảng của chương trình khác (customers)")
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert tables == {"customers"}
        assert connection.execute("SELECT name FROM customers").fetchall() == [("Công ty A",)]


@pytest.mark.skipif(not ON_POSTGRES, reason="a PostgreSQL database")
def test_init_refuses_another_programs_postgresql_database() -> None:
    from sqlalchemy import inspect

    from tests.pg import fresh_database

    with fresh_database(os.environ["TRACKER_TEST_DATABASE"], migrated=False) as url:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE customers (id integer PRIMARY KEY)"))
        result = CliRunner().invoke(cli, ["--db", url, "init"])
        assert_user_error(result, "đã có bảng của chương trình khác (customers)")
        assert inspect(engine).get_table_names() == ["customers"]
        engine.dispose()


def test_init_on_an_empty_file_and_again_on_its_own_database(tmp_path: Path) -> None:
    path = tmp_path / "moi.db"
    path.touch()
    for _ in range(2):
        result = CliRunner().invoke(cli, ["--db", str(path), "init"])
        assert result.exit_code == 0, result.output


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP server that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()
    for connection in accepted:
        connection.close()


def test_a_server_that_never_answers_ends_in_one_sentence(
    silent_server: int, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("connect_timeout = 2\n", encoding="utf-8")
    url = f"postgresql+psycopg://can-bo:mat-khau@127.0.0.1:{silent_server}/tracker"
    # A subprocess, so that a hang fails this test (timeout) instead of stopping the suite.
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", url, "cases", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TRACKER_CONFIG": str(config)},
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("Lỗi: ") and len(done.stderr.strip().splitlines()) == 1
    assert "không trả lời kịp" in done.stderr
    assert "mat-khau" not in done.stderr


@contextmanager
def lock_held(db_url: str, take: str) -> Iterator[None]:
    """Another connection holds a lock (`take` is the statement that takes it) for the block,
    letting go after 10 s at the latest: a command that waits without bound then succeeds
    late, and its test fails instead of hanging."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as holder:
            holder.exec_driver_sql(take)
            timer = threading.Timer(10, holder.rollback)
            timer.start()
            try:
                yield
            finally:
                timer.cancel()
                holder.rollback()
    finally:
        engine.dispose()


@pytest.mark.usefixtures("short_lock_wait")
def test_a_writer_kept_waiting_for_the_lock_gives_up_in_one_sentence(
    run: Invoke, db_url: str
) -> None:
    add_case(run)
    before = cases_json(run)
    # An office-wide change in its transaction (PostgreSQL: a reorganisation, say, holding
    # the office lock exclusively); any writer (SQLite).
    take = (
        f"SELECT pg_advisory_xact_lock({tracker_db._PG_OFFICE_LOCK})"
        if ON_POSTGRES
        else "BEGIN IMMEDIATE"
    )
    with lock_held(db_url, take):
        result = run("cases", "reason", CODE, "Chờ ý kiến", ok=False)
    assert_user_error(result, "đang bận quá lâu")
    assert cases_json(run) == before


@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite readers never wait (WAL)")
@pytest.mark.usefixtures("short_lock_wait")
def test_a_reader_kept_waiting_by_another_programs_lock_gives_up_in_one_sentence(
    run: Invoke, db_url: str
) -> None:
    add_case(run)
    with lock_held(db_url, "LOCK TABLE dossiers IN ACCESS EXCLUSIVE MODE"):
        result = run("cases", "list", ok=False)
    assert_user_error(result, "đang bận quá lâu")
