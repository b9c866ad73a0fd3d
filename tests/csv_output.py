"""CSV as tracker writes it for Excel: UTF-8 with a BOM, cells separated by `;`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

BOM = "\ufeff"


def read_csv(output: str | Path) -> list[list[str]]:
    """The rows of a CSV printed (or written to a file) by tracker; it must start with a BOM."""
    text = output.read_bytes().decode("utf-8") if isinstance(output, Path) else output
    assert text.startswith(BOM), "tracker's CSV starts with a UTF-8 BOM (for Excel)"
    return list(csv.reader(io.StringIO(text.removeprefix(BOM)), delimiter=";"))
