"""Where tracker writes (tracker.output_files): never over the database, a backup or a file it
did not write without --overwrite; private files in private folders; and nothing partial, empty
or unknown to the database left by a kill or a full disk."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from tests.checks import assert_user_error
from tests.conftest import Invoke
from tests.database import ON_POSTGRES
from tests.docx_text import docx_text
from tests.dossiers import CODE, add_case
from tracker import output_files

sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="the live database is a file on SQLite")


@pytest.fixture
def drafted(run: Invoke) -> Invoke:
    add_case(run)
    run("letters", "draft", CODE, "--new-date", "05/12/2024", "--reason", "Chờ ý kiến của Sở")
    return run


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def live_database(db_url: str) -> Path:
    return Path(db_url.removeprefix("sqlite:///"))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".tracker-"))


@sqlite_only
@pytest.mark.parametrize(
    "command",
    [
        ("letters", "render", CODE, "--out", "{dir}/phieu", "--combined", "{db}"),
        ("report", "monthly", "2024-11", "--format", "docx", "--out", "{db}"),
        ("report", "monthly", "2024-11", "--format", "csv", "--out", "{db}-wal"),
        ("report", "notice", "2024-11", "--out", "{db}-shm", "--overwrite"),
        ("remind", "--format", "docx", "--out", "{db}", "--overwrite"),
    ],
    ids=["combined", "monthly-docx", "monthly-csv-wal", "notice-shm", "remind-overwrite"],
)
def test_an_output_never_replaces_the_live_database(
    drafted: Invoke, db_url: str, tmp_path: Path, command: tuple[str, ...]
) -> None:
    database = live_database(db_url)
    before = digest(database)
    args = [part.format(db=database, dir=tmp_path) for part in command]
    assert_user_error(drafted(*args, ok=False), "cơ sở dữ liệu", "không bao giờ ghi đè")
    assert digest(database) == before
    drafted("cases", "list")  # still the database it was
    assert not (tmp_path / "phieu").exists() or not any((tmp_path / "phieu").glob("*.docx"))


def test_a_backup_is_never_replaced_even_with_overwrite(drafted: Invoke, tmp_path: Path) -> None:
    import sqlite3

    backup = tmp_path / "sao-luu.db"
    with sqlite3.connect(backup) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY)")
    before = digest(backup)
    for extra in ((), ("--overwrite",)):
        result = drafted(
            "letters", "render", CODE, "--out", str(tmp_path / "phieu"), "--combined", str(backup),
            *extra, ok=False,
        )  # fmt: skip
        assert_user_error(result, str(backup))
    assert digest(backup) == before


def test_a_file_tracker_did_not_write_needs_overwrite(drafted: Invoke, tmp_path: Path) -> None:
    notes = tmp_path / "ghi-chu.docx"
    notes.write_bytes(b"ban nhap cua van thu")
    args = ("report", "monthly", "2024-11", "--format", "docx", "--out", str(notes))
    assert_user_error(drafted(*args, ok=False), "không phải tệp tracker đã ghi", "--overwrite")
    assert notes.read_bytes() == b"ban nhap cua van thu"
    drafted(*args, "--overwrite")
    assert "BÁO CÁO" in docx_text(notes).upper()


@pytest.mark.parametrize("fmt", ["docx", "csv"])
def test_an_existing_output_is_replaced_only_while_it_is_trackers_own(
    drafted: Invoke, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"bao-cao.{fmt}"
    args = ("report", "monthly", "2024-11", "--format", fmt, "--out", str(out))
    drafted(*args)
    if fmt == "docx":
        drafted(*args)  # tracker's own DOCX (its mark): replaced without asking
        Document(str(out)).save(str(out))  # opened and saved by the clerk, as Word would
    # A CSV carries no mark: tracker cannot tell it from a file the clerk made.
    assert_user_error(drafted(*args, ok=False), "không phải tệp tracker đã ghi", "--overwrite")
    drafted(*args, "--overwrite")
    assert out.stat().st_size > 0


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def ordinary_umask() -> Iterator[None]:
    """0022, the usual umask, under which these files used to be world-readable (0644)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("ordinary_umask")
def test_printouts_are_private_in_private_folders(drafted: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "in-an" / "thang-11"
    outputs = {
        "remind": ("remind", "--format", "docx", "--out", str(folder / "nhac.docx")),
        "warn": ("warn", "--format", "docx", "--within", "10", "--out", str(folder / "cb.docx")),
        "monthly": ("report", "monthly", "2024-11", "--format", "docx", "--out",
                    str(folder / "bc.docx")),
        "csv": ("report", "monthly", "2024-11", "--format", "csv", "--out", str(folder / "b.csv")),
        "notice": ("report", "notice", "2024-11", "--out", str(folder / "cv.docx")),
        "letters": ("letters", "render", CODE, "--out", str(folder / "phieu"), "--combined",
                    str(folder / "gop.docx")),
    }  # fmt: skip
    for args in outputs.values():
        drafted(*args)
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"nhac.docx", "cb.docx", "bc.docx", "b.csv", "cv.docx"}
    assert {p.name for p in files} >= {"gop.docx", f"{CODE}.docx"}
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    for made in (tmp_path / "in-an", folder, folder / "phieu"):
        assert mode(made) == 0o700, made
    assert leftovers(folder) == [] and leftovers(folder / "phieu") == []


def fail_writes_as_a_full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write into a file tracker is writing fails half-way, as on a full disk."""
    real_write = os.write

    def write(descriptor: int, data: bytes | memoryview) -> int:
        if ".tracker-" in os.readlink(f"/proc/self/fd/{descriptor}"):
            real_write(descriptor, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize(
    "command",
    [
        ("report", "monthly", "2024-11", "--format", "docx", "--out"),
        ("report", "monthly", "2024-11", "--format", "json", "--out"),
        ("remind", "--format", "docx", "--out"),
        ("report", "notice", "2024-11", "--out"),
    ],
    ids=["monthly-docx", "monthly-json", "remind", "notice"],
)
def test_a_full_disk_is_one_sentence_naming_the_target_and_leaves_no_file(
    drafted: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    target = tmp_path / "ra" / "ket-qua.docx"
    fail_writes_as_a_full_disk(monkeypatch)
    assert_user_error(drafted(*command, str(target), ok=False), str(target), "ổ đĩa đã đầy")
    assert list(target.parent.iterdir()) == []


def test_a_full_disk_during_letters_render_leaves_no_letter(
    drafted: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "phieu"
    fail_writes_as_a_full_disk(monkeypatch)
    result = drafted("letters", "render", CODE, "--out", str(out), ok=False)
    assert_user_error(result, str(out / f"{CODE}.docx"), "ổ đĩa đã đầy")
    assert list(out.iterdir()) == []
    history = json.loads(drafted("history", CODE, "--format", "json").stdout)
    assert "letter.render" not in [event["action"] for event in history]


def run_dying(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`tracker ARGS` in a fresh process, with `script` run first (it arranges the death)."""
    code = textwrap.dedent(script) + "\nimport sys\nfrom tracker.cli import main\n"
    code += f"sys.argv = ['tracker', *{list(args)!r}]\nmain()\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


@sqlite_only
def test_a_backup_killed_halfway_leaves_nothing_under_its_name(
    drafted: Invoke, tmp_path: Path
) -> None:
    target = tmp_path / "sao-luu" / "tracker-0112.db"
    killed = run_dying(
        """
        import os
        from tracker import maintenance
        real_copy = maintenance._copy_sqlite
        def copy_then_die(source, target, *, single_file):
            real_copy(source, target, single_file=False)  # the copy written, not yet finished
            os.kill(os.getpid(), 9)
        maintenance._copy_sqlite = copy_then_die
        """,
        "db",
        "backup",
        str(target),
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not target.exists()
    assert leftovers(target.parent)  # the temporary file the killed process was writing
    drafted("db", "backup", str(target))  # the retry works, and removes what was left
    assert target.is_file() and mode(target) == 0o600
    assert leftovers(target.parent) == []
    drafted("--db", str(target), "cases", "show", CODE)


@sqlite_only
def test_a_backup_on_a_full_disk_names_the_backup_and_leaves_nothing(
    drafted: Invoke, db_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "tracker-0112.db"
    size = live_database(db_url).stat().st_size
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "db", "backup", str(target)],
        capture_output=True,
        text=True,
        preexec_fn=lambda: (  # no file may grow past half the database: a disk that fills up
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN),
            resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, size // 2)),
        ),
    )
    assert done.returncode == 1, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("Lỗi: Không ghi được bản sao lưu " + str(target)), line
    assert "ổ đĩa đầy" in line and "cơ sở dữ liệu không bị ảnh hưởng" in line
    assert list(tmp_path.glob("tracker-0112*")) == [] and leftovers(tmp_path) == []


@pytest.fixture
def drafted_many(run: Invoke) -> Invoke:
    for n in range(1, 6):
        add_case(run, code=f"000.00.19.H53-241105-000{n}")
    run("letters", "draft", "--period", "2024-11", "--reason", "Chờ ý kiến", "--new-date",
        "05/12/2024")  # fmt: skip
    return run


def test_letters_render_killed_halfway_leaves_no_letter_the_database_does_not_know(
    drafted_many: Invoke, tmp_path: Path
) -> None:
    out = tmp_path / "phieu"
    args = ["letters", "render", "--period", "2024-11", "--out", str(out), "--combined",
            str(out / "gop.docx")]  # fmt: skip
    killed = run_dying(
        """
        import os
        from tracker.output_files import OutputBatch
        real_write = OutputBatch.write
        written = []
        def write_then_die(self, path, data, **options):
            written.append(real_write(self, path, data, **options))
            if len(written) == 3:  # three complete letters on disk, two to go
                os.kill(os.getpid(), 9)
            return written[-1]
        OutputBatch.write = write_then_die
        """,
        *args,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert list(out.glob("*.docx")) == []  # the three letters never reached their names
    history = drafted_many("history", "000.00.19.H53-241105-0001", "--format", "json").stdout
    assert "letter.render" not in history
    result = json.loads(drafted_many(*args, "--format", "json").stdout)
    assert len(result["files"]) == 5
    notices = [Path(n["path"]).name for n in result["notices"]]
    assert len(notices) == 1  # the notice to the one-stop desk beside the five drafts
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [Path(f["path"]).name for f in result["files"]] + ["gop.docx", *notices]
    )  # and what the killed run left is gone


@pytest.mark.parametrize("writer", ["write_output", "batch"])
def test_a_name_tracker_left_behind_is_cleaned_only_when_its_process_is_gone(
    tmp_path: Path, writer: str
) -> None:
    host = output_files._temporary_name().split("-")[1]
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    stale = tmp_path / f".tracker-{host}-{dead}-abc.tmp"
    alive = tmp_path / f".tracker-{host}-{os.getppid()}-abc.tmp"
    other_host = tmp_path / f".tracker-elsewhere-{dead}-abc.tmp"
    for path in (stale, alive, other_host):
        path.write_bytes(b"half a letter")
    if writer == "batch":
        with output_files.OutputBatch() as batch:
            batch.write(tmp_path / "a.docx", b"x")
    else:
        output_files.write_output(tmp_path / "a.docx", b"x")
    assert not stale.exists() and alive.exists() and other_host.exists()
