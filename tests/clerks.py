"""Several clerks changing dossiers at once, each in its own process: the concurrency tests
(a few seconds) and `bench/concurrency.py` (a minute) share this.

Each clerk runs the real CLI in a loop and logs what it did. In the "shared" workload it gives
`cases reason` on its own dossier and on dossiers every clerk touches, and now and then
`cases assign` of a shared dossier. In the "units" workload each clerk works for a unit of its
own (8 at most), as clerks of different units do: `cases reason`, `letters draft`, then
`letters issue --auto-number`, one dossier of its unit after another. `check` then proves from
the database that no command failed (no "database is locked" reached anyone) and no update was
lost: every successful command left its event, each event's "before" is the previous event's
"after" (no one acted on a stale value), each dossier ends with the value of its last event,
and each unit's letters carry the numbers 1, 2, 3 … with no gap and no repeat.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ("000.00.19.H53-241101-0001", "000.00.19.H53-241101-0002")
HEAD_UNITS = ("tnmt", "tckh", "ktht", "tp", "nv", "yt", "vp", "gddt")


def own_code(clerk: int) -> str:
    return f"000.00.19.H53-241102-{clerk + 1:04d}"


def all_codes(clerks: int) -> list[str]:
    return [*SHARED, *(own_code(c) for c in range(clerks))]


@dataclass(frozen=True)
class Outcome:
    clerk: int
    command: str
    code: str
    value: str
    exit_code: int
    stderr: str
    seconds: float = 0.0  # how long the command took, waiting for the lock included
    cpu_seconds: float = 0.0  # the clerk process's own CPU time (user + system) for it
    queued_seconds: float = 0.0  # how long the clerk waited for a free core meanwhile (Linux)


@dataclass(frozen=True)
class Summary:
    commands: int
    seconds: float
    failures: list[Outcome]

    @property
    def per_second(self) -> float:
        return self.commands / self.seconds


def unit_code(clerk: int, n: int) -> str:
    """The n-th dossier of clerk `clerk`'s unit (the "units" workload)."""
    return f"000.00.19.H53-2410{clerk + 10:02d}-{n + 1:04d}"


def prepare_units(db_url: str, clerks: int, per_clerk: int) -> None:
    """`per_clerk` late open dossiers in each clerk's unit, imported the way a clerk would."""
    from tests.import_files import csv_bytes, dossier

    rows = []
    for clerk in range(clerks):
        for n in range(per_clerk):
            row = dossier(n, unit=HEAD_UNITS[clerk])
            row[0] = unit_code(clerk, n)
            rows.append(row)
    with tempfile.TemporaryDirectory(prefix="tracker-clerks-") as folder:
        export = Path(folder) / "don-vi.csv"
        export.write_bytes(csv_bytes(rows))
        _cli(db_url, "import", str(export))


def prepare(db_url: str, clerks: int) -> None:
    """The dossiers the clerks work on, added through the CLI."""
    for code in all_codes(clerks):
        _cli(
            db_url,
            "cases",
            "add",
            code,
            "--procedure",
            "Cấp giấy phép xây dựng nhà ở riêng lẻ",
            "--applicant",
            "Lê Thị Hồng",
            "--unit",
            "tnmt",
            "--due",
            "15/11/2024",
        )


def _cli(db_url: str, *args: str) -> Any:
    from click.testing import CliRunner

    from tracker.cli import cli

    result = CliRunner().invoke(cli, ["--db", db_url, *args])
    if result.exit_code != 0:
        raise AssertionError(f"tracker {' '.join(args)}: {result.output}")
    return result


def _shared_step(clerk: int, step: int) -> tuple[str, str, list[str]]:
    """The "shared" workload's step: (code, value, command)."""
    if step % 7 == 0:
        code, value = SHARED[step % 2], HEAD_UNITS[(clerk + step) % len(HEAD_UNITS)]
        return code, value, ["cases", "assign", code, "--head", value]
    code = own_code(clerk) if step % 2 else SHARED[step % 3 % 2]
    value = f"Lý do của cán bộ {clerk}, lần {step}"
    return code, value, ["cases", "reason", code, value]


def _unit_step(clerk: int, step: int) -> tuple[str, str, list[str]]:
    """The "units" workload's step: a reason, a draft, an issued letter, dossier after dossier."""
    code = unit_code(clerk, (step - 1) // 3)
    phase = (step - 1) % 3
    if phase == 0:
        value = f"Lý do của cán bộ {clerk}, lần {step}"
        return code, value, ["cases", "reason", code, value]
    if phase == 1:
        return code, "", ["letters", "draft", code]
    return code, "", ["letters", "issue", code, "--auto-number"]


def worker(db_url: str, clerk: int, seconds: float, log: Path, go: Path, workload: str) -> None:
    """One clerk: wait for the starting signal, then change dossiers until time is up."""
    from click.testing import CliRunner

    from tracker.cli import cli

    runner = CliRunner()
    step_of = _unit_step if workload == "units" else _shared_step
    warm_up = step_of(clerk, 1)[0]
    runner.invoke(cli, ["--db", db_url, "cases", "show", warm_up])  # imports, warm-up
    log.with_suffix(".ready").touch()
    while not go.exists():
        time.sleep(0.01)
    outcomes = []
    started = time.monotonic()
    deadline = started + seconds
    step = 0
    while time.monotonic() < deadline:
        step += 1
        code, value, args = step_of(clerk, step)
        began, cpu, queued = time.monotonic(), time.process_time(), _queued()
        result = runner.invoke(cli, ["--db", db_url, "--as", f"can-bo-{clerk}", *args])
        took, cpu = time.monotonic() - began, time.process_time() - cpu
        outcomes.append(
            Outcome(
                clerk,
                args[1],
                code,
                value,
                result.exit_code,
                result.stderr,
                took,
                cpu,
                _queued() - queued,
            )
        )
    record = {"seconds": time.monotonic() - started, "outcomes": [o.__dict__ for o in outcomes]}
    log.write_text(json.dumps(record, ensure_ascii=False), "utf-8")


def _queued() -> float:
    """Seconds this process has waited on the run queue for a core (Linux's schedstat: the
    second figure, in ns); 0 where the kernel does not say."""
    try:
        return int(Path("/proc/self/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def run_clerks(
    db_url: str, *, clerks: int, seconds: float, workload: str = "shared"
) -> tuple[list[Outcome], float]:
    """Start `clerks` processes together; return what they did and the time the busiest took."""
    with tempfile.TemporaryDirectory(prefix="tracker-clerks-") as folder:
        base = Path(folder)
        go = base / "go"
        logs = [base / f"clerk-{c}.json" for c in range(clerks)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.clerks",
                    db_url,
                    str(c),
                    str(seconds),
                    str(log),
                    str(go),
                    workload,
                ],
                cwd=ROOT,
                env=env,
            )
            for c, log in enumerate(logs)
        ]
        try:
            while not all(log.with_suffix(".ready").exists() for log in logs):
                if any(p.poll() is not None for p in processes):
                    raise RuntimeError("a clerk process died before starting")
                time.sleep(0.02)
            go.touch()
            codes = [p.wait() for p in processes]
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
        if any(codes):
            raise RuntimeError(f"clerk processes exited with {codes}")
        records = [json.loads(log.read_text("utf-8")) for log in logs]
    outcomes = [Outcome(**entry) for record in records for entry in record["outcomes"]]
    return outcomes, max(record["seconds"] for record in records)


def check(db_url: str, outcomes: list[Outcome], elapsed: float) -> Summary:
    """Prove from the database that every command took effect and none was lost."""
    from sqlalchemy import select

    from tracker.db import make_engine, transaction
    from tracker.models import Dossier, Event

    failures = [o for o in outcomes if o.exit_code != 0]
    done = [o for o in outcomes if o.exit_code == 0]
    engine = make_engine(db_url)
    try:
        with transaction(engine) as session:
            dossiers = {d.code: d for d in session.scalars(select(Dossier))}
            heads = {d.code: d.head.full_name if d.head else None for d in dossiers.values()}
            events = session.scalars(
                select(Event)
                .where(Event.action.in_(["dossier.reason", "dossier.assign"]))
                .order_by(Event.id)
            ).all()
            chains: dict[tuple[str, str], list[Event]] = defaultdict(list)
            by_id = {d.id: code for code, d in dossiers.items()}
            for event in events:
                chains[(by_id[event.dossier_id], event.action)].append(event)
            written: dict[str, list[str]] = defaultdict(list)
            for outcome in done:
                if outcome.command == "reason":
                    written[outcome.code].append(outcome.value)
            for code, values in written.items():
                chain = chains[(code, "dossier.reason")]
                # Every reason written left exactly one event (values are all distinct).
                assert sorted(e.after["reason"] for e in chain) == sorted(values), code
                _assert_unbroken(chain, "reason", code)
                assert dossiers[code].reason == chain[-1].after["reason"], code
            for clerk in {o.clerk for o in done}:
                mine = [o.value for o in done if o.clerk == clerk and o.code == own_code(clerk)]
                if mine:
                    assert dossiers[own_code(clerk)].reason == mine[-1]
            for code in SHARED:
                chain = chains[(code, "dossier.assign")]
                _assert_unbroken(chain, "head", code)
                if chain:
                    assert heads[code] == chain[-1].after["head"], code
            _assert_numbered(session, done)
    finally:
        engine.dispose()
    return Summary(len(outcomes), elapsed, failures)


def _assert_numbered(session: Any, done: list[Outcome]) -> None:
    """Each unit's letters carry 1, 2, 3 … one per letter its clerk issued: no gap, no repeat."""
    from sqlalchemy import select

    from tracker.models import ApologyLetter, Unit

    for clerk in {o.clerk for o in done if o.command == "issue"}:
        issued = sum(1 for o in done if o.clerk == clerk and o.command == "issue")
        numbers = session.scalars(
            select(ApologyLetter.number_seq)
            .join(Unit, Unit.id == ApologyLetter.unit_id)
            .where(Unit.code == HEAD_UNITS[clerk], ApologyLetter.number_seq.is_not(None))
            .order_by(ApologyLetter.number_seq)
        ).all()
        assert list(numbers) == list(range(1, issued + 1)), HEAD_UNITS[clerk]


def _assert_unbroken(chain: list[Any], key: str, code: str) -> None:
    """Each change started from the value the previous one left: nobody overwrote blindly."""
    for previous, current in itertools.pairwise(chain):
        assert current.before[key] == previous.after[key], (code, previous.id, current.id)


if __name__ == "__main__":
    url, clerk_number, duration, log_path, go_path, kind = sys.argv[1:]
    worker(url, int(clerk_number), float(duration), Path(log_path), Path(go_path), kind)
