"""The letters of a period in the browser: the list with each letter's files (every reader,
a head their unit's only), the clerk's batches — draft, render, issue with numbers, publish —
each shown before it is kept, the printouts made on demand, and the lists that chase what is
missing (`letters pending`) or came too late (`letters late`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from tracker.config import Settings
from tracker.dates import Period
from tracker.db_changes import Remembered
from tracker.output_files import OutputBatch
from tracker.services import access
from tracker.services.case_list import CaseFilter, list_cases
from tracker.services.case_rows import CaseRow
from tracker.services.chase import (
    ApologyTiming,
    PendingFacts,
    PendingPage,
    apology_timings,
    pending_facts,
    pending_page,
)
from tracker.services.letter_downloads import LetterFileInfo, files_of
from tracker.services.letter_draft import DraftRequest, DraftResult, draft_letters
from tracker.services.letter_issue import IssuedLetter, IssueRequest, issue_letters
from tracker.services.letter_printouts import (
    Printout,
    PrintoutRequest,
    combined_printout,
    desk_notices_printout,
)
from tracker.services.letter_publish import Posted, PublishRequest, publish_letters
from tracker.services.letter_render import RenderRequest, RenderResult
from tracker.web.calls import Batch, Calls
from tracker.web.queries import Services, Viewer

T = TypeVar("T")


@dataclass(frozen=True)
class PeriodLetters:
    """A period's late dossiers and those with a letter, with the letters' recorded files."""

    period: Period
    unit: str | None  # the unit listed (a code), None for every unit
    rows: list[CaseRow]
    files: dict[str, list[LetterFileInfo]]

    def latest_file(self, code: str, *, public: bool) -> LetterFileInfo | None:
        """The newest file of the dossier's letter in force: the copy to sign, or the masked
        copy for the portal."""
        return next((f for f in self.files.get(code, []) if f.public == public), None)

    def count(self, state: str | None) -> int:
        """Dossiers whose letter is in `state` ("draft", "issued", "published"; None: none)."""
        return sum(1 for row in self.rows if (row.letter.status if row.letter else None) == state)


@dataclass(frozen=True)
class BatchRequest:
    """What the clerk chose on the period's page."""

    period: Period
    unit: str | None
    on: dt.date | None = None  # the issue or publication date; None: today
    new_date: dt.date | None = None  # a draft batch's new return date; None: letter_days
    public: bool = False  # a render batch: the masked copies for the portal
    issued_only: bool = False  # a render batch: only letters already issued
    url_template: str | None = None  # a portal batch: the post of each letter, with {code}


PRINTOUTS = {"ban-gop": combined_printout, "thong-bao": desk_notices_printout}


class DeskCalls(Calls):
    def __init__(self, services: Services, settings: Settings) -> None:
        super().__init__(services, settings)
        self._pending: Remembered[tuple[str | None, str | None], list[PendingFacts]] = Remembered()

    def period(
        self, viewer: Viewer, period: Period, unit: str | None, *, today: dt.date
    ) -> PeriodLetters:
        with self._reading() as session:
            scope = access.list_scope(session, viewer, unit)
            rows = list_cases(session, CaseFilter(unit=scope, period=period), today=today)
            shown = [row for row in rows if row.late or row.letter is not None]
            lettered = [row.code for row in shown if row.letter is not None]
            files = files_of(session, lettered, current_only=True)
        return PeriodLetters(period, scope, shown, files)

    def _desk_batch(
        self,
        viewer: Viewer,
        request: BatchRequest,
        confirmed: str | None,
        run: Callable[[Any, OutputBatch, str | None], T],
    ) -> Batch[T]:
        def checked(session: Any, outputs: OutputBatch) -> T:
            access.check_desk_work(viewer, "soạn, in, ban hành và công khai thư hàng loạt")
            unit = access.list_scope(session, viewer, request.unit)
            return run(session, outputs, unit)

        return self._batch(checked, confirmed)

    def draft_batch(
        self, viewer: Viewer, request: BatchRequest, confirmed: str | None, *, today: dt.date
    ) -> Batch[DraftResult]:
        """`letters draft --period P [--unit U] [--new-date D]`."""

        def run(session: Any, _outputs: OutputBatch, unit: str | None) -> DraftResult:
            draft = DraftRequest(period=request.period, unit=unit, new_date=request.new_date)
            return draft_letters(
                session,
                draft,
                today=today,
                actor=viewer.actor,
                default_days=self.settings.letter_days,
            )

        return self._desk_batch(viewer, request, confirmed, run)

    def render_batch(
        self, viewer: Viewer, request: BatchRequest, confirmed: str | None, *, today: dt.date
    ) -> Batch[RenderResult]:
        """`letters render --period P [--unit U] [--issued] [--public]` into the browser's
        letters folder; the combined file and the desk notices are printed on demand."""

        def run(session: Any, outputs: OutputBatch, unit: str | None) -> RenderResult:
            render = RenderRequest(
                period=request.period,
                unit=unit,
                out_dir=self.public_dir if request.public else self.letters_dir,
                public=request.public,
                issued_only=request.issued_only,
                notices=False,
            )
            return self._render(session, outputs, viewer, render, today)

        return self._desk_batch(viewer, request, confirmed, run)

    def issue_batch(
        self, viewer: Viewer, request: BatchRequest, confirmed: str | None, *, today: dt.date
    ) -> Batch[list[IssuedLetter]]:
        """`letters issue --period P [--unit U] --auto-number [--on D]`."""

        def run(session: Any, _outputs: OutputBatch, unit: str | None) -> list[IssuedLetter]:
            issue = IssueRequest(period=request.period, unit=unit, on=request.on)
            return issue_letters(
                session,
                issue,
                number_format=self.settings.letter_number_format,
                today=today,
                actor=viewer.actor,
            )

        return self._desk_batch(viewer, request, confirmed, run)

    def publish_batch(
        self,
        viewer: Viewer,
        channel: str,
        request: BatchRequest,
        confirmed: str | None,
        *,
        today: dt.date,
    ) -> Batch[list[Posted]]:
        """`letters publish --onestop --period P` or `--portal --period P --url-template T`."""

        def run(session: Any, outputs: OutputBatch, unit: str | None) -> list[Posted]:
            publish = PublishRequest(
                channel=channel,
                period=request.period,
                unit=unit,
                url_template=request.url_template,
                on=request.on,
                copies=self.public_copies,
            )
            return publish_letters(
                session, publish, outputs=outputs, today=today, actor=viewer.actor
            )

        return self._desk_batch(viewer, request, confirmed, run)

    def printout(
        self,
        viewer: Viewer,
        kind: str,
        period: Period,
        unit: str | None,
        *,
        issued_only: bool,
        today: dt.date,
    ) -> Printout:
        """The combined letters (`ban-gop`) or the notices to the one-stop desk (`thong-bao`)
        of the period, made now; a head gets their unit's only."""
        with self._reading() as session:
            scope = access.list_scope(session, viewer, unit)
            request = PrintoutRequest(
                period,
                scope,
                issued_only,
                self.settings.templates_dir,
                self.settings.letter_number_format,
            )
            return PRINTOUTS[kind](session, request, today=today)

    def pending(
        self, viewer: Viewer, channel: str | None, unit: str | None, *, today: dt.date, page: int
    ) -> PendingPage:
        """`letters pending [--channel C] [--unit U]`, one page of it. The list is kept until
        anything is written (tracker.db_changes): clerks page through it, and reading it whole
        is most of a page's cost on a province's database."""
        with self._reading() as session:
            scope = access.list_scope(session, viewer, unit)
            facts = self._pending.get(
                session, (channel, scope), lambda: pending_facts(session, channel, scope)
            )
            return pending_page(session, facts, today=today, page=page)

    def late(
        self, viewer: Viewer, period: Period | None, unit: str | None, *, today: dt.date
    ) -> list[ApologyTiming]:
        """`letters late --all [--period P] [--unit U]`: late ones first."""
        with self._reading() as session:
            scope = access.list_scope(session, viewer, unit)
            return apology_timings(
                session, period=period, unit=scope, today=today, include_on_time=True
            )
