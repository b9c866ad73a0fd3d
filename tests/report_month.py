"""The known data set of the monthly report, as the `month` fixture every report test
may use (conftest loads this module as a plugin), with the index figures of the seed notice.
Today is Tuesday 26/11/2024 (conftest); no public holiday falls in Oct–Nov 2024."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.dossiers import add_late

A = "000.00.19.H53-241028-0001"  # tnmt, due Mon 04/11, result Fri 08/11: 4 working days late
B = "000.00.19.H53-241028-0002"  # tnmt, due Mon 11/11, still open on 26/11: 11 days late
C = "000.00.19.H53-241028-0003"  # tnmt, due 20/11, result 20/11: on time
D = "000.00.19.H53-241028-0004"  # hiep-thanh, due Fri 15/11, result Tue 19/11: 2 days late
E = "000.00.19.H53-241028-0005"  # ktht, due 29/11, open: not late yet
F = "000.00.19.H53-240930-0001"  # October: tnmt, due 15/10, result 17/10: late
G = "000.00.19.H53-240930-0002"  # October: ktht, due 10/10, result 10/10: on time

# The district's figures for November 2024 in the seed notice (`tracker index set`).
SEED_FIGURES = [
    ("score", "87,07"),
    ("rank", "8/9"),
    ("digitised", "69,89"),
    ("e_results", "70,85"),
]


def add(run: Invoke, code: str, unit: str, due: str, finished: str | None = None) -> None:
    add_late(
        run, code, unit, due, *(["--finished", finished] if finished else []), received="01/10/2024"
    )


@pytest.fixture
def month(run: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """The known data set, with letters in every state and of both kinds (an office that
    numbers every letter `NN/PXL-…` in its config, so the printout's golden keeps its numbers):
    A settled late, so an apology letter (no new date), issued 26/11 and published on both
    channels (a late apology);
    B drafted 26/11 while open: a reschedule (late apology, still a draft);
    D drafted 13/11 and issued 14/11 while open (its result came 19/11): a reschedule, on time
    (due 15/11 − 1 working day), on the portal only."""
    config = tmp_path / "config.toml"
    config.write_text('letter_number_format = "{n:02d}/PXL-{abbr}"\n', encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    add(run, A, "tnmt", "04/11/2024", "08/11/2024")
    add(run, B, "tnmt", "11/11/2024")
    add(run, C, "tnmt", "20/11/2024", "20/11/2024")
    add(run, D, "hiep-thanh", "15/11/2024", "19/11/2024")
    add(run, E, "ktht", "29/11/2024")
    add(run, F, "tnmt", "15/10/2024", "17/10/2024")
    add(run, G, "ktht", "10/10/2024", "10/10/2024")
    run("--today", "13/11/2024", "letters", "draft", D, "--new-date", "22/11/2024")
    run("letters", "issue", D, "--number", "01/PXL-UBND", "--on", "14/11/2024")
    run(
        "letters",
        "publish",
        D,
        "--portal",
        "--url",
        "https://godau.example.vn/d",
        "--on",
        "15/11/2024",
    )
    run("letters", "draft", A)
    run("letters", "draft", B, "--new-date", "03/12/2024")
    run("letters", "issue", A, "--number", "01/PXL-TNMT")
    run("letters", "publish", A, "--portal", "--url", "https://godau.example.vn/a")
    run("letters", "publish", A, "--onestop", "--ref", "MC-1")
    return run
