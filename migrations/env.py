"""Alembic environment: the same database setting as the app, batch mode for SQLite."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from tracker.config import resolve_settings
from tracker.db import make_engine
from tracker.models import Base

config = context.config
target_metadata = Base.metadata


def _raw(connection: Connection) -> Any:
    """The driver's own connection: a statement sent through it starts no transaction."""
    return connection.connection.driver_connection


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        engine = make_engine(resolve_settings().database_url, create=True)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds a table (copy, drop, rename) to alter it, which SQLite's
            # foreign keys would refuse for a table others refer to (units). The switch only
            # works outside a transaction; every key is checked again before the commit.
            _raw(connection).execute("PRAGMA foreign_keys = OFF")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                raise SystemExit("Migration left a row whose foreign key points nowhere.")
        # Our SQLite connections run without implicit transactions (see tracker.db), so the
        # migration's own transaction is the one committed here.
        if connection.in_transaction():
            connection.commit()
        if sqlite:
            _raw(connection).execute("PRAGMA foreign_keys = ON")


if context.is_offline_mode():
    raise SystemExit("tracker migrations run online only: use `tracker db upgrade`.")
run_migrations_online()
