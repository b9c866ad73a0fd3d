"""An import killed at any moment leaves the database as it was before, or as after: never half."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.import_files import csv_bytes, dossier

ROWS = 20_000


@pytest.mark.slow
def test_kill_9_during_import(run: Invoke, db_url: str, tmp_path: Path) -> None:
    if not db_url.startswith("sqlite:///"):
        pytest.skip("watches the SQLite write-ahead log to kill the import mid-write")
    database = Path(db_url.removeprefix("sqlite:///"))
    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes([dossier(n) for n in range(1, ROWS + 1)]))
    wal = database.with_name(database.name + "-wal")
    size_before = wal.stat().st_size if wal.exists() else 0
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "--db", str(database), "import", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 60
    # Kill it once it is writing (the log grows), or as soon as it has finished anyway.
    while process.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > size_before + 1_000_000:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    process.wait(timeout=60)

    stored = json.loads(run("cases", "list", "--format", "json").stdout)
    batches = json.loads(run("imports", "list", "--format", "json").stdout)
    if process.returncode == -signal.SIGKILL:
        assert (len(stored), batches) == (0, [])  # before: nothing at all
    else:
        assert len(stored) == ROWS and [b["new"] for b in batches] == [ROWS]
    check = run("db", "current", ok=False)
    assert check.exit_code == 0, check.output
