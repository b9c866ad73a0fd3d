"""`make test`: lint (ruff, import contracts, mypy), then the whole suite on SQLite, then again
on a throwaway PostgreSQL.

PostgreSQL comes from the machine (Debian's postgresql package, which `.ci/run` installs when
missing). The cluster is made by initdb in a temporary directory, listens only on a unix
socket inside that directory (no port clash with anything else on the machine), and is stopped
and deleted at the end whatever happens. initdb refuses to run as root, so as root the cluster
runs as the `postgres` user (or `nobody`). When PostgreSQL cannot be started, this says so
plainly and the SQLite run decides.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_PORT = 5432  # only names the socket file inside our private directory
PG_SETTINGS = (
    # A throwaway cluster: durability of the server itself is not under test (the crash tests
    # kill the client, and PostgreSQL rolls its transaction back either way).
    "-c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
)


class PostgresUnavailable(Exception):
    """Why the PostgreSQL run cannot happen on this machine."""


def run(*args: str, env: dict[str, str] | None = None) -> int:
    print("$", " ".join(args), flush=True)
    return subprocess.call(args, cwd=ROOT, env=env)


def postgres_bin_dir() -> Path:
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    # Debian keeps the server binaries off PATH, one directory per major version.
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    if not candidates:
        raise PostgresUnavailable(
            "initdb/pg_ctl not found (install Debian's `postgresql` package; .ci/run does)"
        )
    return candidates[-1].parent


def cluster_user() -> str | None:
    """The user the server runs as: ourselves, or as root a system user initdb accepts."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise PostgresUnavailable("running as root and neither a `postgres` nor a `nobody` user exists")


def as_user(user: str | None, *args: str) -> list[str]:
    return ["runuser", "-u", user, "--", *args] if user else list(args)


def quiet(args: list[str], what: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise PostgresUnavailable(f"{what} failed: {detail[-1] if detail else done.returncode}")


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """A new cluster in a temporary directory; yields its SQLAlchemy URL."""
    bin_dir = postgres_bin_dir()
    user = cluster_user()
    base = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
    data = base / "data"
    try:
        if user:
            shutil.chown(base, user=user)
        quiet(
            as_user(
                user,
                str(bin_dir / "initdb"),
                "--pgdata",
                str(data),
                "--username=postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            ),
            "initdb",
        )
        quiet(
            as_user(
                user,
                str(bin_dir / "pg_ctl"),
                "--pgdata",
                str(data),
                "--log",
                str(base / "server.log"),
                "--wait",
                "--timeout=60",
                "-o",
                f"-k {base} -p {PG_PORT} {PG_SETTINGS}",
                "start",
            ),
            "pg_ctl start",
        )
        try:
            yield f"postgresql+psycopg://postgres@/postgres?host={base}&port={PG_PORT}"
        finally:
            subprocess.run(
                as_user(user, str(bin_dir / "pg_ctl"), "--pgdata", str(data), "-m", "fast", "stop"),
                capture_output=True,
            )
    finally:
        shutil.rmtree(base, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description="ruff, import contracts and mypy, then pytest on SQLite and PostgreSQL"
    )
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="run one engine only")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (after --)")
    options = parser.parse_args()
    python = sys.executable
    pytest = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options.pytest_args]
    results: dict[str, str] = {}
    bin_dir = Path(python).parent
    sources = ("tracker", "tests", "bench", "migrations", "letter_templates")
    lint = run(str(bin_dir / "ruff"), "check", *sources)
    lint |= run(str(bin_dir / "ruff"), "format", "--check", "--quiet", *sources)
    results["ruff"] = "passed" if lint == 0 else "FAILED"
    # The layer contract: letters, reports and importers never reach the database.
    contracts = run(str(bin_dir / "lint-imports"), "--no-cache")
    results["import contracts"] = "passed" if contracts == 0 else "FAILED"
    lint |= contracts
    types = run(str(bin_dir / "mypy"))
    results["mypy"] = "passed" if types == 0 else "FAILED"
    lint |= types
    sqlite = postgres = 0
    if options.only != "postgresql":
        print("\n== test suite on SQLite ==", flush=True)
        sqlite = run(*pytest)
        results["SQLite"] = "passed" if sqlite == 0 else "FAILED"
    if options.only != "sqlite":
        print("\n== test suite on PostgreSQL (throwaway cluster) ==", flush=True)
        try:
            with postgres_cluster() as url:
                env = {**os.environ, "TRACKER_TEST_DATABASE": url}
                postgres = run(*pytest, env=env)
                results["PostgreSQL"] = "passed" if postgres == 0 else "FAILED"
        except PostgresUnavailable as reason:
            results["PostgreSQL"] = f"SKIPPED — could not start PostgreSQL: {reason}"
            if options.only == "postgresql":
                postgres = 1
    # The browser test (tests/test_web_browser.py) needs Debian's chromium; say plainly when
    # it was skipped rather than leave it to a line of pytest's report.
    chromium = shutil.which("chromium")
    results["browser"] = (
        f"chromium at {chromium}: the browser test ran in each suite above"
        if chromium
        else "SKIPPED — chromium not installed (apt-get install chromium; .ci/run does it)"
    )
    print("\n== summary ==")
    for name, outcome in results.items():
        print(f"{name:>10}: {outcome}")
    return 1 if lint or sqlite or postgres else 0


if __name__ == "__main__":
    sys.exit(main())
