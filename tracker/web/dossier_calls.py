"""One dossier in the browser: its page (facts, how its dates were computed, letters and their
files, history), and what a head or a clerk changes there — the reason, the letter's draft with
its new return date (rendered at once, so it can be downloaded), a printout again, and (a
clerk) the letter's publication on the portal or in the one-stop system."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tracker.explanation import DateExplanation
from tracker.output_files import OutputBatch
from tracker.services import access
from tracker.services.audit import HistoryEntry, history
from tracker.services.cases import CaseDetail, case_detail, get_dossier
from tracker.services.dossiers import set_reason
from tracker.services.explain import explain_dates
from tracker.services.letter_downloads import (
    Download,
    LetterFileInfo,
    files_of,
    read_letter_file,
)
from tracker.services.letter_draft import DraftOutcome, DraftRequest, draft_letters
from tracker.services.letter_publish import Posted, publish_letter
from tracker.services.letter_render import RenderedFile, RenderRequest
from tracker.web.calls import Calls
from tracker.web.queries import Viewer


@dataclass(frozen=True)
class DossierPage:
    detail: CaseDetail
    explanation: DateExplanation
    files: list[LetterFileInfo]  # every recorded file of its letters, latest first
    history: list[HistoryEntry]


@dataclass(frozen=True)
class Drafted:
    outcome: DraftOutcome
    file: RenderedFile  # the draft's DOCX, recorded and ready to download


class DossierCalls(Calls):
    def page(self, viewer: Viewer, code: str, *, today: dt.date) -> DossierPage:
        with self._reading() as session:
            access.check_read_dossier(session, viewer, code)
            detail = case_detail(session, code, today=today)
            found = detail.case.code
            return DossierPage(
                detail=detail,
                explanation=explain_dates(
                    session, found, today=today, letter_days=self.settings.letter_days
                ),
                files=files_of(session, [found]).get(found, []),
                history=history(session, get_dossier(session, found)),
            )

    def set_reason(self, viewer: Viewer, code: str, reason: str) -> str:
        """`cases reason CODE TEXT`; returns the dossier's code as stored."""
        with self._writing() as (session, _outputs):
            access.check_change_dossier(session, viewer, code)
            return set_reason(session, code, reason, actor=viewer.actor).code

    def _render_one(
        self, session: Any, outputs: OutputBatch, viewer: Viewer, code: str, today: dt.date
    ) -> RenderedFile:
        request = RenderRequest(codes=(code,), out_dir=self.letters_dir, notices=False)
        return self._render(session, outputs, viewer, request, today).files[0]

    def draft(
        self,
        viewer: Viewer,
        code: str,
        *,
        reason: str,
        new_date: dt.date | None,
        today: dt.date,
    ) -> Drafted:
        """`letters draft CODE --reason TEXT --new-date D` (the letter of the kind the dossier
        calls for), then its DOCX, in one transaction: the same refusals, and a refusal
        changes nothing."""
        with self._writing() as (session, outputs):
            access.check_change_dossier(session, viewer, code)
            request = DraftRequest(codes=(code,), new_date=new_date, reason=reason)
            result = draft_letters(
                session,
                request,
                today=today,
                actor=viewer.actor,
                default_days=self.settings.letter_days,
            )
            outcome = result.drafted[0]
            return Drafted(outcome, self._render_one(session, outputs, viewer, outcome.code, today))

    def render(self, viewer: Viewer, code: str, *, today: dt.date) -> RenderedFile:
        """`letters render CODE` into the browser's letters folder."""
        with self._writing() as (session, outputs):
            access.check_change_dossier(session, viewer, code)
            return self._render_one(session, outputs, viewer, code, today)

    def publish(
        self,
        viewer: Viewer,
        code: str,
        channel: str,
        *,
        where: str | None,
        on: dt.date | None,
        today: dt.date,
    ) -> Posted:
        """`letters publish CODE --portal --url URL` or `--onestop [--ref REF]` (`where`)."""
        with self._writing() as (session, outputs):
            access.check_publish(session, viewer, code)
            return publish_letter(
                session,
                code,
                channel,
                url=where if channel == "portal" else None,
                ref=where if channel == "onestop" else None,
                on=on,
                copies=self.public_copies,
                outputs=outputs,
                today=today,
                actor=viewer.actor,
            )

    def download(self, viewer: Viewer, file_id: int) -> Download:
        with self._reading() as session:
            access.check_read_letter_file(session, viewer, file_id)
            return read_letter_file(session, file_id)
