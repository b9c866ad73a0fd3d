"""Four clerks changing dossiers at once for a minute: throughput, and proof nothing was lost;
with --import-rows N, the same clerks while one more clerk imports an N-row export: how long
each of their commands waited (p50, p99, max), and that none failed.

    .venv/bin/python bench/concurrency.py [--seconds 60] [--clerks 4] [--postgresql SERVER_URL]
    .venv/bin/python bench/concurrency.py --workload units --clerks 8 --postgresql …
    .venv/bin/python bench/concurrency.py --import-rows 1000000 [--seconds 120] [--postgresql …]

Each measurement gets a fresh database: a SQLite file in a temporary folder, or with
--postgresql (e.g. postgresql+psycopg://postgres@/postgres?host=/tmp/x&port=5432) a new
database on that server, dropped afterwards. Workloads (tests/clerks.py): "shared" — every
clerk also changes two dossiers all of them touch; "units" — each clerk works in a unit of its
own (8 at most): a reason, a draft, an issued letter with the unit's next number, dossier after
dossier, and the check proves each unit's numbers run 1, 2, 3 … The baseline is one clerk
alone for a quarter of the time, measured in the same run (this machine's speed drifts by up to
50 % between runs, so only the ratio is comparable). Exits 1 if any command failed (e.g.
"database is locked") or an update was lost.

On PostgreSQL it also says what bounds the throughput: the clerks' sessions sampled every 20 ms
(statements running, waiting for a lock, any other wait event; lock requests not granted), the
CPU time of each command in the clerk (process_time) and in the server (every server process,
from /proc), how long each clerk waited for a free core (the run queue, /proc/self/schedstat),
how busy the machine's cores were, and from these the throughput N free cores would allow.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from click.testing import CliRunner

from tests import clerks
from tracker.cli import cli


@contextmanager
def fresh_database(server: str | None) -> Iterator[str]:
    if server:
        from tests.pg import fresh_database as fresh_postgresql

        with fresh_postgresql(server) as url:
            yield url
        return
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'tracker.db'}"
        result = CliRunner().invoke(cli, ["--db", url, "init", "--preset", "go-dau"])
        assert result.exit_code == 0, result.output
        yield url


@dataclass
class Observed:
    """What a run cost beside its throughput (PostgreSQL): the server's and the machine's CPU
    time, and what the clerks' sessions were doing when sampled."""

    samples: int = 0
    running: int = 0  # clerk statements seen running, summed over the samples
    lock_waits: int = 0  # of those, waiting for a lock (wait_event_type 'Lock')
    blocked: int = 0  # lock requests not granted (pg_locks), summed over the samples
    waits: Counter[str] = field(default_factory=Counter)  # every wait event seen, by name
    server_cpu: float | None = None  # seconds of CPU of every server process; None: not here
    machine_busy: float = 0.0  # core-seconds the whole machine was busy (every process's)
    wall: float = 0.0


def measure(
    server: str | None, count: int, seconds: float, workload: str = "shared"
) -> tuple[clerks.Summary, list[clerks.Outcome], Observed]:
    with fresh_database(server) as url:
        if workload == "units":
            # Three commands a dossier; one clerk alone does up to ~25 commands a second on a
            # quiet machine: 15 dossiers a second leave room, and a clerk that ran out would
            # fail fast and inflate its count (4 a second did, on 01/12/2026: 19 failures).
            clerks.prepare_units(url, count, per_clerk=max(100, int(seconds * 15)))
        else:
            clerks.prepare(url, count)
        with observe(url if server else None) as observed:
            outcomes, elapsed = clerks.run_clerks(
                url, clerks=count, seconds=seconds, workload=workload
            )
        return clerks.check(url, outcomes, elapsed), outcomes, observed


def _machine_busy() -> float:
    """Core-seconds every process of this machine has been busy since boot (/proc/stat)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int) -> tuple[float, float]:
    """(own, reaped children's) CPU seconds of a process, from /proc/PID/stat."""
    after_name = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(f) for f in after_name[11:15])
    tick = os.sysconf("SC_CLK_TCK")
    return (utime + stime) / tick, (cutime + cstime) / tick


def _server_cpu(data_directory: str) -> float | None:
    """CPU seconds of the server: the postmaster, the backends it has reaped (every clerk's
    connection, once closed) and its children still running; None if it is not on this
    machine or not readable."""
    try:
        postmaster = int(Path(data_directory, "postmaster.pid").read_text().split()[0])
        own, reaped = _process_cpu(postmaster)
        running = 0.0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                parts = stat.read_text().rsplit(")", 1)[1].split()
                if int(parts[1]) == postmaster:  # its parent
                    running += _process_cpu(int(stat.parent.name))[0]
    except (OSError, ValueError):
        return None
    return own + reaped + running


@contextmanager
def observe(url: str | None) -> Iterator[Observed]:
    """On PostgreSQL, what the clerks' sessions were doing, sampled every 20 ms meanwhile (how
    often one was running a statement, waiting for a lock, or waiting for anything else), how
    many lock requests were waiting, and the CPU time of the server and of the machine."""
    observed = Observed()
    if url is None:
        yield observed
        return
    from sqlalchemy import text

    from tracker.db import make_engine

    engine = make_engine(url)
    activity = text(
        "SELECT state = 'active', wait_event_type, wait_event FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    blocked = text("SELECT count(*) FROM pg_locks WHERE NOT granted")
    done = threading.Event()

    def sample() -> None:
        with engine.connect() as conn:
            while not done.wait(0.02):
                observed.samples += 1
                for active, wait_type, wait_event in conn.execute(activity):
                    if not active:
                        continue
                    observed.running += 1
                    if wait_type:
                        observed.waits[f"{wait_type}:{wait_event}"] += 1
                    observed.lock_waits += wait_type == "Lock"
                observed.blocked += conn.execute(blocked).scalar_one()
                conn.rollback()  # a new snapshot of pg_stat_activity

    with engine.connect() as conn:
        data_directory = conn.execute(text("SHOW data_directory")).scalar_one()
    server_before, busy_before, began = (
        _server_cpu(data_directory),
        _machine_busy(),
        time.monotonic(),
    )
    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        yield observed
    finally:
        done.set()
        sampler.join()
        engine.dispose()
    time.sleep(0.2)  # the clerks' last backends reaped by the postmaster
    server_after = _server_cpu(data_directory)
    observed.wall = time.monotonic() - began
    observed.machine_busy = _machine_busy() - busy_before
    if server_before is not None and server_after is not None:
        observed.server_cpu = server_after - server_before
    running = max(observed.running, 1)
    print(
        f"  {observed.samples} samples of pg_stat_activity: {observed.running / observed.samples:.2f} "
        f"clerk statements running on average, {observed.lock_waits / observed.samples:.2f} "
        f"waiting for a lock ({observed.lock_waits / running:.1%} of the statements seen), "
        f"lock requests not granted: {observed.blocked} in all the samples"
    )
    if observed.waits:
        seen = ", ".join(f"{name} {n}" for name, n in observed.waits.most_common(6))
        print(f"  wait events of running clerk statements: {seen}")


def cpu_report(
    count: int,
    alone: clerks.Summary,
    alone_outcomes: list[clerks.Outcome],
    alone_seen: Observed,
    together: clerks.Summary,
    outcomes: list[clerks.Outcome],
    seen: Observed,
) -> None:
    """Where the clerks' time went, from CPU time and the run queue rather than the clock. If
    they never wait for each other's locks, their throughput is bounded by the cores free for
    them, and what N free cores would give follows from the CPU time one command costs."""
    cores = os.cpu_count() or 1
    for label, summary, done, observed in (
        ("1 clerk alone", alone, alone_outcomes, alone_seen),
        (f"{count} clerks at once", together, outcomes, seen),
    ):
        client = sum(o.cpu_seconds for o in done)
        queued = sum(o.queued_seconds for o in done)
        wall = sum(o.seconds for o in done)
        server = observed.server_cpu
        per = (summary.commands or 1) / 1000  # figures per command, in ms
        server_text = f"{server / per:.0f} ms" if server is not None else "not measured"
        print(
            f"  {label}: per command, wall {wall / per:.0f} ms, of which the clerk's CPU "
            f"{client / per:.0f} ms and its wait for a free core {queued / per:.0f} ms; the "
            f"server's CPU {server_text}. Meanwhile the machine's {cores} cores were busy "
            f"{observed.machine_busy / (observed.wall * cores):.0%} of the time, "
            f"{(client + (server or 0)) / max(observed.machine_busy, 1e-9):.0%} of it this "
            "run's commands (the rest: the clerks starting, other work on the machine)"
        )
    if seen.server_cpu is None:
        return
    cpu = (sum(o.cpu_seconds for o in outcomes) + seen.server_cpu) / (together.commands or 1)
    # One clerk on a free machine: its commands without the time they waited for a core.
    free = sum(o.seconds - o.queued_seconds for o in alone_outcomes) / (alone.commands or 1)
    print(
        f"  With no lock waits, {count} clerks reach at most min({count} × one clerk, free "
        f"cores / {cpu * 1000:.0f} ms of CPU a command); one clerk on a free machine: "
        f"1 / {free * 1000:.0f} ms = {1 / free:.1f}/s:"
    )
    for n in sorted({cores, 4, 8, 16}):
        bound = min(count / free, n / cpu)
        print(f"    {n:2d} free cores: ≤ {bound:5.1f}/s = {bound * free:.2f}× one clerk")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def during_import(server: str | None, count: int, seconds: float, rows: int) -> int:
    """The clerks' waits while a large import runs beside them, and alone for comparison."""
    from generate import ensure
    from harness import TRACKER, environment

    cache = Path(
        os.environ.get("TRACKER_BENCH_CACHE", Path(tempfile.gettempdir()) / "tracker-bench")
    )
    export = ensure(cache / "exports", rows, 1, "csv")
    alone, alone_outcomes, _ = measure(server, count, min(seconds, 20))
    with fresh_database(server) as url:
        clerks.prepare(url, count)
        started = time.monotonic()
        importer = subprocess.Popen(
            [TRACKER, "--db", url, "import", str(export), "--format", "json"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=environment(),
        )
        outcomes, elapsed = clerks.run_clerks(url, clerks=count, seconds=seconds)
        _out, err = importer.communicate()
        imported = time.monotonic() - started
        summary = clerks.check(url, outcomes, elapsed)
    waits = [o.seconds for o in outcomes]
    calm = [o.seconds for o in alone_outcomes]
    print(
        f"import of {rows:,} rows: exit {importer.returncode} in {imported:.1f} s"
        + (f" ({err.decode().strip()})" if importer.returncode not in (0, 3) else "")
    )
    print("| clerks' commands | count | p50 | p99 | max | failed |\n|---|---:|---:|---:|---:|---:|")
    for label, values, failed in (
        (f"{count} clerks alone", calm, len(alone.failures)),
        (f"{count} clerks during the import", waits, len(summary.failures)),
    ):
        print(
            f"| {label} | {len(values)} | {percentile(values, 0.5) * 1000:.0f} ms | "
            f"{percentile(values, 0.99) * 1000:.0f} ms | {max(values) * 1000:.0f} ms | {failed} |"
        )
    return 1 if summary.failures or importer.returncode != 0 else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clerks", type=int, default=4)
    parser.add_argument("--postgresql", metavar="SERVER_URL", help="measure on this server")
    parser.add_argument("--import-rows", type=int, help="clerks beside an import of N rows")
    parser.add_argument("--workload", choices=["shared", "units"], default="shared")
    options = parser.parse_args()
    os.environ.setdefault("TRACKER_TODAY", "26/11/2024")
    engine = "PostgreSQL" if options.postgresql else "SQLite"
    print(f"engine: {engine}, workload: {options.workload}, {os.cpu_count()} CPU cores")
    if options.import_rows:
        return during_import(
            options.postgresql, options.clerks, options.seconds, options.import_rows
        )
    alone, alone_outcomes, alone_seen = measure(
        options.postgresql, 1, options.seconds / 4, options.workload
    )
    together, outcomes, seen = measure(
        options.postgresql, options.clerks, options.seconds, options.workload
    )
    print(
        f"1 clerk alone:   {alone.commands:6d} commands in {alone.seconds:5.1f} s "
        f"= {alone.per_second:6.1f}/s"
    )
    print(
        f"{options.clerks} clerks at once: {together.commands:6d} commands in "
        f"{together.seconds:5.1f} s = {together.per_second:6.1f}/s "
        f"({together.per_second / alone.per_second:.2f}× one clerk)"
    )
    cpu_report(options.clerks, alone, alone_outcomes, alone_seen, together, outcomes, seen)
    failed = alone.failures + together.failures
    locked = sum("locked" in o.stderr for o in failed)
    print(
        f'failed commands: {len(failed)} ("database is locked": {locked}); '
        "lost updates: 0 (every command's event present, each before = previous after)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
