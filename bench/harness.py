"""What the bench scripts share: time whole processes turn about, take medians, print ratios.

This machine is noisy (absolute times drift by up to 50 % between runs), so a figure only means
something next to a baseline measured in the same run on the same data: every script runs its
candidate and its baseline alternately (A B A B …) and reports the ratio of the medians.
"""

from __future__ import annotations

import os
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TRACKER = str(Path(PYTHON).parent / "tracker")


def run_process(argv: Sequence[str], env: Mapping[str, str] | None = None) -> float:
    """Wall time of one process, in seconds; its output is discarded, its failure is fatal."""
    start = time.perf_counter()
    result = subprocess.run(
        list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(
            f"{shlex.join(argv)} failed ({result.returncode}):\n{result.stderr.decode()}"
        )
    return elapsed


def turn_about(
    candidates: Mapping[str, Callable[[], float]], *, rounds: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Each candidate (a function returning seconds) run in turn, `rounds` times over;
    the first `warmup` rounds fill the page cache and are not counted."""
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for index in range(warmup + rounds):
        for name, measure in candidates.items():
            elapsed = measure()
            if index >= warmup:
                times[name].append(elapsed)
    return times


def processes(
    commands: Mapping[str, Sequence[str]], env: Mapping[str, str] | None = None
) -> dict[str, Callable[[], float]]:
    """Candidates for `turn_about` that each run one whole command."""
    return {name: _runner(argv, env) for name, argv in commands.items()}


def _runner(argv: Sequence[str], env: Mapping[str, str] | None) -> Callable[[], float]:
    return lambda: run_process(argv, env)


def environment(**extra: str) -> dict[str, str]:
    """The current environment with tracker's settings pinned (no user config, fixed today).

    Python may write bytecode: an installed tracker has its modules compiled (pip does it), as
    click and sqlalchemy have here; recompiling tracker's sources on every run is not its cost.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update({"TRACKER_CONFIG": os.devnull, "TRACKER_TODAY": "26/11/2024"})
    env.update(extra)
    return env


@dataclass(frozen=True)
class Figure:
    """One line of a results table: a measure, its median, and the ratio to its baseline."""

    measure: str
    command: str
    median_s: float
    baseline: str = ""
    ratio: float | None = None
    target: str = ""


def figures(
    times: Mapping[str, list[float]],
    *,
    baseline: str,
    commands: Mapping[str, str] | None = None,
    targets: Mapping[str, str] | None = None,
) -> list[Figure]:
    """A Figure per measure, each compared with the baseline measure's median; a measure's
    command is its name unless `commands` spells it out."""
    base = statistics.median(times[baseline])
    return [
        Figure(
            measure=name,
            command=(commands or {}).get(name, name),
            median_s=statistics.median(samples),
            baseline="" if name == baseline else baseline,
            ratio=None if name == baseline else statistics.median(samples) / base,
            target=(targets or {}).get(name, ""),
        )
        for name, samples in times.items()
    ]


def against_floor(
    times: Mapping[str, list[float]],
    command: str,
    measure: str,
    *,
    imports: str,
    raw: str,
    raw_command: str,
    floor_measure: str,
    target: str,
) -> tuple[list[Figure], float, float]:
    """A command against its floor: what the imports' process (`imports`) and the raw query
    (`raw`) take, added round by round. The figures (imports, raw, floor, then the command
    with its ratio), the command's median and the floor's median."""
    floor = [a + b for a, b in zip(times[imports], times[raw], strict=True)]
    floor_median = statistics.median(floor)
    median = statistics.median(times[command])
    rows = [
        Figure(imports, imports, statistics.median(times[imports])),
        Figure(raw, raw_command, statistics.median(times[raw])),
        Figure(floor_measure, "the two above, per round", floor_median),
        Figure(
            measure,
            command,
            median,
            baseline="floor",
            ratio=median / floor_median,
            target=target,
        ),
    ]
    return rows, median, floor_median


def print_table(title: str, rows: Sequence[Figure], *, rounds: int) -> None:
    """A Markdown table, ready to paste into the README's performance section."""
    print(f"\n### {title} (median of {rounds}, turn about)\n")
    print("| measure | median | ratio | target | command |")
    print("|---|---:|---:|---|---|")
    for row in rows:
        ratio = f"{row.ratio:.2f}× {row.baseline}" if row.ratio is not None else "—"
        command = row.command.replace("|", "\\|")
        print(f"| {row.measure} | {_ms(row.median_s)} | {ratio} | {row.target} | `{command}` |")
    sys.stdout.flush()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def verdict(row: Figure, limit: float) -> str:
    """'met' or 'MISSED' for a ratio goal, said in one line beside the table."""
    assert row.ratio is not None
    state = "met" if row.ratio <= limit else "MISSED"
    return f"{row.measure}: {row.ratio:.2f}× (goal ≤ {limit}×) — {state}"


def template_database(work: Path) -> Path:
    """A fresh database with the go-dau preset, to copy for each measured run."""
    template = work / "template.db"
    subprocess.run(
        [TRACKER, "--db", str(template), "init", "--preset", "go-dau"],
        check=True,
        capture_output=True,
        env=environment(),
    )
    return template
