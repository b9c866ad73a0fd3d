"""Due-soon warnings: for each head, the open dossiers whose due date is near, by when the
apology must go out (as the regime of each dossier's date counts it) and whether a letter is
drafted — while there is still time, rather than counting late dossiers after the fact."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tracker.dates import check_working_days
from tracker.reports.warn import WarnItem, WarnReport, WarnSection
from tracker.services.calendar import load_calendar
from tracker.services.case_list import CaseFilter, list_cases
from tracker.services.case_rows import CaseRow
from tracker.services.heads import per_head


def _item(row: CaseRow, days_to_deadline: int) -> WarnItem:
    return WarnItem(
        code=row.code,
        procedure=row.procedure,
        applicant=row.applicant,
        due_at=row.due_at,
        apology_deadline=row.apology_deadline,
        days_to_deadline=days_to_deadline,
        letter=row.letter.status if row.letter else None,
        letter_new_due=row.letter.new_due_at if row.letter else None,
    )


def due_soon(
    session: Session,
    *,
    today: dt.date,
    within: int,
    head: str | None = None,
    unit: str | None = None,
) -> WarnReport:
    """Open dossiers due within `within` working days of today, one section per head."""
    check_working_days(within, "--within")
    calendar = load_calendar(session)
    rows = list_cases(
        session,
        CaseFilter(unit=unit, head=head, status="due-soon", within=within),
        today=today,
    )
    grouped: dict[tuple[str, str | None], list[WarnItem]] = {}
    names: dict[str, str] = {}
    for row in rows:
        deadline = row.apology_deadline
        days_left = (
            calendar.working_days_between(today, deadline)
            if deadline >= today
            else -calendar.working_days_between(deadline, today)
        )
        grouped.setdefault((row.unit, row.head), []).append(_item(row, days_left))
        names[row.unit] = row.unit_name
    sections = [
        WarnSection(head=head_name, head_title=title, unit=unit, unit_name=names[unit], items=items)
        for unit, head_name, title, items in per_head(session, grouped, names)
    ]
    rules_cited = {calendar.regime(row.due_at).citations.rule: None for row in rows}
    return WarnReport(
        today=today,
        within=within,
        horizon=calendar.add_working_days(today, within),
        sections=sections,
        rules=list(rules_cited),
    )
