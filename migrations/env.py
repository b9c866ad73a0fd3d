"""Alembic environment: the same database setting as the app, batch mode for SQLite."""

from __future__ import annotations

from alembic import context

from tracker.config import resolve_settings
from tracker.db import make_engine
from tracker.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        engine = make_engine(resolve_settings().database_url, create=True)
    with engine.connect() as connection:
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


if context.is_offline_mode():
    raise SystemExit("tracker migrations run online only: use `tracker db upgrade`.")
run_migrations_online()
