"""The demo's steps on the sample, each inside the caller's transaction: what a clerk would do,
through the same services the commands use, returning what happened (nothing is printed)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tracker.demo import DemoFiles
from tracker.demo.data import DEMO_PERIOD, DEMO_PORTAL, DEMO_REASONS, SEED_FIGURES
from tracker.demo.export import write_demo_export
from tracker.output_files import OutputBatch, write_output
from tracker.reports.document import monthly_document
from tracker.reports.monthly import MonthlySummary
from tracker.reports.notice import notice_document
from tracker.reports.remind import RemindReport, render_docx
from tracker.reports.warn import WarnReport
from tracker.services.calendar import load_calendar
from tracker.services.cases import CaseFilter, CaseRow, list_cases
from tracker.services.dossiers import NewDossier, add_dossier, set_reason
from tracker.services.imports import ImportOptions, ImportResult, import_file
from tracker.services.index import set_figure
from tracker.services.letter_draft import DraftRequest, draft_letters
from tracker.services.letter_issue import IssueRequest, issue_letters
from tracker.services.letter_publish import Posted, PublishRequest, publish_letters
from tracker.services.letter_render import (
    PublicCopies,
    RenderRequest,
    RenderResult,
    render_letters,
)
from tracker.services.presets import organisation
from tracker.services.regimes import regime_book
from tracker.services.remind import reminders
from tracker.services.reports import monthly_summary, writing_office
from tracker.services.warn import due_soon as due_soon_report
from tracker.text import sort_key

if TYPE_CHECKING:
    from tracker.config import Settings


def fresh_directory(files: DemoFiles) -> None:
    """A new demo database in the directory; the letters of an earlier run go too (issued
    letters are never overwritten, so they would stop this run)."""
    files.directory.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(files.letters, ignore_errors=True)
    for suffix in ("", "-wal", "-shm"):
        candidate = files.database.with_name(files.database.name + suffix)
        if candidate.exists():
            candidate.unlink()


def import_sample(session: Session, files: DemoFiles, *, actor: str) -> ImportResult:
    """The sample written as the one-stop system's XLSX export, then imported."""
    write_demo_export(files.export)
    return import_file(session, files.export, ImportOptions(period=str(DEMO_PERIOD)), actor=actor)


def open_cases_by_head(
    session: Session, *, today: dt.date
) -> list[tuple[str, str | None, list[CaseRow]]]:
    """(unit name, head, open dossiers) for every head with open dossiers, units in
    Vietnamese order."""
    by_head: dict[tuple[str, str | None], list[CaseRow]] = {}
    for row in list_cases(session, CaseFilter(status="open"), today=today):
        by_head.setdefault((row.unit_name, row.head), []).append(row)
    ordered = sorted(by_head.items(), key=lambda item: sort_key(item[0][0]))
    return [(unit_name, head, rows) for (unit_name, head), rows in ordered]


@dataclass(frozen=True)
class DueSoon:
    report: WarnReport
    added: str | None  # the code of the invented dossier added to show a warning, if any


def due_soon(session: Session, settings: Settings, *, today: dt.date, actor: str) -> DueSoon:
    """The due-soon list. The sample's dossiers are all late by the demo's today, so when
    nothing is due soon one INVENTED in-progress dossier, due in 2 working days, is added
    through the dossier service for the warning to show."""
    within = settings.due_soon_within
    report = due_soon_report(session, today=today, within=within)
    if report.sections:
        return DueSoon(report, None)
    due = load_calendar(session).add_working_days(today, 2)
    received = today - dt.timedelta(days=20)
    dossier, _ = add_dossier(
        session,
        NewDossier(
            code=f"000.00.19.H53-{received:%y%m%d}-9001",
            procedure="Cấp giấy phép xây dựng nhà ở riêng lẻ",
            applicant="Đặng Thị Bích Ngọc (tên bịa)",
            unit="ktht",
            received_at=received,
            due_at=due,
            field="Hoạt động xây dựng",
        ),
        today=today,
        actor=actor,
    )
    return DueSoon(due_soon_report(session, today=today, within=within), dossier.code)


@dataclass(frozen=True)
class Drafted:
    reasons_added: int  # invented reasons given to late dossiers that had none
    reschedule: int  # letters with a new return date, for dossiers still open
    apology: int  # letters of apology for dossiers already settled late (no new date)
    late_apologies: int
    laws: list[str]  # the regimes and forms the letters follow, as the regime files cite them


def draft(session: Session, settings: Settings, *, today: dt.date, actor: str) -> Drafted:
    """Invented reasons where missing, then a letter of the right kind for every late dossier
    of the month: a reschedule while it is open, an apology once it was settled late."""
    late = list_cases(session, CaseFilter(period=DEMO_PERIOD, status="late"), today=today)
    missing = [row.code for row in late if not row.reason]
    for index, code in enumerate(missing):
        set_reason(session, code, DEMO_REASONS[index % len(DEMO_REASONS)], actor=actor)
    drafted = draft_letters(
        session,
        DraftRequest(period=DEMO_PERIOD),
        today=today,
        actor=actor,
        default_days=settings.letter_days,
    )
    book = regime_book(session)
    laws = {
        f"{book.get(o.regime).citations.short} — {book.form(o.regime, o.form).citation}"
        for o in drafted.drafted
    }
    return Drafted(
        reasons_added=len(missing),
        reschedule=drafted.count("reschedule"),
        apology=drafted.count("apology"),
        late_apologies=sum(o.late_apology for o in drafted.drafted),
        laws=sorted(laws),
    )


@dataclass(frozen=True)
class Lifecycle:
    issued: int
    numbered_files: int  # the issued letters' files, with their numbers
    draft_files: int  # the letters still to be signed, without a number
    notices: list[Path]  # the written notices to the one-stop desk
    on_portal: int
    public_copies: int  # the masked copies the portal posts, one per posted letter
    in_onestop: int
    states: Counter[str | None]  # dossiers by their letter's state (None: no letter)
    one_head: RemindReport  # what the head of Kinh tế và Hạ tầng still owes


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
    """Issue two thirds of the drafted letters with automatic numbers; then render: every
    letter into the letters folder (the issued ones with their numbers, the rest as drafts to
    sign), the issued ones once more into one combined file to print (the same files: their
    content has not changed), and the notices to the one-stop desk; post some on the portal
    (INVENTED addresses on an example domain — publishing makes each masked copy) and record
    some in the one-stop system, so that every state appears; then the reminders of every
    head, written to a DOCX."""
    drafts = [r.code for r in list_cases(session, CaseFilter(letter="draft"), today=today)]
    issued = issue_letters(
        session,
        IssueRequest(codes=tuple(drafts[: len(drafts) * 2 // 3])),
        number_format=settings.letter_number_format,
        today=today,
        actor=actor,
    )
    every = _render(
        session,
        settings,
        RenderRequest(period=DEMO_PERIOD, out_dir=files.letters),
        today=today,
        actor=actor,
    )
    _render(
        session,
        settings,
        RenderRequest(
            period=DEMO_PERIOD, out_dir=files.letters, combined=files.combined, issued_only=True
        ),
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
                url=DEMO_PORTAL.format(code=letter.code),
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
    states = Counter(
        r.letter.status if r.letter else None
        for r in list_cases(session, CaseFilter(), today=today)
    )
    render_docx(
        reminders(session, head=None, today=today),
        organisation(session),
        files.reminders,
        templates_dir=settings.templates_dir,
    )
    numbered = sum(1 for f in every.files if f.status != "draft")
    return Lifecycle(
        issued=len(issued),
        numbered_files=numbered,
        draft_files=len(every.files) - numbered,
        notices=[notice.path for notice in every.notices],
        on_portal=len(posted),
        public_copies=len({p.public_copy for p in posted if p.public_copy}),
        in_onestop=len(both),
        states=states,
        one_head=reminders(session, head="ktht", today=today),
    )


@dataclass(frozen=True)
class Report:
    figures: int  # index figures entered from the notice
    summary: MonthlySummary


def monthly_report(
    session: Session, settings: Settings, files: DemoFiles, *, today: dt.date, actor: str
) -> Report:
    """The seed's index figures, then the monthly printout and the draft notice."""
    for metric, value, unit in SEED_FIGURES:
        set_figure(session, DEMO_PERIOD, metric, value, unit=unit, actor=actor)
    summary = monthly_summary(session, DEMO_PERIOD, today=today, with_cases=True)
    org = organisation(session)
    templates = settings.templates_dir
    office = writing_office(session, org)
    write_output(files.monthly, monthly_document(summary, org, office, templates, today=today))
    write_output(files.notice, notice_document(summary, org, templates, today=today))
    return Report(len(SEED_FIGURES), summary)
