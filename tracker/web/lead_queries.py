"""The leadership's door to the services: the month's report and what its documents need.

A mixin of `tracker.web.queries.Services` (which gives the transactions): the pages still ask one
object, and this file holds what only the leadership's pages ask. Every method checks the
signed-in account through tracker.services.access before it reads.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from tracker.services import access
from tracker.services.reports import month_office, monthly_summary

if TYPE_CHECKING:
    import datetime as dt

    from tracker.dates import Period
    from tracker.reports.monthly import MonthlySummary, Office
    from tracker.services.access import Viewer


class Transactions(Protocol):
    """What a mixin of Services relies on: one read-only or writing transaction per call."""

    def _reading(self) -> AbstractContextManager[Any]: ...

    def _writing(self, *, office_wide: bool = False) -> AbstractContextManager[Any]: ...


@dataclass(frozen=True)
class Printout:
    """What the month's documents are made of: the summary with its late dossiers, the
    organisation's settings (the header) and the office that writes the printout."""

    summary: MonthlySummary
    organisation: dict[str, str]
    office: Office


class LeadQueries:
    def monthly_report(
        self: Transactions, viewer: Viewer, period: Period, *, today: dt.date
    ) -> MonthlySummary:
        """The month's summary as `report monthly` counts it, each month with its own units."""
        access.check_read_reports(viewer)
        with self._reading() as session:
            return monthly_summary(session, period, today=today)

    def printout(self: Transactions, viewer: Viewer, period: Period, *, today: dt.date) -> Printout:
        """The month with every late dossier, for the printout, the workbook and the notice."""
        access.check_read_reports(viewer)
        with self._reading() as session:
            summary = monthly_summary(session, period, today=today, with_cases=True)
            return Printout(summary, *month_office(session, period))
