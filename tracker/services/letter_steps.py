"""What the steps after drafting share: the letter in force (or a refusal that says how to get
one), a date that is not in the future, and a period's letters in the order a batch takes them.

States: draft → issued (number, date, signer) → published (a live portal record AND a live
one-stop record; derived by `tracker.rules.letter_state`, never stored). Every step is checked
against the ones before it and recorded as an event; a refused step leaves the database
unchanged (the caller rolls back).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tracker.dates import Period, format_date
from tracker.errors import InvalidInput, Refused
from tracker.models import ApologyLetter, Dossier
from tracker.next_steps import Action, NextStep
from tracker.services.case_list import CaseFilter, list_cases
from tracker.services.case_rows import CaseRow, current_letter

CHANNEL_NAMES = {"portal": "Cổng thông tin điện tử", "onestop": "hệ thống một cửa điện tử"}


def letter_in_force(dossier: Dossier) -> ApologyLetter:
    """The dossier's current letter; a dossier without one is refused with the next step."""
    letter = current_letter(dossier)
    if letter is None:
        raise Refused(
            f"Hồ sơ {dossier.code} chưa có thư xin lỗi.",
            NextStep(Action.DRAFT_LETTER, dossier.code),
        )
    return letter


def not_future(on: dt.date, today: dt.date, what: str) -> None:
    if on > today:
        raise InvalidInput(
            f"Ngày {what} {format_date(on)} ở tương lai (hôm nay {format_date(today)})."
        )


def batch_rows(
    session: Session, period: Period, unit: str | None, letter: str, *, today: dt.date
) -> list[CaseRow]:
    """The period's dossiers whose letter is in state `letter`, as a batch takes them: unit by
    unit (numbers and postings run per unit), oldest due date first within a unit."""
    rows = list_cases(session, CaseFilter(unit=unit, period=period, letter=letter), today=today)
    return sorted(rows, key=lambda r: (r.unit, r.due_at, r.code))
