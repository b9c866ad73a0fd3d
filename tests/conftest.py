"""Each test gets its own migrated database (a copy of one migrated template) and a CLI runner.

The engine under test is chosen by TRACKER_TEST_DATABASE: unset → SQLite files;
`postgresql+psycopg://…/postgres` → a fresh database per test on that server.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings
from sqlalchemy.engine import Engine

import tracker.db
from tracker.cli import cli
from tracker.db import make_engine

# The shared checks outside test modules explain a failed assert as a test module does.
pytest.register_assert_rewrite("tests.checks", "tests.database", "tests.golden_files")

# Speed is measured in bench/, never asserted: a loaded machine must not fail a property test
# on hypothesis's default 200 ms deadline.
settings.register_profile("tracker", deadline=None)
settings.load_profile("tracker")

TODAY = "26/11/2024"

# Fixtures every test module may use: the web tests' office and helpers (tests/web.py), the
# monthly report's known data set (tests/report_month.py), November 2024 before the units were
# reorganised (tests/reorganisation.py).
pytest_plugins = ["tests.web", "tests.report_month", "tests.reorganisation"]


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The holidays cache of this test run, not the developer's (~/.cache/tracker)."""
    previous = os.environ.get("TRACKER_CACHE_DIR")
    os.environ["TRACKER_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("TRACKER_CACHE_DIR", None)
    else:
        os.environ["TRACKER_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's own config, data directory or clock, nor writes into the
    folder it was started from (letters and public copies go to ./phieu-xin-loi by default)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRACKER_CONFIG", str(tmp_path / "no-config.toml"))
    # platformdirs' data directory on Linux (where `tracker serve` writes its letters).
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("TRACKER_USER", "kiem-thu")
    monkeypatch.setenv("TRACKER_TODAY", TODAY)
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    monkeypatch.delenv("TRACKER_TEMPLATES_DIR", raising=False)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head with the go-dau preset, copied by every test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    runner = CliRunner()
    env = {"TRACKER_CONFIG": str(path.parent / "none.toml"), "TRACKER_TODAY": TODAY}
    result = runner.invoke(
        cli, ["--db", str(path), "init", "--preset", "go-dau"], env=env, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for a fresh, migrated, preset-loaded database of the engine under test."""
    server = os.environ.get("TRACKER_TEST_DATABASE")
    if server:
        # A clone of a template database migrated once per run (tests/pg.py): ~50 ms a test.
        from tests.pg import fresh_database

        with fresh_database(server) as url:
            yield url
        return
    path = tmp_path / "tracker.db"
    shutil.copyfile(request.getfixturevalue("migrated_template"), path)
    path.chmod(0o600)
    yield f"sqlite:///{path}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on `db_url`, disposed of after the test."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def empty_url(tmp_path: Path) -> Iterator[str]:
    """A database of the engine under test with no tables at all."""
    if server := os.environ.get("TRACKER_TEST_DATABASE"):
        from tests.pg import fresh_database

        with fresh_database(server, migrated=False) as url:
            yield url
        return
    yield f"sqlite:///{tmp_path / 'empty.db'}"


Invoke = Callable[..., Result]


@pytest.fixture
def run(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run the real CLI against this test's database: run("cases", "list", "--format", "json")."""
    monkeypatch.setenv("TRACKER_DATABASE_URL", db_url)

    def invoke(*args: str, input: str | None = None, ok: bool = True) -> Result:
        result = CliRunner().invoke(cli, list(args), input=input)
        if ok and result.exit_code != 0:
            raise AssertionError(
                f"tracker {' '.join(args)} → exit {result.exit_code}\n{result.output}"
                f"\n{result.exception!r}"
            )
        return result

    return invoke


def as_json(run: Invoke, *args: str, ok: bool = True) -> Any:
    """What a command prints with `--format json`, read back: as_json(run, "cases", "show", CODE)."""
    return json.loads(run(*args, "--format", "json", ok=ok).stdout)


@pytest.fixture
def short_lock_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every lock wait bounded at half a second instead of 30 (the same code path): a command
    that waits for a lock it should not wait for fails the test at once."""
    monkeypatch.setattr(tracker.db, "BUSY_TIMEOUT_MS", 500)
