"""A database this process may only read — a copy on a read-only share, a file without write
permission, a folder nobody may write — still answers every command that reads: lists,
reports, history. A command that writes says so in one sentence and changes nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.dossiers import CODE
from tracker.cli import cli

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TRACKER_TEST_DATABASE")), reason="a property of SQLite files"
)


def tracker(database: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(database), *args])


def _lock(path: Path) -> list[str]:
    """Make `path` unwritable for this process, even as root; the command that undoes it."""
    if os.geteuid() == 0:  # root ignores permission bits; the immutable attribute stops root
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("cannot make a read-only file here (need chattr as root)")
        return ["chattr", "-i", str(path)]
    mode = 0o555 if path.is_dir() else 0o444
    undo = ["chmod", oct(path.stat().st_mode & 0o777)[2:], str(path)]
    path.chmod(mode)
    return undo


@pytest.fixture
def filled(tmp_path: Path, migrated_template: Path) -> Path:
    """A database with one late dossier, its reason and its history, closed cleanly."""
    folder = tmp_path / "chia-se"
    folder.mkdir()
    database = folder / "tracker.db"
    shutil.copyfile(migrated_template, database)
    add = [
        "cases", "add", CODE, "--procedure", "Cấp phép xây dựng", "--applicant", "Trần Thị Bình",
        "--unit", "tnmt", "--due", "15/11/2024", "--reason", "Chờ ý kiến thẩm định",
    ]  # fmt: skip
    assert tracker(database, *add).exit_code == 0
    return database


@pytest.fixture(params=["file", "folder"])
def locked(request: pytest.FixtureRequest, filled: Path) -> Iterator[Path]:
    """The file itself unwritable (its folder writable), or its folder unwritable too."""
    target = filled if request.param == "file" else filled.parent
    undo = _lock(target)
    try:
        yield filled
    finally:
        subprocess.run(undo, capture_output=True)


def test_reading_commands_work(locked: Path) -> None:
    listed = tracker(locked, "cases", "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.stdout)
    assert (row["code"], row["reason"]) == (CODE, "Chờ ý kiến thẩm định")
    report = tracker(locked, "report", "monthly", "2024-11", "--format", "json")
    assert report.exit_code == 0, report.output
    assert json.loads(report.stdout)["total"] == 1
    history = tracker(locked, "history", CODE, "--format", "json")
    assert history.exit_code == 0, history.output
    assert [e["action"] for e in json.loads(history.stdout)] == ["dossier.add"]
    assert tracker(locked, "cases", "show", CODE).exit_code == 0
    assert tracker(locked, "remind").exit_code == 0


def test_a_writing_command_is_one_sentence_and_changes_nothing(locked: Path) -> None:
    before = locked.read_bytes()
    result = tracker(locked, "cases", "reason", CODE, "Lý do mới")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Lỗi: Không ghi được vào tệp {locked}") and "chỉ cho phép đọc" in line
    assert "Đã ghi" not in result.output
    assert locked.read_bytes() == before
