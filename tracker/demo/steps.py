"""The demo's steps on the sample, each inside the caller's transaction: what a clerk would do,
through the same services the commands use, returning what happened (nothing is printed)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tracker.demo import DemoFiles
from tracker.demo.data import DEMO_PERIOD, DEMO_PORTAL, DEMO_REASONS, SEED_FIGURES
from tracker.demo.export import write_demo_export
from tracker.output_files import OutputBatch
from tracker.reports.document import render_monthly
from tracker.reports.monthly import MonthlySummary
from tracker.reports.notice import render_notice
from tracker.reports.remind import RemindReport, render_docx
from tracker.reports.warn import WarnReport
from tracker.services.calendar import load_calendar
from tracker.services.cases import CaseFilter, CaseRow, list_cases
from tracker.services.dossiers import NewDossier, add_dossier, set_reason
from tracker.services.imports import ImportOptions, ImportResult, import_file
from tracker.services.index import set_figure
from tracker.services.letter_draft import DraftRequest, draft_letters
from tracker.services.letter_issue import IssueRequest, issue_letters
from tracker.services.letter_numbers import NumberFormat
from tracker.services.letter_publish import PublishRequest, publish_letters
from tracker.services.letter_render import TEMPLATE_NAME, RenderRequest, render_letters
from tracker.services.presets import organisation
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
class Letters:
    reasons_added: int  # invented reasons given to late dossiers that had none
    drafted: int
    late_apologies: int
    files: int  # one DOCX per letter
    public_files: int  # the public copies


def draft_and_render(
    session: Session, settings: Settings, files: DemoFiles, *, today: dt.date, actor: str
) -> Letters:
    """Invented reasons where missing, a letter for every late dossier of the month, each
    rendered into the letters folder, one combined printable file, and the public copies."""
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
    full = _render(
        session,
        settings,
        RenderRequest(period=DEMO_PERIOD, out_dir=files.letters, combined=files.combined),
        today=today,
        actor=actor,
    )
    public = _render(
        session,
        settings,
        RenderRequest(period=DEMO_PERIOD, out_dir=files.public_letters, public=True),
        today=today,
        actor=actor,
    )
    return Letters(
        reasons_added=len(missing),
        drafted=len(drafted.drafted),
        late_apologies=sum(o.late_apology for o in drafted.drafted),
        files=full,
        public_files=public,
    )


def _render(
    session: Session,
    settings: Settings,
    request: RenderRequest,
    *,
    today: dt.date,
    actor: str,
) -> int:
    """Render with the settings' template and number format; the number of files written
    (the demo's own folder, emptied at its start: its files are replaced)."""
    with OutputBatch(overwrite=True) as outputs:
        result = render_letters(
            session,
            request,
            template_path=settings.templates_dir / TEMPLATE_NAME,
            number_format=settings.letter_number_format,
            today=today,
            actor=actor,
            outputs=outputs,
        )
    return len(result.files)


@dataclass(frozen=True)
class Lifecycle:
    issued: int
    on_portal: int
    in_onestop: int
    numbered_files: int  # the issued letters rendered again with their numbers
    states: Counter[str | None]  # dossiers by their letter's state (None: no letter)
    one_head: RemindReport  # what the head of Kinh tế và Hạ tầng still owes


def issue_and_publish(
    session: Session, settings: Settings, files: DemoFiles, *, today: dt.date, actor: str
) -> Lifecycle:
    """Issue two thirds of the drafted letters with automatic numbers, post some on the portal
    (INVENTED addresses on an example domain) and record some in the one-stop system, so that
    every state appears; then the reminders of every head, written to a DOCX."""
    drafts = [r.code for r in list_cases(session, CaseFilter(letter="draft"), today=today)]
    issued = issue_letters(
        session,
        IssueRequest(codes=tuple(drafts[: len(drafts) * 2 // 3])),
        number_format=NumberFormat(settings.letter_number_format),
        today=today,
        actor=actor,
    )
    # A half on both channels (published), a quarter on the portal only, the rest waiting.
    both, portal_only = issued[: len(issued) // 2], issued[len(issued) // 2 :][::2]
    for letter in both + portal_only:
        publish_letters(
            session,
            PublishRequest(
                "portal", codes=(letter.code,), url=DEMO_PORTAL.format(code=letter.code)
            ),
            today=today,
            actor=actor,
        )
    for index, letter in enumerate(both, start=1):
        publish_letters(
            session,
            PublishRequest("onestop", codes=(letter.code,), ref=f"MC-{today:%Y%m}-{index:03d}"),
            today=today,
            actor=actor,
        )
    # The signed copies: an issued letter is rendered again with its number, as a new
    # version beside the draft's file (an issued letter's file is never overwritten).
    numbered = _render(
        session,
        settings,
        RenderRequest(codes=tuple(letter.code for letter in issued), out_dir=files.letters),
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
    return Lifecycle(
        issued=len(issued),
        on_portal=len(both) + len(portal_only),
        in_onestop=len(both),
        numbered_files=numbered,
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
    render_monthly(
        summary, org, writing_office(session, org), templates, files.monthly, today=today
    )
    render_notice(summary, org, templates, files.notice, today=today)
    return Report(len(SEED_FIGURES), summary)
