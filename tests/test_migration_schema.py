"""The migrations build exactly the schema the models describe (both engines): a column, index
or constraint added to a model without its revision, or the other way round, fails here, not in
an office's database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from tracker import migrate
from tracker.db import make_engine
from tracker.models import Base


def test_migrations_build_the_models_schema(empty_url: str) -> None:
    engine = make_engine(empty_url, create=True)
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        # 0007: a letter's publications are found by letter without a table scan.
        indexes = inspect(engine).get_indexes("publications")
        assert {"name": "ix_publications_letter_id", "column_names": ["letter_id"]} in [
            {"name": i["name"], "column_names": i["column_names"]} for i in indexes
        ]
    finally:
        engine.dispose()
