"""The demo's steps on one month (`DemoMonth`), each inside the caller's transaction: what a
clerk would do, through the same services the commands use, returning what happened (nothing
is printed). The same steps serve November 2024 and October 2026."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tracker.demo import DemoFiles, DemoMonth
from tracker.demo.data import DEMO_REASONS
from tracker.demo.export import write_sample_export
from tracker.output_files import OutputBatch, write_output
from tracker.reports.document import monthly_document
from tracker.reports.monthly import MonthlySummary
from tracker.reports.notice import notice_document
from tracker.reports.remind import RemindReport, render_docx
from tracker.reports.warn import WarnReport
from tracker.services.calendar import load_calendar
from tracker.services.case_list import CaseFilter, list_cases
from tracker.services.case_rows import CaseRow
from tracker.services.dossiers import add_dossier, set_reason
from tracker.services.imports import ImportOptions, ImportResult, import_file
from tracker.services.index import set_figure
from tracker.services.letter_draft import DraftRequest, draft_letters
from tracker.services.letter_issue import IssueRequest, issue_letters
from tracker.services.letter_publish import Posted, PublishRequest, publish_letters
from tracker.services.letter_render import (
    PublicCopies,
    RenderedFile,
    RenderRequest,
    RenderResult,
    render_letters,
)
from tracker.services.organisation import organisation
from tracker.services.regimes import regime_book
from tracker.services.remind import reminders
from tracker.services.reports import month_office, monthly_summary
from tracker.services.warn import due_soon as due_soon_report
from tracker.text import sort_key

if TYPE_CHECKING:
    from tracker.config import Settings


def fresh_directory(directory: Path, months: Sequence[DemoMonth]) -> None:
    """A new demo database in the directory; the letters of an earlier run go too (issued
    letters are never overwritten, so they would stop this run)."""
    directory.mkdir(parents=True, exist_ok=True)
    for month in months:
        files = month.files(directory)
        files.folder.mkdir(exist_ok=True)
        shutil.rmtree(files.letters, ignore_errors=True)
    database = months[0].files(directory).database
    for suffix in ("", "-wal", "-shm"):
        candidate = database.with_name(database.name + suffix)
        if candidate.exists():
            candidate.unlink()


def import_sample(session: Session, files: DemoFiles, *, actor: str) -> ImportResult:
    """The month's sample written as the one-stop system's XLSX export, then imported."""
    month = files.month
    write_sample_export(files.export, month.samples(), titles=month.export_titles)
    period = month.period if month.import_as_month else None
    return import_file(session, files.export, ImportOptions(period=period), actor=actor)


def month_cases(
    session: Session,
    month: DemoMonth,
    *,
    today: dt.date,
    status: str = "all",
    letter: str | None = None,
) -> list[CaseRow]:
    """The dossiers the month handles (its own, and the next month's it was exported with), in
    due order, narrowed by their status and their letter's as `cases list` narrows them."""
    rows = [
        row
        for period in month.periods()
        for row in list_cases(
            session, CaseFilter(period=period, status=status, letter=letter), today=today
        )
    ]
    return sorted(rows, key=lambda row: (row.due_at, row.code))


def open_cases_by_head(
    session: Session, month: DemoMonth, *, today: dt.date
) -> list[tuple[str, str | None, list[CaseRow]]]:
    """(unit name, head, open dossiers of the month) for every head with any, units in
    Vietnamese order."""
    by_head: dict[tuple[str, str | None], list[CaseRow]] = {}
    for row in month_cases(session, month, today=today, status="open"):
        by_head.setdefault((row.unit_name, row.head), []).append(row)
    ordered = sorted(by_head.items(), key=lambda item: sort_key(item[0][0]))
    return [(unit_name, head, rows) for (unit_name, head), rows in ordered]


@dataclass(frozen=True)
class DueSoon:
    report: WarnReport
    added: str | None  # the code of the invented dossier added to show a warning, if any


def due_soon(
    session: Session, settings: Settings, month: DemoMonth, *, today: dt.date, actor: str
) -> DueSoon:
    """The due-soon list. When nothing is due soon and the month has a filler, that INVENTED
    in-progress dossier, due in 2 working days, is added through the dossier service for the
    warning to show."""
    within = settings.due_soon_within
    report = due_soon_report(session, today=today, within=within)
    if report.sections or month.filler is None:
        return DueSoon(report, None)
    due = load_calendar(session).add_working_days(today, 2)
    dossier, _ = add_dossier(
        session, month.filler(today - dt.timedelta(days=20), due), today=today, actor=actor
    )
    return DueSoon(due_soon_report(session, today=today, within=within), dossier.code)


@dataclass(frozen=True)
class Drafted:
    reasons_added: int  # invented reasons given to late dossiers that had none
    reschedule: int  # letters with a new return date, for dossiers still open
    apology: int  # letters of apology for dossiers already settled late (no new date)
    late_apologies: int
    laws: list[str]  # the regimes and forms the letters follow, as the regime files cite them
    no_letter: int  # the month's dossiers that need none: settled in time


def draft(
    session: Session, settings: Settings, month: DemoMonth, *, today: dt.date, actor: str
) -> Drafted:
    """Invented reasons where missing, then a letter of the right kind for every late dossier
    of the month — a reschedule while it is open, an apology once it was settled late — and
    for those not yet due that their heads foresee will be late."""
    late = list_cases(session, CaseFilter(period=month.period, status="late"), today=today)
    missing = [row.code for row in late if not row.reason]
    for index, code in enumerate(missing):
        set_reason(session, code, DEMO_REASONS[index % len(DEMO_REASONS)], actor=actor)
    requests = [DraftRequest(period=month.period)]
    if month.expected_late:
        requests.append(DraftRequest(codes=month.expected_late))
    drafted = [
        outcome
        for request in requests
        for outcome in draft_letters(
            session, request, today=today, actor=actor, default_days=settings.letter_days
        ).drafted
    ]
    book = regime_book(session)
    laws = {
        f"{book.get(o.regime).citations.short} — {book.form(o.regime, o.form).citation}"
        for o in drafted
    }
    return Drafted(
        reasons_added=len(missing),
        reschedule=sum(o.kind == "reschedule" for o in drafted),
        apology=sum(o.kind == "apology" for o in drafted),
        late_apologies=sum(o.late_apology for o in drafted),
        laws=sorted(laws),
        no_letter=sum(row.letter is None for row in month_cases(session, month, today=today)),
    )


@dataclass(frozen=True)
class Lifecycle:
    issued: int
    numbered_files: int  # the issued letters' files, with their numbers
    draft_files: int  # the letters still to be signed, without a number
    files: list[RenderedFile]  # every letter's file, as rendered after the issue
    notices: list[Path]  # the written notices to the one-stop desk
    on_portal: int
    public_copies: int  # the masked copies the portal posts, one per posted letter
    in_onestop: int
    states: Counter[str | None]  # dossiers by their letter's state (None: no letter)
    one_head: RemindReport  # what the head of the month's `reminded_unit` still owes


def _render(
    session: Session, settings: Settings, request: RenderRequest, *, today: dt.date, actor: str
) -> RenderResult:
    """Render with the settings' templates and number format, into place at once (the demo's
    own folder, emptied at its start: its files are replaced)."""
    with OutputBatch(overwrite=True) as outputs:
        return render_letters(
            session,
            request,
            templates_dir=settings.templates_dir,
            number_format=settings.letter_number_format,
            today=today,
            actor=actor,
            outputs=outputs,
        )


def _publish(session: Session, request: PublishRequest, *, today: dt.date, actor: str) -> Posted:
    """Publish one letter; its masked copy (for the portal) goes into place at once."""
    with OutputBatch(overwrite=True) as outputs:
        return publish_letters(session, request, outputs=outputs, today=today, actor=actor)[0]


def issue_render_publish(
    session: Session, settings: Settings, files: DemoFiles, *, today: dt.date, actor: str
) -> Lifecycle:
    """Issue two thirds of the month's drafted letters with automatic numbers — those of
    dossiers still open first (their citizens wait for a date), then the apologies, each in
    due order; then render: every letter into the month's letters folder (the issued ones with
    their numbers, the rest as drafts to sign), the issued ones once more into one combined
    file to print (the same files: their content has not changed), and the notices to the
    one-stop desk; post some on the portal (INVENTED addresses on an example domain —
    publishing makes each masked copy) and record some in the one-stop system, so that every
    state appears; then the reminders of every head, written to a DOCX."""
    month = files.month
    drafts = sorted(
        month_cases(session, month, today=today, letter="draft"),
        key=lambda row: row.status != "open",
    )
    issued = issue_letters(
        session,
        IssueRequest(codes=tuple(row.code for row in drafts[: len(drafts) * 2 // 3])),
        number_format=settings.letter_number_format,
        today=today,
        actor=actor,
    )
    lettered = [row.code for row in month_cases(session, month, today=today) if row.letter]
    every = _render(
        session,
        settings,
        RenderRequest(codes=tuple(lettered), out_dir=files.letters),
        today=today,
        actor=actor,
    )
    numbered = [f.code for f in every.files if f.status != "draft"]
    if numbered:
        _render(
            session,
            settings,
            RenderRequest(codes=tuple(numbered), out_dir=files.letters, combined=files.combined),
            today=today,
            actor=actor,
        )
    # A half on both channels (published), a quarter on the portal only, the rest waiting.
    both, portal_only = issued[: len(issued) // 2], issued[len(issued) // 2 :][::2]
    copies = PublicCopies(files.public_letters, settings.templates_dir, None)
    posted = [
        _publish(
            session,
            PublishRequest(
                "portal",
                codes=(letter.code,),
                url=month.portal.format(code=letter.code),
                copies=copies,
            ),
            today=today,
            actor=actor,
        )
        for letter in both + portal_only
    ]
    for index, letter in enumerate(both, start=1):
        _publish(
            session,
            PublishRequest("onestop", codes=(letter.code,), ref=f"MC-{today:%Y%m}-{index:03d}"),
            today=today,
            actor=actor,
        )
    # The dossiers that owe a letter (late, or foreseen late and lettered early): one settled
    # on time owes none and is not "not drafted".
    states = Counter(
        row.letter.status if row.letter else None
        for row in month_cases(session, month, today=today)
        if row.late or row.letter
    )
    render_docx(
        reminders(session, head=None, today=today),
        organisation(session, on=today),  # dated today, about what is owed today
        files.reminders,
        templates_dir=settings.templates_dir,
    )
    return Lifecycle(
        issued=len(issued),
        numbered_files=len(numbered),
        draft_files=len(every.files) - len(numbered),
        files=every.files,
        # Named under the month's folder, as its other files are (the render resolves paths).
        notices=[files.letters / notice.path.name for notice in every.notices],
        on_portal=len(posted),
        public_copies=len({p.public_copy for p in posted if p.public_copy}),
        in_onestop=len(both),
        states=states,
        one_head=reminders(session, head=month.reminded_unit, today=today),
    )


@dataclass(frozen=True)
class Report:
    figures: int  # index figures entered from the notice
    summary: MonthlySummary


def monthly_report(
    session: Session, settings: Settings, files: DemoFiles, *, today: dt.date, actor: str
) -> Report:
    """The month's index figures (those published), then the monthly printout and the drafted
    notice."""
    month = files.month
    for metric, value, unit in month.figures:
        set_figure(session, month.period, metric, value, unit=unit, actor=actor)
    summary = monthly_summary(session, month.period, today=today, with_cases=True)
    org, office = month_office(session, month.period, on=today)
    templates = settings.templates_dir
    write_output(files.monthly, monthly_document(summary, org, office, templates, today=today))
    write_output(files.notice, notice_document(summary, org, templates, today=today))
    return Report(len(month.figures), summary)
