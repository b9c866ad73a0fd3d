"""Schema upgrades and backups: work on the whole database, below the session level."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from tracker.db import HEAD_REVISION, stored_revision
from tracker.errors import DatabaseError, Refused


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None
    after: str
    backup: Path | None


def sqlite_file(engine: Engine) -> Path | None:
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database:
        return None
    return Path(engine.url.database)


def backup_sqlite(engine: Engine, target: Path) -> Path:
    """SQLite's online backup: a consistent copy even while other clerks are writing."""
    source_path = sqlite_file(engine)
    if source_path is None:
        raise DatabaseError(
            "Sao lưu PostgreSQL bằng công cụ của máy chủ: "
            "`pg_dump --format=custom --file=tracker.dump TÊN_CSDL` (khôi phục bằng pg_restore)."
        )
    target = target.resolve()
    if target == source_path.resolve():
        raise Refused("Tệp sao lưu phải khác tệp cơ sở dữ liệu đang dùng.")
    if target.exists():
        raise Refused(f"Tệp {target} đã có: hãy chọn tên khác để không ghi đè bản sao lưu cũ.")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_path, timeout=30)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    target.chmod(0o600)
    return target


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
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = backup_sqlite(
            engine, path.with_name(f"{path.stem}.truoc-nang-cap-{stamp}{path.suffix}")
        )
    elif before is None and not create:
        raise DatabaseError("Cơ sở dữ liệu chưa được khởi tạo: hãy chạy `tracker init`.")
    migrate.upgrade(engine)
    return UpgradeResult(before, HEAD_REVISION, backup)
