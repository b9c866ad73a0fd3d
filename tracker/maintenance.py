"""Schema upgrades and backups: work on the whole database, below the session level."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from tracker.db import (
    HEAD_REVISION,
    create_private_file,
    database_label,
    describe_operational_error,
    stored_revision,
)
from tracker.errors import DatabaseError, FileProblem, Refused
from tracker.output_files import output_path


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None
    after: str
    backup: Path | None


def sqlite_file(engine: Engine) -> Path | None:
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database:
        return None
    return Path(engine.url.database)


PG_DUMP_HINT = (
    "Sao lưu PostgreSQL bằng công cụ của máy chủ: "
    "`pg_dump --format=custom --file=tracker.dump TÊN_CSDL` (khôi phục bằng pg_restore)."
)
PG_RESTORE_HINT = (
    "Khôi phục PostgreSQL bằng công cụ của máy chủ: "
    "`pg_restore --clean --if-exists --dbname=TÊN_CSDL tracker.dump` "
    "(sau khi đã sao lưu cơ sở dữ liệu hiện tại bằng pg_dump)."
)


@dataclass(frozen=True)
class Newest:
    """The latest change a database holds: every change writes an event (services.audit)."""

    at: dt.datetime | None
    event_id: int

    def is_newer_than(self, other: Newest) -> bool:
        return (self.at or dt.datetime.min, self.event_id) > (
            other.at or dt.datetime.min,
            other.event_id,
        )


@dataclass(frozen=True)
class RestoreResult:
    revision: str
    safety_copy: Path | None
    needs_upgrade: bool


def _connect_sqlite(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    return sqlite3.connect(path, timeout=30)


def _copy_sqlite(source: Path, target: Path, *, single_file: bool) -> None:
    """Page-by-page online copy; waits (busy timeout) while another clerk is writing.

    A backup is made `single_file`: out of WAL mode, so that it is one self-contained file
    that reading it does not add -wal/-shm files to.
    """
    src = _connect_sqlite(source, read_only=True)
    try:
        dst = _connect_sqlite(target)
        try:
            src.backup(dst)
            if single_file:
                dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def backup_sqlite(engine: Engine, target: Path) -> Path:
    """SQLite's online backup: a consistent copy even while other clerks are writing."""
    source_path = sqlite_file(engine)
    if source_path is None:
        raise DatabaseError(PG_DUMP_HINT)
    target = target.resolve()
    if target == source_path.resolve():
        raise Refused("Tệp sao lưu phải khác tệp cơ sở dữ liệu đang dùng.")
    if target.exists():
        raise Refused(f"Tệp {target} đã có: hãy chọn tên khác để không ghi đè bản sao lưu cũ.")
    # Copied under a temporary name and renamed when complete: a backup killed halfway, or
    # stopped by a full disk, leaves nothing under the name (and a retry simply works).
    with output_path(target) as temporary:
        try:
            _copy_sqlite(source_path, temporary, single_file=True)
        except sqlite3.Error as exc:
            raise DatabaseError(_backup_failure(exc, engine, target)) from None
    return target


def _backup_failure(exc: sqlite3.Error, engine: Engine, target: Path) -> str:
    """A full disk or a write error is the backup's (its target), not the database's."""
    if "full" in str(exc).lower() or "i/o" in str(exc).lower():
        return (
            f"Không ghi được bản sao lưu {target}: ổ đĩa đầy hoặc lỗi ghi; cơ sở dữ liệu "
            "không bị ảnh hưởng, hãy giải phóng chỗ trống hoặc chọn ổ đĩa khác."
        )
    return describe_operational_error(exc, engine.url)


def _sqlite_newest(conn: sqlite3.Connection) -> Newest:
    at, event_id = conn.execute("SELECT max(at), coalesce(max(id), 0) FROM events").fetchone()
    return Newest(dt.datetime.fromisoformat(at) if at else None, event_id)


def _backup_state(source: Path) -> tuple[str, Newest]:
    """The schema revision and newest change of a backup file, checked to be a sound tracker DB."""
    if not source.is_file():
        raise FileProblem(f"Không có tệp sao lưu {source}.")
    not_tracker = f"Tệp {source} không phải bản sao lưu cơ sở dữ liệu tracker (hoặc đã hỏng)."
    try:
        conn = _connect_sqlite(source, read_only=True)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise FileProblem(not_tracker)
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision is None:
                raise FileProblem(not_tracker)
            return revision[0], _sqlite_newest(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        raise FileProblem(not_tracker) from None


def _live_newest(engine: Engine) -> Newest | None:
    """The newest change of the database about to be overwritten; None if it holds nothing."""
    if stored_revision(engine) is None:
        return None
    with engine.connect() as conn:
        at, event_id = conn.execute(text("SELECT max(at), coalesce(max(id), 0) FROM events")).one()
    if isinstance(at, str):  # SQLite without the ORM's type: ISO text
        at = dt.datetime.fromisoformat(at)
    return Newest(at, event_id)


def _describe(newest: Newest) -> str:
    if newest.at is None:
        return "chưa có thay đổi nào"
    return f"thay đổi cuối lúc {newest.at:%H:%M:%S %d/%m/%Y} (UTC), sự kiện #{newest.event_id}"


def restore_sqlite(engine: Engine, source: Path, *, force: bool = False) -> RestoreResult:
    """Put a backup in place of the database, refusing to lose newer changes unless forced.

    The database being replaced is first copied beside itself, so even a forced restore can
    be undone. SQLite cannot hold the write lock across the check and the copy (its backup
    API refuses a destination inside a transaction), so a change another clerk makes in the
    milliseconds between them is only in that copy: restore while nobody is working.
    """
    from tracker import migrate

    target = sqlite_file(engine)
    if target is None:
        raise DatabaseError(PG_RESTORE_HINT)
    source = source.resolve()
    if target.exists() and source == target.resolve():
        raise Refused("Tệp sao lưu chính là cơ sở dữ liệu đang dùng: không có gì để khôi phục.")
    revision, backup_newest = _backup_state(source)
    if revision not in migrate.known_revisions():
        raise Refused(
            f"Bản sao lưu {source} được tạo bởi phiên bản tracker mới hơn "
            f"(phiên bản cấu trúc {revision}): hãy cập nhật tracker trước khi khôi phục."
        )
    safety_copy = None
    if target.exists():
        try:
            live_newest = _live_newest(engine)
        except DatabaseError as problem:
            if not force:
                raise Refused(
                    f"{str(problem).rstrip('.')} — thêm --force để thay bằng bản sao lưu "
                    "(tệp hiện tại được giữ lại bên cạnh)."
                ) from None
            engine.dispose()
            safety_copy = _move_aside(target, "hong")
            live_newest = None
        if live_newest is not None and live_newest.is_newer_than(backup_newest) and not force:
            raise Refused(
                f"Cơ sở dữ liệu {target} có thay đổi mới hơn bản sao lưu "
                f"({_describe(live_newest)}; bản sao lưu: {_describe(backup_newest)}): "
                "khôi phục sẽ làm mất các thay đổi đó — thêm --force nếu thật sự muốn."
            )
        if live_newest is not None:
            safety_copy = backup_sqlite(engine, _stamped(target, "truoc-khoi-phuc"))
    engine.dispose()
    if not target.exists():
        create_private_file(target)
    try:
        _copy_sqlite(source, target, single_file=False)
    except sqlite3.Error as exc:
        raise DatabaseError(describe_operational_error(exc, engine.url)) from None
    target.chmod(0o600)
    return RestoreResult(revision, safety_copy, revision != HEAD_REVISION)


def _move_aside(path: Path, label: str) -> Path:
    """Keep an unreadable database file (and its -wal/-shm, which a new file would pick up)."""
    aside = _stamped(path, label)
    for suffix in ("", "-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(aside.with_name(aside.name + suffix))
    return aside


def _stamped(path: Path, label: str) -> Path:
    """`tracker.truoc-nang-cap-20241126-101500.db`: a copy kept beside the database."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    number = 1
    while candidate.exists():  # two restores within one second keep both copies
        number += 1
        candidate = path.with_name(f"{path.stem}.{label}-{stamp}-{number}{path.suffix}")
    return candidate


def _refuse_foreign(engine: Engine) -> None:
    """tracker creates its tables only in an empty database: another program's database (a
    file given by mistake) must not silently receive them."""
    from sqlalchemy import inspect

    try:
        tables = sorted(inspect(engine).get_table_names())
    except OperationalError as exc:
        raise DatabaseError(describe_operational_error(exc, engine.url)) from None
    if tables:
        shown = ", ".join(tables[:5]) + ("…" if len(tables) > 5 else "")
        raise DatabaseError(
            f"{database_label(engine.url)[:1].upper()}{database_label(engine.url)[1:]} đã có "
            f"bảng của chương trình khác ({shown}): tracker chỉ khởi tạo một cơ sở dữ liệu "
            "trống, hãy chỉ đường dẫn tới một tệp mới bằng --db."
        )


def upgrade(engine: Engine, *, create: bool) -> UpgradeResult:
    """Bring the schema to this code's head; a SQLite file holding data is copied first."""
    from tracker import migrate

    before = stored_revision(engine)
    if before == HEAD_REVISION:
        return UpgradeResult(before, HEAD_REVISION, None)
    if before is not None and before not in migrate.known_revisions():
        raise DatabaseError(
            f"Cơ sở dữ liệu được tạo bởi phiên bản tracker mới hơn (phiên bản cấu trúc {before}): "
            "hãy cập nhật tracker."
        )
    backup = None
    path = sqlite_file(engine)
    if before is not None and path is not None:
        backup = backup_sqlite(engine, _stamped(path, "truoc-nang-cap"))
    elif before is None and not create:
        raise DatabaseError("Cơ sở dữ liệu chưa được khởi tạo: hãy chạy `tracker init`.")
    if before is None:
        _refuse_foreign(engine)
    migrate.upgrade(engine)
    return UpgradeResult(before, HEAD_REVISION, backup)
