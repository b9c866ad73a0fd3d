"""`tracker demo`: the invented November 2024 sample (`data`), the one-stop export it is
imported from (`export`), and the job done on it step by step (`steps`), each step returning
what it did for `tracker.cli.demo` to print. Every file the demo writes is named here, once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker.demo.data import DEMO_PERIOD


@dataclass(frozen=True)
class DemoFiles:
    """Where the demo writes, inside its directory."""

    directory: Path

    @property
    def database(self) -> Path:
        return self.directory / "tracker.db"

    @property
    def export(self) -> Path:
        return self.directory / f"mot-cua-ho-so-tre-han-{DEMO_PERIOD}.xlsx"

    @property
    def letters(self) -> Path:
        return self.directory / "letters"

    @property
    def combined(self) -> Path:
        return self.letters / "tat-ca-phieu.docx"

    @property
    def public_letters(self) -> Path:
        return self.letters / "cong-khai"

    @property
    def monthly(self) -> Path:
        return self.directory / f"bao-cao-thang-{DEMO_PERIOD}.docx"

    @property
    def notice(self) -> Path:
        return self.directory / f"cong-van-thang-{DEMO_PERIOD}.docx"

    @property
    def reminders(self) -> Path:
        return self.directory / "nhac-viec.docx"
