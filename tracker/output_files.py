"""Every file tracker writes for people — letters, printouts, reports, backups — is written here:

- private: created 0600, since they carry citizens' names and personal data (the personal
  data law of the day); a folder tracker creates for them is 0700;
- whole or not at all: written under a temporary name beside the target and renamed when
  complete, so a kill, a crash or a full disk never leaves a partial or empty file under the
  name asked for (a later run removes what a killed one left);
- never clobbering: an output never replaces a SQLite database or its -wal/-shm/-journal file
  (the live database, a backup), not even with --overwrite; it replaces an existing file only
  if tracker wrote it, or when the clerk said --overwrite. tracker knows its own DOCX and XLSX
  by a mark in the zip comment (`MARK`, set by tracker.documents): a file opened in Word and
  saved again has lost it, and is the clerk's own file from then on.

Many files that belong together (the letters of a batch, their combined file and PDFs) go
through an `OutputBatch`: into a private staging folder beside their targets, moved into place
only once the whole batch, and the database records of it, succeeded.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import stat
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from tracker.errors import FileProblem, Refused
from tracker.failures import os_reason

# The zip comment of every DOCX/XLSX tracker makes.
MARK = b"tracker"
_SQLITE_HEADER = b"SQLite format 3\x00"
_COMPANIONS = ("-wal", "-shm", "-journal")
# Temporary files and staging folders: hidden, named after the host and process that made them,
# so that a later run can tell one a killed process left behind from one still being written.
_PREFIX = ".tracker-"
_STALE_ELSEWHERE_SECONDS = 24 * 3600  # where a process cannot be asked whether it still runs


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def is_database(path: Path, *, exists: bool = True) -> bool:
    """A SQLite database (the live one or a backup), or the -wal/-shm/-journal file of one,
    whether or not that companion exists at the moment."""
    if exists and _is_sqlite(path):
        return True
    for suffix in _COMPANIONS:
        if path.name.endswith(suffix) and _is_sqlite(path.with_name(path.name[: -len(suffix)])):
            return True
    return False


def written_by_tracker(path: Path) -> bool:
    """A regular file (not a link) that tracker wrote and nobody saved again since."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.comment == MARK
    except (OSError, zipfile.BadZipFile):
        return False


def check_target(path: Path, *, overwrite: bool = False) -> None:
    """Refuse, in one sentence, a target an output must not replace."""
    try:
        found = path.lstat()  # one call for the usual case: nothing there yet
    except OSError:
        found = None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise FileProblem(f"{path} là một thư mục: hãy ghi rõ tên tệp cần tạo.")
    if is_database(path, exists=found is not None):
        raise Refused(
            f"Không ghi vào {path}: đó là một cơ sở dữ liệu (hoặc bản sao lưu, tệp đi kèm của "
            "nó) và tracker không bao giờ ghi đè lên đó — hãy chọn tên tệp khác."
        )
    if found is not None and not overwrite and not written_by_tracker(path):
        raise Refused(
            f"Tệp {path} đã có và không phải tệp tracker đã ghi: hãy chọn tên khác, hoặc "
            "thêm --overwrite nếu thật sự muốn ghi đè."
        )


def private_folder(folder: Path) -> None:
    """Create `folder` and any missing parent, each readable by its owner only (0700)."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            if not path.is_dir():
                raise FileProblem(
                    f"Không tạo được thư mục {path}: đã có một tệp cùng tên."
                ) from None
        except OSError as exc:
            raise FileProblem(
                f"Không tạo được thư mục {path}: {os_reason(exc, writing=True)}."
            ) from None


def _write_all(path: Path, data: bytes) -> None:
    """Write `data` into a new file created 0600 (os.write: a full disk raises, never truncates
    silently)."""
    descriptor = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600
    )
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def _place(temporary: Path, target: Path, *, overwrite: bool) -> None:
    """Move a complete file to its name; a target another program created meanwhile is still
    never replaced without --overwrite (a hard link fails where a file exists)."""
    check_target(target, overwrite=overwrite)
    if not (target.exists() or target.is_symlink()):
        try:
            os.link(temporary, target)
        except FileExistsError:
            check_target(target, overwrite=overwrite)
        except OSError:
            pass  # a file system without hard links: rename below
        else:
            temporary.unlink()
            return
    os.replace(temporary, target)


def _owner_gone(name: str) -> bool:
    """Whether the process named in a temporary name (`.tracker-HOST-PID-…`) has ended."""
    parts = name[len(_PREFIX) :].split("-")
    if len(parts) < 3 or parts[0] != _host() or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _host() -> str:
    return "".join(c for c in socket.gethostname() if c.isalnum())[:32] or "host"


def remove_leftovers(folder: Path) -> None:
    """Remove what a killed tracker left in `folder`: temporary files and staging folders of
    a process of this machine that has ended (or, where that cannot be asked, a day old)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(_PREFIX):
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > _STALE_ELSEWHERE_SECONDS
        except OSError:
            continue
        if _owner_gone(entry.name) or (os.name != "posix" and old):
            _remove(Path(entry.path))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        for companion in ("", *_COMPANIONS):
            with contextlib.suppress(OSError):
                path.with_name(path.name + companion).unlink()


def _temporary_name() -> str:
    return f"{_PREFIX}{_host()}-{os.getpid()}-"


def _failed(target: Path, exc: OSError) -> FileProblem:
    return FileProblem(f"Không ghi được {target}: {os_reason(exc, writing=True)}.")


@contextlib.contextmanager
def output_path(path: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """A temporary path beside `path` for a writer that makes the file itself (SQLite's backup):
    renamed to `path` when the block ends without error, removed otherwise."""
    target = Path(os.path.abspath(path))
    check_target(target, overwrite=overwrite)
    private_folder(target.parent)
    remove_leftovers(target.parent)
    try:
        handle, name = tempfile.mkstemp(prefix=_temporary_name(), suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _failed(target, exc) from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _place(temporary, target, overwrite=overwrite)
    except OSError as exc:
        raise _failed(target, exc) from None
    finally:
        _remove(temporary)


class _Descriptor(io.RawIOBase):
    """A file descriptor written with os.write, as `_write_all` does: every output, text or
    bytes, fails the same way on a full disk."""

    def __init__(self, descriptor: int) -> None:
        self.descriptor = descriptor

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        return os.write(self.descriptor, data)

    def close(self) -> None:
        if not self.closed:
            os.close(self.descriptor)
        super().close()


@contextlib.contextmanager
def text_output(path: Path, *, overwrite: bool = False) -> Iterator[TextIO]:
    """A UTF-8 text stream into a file for people (a CSV, a JSON list), written as it comes:
    private, whole or not at all, never clobbering."""
    with output_path(path, overwrite=overwrite) as temporary:
        flags = os.O_WRONLY | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        raw = _Descriptor(os.open(temporary, flags))
        with io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8") as stream:
            yield stream


def write_output(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write one file for people: private, whole or not at all, never clobbering."""
    with output_path(path, overwrite=overwrite) as temporary:
        _write_all(temporary, data)
    return path


class OutputBatch:
    """Files written together: each into a private staging folder beside its target, then all
    moved into place by `place` (on leaving the `with` block without error); on an error, or
    a kill, none of them appears under its name."""

    def __init__(self, *, overwrite: bool = False) -> None:
        self.overwrite = overwrite
        self._staged: dict[Path, Path] = {}  # target -> where it is written first
        self._folders: dict[Path, Path] = {}  # target's folder -> its staging folder
        # Targets the database records as this very file (a letter's recorded version): they
        # may be written back over whatever replaced them on disk, never over a database.
        self._recorded: set[Path] = set()

    def check(self, path: Path) -> None:
        """Refuse now a target this batch will write last (a combined file after every letter)."""
        check_target(Path(os.path.abspath(path)), overwrite=self.overwrite)

    def _may_replace(self, target: Path) -> bool:
        return self.overwrite or target in self._recorded

    def reserve(self, path: Path, *, recorded: bool = False) -> Path:
        """Where the file for `path` is to be written now; `path` is checked at once, so a batch
        stops before its first letter when its last target may not be written. `recorded`: the
        database records `path` as the very file being written (a letter's version)."""
        target = Path(os.path.abspath(path))
        if target in self._staged:
            raise Refused(
                f"Hai tệp của cùng một lần ghi trùng tên {target}: không tệp nào được ghi."
            )
        if recorded:
            self._recorded.add(target)
        check_target(target, overwrite=self._may_replace(target))
        folder = self._folders.get(target.parent)
        if folder is None:
            private_folder(target.parent)
            remove_leftovers(target.parent)
            try:
                folder = Path(tempfile.mkdtemp(prefix=_temporary_name(), dir=target.parent))
            except OSError as exc:
                raise _failed(target, exc) from None
            self._folders[target.parent] = folder
        self._staged[target] = folder / target.name
        return self._staged[target]

    def staged(self, path: Path) -> Path:
        """Where a file already written for `path` waits (to convert it before it is placed)."""
        return self._staged[Path(os.path.abspath(path))]

    def write(self, path: Path, data: bytes, *, recorded: bool = False) -> Path:
        staged = self.reserve(path, recorded=recorded)
        try:
            _write_all(staged, data)
        except OSError as exc:
            raise _failed(Path(os.path.abspath(path)), exc) from None
        return Path(os.path.abspath(path))

    def place(self) -> None:
        for target in self._staged:
            check_target(target, overwrite=self._may_replace(target))
        for target, staged in self._staged.items():
            if not staged.exists():
                raise FileProblem(f"Không ghi được {target}: tệp tạm đã mất trước khi hoàn tất.")
            try:
                _place(staged, target, overwrite=self._may_replace(target))
            except OSError as exc:
                raise _failed(target, exc) from None
        self._staged.clear()

    def discard(self) -> None:
        for folder in self._folders.values():
            shutil.rmtree(folder, ignore_errors=True)
        self._folders.clear()
        self._staged.clear()
        self._recorded.clear()

    def __enter__(self) -> OutputBatch:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        _exc: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self.place()
        finally:
            self.discard()
