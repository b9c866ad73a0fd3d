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
from tracker.services.organisation import month_handed_over
from tracker.services.reports import month_office, monthly_summary

if TYPE_CHECKING:
    import datetime as dt

    from tracker.dates import Period
    from tracker.reports.monthly import MonthlySummary, Office
    from tracker.rules import HandedOver
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

    def month_cases(
        self: Transactions, viewer: Viewer, period: Period, *, today: dt.date
    ) -> MonthlySummary:
        """The month with every late dossier, for the workbook (numbers, not a document: any
        day may be its as-of day)."""
        access.check_read_reports(viewer)
        with self._reading() as session:
            return monthly_summary(session, period, today=today, with_cases=True)

    def printout(self: Transactions, viewer: Viewer, period: Period, *, on: dt.date) -> Printout:
        """What the printout and the notice dated `on` are made of: the month with every late
        dossier as of `on`, and its office as it was that day (OfficeHandedOver when the
        month's office had handed the database over by then)."""
        access.check_read_reports(viewer)
        with self._reading() as session:
            organisation, office = month_office(session, period, on=on)
            summary = monthly_summary(session, period, today=on, with_cases=True)
            return Printout(summary, organisation, office)

    def handed_over(
        self: Transactions, viewer: Viewer, period: Period, *, on: dt.date
    ) -> HandedOver | None:
        """Whether the month's documents can no longer be dated `on` (the page says so)."""
        access.check_read_reports(viewer)
        with self._reading() as session:
            return month_handed_over(session, period, on=on)
