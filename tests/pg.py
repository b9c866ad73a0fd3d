"""Per-test PostgreSQL databases, cloned from one migrated template so that each costs ~50 ms.

Migrating and loading the preset takes about a second; `CREATE DATABASE … TEMPLATE …` copies
the files of a finished database instead. The template is built once per pytest process, on
first use, and dropped when the process ends.
"""

from __future__ import annotations

import atexit
import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from click.testing import CliRunner
from sqlalchemy.engine import URL, make_url

TODAY = "26/11/2024"
_PREFIX = f"tracker_test_{os.getpid()}"
_numbers = itertools.count(1)


def _admin_execute(server_url: str, *statements: str) -> None:
    """Statements that cannot run inside a transaction (CREATE/DROP DATABASE)."""
    import psycopg

    url = make_url(server_url)
    with psycopg.connect(_libpq_dsn(url), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[arg-type]


def _libpq_dsn(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _database_url(server_url: str, name: str) -> str:
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@cache
def _template(server_url: str) -> str:
    """Create (once) a database migrated to head with the go-dau preset; return its name."""
    from tracker.cli import cli

    name = f"{_PREFIX}_template"
    _admin_execute(server_url, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    atexit.register(_admin_execute, server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    result = CliRunner().invoke(
        cli,
        ["--db", _database_url(server_url, name), "init", "--preset", "go-dau"],
        env={"TRACKER_TODAY": TODAY, "TRACKER_CONFIG": os.devnull},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return name


@contextmanager
def fresh_database(server_url: str, *, migrated: bool = True) -> Iterator[str]:
    """A URL for a new database on the server: migrated with the preset, or empty; dropped after."""
    name = f"{_PREFIX}_{next(_numbers)}"
    template = f" TEMPLATE {_template(server_url)}" if migrated else ""
    _admin_execute(server_url, f"CREATE DATABASE {name}{template}")
    try:
        yield _database_url(server_url, name)
    finally:
        _admin_execute(server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
