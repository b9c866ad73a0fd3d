"""The database itself: migrations on both engines, backup and restore, file permissions, and
one clear Vietnamese sentence (never a traceback) for every database or input problem."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.checks import assert_user_error
from tests.conftest import Invoke
from tests.database import ON_POSTGRES, snapshot, table_names
from tests.dossiers import CODE, add_case, cases_json, populate, reason_of
from tracker import db as tracker_db
from tracker import migrate
from tracker.cli import cli
from tracker.db import HEAD_REVISION, make_engine
from tracker.models import Base

Tables = dict[str, list[dict[str, Any]]]

sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="a property of SQLite files")


def invoke(*args: str) -> Result:
    """The CLI on an explicit --db (or none), outside the per-test database of `run`."""
    return CliRunner().invoke(cli, list(args))


def revisions_oldest_first() -> list[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


# --- migrations -------------------------------------------------------------------------


def test_head_revision_constant_is_alembic_head() -> None:
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(migrate.alembic_config()).get_current_head() == HEAD_REVISION
    assert revisions_oldest_first()[-1] == HEAD_REVISION


def test_upgrade_from_empty_matches_the_models(empty_url: str) -> None:
    from alembic import command

    result = invoke("--db", empty_url, "init")
    assert result.exit_code == 0, result.output
    engine = make_engine(empty_url)
    try:
        assert table_names(engine) == set(Base.metadata.tables) | {"alembic_version"}
        # `alembic check`: autogenerate finds no difference between models and migrations.
        command.check(migrate.alembic_config(engine))
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(empty_url: str) -> None:
    engine = make_engine(empty_url, create=True)
    try:
        migrate.upgrade(engine)
        migrate.downgrade(engine, "base")
        assert table_names(engine) <= {"alembic_version"}
        assert tracker_db.stored_revision(engine) is None
        migrate.upgrade(engine)
        assert table_names(engine) == set(Base.metadata.tables) | {"alembic_version"}
        assert tracker_db.stored_revision(engine) == HEAD_REVISION
    finally:
        engine.dispose()


def organisation_dated(tables: Tables) -> Tables:
    """Where 0006_organisation_over_time puts the rows: the organisation's `org.*` settings
    leave `settings` for organisation_settings, each valid from 01/01/1995."""
    organisation = [row for row in tables["settings"] if row["key"].startswith("org.")]
    return tables | {
        "settings": [row for row in tables["settings"] if row not in organisation],
        "organisation_settings": [
            {"key": row["key"].removeprefix("org."), "valid_from": dt.date(1995, 1, 1),
             "value": row["value"]}
            for row in organisation
        ],
    }  # fmt: skip


def test_upgrade_through_every_revision_keeps_all_data(run: Invoke, engine: Engine) -> None:
    populate(run)
    oldest, *later = revisions_oldest_first()
    migrate.downgrade(engine, oldest)
    before = snapshot(engine)
    assert before["dossiers"] and before["events"] and before["units"]
    assert any(row["key"] == "org.place" for row in before["settings"])
    for revision in later:
        migrate.upgrade(engine, revision)
        if revision == "0006_organisation_over_time":
            before = organisation_dated(before)
        after = snapshot(engine)
        for table, rows in before.items():
            kept = [{k: row[k] for k in rows[0]} for row in after[table]] if rows else []
            assert kept == rows, f"{table} changed by migration {revision}"
    engine.dispose()
    assert "mới nhất" in run("db", "upgrade").stderr
    assert [c["code"] for c in cases_json(run)] == [CODE, "000.00.19.H53-241105-0002"]


@sqlite_only
def test_db_upgrade_copies_the_sqlite_file_first(
    run: Invoke, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker import maintenance

    add_case(run)
    # This code pretends to know a newer revision, so the database is behind and gets upgraded.
    monkeypatch.setattr(maintenance, "HEAD_REVISION", "9000")
    result = run("db", "upgrade")
    copy = Path(result.stderr.strip().rsplit("Bản sao lưu: ", 1)[1])
    assert copy.parent == Path(db_url.removeprefix("sqlite:///")).parent
    assert "truoc-nang-cap" in copy.name and stat.S_IMODE(copy.stat().st_mode) == 0o600
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT code FROM dossiers").fetchall() == [(CODE,)]


def test_db_current_names_the_revision(run: Invoke) -> None:
    assert run("db", "current").stdout.strip() == f"{HEAD_REVISION} (mới nhất)"


def test_schema_behind_says_to_run_db_upgrade(run: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    # A database left at an older (known) revision: pretend this code's head is one further on.
    monkeypatch.setattr(tracker_db, "HEAD_REVISION", "9000")
    assert_user_error(run("cases", "list", ok=False), "tracker db upgrade")


def test_schema_from_a_newer_tracker_says_to_update(run: Invoke, engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    engine.dispose()
    assert_user_error(run("cases", "list", ok=False), "hãy cập nhật tracker")


def test_uninitialised_database_says_to_run_init(empty_url: str) -> None:
    assert_user_error(invoke("--db", empty_url, "cases", "list"), "tracker init")


# --- backup and restore -------------------------------------------------------------------


@sqlite_only
def test_backup_is_a_private_consistent_copy(run: Invoke, tmp_path: Path) -> None:
    add_case(run)
    target = tmp_path / "saoluu" / "tracker-backup.db"
    run("db", "backup", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT code FROM dossiers").fetchall() == [(CODE,)]
    assert_user_error(run("db", "backup", str(target), ok=False), "đã có")


@sqlite_only
def test_restore_refuses_to_lose_newer_changes_unless_forced(run: Invoke, tmp_path: Path) -> None:
    add_case(run)
    run("cases", "reason", CODE, "Lý do cũ")
    backup = tmp_path / "backup.db"
    run("db", "backup", str(backup))
    # Restoring right away loses nothing: allowed.
    run("db", "restore", str(backup))
    run("cases", "reason", CODE, "Lý do mới, ghi sau khi sao lưu")

    assert_user_error(run("db", "restore", str(backup), ok=False), "mới hơn", "--force")
    assert reason_of(run) == "Lý do mới, ghi sau khi sao lưu"

    run("db", "restore", str(backup), "--force")
    assert reason_of(run) == "Lý do cũ"
    # The overwritten database was kept beside it: even a forced restore can be undone.
    kept = set()
    for copy in tmp_path.glob("tracker.truoc-khoi-phuc-*.db"):
        with sqlite3.connect(copy) as conn:
            kept.add(conn.execute("SELECT reason FROM dossiers").fetchone()[0])
    assert kept == {"Lý do cũ", "Lý do mới, ghi sau khi sao lưu"}


@sqlite_only
def test_restore_rejects_a_file_that_is_not_a_backup(run: Invoke, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("không phải cơ sở dữ liệu\n", encoding="utf-8")
    assert_user_error(run("db", "restore", str(bogus), ok=False), str(bogus))
    assert_user_error(run("db", "restore", str(tmp_path / "missing.db"), ok=False))


@sqlite_only
def test_restore_over_a_corrupt_database_needs_force(tmp_path: Path, run: Invoke) -> None:
    add_case(run)
    backup = tmp_path / "backup.db"
    run("db", "backup", str(backup))
    broken = tmp_path / "broken.db"
    broken.write_text("hỏng\n", encoding="utf-8")
    assert_user_error(invoke("--db", str(broken), "db", "restore", str(backup)), "--force")
    result = invoke("--db", str(broken), "db", "restore", str(backup), "--force")
    assert result.exit_code == 0, result.output
    listed = invoke("--db", str(broken), "cases", "list", "--format", "json")
    assert CODE in listed.stdout
    assert next(tmp_path.glob("broken.hong-*.db")).read_text(encoding="utf-8") == "hỏng\n"


@pytest.mark.skipif(not ON_POSTGRES, reason="the PostgreSQL pointers")
def test_postgres_backup_and_restore_point_to_pg_tools(run: Invoke, tmp_path: Path) -> None:
    assert_user_error(run("db", "backup", str(tmp_path / "x.dump"), ok=False), "pg_dump")
    assert_user_error(run("db", "restore", str(tmp_path / "x.dump"), ok=False), "pg_restore")


# --- files on disk ------------------------------------------------------------------------


def test_new_database_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "moi" / "tracker.db"
    result = invoke("--db", str(path), "init", "--preset", "go-dau")
    assert result.exit_code == 0, result.output
    for file in [path, *tmp_path.glob("moi/tracker.db-*")]:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_text_file_given_as_database(tmp_path: Path) -> None:
    notes = tmp_path / "ghi-chu.txt"
    notes.write_text("Danh sách hồ sơ cần gọi lại\n" * 100, encoding="utf-8")
    assert_user_error(invoke("--db", str(notes), "cases", "list"), str(notes))
    assert_user_error(invoke("--db", str(notes), "init"), str(notes))
    assert notes.read_text(encoding="utf-8").startswith("Danh sách")


def test_database_path_through_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "khong-phai-thu-muc"
    blocker.write_text("", encoding="utf-8")
    assert_user_error(invoke("--db", str(blocker / "tracker.db"), "init"), str(blocker))


def test_missing_database_says_to_run_init(tmp_path: Path) -> None:
    assert_user_error(invoke("--db", str(tmp_path / "chua-co.db"), "cases", "list"), "tracker init")


@pytest.fixture
def read_only_dir(tmp_path: Path, migrated_template: Path) -> Iterator[Path]:
    """A folder holding a database, that this process cannot write into (even as root)."""
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    shutil.copyfile(migrated_template, folder / "tracker.db")
    if os.geteuid() == 0:
        # Root ignores permission bits; the immutable attribute stops root too.
        locked = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
        unlock = ["chattr", "-i", str(folder)]
    else:
        folder.chmod(0o555)
        locked, unlock = True, ["chmod", "755", str(folder)]
    if locked:
        try:
            (folder / "probe").touch()
            locked = False
        except OSError:
            pass
    try:
        if not locked:
            pytest.skip("cannot make a read-only folder here (need chattr as root)")
        yield folder
    finally:
        subprocess.run(unlock, capture_output=True)


def test_read_only_directory(read_only_dir: Path) -> None:
    """Reading works there (tests/test_read_only.py); creating and writing files does not."""
    database = read_only_dir / "tracker.db"
    assert invoke("--db", str(database), "cases", "list").exit_code == 0
    assert_user_error(
        invoke("--db", str(database), "units", "alias", "tnmt", "Phòng TN"),
        str(database),
        "chỉ cho phép đọc",
    )
    assert_user_error(invoke("--db", str(read_only_dir / "moi.db"), "init"), "không có quyền ghi")
    assert_user_error(
        invoke("--db", str(database), "db", "backup", str(read_only_dir / "backup.db")),
        "không có quyền ghi",
    )


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("cases", "show", "000.00.19.H53-000000-9999"), "000.00.19.H53-000000-9999"),
        (("cases", "reason", "KHONG-CO", "lý do"), "KHONG-CO"),
        (
            (
                "cases",
                "add",
                CODE,
                "--procedure",
                "Thủ tục",
                "--applicant",
                "Trần Thị Bình",
                "--unit",
                "tnmt",
                "--due",
                "31/02/2024",
            ),
            "31/02/2024",
        ),
        (("cases", "list", "--period", "2024-13"), "2024-13"),
        (("cases", "list", "--unit", "Phòng Không Tồn Tại"), "Phòng Không Tồn Tại"),
        (("--today", "hôm qua", "cases", "list"), "hôm qua"),
    ],
    ids=["unknown-dossier", "reason-unknown", "feb-31", "month-13", "unknown-unit", "bad-today"],
)
def test_bad_input_is_one_vietnamese_sentence(
    run: Invoke, args: tuple[str, ...], fragment: str
) -> None:
    add_case(run)
    before = cases_json(run)
    assert_user_error(run(*args, ok=False), fragment)
    assert cases_json(run) == before


def test_server_password_never_printed() -> None:
    result = invoke("--db", "postgresql+psycopg://can-bo:mat-khau-9x@127.0.0.1:1/tracker", "init")
    assert_user_error(result, "Không kết nối được")
    assert "mat-khau-9x" not in result.output
