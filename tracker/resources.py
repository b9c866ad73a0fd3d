"""Data folders shipped with tracker (migrations, letter templates): where they are, whether
tracker runs from a wheel or from the source tree. Pure: no settings are read here, so the
document packages may find their bundled templates without depending on the configuration."""

from __future__ import annotations

from functools import cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@cache  # it does not move while tracker runs; a server's every page asks for the regimes'
def resource_dir(name: str) -> Path:
    """A data folder shipped with tracker: from the wheel (`tracker/_NAME`) or the source tree."""
    packaged = Path(__file__).resolve().parent / f"_{name}"
    return packaged if packaged.is_dir() else PROJECT_ROOT / name
