"""The golden files in tests/golden/: the text a generated document must hold, word for word.

One switch regenerates every one of them: `TRACKER_UPDATE_GOLDEN=1` makes each test write what
the code now produces into its golden file before comparing. Then review the diff (`git diff
tests/golden`): it is exactly what the change did to the documents a clerk signs."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, text: str) -> None:
    """`text` is tests/golden/NAME; TRACKER_UPDATE_GOLDEN=1 rewrites the file first."""
    path = GOLDEN / name
    if os.environ.get("TRACKER_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
