"""The calendar every rule of a dossier counts on: working days (tracker.calendar) with the law
of the dossier's date (the regime book) — so the apology deadline of a November 2024 dossier
is 1 working day before its due date, and that of an October 2026 dossier 1 calendar day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from tracker.calendar import Override, WorkCalendar
from tracker.law.book import Governed, RegimeBook
from tracker.law.regime import Regime


class LawCalendar(WorkCalendar):
    """A working-day calendar that also answers which regime governs a due date."""

    def __init__(self, book: RegimeBook, overrides: Mapping[dt.date, Override] | None = None):
        self.book = book
        super().__init__(overrides)

    def _forget_counts(self) -> None:
        super()._forget_counts()
        # Deadlines in working days depend on the counts: forgotten with them.
        self._governed: dict[dt.date, Governed] = {}

    def governed(self, due: dt.date) -> Governed:
        """The regime, apology deadline and form of a dossier due `due` (tracker.law.book)."""
        if due not in self._governed:
            self._governed[due] = self.book.governing(due, self)
        return self._governed[due]

    def regime(self, due: dt.date) -> Regime:
        return self.governed(due).regime

    def apology_deadline(self, due: dt.date) -> dt.date:
        """The last day to send the apology, as the regime of the dossier's date counts it."""
        return self.governed(due).deadline
