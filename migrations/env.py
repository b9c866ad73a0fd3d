"""Alembic environment: the same database setting as the app, batch mode for SQLite."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from tracker.config import resolve_settings
from tracker.db import make_engine
from tracker.models import Base

config = context.config
target_metadata = Base.metadata


def _sqlite_foreign_keys(connection: Connection, on: bool) -> None:
    """Batch mode rebuilds a SQLite table by copy, drop and rename: with foreign keys enforced,
    dropping a table that other rows point at fails. They are off during the migration (set on
    the driver's connection, outside any transaction: inside one the pragma does nothing) and
    checked, then on again, afterwards."""
    driver = connection.connection.driver_connection
    assert driver is not None
    if on:
        broken = driver.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left rows without their parent: {broken[:5]}")
    driver.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        engine = make_engine(resolve_settings().database_url, create=True)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        # Our SQLite connections run without implicit transactions (see tracker.db), so the
        # migration's own transaction is the one committed here.
        if connection.in_transaction():
            connection.commit()
        if sqlite:
            _sqlite_foreign_keys(connection, on=True)


if context.is_offline_mode():
    raise SystemExit("tracker migrations run online only: use `tracker db upgrade`.")
run_migrations_online()
