"""An import does not lock the office out, and nobody waits without limit for a lock.

While an import reads its file it holds no write lock (it stages into temporary tables of its
own connection), so a clerk's write goes through at once; its one write transaction comes at
the end and is short (bench/concurrency.py measures the clerks' waits during a 1M-row import).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

import tracker.db
from tests.conftest import TODAY, Invoke
from tests.database import writer_active
from tests.dossiers import CODE, add_case
from tests.import_files import csv_bytes, dossier
from tracker.db import make_engine, transaction
from tracker.errors import FileProblem
from tracker.models import Dossier, ImportBatch
from tracker.services.cases import get_dossier
from tracker.services.imports import ImportOptions, import_file

TRACKER = str(Path(sys.executable).parent / "tracker")


@pytest.mark.slow
def test_a_clerk_writes_while_an_import_reads_its_file(
    run: Invoke, db_url: str, tmp_path: Path
) -> None:
    add_case(run)
    rows = [dossier(n) for n in range(1, 6001)]
    data = csv_bytes(rows)
    fifo = tmp_path / "xuat-tu-mot-cua.csv"
    os.mkfifo(fifo)
    env = {**os.environ, "TRACKER_DATABASE_URL": db_url, "TRACKER_TODAY": TODAY}
    process = subprocess.Popen(
        [TRACKER, "import", str(fifo), "--format", "json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        with fifo.open("wb") as writer:
            # More than a pipe holds: when this returns, the import is reading the file.
            writer.write(data[: len(data) // 2])
            writer.flush()
            assert not writer_active(db_url)
            run("cases", "reason", CODE, "Chờ ý kiến Sở Tài nguyên và Môi trường")
            writer.write(data[len(data) // 2 :])
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err.decode()
    assert json.loads(out)["counts"]["new"] == len(rows)
    shown = json.loads(run("cases", "show", CODE, "--format", "json").stdout)
    assert shown["reason"] == "Chờ ý kiến Sở Tài nguyên và Môi trường"


def test_a_file_that_changes_while_read_is_refused_and_nothing_lands(
    db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "dang-chep.csv"
    path.write_bytes(csv_bytes([dossier(n) for n in range(1, 25_001)]))
    whole = path.read_bytes()

    def truncate_once(_done: int, _total: int) -> None:
        if path.stat().st_size == len(whole):
            path.write_bytes(whole[: len(whole) // 2])  # a copy still arriving, or cut short

    engine = make_engine(db_url)
    try:
        changed = pytest.raises(FileProblem, match="đã thay đổi trong lúc đọc")
        with changed, transaction(engine) as session:
            import_file(session, path, ImportOptions(), actor="t", progress=truncate_once)
        with transaction(engine, reading_only=True) as session:
            assert session.scalar(select(func.count()).select_from(Dossier)) == 0
            assert session.scalar(select(func.count()).select_from(ImportBatch)) == 0
    finally:
        engine.dispose()


def test_waiting_for_the_lock_is_bounded_and_said_in_one_sentence(
    run: Invoke, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_case(run)
    monkeypatch.setattr(tracker.db, "BUSY_TIMEOUT_MS", 300)
    engine = make_engine(db_url)
    try:
        with transaction(engine) as session:
            # Another clerk is changing this dossier: the row is locked (PostgreSQL), the
            # write lock held (SQLite).
            get_dossier(session, CODE, for_update=True)
            result = run("cases", "reason", CODE, "Lý do", ok=False)
    finally:
        engine.dispose()
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == ["Lỗi: Cơ sở dữ liệu đang bận quá lâu (một người khác đang ghi): hãy thử lại."]
