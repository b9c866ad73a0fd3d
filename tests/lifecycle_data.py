"""The three late dossiers a letter's life is followed on (A and B at Phòng TN&MT, C at Phòng
KT&HT, each with a reason), their draft letters, and a letter as `cases show` tells it."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import Invoke
from tests.dossiers import add_late

A = "000.00.19.H53-241101-0001"  # tnmt, due 20/11 (late)
B = "000.00.19.H53-241101-0002"  # tnmt, due 22/11 (late)
C = "000.00.19.H53-241101-0003"  # ktht, due 21/11 (late)
URL = "https://godau.example.vn/xin-loi/a"


def draft_three(run: Invoke) -> Invoke:
    """Three late dossiers, each with a draft letter dated today (new date 03/12/2024)."""
    add_late(run, A, "tnmt", "20/11/2024")
    add_late(run, B, "tnmt", "22/11/2024")
    add_late(run, C, "ktht", "21/11/2024")
    run("letters", "draft", A, B, C)
    return run


def letter_of(run: Invoke, code: str) -> dict[str, Any]:
    letter: dict[str, Any] = json.loads(run("cases", "show", code, "--format", "json").stdout)[
        "letter"
    ]
    return letter
