"""Engines and transactions for SQLite (one clerk) and PostgreSQL (a shared office).

SQLite is hardened for several processes at once: WAL, a busy timeout, foreign keys, and
write transactions that take the write lock up front (BEGIN IMMEDIATE), so two clerks queue
instead of failing with "database is locked" half-way through. One writer at a time is
SQLite's nature: its writing commands run one after another.

PostgreSQL lets clerks write in parallel and locks only what each one changes:
- A service that reads a row, then writes from what it read, first locks it with
  `SELECT … FOR UPDATE`: a dossier (`services.cases.get_dossier(…, for_update=True)`, or
  `lock_dossiers` for several, always in code order) stands for itself, its letters and their
  publications and files; an account for itself. A second clerk on the same dossier waits for
  the first to commit, then reads what the first wrote (READ COMMITTED re-reads the locked
  row), so no update is lost; clerks on other dossiers never wait for each other.
- Letter numbers come from one counter row per issuing unit and year (`letter_counters`),
  taken FOR UPDATE by `letters issue`: two clerks of one unit get consecutive numbers, clerks
  of different units do not wait for each other.
- Every writing transaction holds the *office lock* (one advisory lock) in shared mode, which
  costs a clerk nothing; a change to the organisation itself (units, heads, reorganisation,
  the calendar, index figures, a preset: `office_wide`) takes it exclusively, so it waits for
  the clerks' transactions in flight and holds new ones off until it commits — a dossier is
  never filed under a head whose term just ended, nor a deadline computed on half a calendar.
- An import applies its staged rows under a second advisory lock held by imports only (one
  import applies at a time: the second then sees the first's dossiers), locks the stored
  dossiers it changes FOR UPDATE, and inserts new ones (unseen by others until its commit;
  a clerk adding the same code meanwhile makes one of the two stop with a sentence).

Commands that only read take no lock on either engine (`read_only`): they see one consistent
snapshot and never wait for a writer, even a long import. An import first *stages* the file
(reads, checks and matches it into temporary tables of its own connection) in a transaction
that takes no lock either, then applies it in one write transaction on that same connection
(`connection`).

Every wait for a lock is bounded: SQLite's busy timeout, PostgreSQL's lock_timeout, both
BUSY_TIMEOUT_MS; then the command stops with one sentence saying the database is busy. Two
PostgreSQL transactions that wait for each other (a deadlock, SQLSTATE 40P01: two clerks
changing the same dossiers in opposite orders) are broken by the server after a second; the
one it stops is rolled back and told so in one sentence.
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

from tracker.errors import DatabaseError, InvalidInput, os_reason

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

# The newest migration this code knows. A test checks it equals Alembic's head, so that a
# command can compare the stored revision without loading Alembic (≈ 0.8 s) on every call.
HEAD_REVISION = "0005_letter_counters"

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
        reason = "tệp đã có" if path.exists() else os_reason(exc)
        raise DatabaseError(f"Không tạo được tệp {path}: {reason}.") from None
    except OSError as exc:
        raise DatabaseError(f"Không tạo được tệp {path}: {os_reason(exc)}.") from None
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


# Execution options marking an engine (or connection) whose transactions only read (see
# `read_only`), write only their own temporary tables (an import's staging), or change the
# organisation itself (`office_wide`).
_READ_ONLY = "tracker_read_only"
_STAGING = "tracker_staging"
_OFFICE_WIDE = "tracker_office_wide"


def read_only(engine: Engine) -> Engine:
    """The same engine for transactions that only read: they take no write lock, so a head
    listing cases is never kept waiting behind a clerk's long import."""
    return engine.execution_options(**{_READ_ONLY: True})


def _option(connection: Any, name: str) -> bool:
    return bool(connection.get_execution_options().get(name))


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
    # Released by PostgreSQL itself at commit or rollback, and when a killed client's
    # connection drops, so a crashed command never leaves it behind. Every wait for it (or for
    # a row) is bounded by the connection's lock_timeout (_postgresql_connect_args).
    if _option(connection, _OFFICE_WIDE):
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_OFFICE_LOCK})")
    else:
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock_shared({_PG_OFFICE_LOCK})")


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
    """Take the lock an import applies under (PostgreSQL; SQLite's write transaction holds
    the only write lock already): one import at a time writes, so a second import of the same
    file waits and then finds the first one's dossiers instead of colliding with them."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_IMPORT_LOCK})")


def make_engine(database_url: str, *, create: bool = False, connect_timeout: int = 10) -> Engine:
    """An engine for the URL; for SQLite the file must exist unless `create` is set.
    `connect_timeout`: seconds to wait for a PostgreSQL server to answer a connection."""
    try:
        url = make_url(database_url)
        url.port  # noqa: B018  (a port that is not a number fails here, not at connect)
    except (ArgumentError, ValueError):
        raise DatabaseError(
            f"Địa chỉ cơ sở dữ liệu không hợp lệ: «{database_url}» (dạng đúng: "
            "postgresql+psycopg://người_dùng:mật_khẩu@máy_chủ:5432/tên_csdl, hoặc đường dẫn "
            "tệp SQLite)."
        ) from None
    if url.get_backend_name() == "sqlite":
        path = _sqlite_path(url)
        if path is not None:
            _prepare_sqlite_file(path, create)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        event.listen(engine, "before_cursor_execute", _refuse_nul)
        return engine
    if url.get_backend_name() == "postgresql":
        try:
            engine = create_engine(
                url,
                pool_pre_ping=True,
                connect_args=_postgresql_connect_args(url, connect_timeout),
            )
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
        return f"Không ghi được vào {where}: tệp hoặc thư mục chứa nó chỉ cho phép đọc."
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
    if "connection" in lowered or "could not connect" in lowered:
        return f"Không kết nối được máy chủ cơ sở dữ liệu: {detail}"
    return f"Cơ sở dữ liệu từ chối thao tác: {detail}"


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
    """One unit of work: committed when the block ends, rolled back on any error.
    `staging`: the transaction writes only temporary tables, so it takes no write lock.
    `office_wide`: it changes the organisation (units, heads, the calendar…): on PostgreSQL
    it takes the office lock exclusively, so no clerk writes meanwhile (see above).
    `info` is what the services may ask of the surroundings (the office's regimes folder:
    `session.info`)."""
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
