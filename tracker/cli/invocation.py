"""How to type `tracker` on this machine, for the commands tracker suggests.

After `make demo` (or `pip install` into a virtual environment) `tracker` is not on PATH until
the environment is activated: a suggestion must name the command that works as typed.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def _here(path: Path) -> str:
    """`path` relative to the current folder when it lies inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _scripts() -> Path:
    """The folder of this Python's scripts: the environment's bin/ (Scripts\\ on Windows)."""
    return Path(sys.executable).parent


def tracker_command() -> str:
    """`tracker` when that name finds this installation, else its path (`.venv/bin/tracker`)."""
    mine = _scripts() / ("tracker.exe" if os.name == "nt" else "tracker")
    found = shutil.which("tracker")
    if not mine.exists() or (found and Path(found).resolve() == mine.resolve()):
        return "tracker"
    return _here(mine.with_suffix("") if os.name == "nt" else mine)


def activation_hint() -> str | None:
    """How to put `tracker` on PATH for the session, when it is not; None when it is."""
    if tracker_command() == "tracker":
        return None
    environment = _here(_scripts().parent)
    return (
        f"Hoặc kích hoạt môi trường một lần cho cả phiên rồi gõ `tracker …`: "
        f"`source {environment}/bin/activate` trên Linux, macOS; "
        f"`{environment}\\Scripts\\activate` trên Windows."
    )
