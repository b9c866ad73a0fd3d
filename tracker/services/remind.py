"""What each head still owes, gathered from the dossier rows every list uses."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tracker.dates import format_date
from tracker.reports.remind import CATEGORIES, HeadReminder, OwedItem, RemindReport
from tracker.services.case_list import CaseFilter, list_cases
from tracker.services.case_rows import CaseRow
from tracker.services.heads import per_head, resolve_head
from tracker.services.regimes import regime_book
from tracker.services.units import list_units

LETTER_STATES = {
    None: "chưa có thư",
    "draft": "thư dự thảo",
    "issued": "thư đã ban hành",
    "published": "thư đã công khai",
}
CHANNELS_MISSING = {"portal": "Cổng thông tin điện tử", "onestop": "hệ thống một cửa"}


def _item(row: CaseRow, note: str) -> OwedItem:
    return OwedItem(row.code, row.procedure, row.applicant, row.due_at, note)


def _draft(row: CaseRow) -> str:
    """What a draft promises — or that it must be redrafted: a reschedule drafted while the
    dossier was open cannot be issued once it is settled."""
    letter = row.letter
    assert letter is not None
    if letter.kind == "apology":
        return f"thư xin lỗi, đã trả kết quả {format_date(letter.returned_at)}"
    if row.finished_at is not None:
        # The reminder is a document a head reads, not a terminal: it says what, not how.
        return f"hồ sơ đã có kết quả {format_date(row.finished_at)}: cần soạn lại thư"
    return f"hẹn trả mới {format_date(letter.new_due_at)}"


def owed(row: CaseRow) -> dict[str, OwedItem]:
    """The categories (CATEGORIES keys) a dossier falls in, each with its note."""
    found: dict[str, OwedItem] = {}
    letter = row.letter
    if not row.late:
        # A letter drafted ahead of a due date is chased by `warn`, not by the reminder.
        return found
    if row.status == "open":
        state = LETTER_STATES[letter.status if letter else None]
        found["late_open"] = _item(row, f"trễ {row.days_late} ngày làm việc; {state}")
    if not row.reason:
        finished = f"đã trả {format_date(row.finished_at)}" if row.finished_at else "đang xử lý"
        found["missing_reason"] = _item(row, finished)
    if letter is None:
        found["not_drafted"] = _item(
            row, f"hạn gửi thư xin lỗi {format_date(row.apology_deadline)} đã qua"
        )
    elif letter.status == "draft":
        found["not_issued"] = _item(row, f"soạn {format_date(letter.drafted_on)}, {_draft(row)}")
    elif letter.status == "issued":
        missing = [
            label for channel, label in CHANNELS_MISSING.items() if getattr(letter, channel) is None
        ]
        found["unpublished"] = _item(
            row,
            f"số {letter.number}, ban hành {format_date(letter.issued_on)}; chưa có trên "
            + " và ".join(missing),
        )
    return found


def reminders(session: Session, *, head: str | None, today: dt.date) -> RemindReport:
    """One section per head (and unit) that still owes something; with `head`, that head's
    section even when nothing is owed, so the printout can say so.

    A unit that has ended by `today` is reminded of nothing — no head answers for it any more:
    its dossiers still open wait in `tracker units orphans` (or moved with the plan that ended
    it), its issued letters still to publish are in `tracker letters pending`."""
    existing = {unit.code for unit in list_units(session, on=today)}
    rows = [
        row
        for row in list_cases(session, CaseFilter(head=head), today=today)
        if row.unit in existing
    ]
    grouped: dict[tuple[str, str | None], dict[str, list[OwedItem]]] = {}
    names: dict[str, str] = {}

    def section(unit: str, unit_name: str, head_name: str | None) -> dict[str, list[OwedItem]]:
        names[unit] = unit_name
        return grouped.setdefault((unit, head_name), {c.key: [] for c in CATEGORIES})

    book = regime_book(session)
    rules_cited: dict[str, None] = {}
    for row in rows:
        for key, item in owed(row).items():
            section(row.unit, row.unit_name, row.head)[key].append(item)
            rules_cited[book.get(row.regime).citations.rule] = None
    if head and not grouped:
        found = resolve_head(session, head)
        section(found.unit.code, found.unit.name, found.full_name)
    sections = [
        HeadReminder(head=head_name, head_title=title, unit=unit, unit_name=names[unit], **items)
        for unit, head_name, title, items in per_head(session, grouped, names)
    ]
    return RemindReport(today=today, sections=sections, rules=list(rules_cited))
