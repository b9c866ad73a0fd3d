"""Engines and transactions for SQLite (one clerk) and PostgreSQL (a shared office).

SQLite: WAL, a busy timeout, foreign keys, and writing transactions that take the write lock up
front (BEGIN IMMEDIATE): clerks queue, one writer at a time, instead of failing half-way.

PostgreSQL locks only what a command changes, so clerks write in parallel:
- a service that reads rows then writes from them locks them first (`SELECT … FOR UPDATE`): a
  dossier, standing for its letters, publications and files (`services.cases.get_dossier(…,
  for_update=True)`, `lock_dossiers` in code order), an account; a second clerk on it waits,
  then reads what the first committed: no update is lost, other dossiers never wait;
- letter numbers come from one counter row per unit and year (`letter_counters`), locked by
  `letters issue`: consecutive numbers within a unit, no wait between units;
- writing transactions share one advisory *office lock*; an `office_wide` change (units, heads,
  reorganisation, calendar, index figures, presets) takes it alone, so nobody files a dossier
  under a head whose term just ended or counts on half a calendar;
- an import applies under an advisory lock only imports take, locking the stored dossiers it
  changes; its new ones are unseen until its commit.
Measured (README): 8 clerks of 8 units never waited for a lock (bench/concurrency.py --workload
units --clerks 8 --postgresql URL); 4 clerks beside a 1M-row import: p50 315 ms, p99 2.0 s, 0
failed (bench/concurrency.py --import-rows 1000000 --postgresql URL).

Reading commands lock nothing (`read_only`): one snapshot, never waiting. An import stages its
file into temporary tables of its own connection without a lock, then applies them in one write
transaction on it (`connection`). Every lock wait is bounded (BUSY_TIMEOUT_MS), then one sentence
says the database is busy; a PostgreSQL deadlock (40P01) rolls one command back, in one sentence.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from tracker.errors import DatabaseError, InvalidInput
from tracker.failures import database_reason, os_reason

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

# The newest migration this code knows. A test checks it equals Alembic's head, so that a
# command can compare the stored revision without loading Alembic (≈ 0.8 s) on every call.
HEAD_REVISION = "0007_publications_by_letter"

BUSY_TIMEOUT_MS = 30_000

# Fixed 64-bit keys of PostgreSQL advisory locks: the office lock (shared by every writing
# transaction, exclusive for an office-wide change) and the lock imports apply under.
_PG_OFFICE_LOCK = 7_370_212_024
_PG_IMPORT_LOCK = 7_370_212_025


def _sqlite_path(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:":
        return None
    return Path(database)


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only: databases and backups hold personal
    data (protected by law: regimes/du-lieu-ca-nhan.toml), and a file made by sqlite3 would
    follow the umask (often 0644)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        # From mkdir: a file stands where a folder should be; from open: someone was quicker.
        reason = "tệp đã có" if path.exists() else os_reason(exc, writing=True)
        raise DatabaseError(f"Không tạo được tệp {path}: {reason}.") from None
    except OSError as exc:
        raise DatabaseError(f"Không tạo được tệp {path}: {os_reason(exc, writing=True)}.") from None
    os.close(fd)


def _prepare_sqlite_file(path: Path, create: bool) -> None:
    if path.exists():
        return
    if not create:
        raise DatabaseError(
            f"Chưa có cơ sở dữ liệu tại {path}: hãy chạy `tracker init` (hoặc chỉ định --db)."
        )
    try:
        create_private_file(path)
    except DatabaseError:
        if not path.is_file():  # else another clerk's `tracker init` created it meanwhile
            raise


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event below decide how transactions start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _read_only_mode(path: Path) -> str | None:
    """How to open a SQLite file this process may not write (a copy on a read-only share, a
    file without write permission, a read-only folder), or None when it can write.

    A file we cannot write, in a folder we can: `mode=ro`, and SQLite still shares the WAL
    index with a writer elsewhere. A folder we cannot write either: SQLite cannot make the
    -shm file a WAL reader needs, so the file is read as `immutable` (as it is: nobody can
    write there) — unless a -wal file holds changes not yet copied into it, which only
    `mode=ro` reads (with the -shm beside it)."""
    if not path.is_file() or (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return None
    wal = path.with_name(path.name + "-wal")
    if os.access(path.parent, os.W_OK) or (wal.is_file() and wal.stat().st_size > 0):
        return "mode=ro"
    return "mode=ro&immutable=1"


def _read_only_connector(path: Path, mode: str) -> Any:
    uri = f"{path.resolve().as_uri()}?{mode}"

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        # Let SQLAlchemy's "begin" event decide how transactions start (WAL needs no pragma
        # to be read, and a read-only file could not take one that writes).
        connection.isolation_level = None
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    return connect


# Execution options marking an engine (or connection) whose transactions only read (see
# `read_only`), write only their own temporary tables (an import's staging), or change the
# organisation itself (`office_wide`).
_READ_ONLY = "tracker_read_only"
_STAGING = "tracker_staging"
_OFFICE_WIDE = "tracker_office_wide"


def read_only(engine: Engine) -> Engine:
    """The same engine for transactions that only read: they lock nothing, never wait."""
    return engine.execution_options(**{_READ_ONLY: True})


def _option(connection: Any, name: str) -> bool:
    return bool(connection.get_execution_options().get(name))


def is_read_only(connection: Any) -> bool:
    """A connection of `read_only`: its transaction cannot change, nor lock, anything."""
    return _option(connection, _READ_ONLY)


def _on_sqlite_begin(connection: Any) -> None:
    if _option(connection, _READ_ONLY) or _option(connection, _STAGING):
        # Writes to TEMP tables lock only the connection's own temporary database.
        # A deferred transaction reads one consistent snapshot (WAL) and locks nothing.
        connection.exec_driver_sql("BEGIN")
        return
    # Take the write lock at the start: a reader that later wants to write cannot deadlock
    # with another writer, and busy_timeout makes the second clerk wait instead of failing.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _on_postgresql_begin(connection: Any) -> None:
    if _option(connection, _READ_ONLY):
        # One snapshot for every query of a report, and no lock: readers never wait.
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return
    if (connection.dialect.server_version_info or (0,)) >= (14,):
        # A killed client's statement is noticed within a second, not when it would have ended.
        connection.exec_driver_sql("SET client_connection_check_interval = 1000")
    if _option(connection, _STAGING):
        return  # temporary tables only: no lock
    # Released by PostgreSQL at commit, rollback, or when a killed client's connection drops;
    # every wait for it (or a row) is bounded by lock_timeout (_postgresql_connect_args).
    mode = "" if _option(connection, _OFFICE_WIDE) else "_shared"  # office-wide: alone
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock{mode}({_PG_OFFICE_LOCK})")


def _postgresql_connect_args(url: URL, connect_timeout: int) -> dict[str, Any]:
    """Bounded waits, so that no command hangs on a server that accepted the connection and
    never answers: the connection itself (libpq's connect_timeout, unless the URL sets one),
    any lock a statement waits for (lock_timeout: a dossier another clerk is changing, the
    office lock during an office-wide change, another program's lock), and a server gone
    silent mid-statement (TCP keepalives)."""
    arguments: dict[str, Any] = {
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "options": f"-c lock_timeout={BUSY_TIMEOUT_MS}",
    }
    if "connect_timeout" not in url.query:
        arguments["connect_timeout"] = connect_timeout
    return arguments


def _refuse_nul(
    _conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, executemany: bool
) -> None:
    """NUL can be neither stored nor looked up on PostgreSQL; SQLite would take it. Refused the
    same way on both, whichever page or command sent it (an import's rows are cleaned before)."""
    if executemany or not parameters:
        return
    values = parameters.values() if isinstance(parameters, dict) else parameters
    if any(isinstance(value, str) and "\x00" in value for value in values):
        raise InvalidInput(
            "Dữ liệu có ký tự NUL (U+0000) không in được: tracker không nhận ký tự đó."
        )


def import_lock(session: Session) -> None:
    """The lock an import applies under (PostgreSQL): a second import waits, never collides."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_IMPORT_LOCK})")


def make_engine(
    database_url: str, *, create: bool = False, connect_timeout: int = 10, pool_size: int = 5
) -> Engine:
    """An engine for the URL; for SQLite the file must exist unless `create` is set.
    `connect_timeout`: seconds for a PostgreSQL server to answer; `pool_size`: connections kept."""
    try:
        url = make_url(database_url)
        url.port  # noqa: B018  (a port that is not a number fails here, not at connect)
    except (ArgumentError, ValueError):
        raise DatabaseError(
            f"Địa chỉ cơ sở dữ liệu không hợp lệ: «{database_url}» (dạng đúng: "
            "postgresql+psycopg://người_dùng:mật_khẩu@máy_chủ:5432/tên_csdl, hoặc đường dẫn "
            "tệp SQLite)."
        ) from None
    pool = {"pool_size": pool_size}
    if url.get_backend_name() == "sqlite":
        path = _sqlite_path(url)
        if path is not None:
            _prepare_sqlite_file(path, create)
        mode = _read_only_mode(path) if path is not None else None
        if mode is None:
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **pool)
            event.listen(engine, "connect", _on_sqlite_connect)
        else:
            assert path is not None
            engine = create_engine(url, creator=_read_only_connector(path, mode), **pool)
        event.listen(engine, "begin", _on_sqlite_begin)
        event.listen(engine, "before_cursor_execute", _refuse_nul)
        return engine
    if url.get_backend_name() == "postgresql":
        try:
            arguments = _postgresql_connect_args(url, connect_timeout)
            engine = create_engine(url, pool_pre_ping=True, connect_args=arguments, **pool)
        except ModuleNotFoundError:
            raise DatabaseError(
                "Thiếu trình điều khiển PostgreSQL: cài `pip install 'tracker[postgres]'`."
            ) from None
        event.listen(engine, "begin", _on_postgresql_begin)
        event.listen(engine, "before_cursor_execute", _refuse_nul)
        return engine
    raise DatabaseError(
        f"Chỉ hỗ trợ SQLite và PostgreSQL, không hỗ trợ «{url.get_backend_name()}»."
    )


def database_label(url: URL | str) -> str:
    """Where the data is, for a message: the file, or the database and its server (no password)."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        return f"tệp {url.database}"
    return f"cơ sở dữ liệu {url.database} trên máy chủ {url.host or 'cục bộ'}"


def describe_operational_error(exc: Exception, url: URL | str | None = None) -> str:
    """One Vietnamese sentence for a database that cannot be reached or written."""
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else ""
    lowered = detail.lower()
    where = database_label(url) if url is not None else "tệp cơ sở dữ liệu"
    if "readonly" in lowered or "read-only" in lowered:
        return (
            f"Không ghi được vào {where}: tệp hoặc thư mục chứa nó chỉ cho phép đọc (các lệnh "
            "xem như cases list, report, history vẫn dùng được); không có gì thay đổi."
        )
    if "unable to open" in lowered:
        return (
            f"Không mở được {where}: kiểm tra đường dẫn và quyền ghi vào thư mục chứa tệp "
            "(SQLite cần tạo các tệp -wal, -shm bên cạnh)."
        )
    if "not a database" in lowered or "malformed" in lowered:
        return (
            f"{where[0].upper()}{where[1:]} không phải cơ sở dữ liệu tracker hợp lệ (hoặc đã hỏng)."
        )
    if "disk is full" in lowered or "disk i/o" in lowered:
        return f"Không ghi được vào {where}: ổ đĩa đầy hoặc lỗi đọc ghi."
    if "locked" in lowered or "lock timeout" in lowered:
        return "Cơ sở dữ liệu đang bận quá lâu (một người khác đang ghi): hãy thử lại."
    if "deadlock" in lowered:
        return (
            "Lệnh này và lệnh của một người khác chờ lẫn nhau nên lệnh này đã dừng, không ghi "
            "gì: hãy chạy lại lệnh."
        )
    if "timeout expired" in lowered:
        return (
            f"Máy chủ của {where} không trả lời kịp khi kết nối: kiểm tra máy chủ và đường "
            "mạng rồi thử lại."
        )
    reason = database_reason(detail)
    if "connection" in lowered or "could not connect" in lowered:
        return f"Không kết nối được máy chủ cơ sở dữ liệu: {reason or 'lỗi kết nối'}."
    if reason:
        return f"Cơ sở dữ liệu từ chối thao tác: {reason}."
    return "Cơ sở dữ liệu từ chối thao tác (chi tiết kỹ thuật: chạy lại với `tracker --verbose`)."


def stored_revision(engine: Engine) -> str | None:
    """The Alembic revision recorded in the database, read with one cheap query."""
    try:
        with read_only(engine).connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except OperationalError as exc:
        message = str(exc.orig).lower()
        if "no such table" in message:
            return None
        raise DatabaseError(describe_operational_error(exc, engine.url)) from None
    except SQLAlchemyError as exc:
        if "alembic_version" in str(exc) and "does not exist" in str(exc):
            return None
        raise DatabaseError(describe_operational_error(exc, engine.url)) from None


def check_schema(engine: Engine) -> None:
    """Refuse to work on a database whose schema is not this code's: one clear message."""
    revision = stored_revision(engine)
    if revision is None:
        raise DatabaseError("Cơ sở dữ liệu chưa được khởi tạo: hãy chạy `tracker init`.")
    if revision != HEAD_REVISION:
        from tracker.migrate import known_revisions

        if revision in known_revisions():
            raise DatabaseError(
                "Cấu trúc cơ sở dữ liệu đã cũ: hãy chạy `tracker db upgrade` "
                "(bản sao lưu được tạo tự động trước khi nâng cấp)."
            )
        raise DatabaseError(
            f"Cơ sở dữ liệu được tạo bởi phiên bản tracker mới hơn (phiên bản cấu trúc {revision}): "
            "hãy cập nhật tracker."
        )


@contextmanager
def connection(engine: Engine) -> Iterator[Connection]:
    """One connection kept for several transactions: an import stages into temporary tables
    (which live as long as their connection), then applies them in a second transaction.
    Closed for good at the end, so no temporary table outlives the command in a pool."""
    try:
        bound = engine.connect()
    except OperationalError as exc:
        raise DatabaseError(describe_operational_error(exc, engine.url)) from None
    try:
        yield bound
    finally:
        bound.invalidate()
        bound.close()


@contextmanager
def transaction(
    bind: Engine | Connection,
    *,
    reading_only: bool = False,
    staging: bool = False,
    office_wide: bool = False,
    info: Mapping[str, Any] | None = None,
) -> Iterator[Session]:
    """One unit of work, committed at the end, rolled back on any error. `staging`: only temp
    tables, no lock; `office_wide`: the office lock alone (above); `info`: `session.info`."""
    options = {_READ_ONLY: reading_only, _STAGING: staging, _OFFICE_WIDE: office_wide}
    if isinstance(bind, Connection):
        bind.execution_options(**options)
        target: Engine | Connection = bind
    elif reading_only or staging or office_wide:
        target = bind.execution_options(**options)
    else:
        target = bind
    session = Session(target, expire_on_commit=False, info=dict(info or {}))
    try:
        with session.begin():
            yield session
    except OperationalError as exc:
        raise DatabaseError(describe_operational_error(exc, bind.engine.url)) from None
    finally:
        session.close()
