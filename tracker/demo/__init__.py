"""`tracker demo`: one database lived through the reform of 1 July 2025 — the invented November
2024 sample of huyện Gò Dầu under the regime of that date (`data`), the reorganisation plan and
the commune that keeps the database afterwards (`reform`), and an invented October 2026 at xã
Phước Thạnh under the regime of 2026 (`phuoc_thanh`; regimes/ names the decrees). Each month is
imported from a one-stop export (`export`) and worked step by step (`steps`), each step
returning what it did for `tracker.cli.demo` to print. Every file the demo writes is named here,
once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.dates import Period

if TYPE_CHECKING:
    from tracker.demo.data import SampleDossier
    from tracker.services.dossiers import NewDossier


@dataclass(frozen=True)
class DemoFiles:
    """Where the demo writes: the database in its directory, each month's files in a folder
    of their own (`tracker-demo/2024-11/…`, `tracker-demo/2026-10/…`)."""

    directory: Path
    month: DemoMonth

    @property
    def period(self) -> Period:
        return self.month.period

    @property
    def database(self) -> Path:
        return self.directory / "tracker.db"

    @property
    def folder(self) -> Path:
        return self.directory / str(self.period)

    @property
    def export(self) -> Path:
        return self.folder / f"mot-cua-ho-so-tre-han-{self.period}.xlsx"

    @property
    def letters(self) -> Path:
        return self.folder / "letters"

    @property
    def combined(self) -> Path:
        # The name the clerk's page gives the same printout (services.letter_printouts).
        return self.letters / f"thu-xin-loi-{self.period}-tat-ca-da-ban-hanh.docx"

    @property
    def public_letters(self) -> Path:
        return self.letters / "cong-khai"

    @property
    def monthly(self) -> Path:
        return self.folder / f"bao-cao-thang-{self.period}.docx"

    @property
    def notice(self) -> Path:
        return self.folder / f"cong-van-thang-{self.period}.docx"

    @property
    def reminders(self) -> Path:
        return self.folder / "nhac-viec.docx"


@dataclass(frozen=True)
class DemoMonth:
    """One month the demo works through, as data: its clock, its export, its figures."""

    period: Period  # the month reported on
    today: dt.date  # the demo's clock while it works on the month
    samples: Callable[[], Sequence[SampleDossier]]  # its INVENTED dossiers
    export_titles: tuple[str, ...]  # the title rows of its one-stop export
    # True: the export is imported as the month (`--period`); False: each dossier falls in the
    # month of its due date, so the open ones due early next month fall in the next.
    import_as_month: bool
    # Dossiers not yet due whose heads foresee they will be late: the month's letters include
    # theirs (an apology with a proposed new date, sent before the deadline).
    expected_late: tuple[str, ...]
    # When no dossier is due soon, an INVENTED one added for the warning to show: (received,
    # due) → the dossier. None: the export has some.
    filler: Callable[[dt.date, dt.date], NewDossier] | None
    portal: str  # the INVENTED portal address of its posted letters, with `{code}`
    reminded_unit: str  # the unit whose head's reminders are printed
    figures: tuple[tuple[str, str, str | None], ...]  # index figures (metric, as typed, unit)

    def files(self, directory: Path) -> DemoFiles:
        return DemoFiles(directory, self)

    def periods(self) -> tuple[Period, ...]:
        """The months of the dossiers it handles: its own, and the next when the export's
        open dossiers fall due there."""
        return (self.period,) if self.import_as_month else (self.period, self.period.next())
