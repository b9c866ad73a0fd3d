"""Every rule of the field that derives something from a dossier's or a letter's data: pure
functions of plain values, and the one place each rule is written down.

Whatever needs one of these answers — a list, a report, a letter, the web — calls the function
here; a SQL query may narrow the rows to a superset for speed, but the function decides. Dates
go through a small calendar protocol (`DateRules`), which `tracker.calendar.WorkCalendar`
satisfies, so the rules need no database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Protocol, TypeVar

from tracker.dates import Period, format_date
from tracker.law.regime import Regime
from tracker.text import clean, fold

# The one-stop systems' code shape, as the national coding rule fixes it:
# V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX, e.g. 000.00.19.H53-241105-0001: the unit's electronic
# ID, the reception date, a daily sequence of 4, sometimes 5 digits.
_OFFICIAL_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-(\d{2})(\d{2})(\d{2})-\d{4,5}$")

CHANNELS = ("portal", "onestop")


class DateRules(Protocol):
    """What the rules ask of the calendar: working days, and the law of a dossier's date
    (`tracker.law.calendar.LawCalendar` answers both)."""

    def effective_due(self, due: dt.date) -> dt.date: ...
    def days_late(self, due: dt.date, end: dt.date) -> int: ...
    def apology_deadline(self, due: dt.date) -> dt.date: ...
    def regime(self, due: dt.date) -> Regime: ...


class RememberedRules:
    """A calendar's answers remembered for one list or report: its thousands of dossiers share
    a few hundred due dates (and the open ones one end date, today)."""

    def __init__(self, calendar: DateRules) -> None:
        self.effective_due = cache(calendar.effective_due)
        self.days_late = cache(calendar.days_late)
        self.apology_deadline = cache(calendar.apology_deadline)
        self.regime = cache(calendar.regime)


# --- dossiers --------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """Dossier codes compare without case or stray spaces: ` 000.00.19.h53-241105-0001 `."""
    return re.sub(r"\s+", "", clean(code)).upper()


def is_official_code(code: str) -> bool:
    """True when the code has the official shape and its date part is a real date."""
    match = _OFFICIAL_CODE.match(code)
    if not match:
        return False
    year, month, day = (int(g) for g in match.groups())
    try:
        dt.date(2000 + year, month, day)
    except ValueError:
        return False
    return True


# An import folds a million applicants and procedures, most of them repeated.
_fold_repeated = lru_cache(maxsize=1 << 16)(fold)


def search_key(code: str, applicant: str, procedure: str) -> str:
    """What `--search` looks in: code, applicant and procedure (as stored: cleaned, not empty)
    without diacritics or case, one space between them. `fold` works letter by letter, so each
    part is folded alone: a code (upper-case ASCII) needs only lower(), and the folds of
    repeated applicants and procedures are remembered."""
    folded_code = code.lower() if code.isascii() else fold(code)
    return f"{folded_code} {_fold_repeated(applicant)} {_fold_repeated(procedure)}"


def period_of(due: dt.date) -> str:
    """The month a dossier is counted in unless told otherwise: its due date's (`2024-11`)."""
    return str(Period.of(due))


def check_dates(received: dt.date | None, due: dt.date, finished: dt.date | None) -> str | None:
    """The reason a dossier's dates cannot be right, or None."""
    if received and due < received:
        return "ngày hẹn trả trước ngày tiếp nhận"
    if received and finished and finished < received:
        return "ngày có kết quả trước ngày tiếp nhận"
    return None


def case_status(finished: dt.date | None) -> str:
    """`open` while the citizen has no result, then `resolved`."""
    return "resolved" if finished else "open"


def is_late(calendar: DateRules, due: dt.date, finished: dt.date | None, today: dt.date) -> bool:
    """Late at date level: finished (or, while open, today) after the effective due date — a
    due date on a day off moves to the next working day (Bộ luật Dân sự, Điều 148)."""
    return (finished or today) > calendar.effective_due(due)


def days_late(calendar: DateRules, due: dt.date, finished: dt.date | None, today: dt.date) -> int:
    """Working days after the effective due date up to the result (or today while open)."""
    return calendar.days_late(due, finished or today)


def is_due_soon(
    calendar: DateRules, due: dt.date, finished: dt.date | None, today: dt.date, horizon: dt.date
) -> bool:
    """Still open and due (effectively) between today and `horizon`: not late yet."""
    return finished is None and today <= calendar.effective_due(due) <= horizon


# --- the organisation over time ---------------------------------------------------------------


def exists_on(valid_from: dt.date | None, valid_to: dt.date | None, day: dt.date) -> bool:
    """A unit exists from its first day to its last, both included (None: without end)."""
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


def open_on(finished: dt.date | None, day: dt.date) -> bool:
    """The dossier had no result yet on `day`: a unit ending the day before hands it over."""
    return finished is None or finished >= day


class Term(Protocol):
    """An appointment (a head record, or the same columns read as a plain row)."""

    @property
    def start_on(self) -> dt.date: ...
    @property
    def end_on(self) -> dt.date | None: ...


T = TypeVar("T", bound=Term)


def in_office(terms: Sequence[T], day: dt.date | None = None) -> T | None:
    """Of a unit's appointments in the order they began, the one in office on `day`: the last
    begun whose term holds that day (its end is the successor's first day); without a day,
    the last whose term is still open."""
    for term in reversed(terms):
        if day is None and term.end_on is None:
            return term
        if day is not None and term.start_on <= day and (term.end_on is None or day < term.end_on):
            return term
    return None


def settings_on(history: Iterable[tuple[str, dt.date, str | None]], day: dt.date) -> dict[str, str]:
    """The organisation's settings in force on `day`, from (key, valid_from, value) rows: each
    key's row with the latest first day not after `day`; a None value ended the setting."""
    latest: dict[str, tuple[dt.date, str | None]] = {}
    for key, valid_from, value in history:
        if valid_from <= day and (key not in latest or latest[key][0] < valid_from):
            latest[key] = (valid_from, value)
    return {key: value for key, (_, value) in sorted(latest.items()) if value is not None}


@dataclass(frozen=True)
class HandedOver:
    """The office that worked a month had handed the database to another before the date a
    document of that month would carry: nobody in office on that date could sign it."""

    office: str  # the month's office: its `name` on the month's last day
    successor: str  # the office that keeps the database from `on` ("" when none is named)
    on: dt.date  # the successor's first day

    @property
    def last_day(self) -> dt.date:
        """The last date a document of the month may carry."""
        return self.on - dt.timedelta(days=1)

    def sentence(self, period: Period) -> str:
        """What is refused and why, in the words of the field (no command: the CLI and the web
        each add how to choose the date)."""
        office = self.office or "cơ quan làm việc tháng đó"
        successor = f" cho {self.successor}" if self.successor else ""
        return (
            f"Báo cáo và công văn tháng {period.label} là văn bản của {office}, cơ quan đã bàn "
            f"giao cơ sở dữ liệu{successor} từ {format_date(self.on)}: văn bản chỉ có thể mang "
            f"ngày đến {format_date(self.last_day)}."
        )


def document_day(
    history: Collection[tuple[str, dt.date, str | None]], month_end: dt.date, day: dt.date
) -> dt.date | HandedOver:
    """The day whose settings a month's document dated `day` takes — its header, place,
    signer, the head of the office that writes it — or why it cannot carry `day`.

    A month's printout, its appendix and its notice report what the office that worked the
    month did (its settings on `month_end`), so only that office issues them. It is the same
    office on `day` when its `name` is the same on both days; the document then takes the
    settings of `day`: a chairman or signer appointed since the month ended signs it, being the
    one in office on the day it is dated. Dated after the office handed the database over, no
    one could sign it: HandedOver says from when. A date before `month_end` (a printout «tính
    đến ngày» during the month) stays the month's office's, whoever held the database then."""
    office = settings_on(history, month_end).get("name")
    if settings_on(history, day).get("name") == office:
        return day
    if day <= month_end:
        return month_end
    # The name on `day` differs, so a row of `name` after the month's end changed it.
    on = min(
        since
        for key, since, value in history
        if key == "name" and month_end < since <= day and value != office
    )
    return HandedOver(office or "", settings_on(history, on).get("name", ""), on)


# --- letters ---------------------------------------------------------------------------------


def is_live(withdrawn_on: dt.date | None) -> bool:
    """A publication is live until it is withdrawn (a correction withdraws it and adds another)."""
    return withdrawn_on is None


def live_channels(publications: Iterable[tuple[str, dt.date | None]]) -> frozenset[str]:
    """The channels with a live record, from (channel, withdrawn_on) pairs."""
    return frozenset(channel for channel, withdrawn_on in publications if is_live(withdrawn_on))


def letter_state(stored: str, live: Iterable[str]) -> str:
    """The state a person reads: the stored one (`draft`, `issued`, `superseded`), except that
    an issued letter with a live record on the portal AND in the one-stop system is
    `published` — derived, never stored, so a withdrawal takes it back to `issued`."""
    if stored == "issued" and set(CHANNELS) <= set(live):
        return "published"
    return stored


def is_issued(state: str) -> bool:
    """Has the letter gone out (numbered and signed), whether published since or not? `state`
    as `letter_state` gives it."""
    return state in ("issued", "published")


def late_apology_step(
    deadline: dt.date, drafted_on: dt.date, issued_on: dt.date | None
) -> str | None:
    """Which step of the apology came after its deadline (as the regime of the dossier's date
    counts it): `draft`, `issue`, or None when it went out in time. A draft not yet issued
    counts as sent on the day it was drafted."""
    if drafted_on > deadline:
        return "draft"
    if issued_on is not None and issued_on > deadline:
        return "issue"
    return None


def is_late_apology(
    calendar: DateRules, old_due: dt.date, drafted_on: dt.date, issued_on: dt.date | None
) -> bool:
    """The apology for a dossier due `old_due` went out after its deadline."""
    deadline = calendar.apology_deadline(old_due)
    return late_apology_step(deadline, drafted_on, issued_on) is not None


def settled_on(finished: dt.date | None, day: dt.date) -> bool:
    """The citizen had the result by `day` (a result dated later was not there yet)."""
    return finished is not None and finished <= day


def letter_kind(finished: dt.date | None, day: dt.date) -> str:
    """The letter a dossier calls for on `day` (the letter's date): `reschedule` (the apology
    with a new return date) while it is open, `apology` (an apology for the delay, no new
    date) once it is settled."""
    return "apology" if settled_on(finished, day) else "reschedule"


def letter_refusal(
    calendar: DateRules, due: dt.date, finished: dt.date | None, today: dt.date
) -> str | None:
    """Why a dossier gets no letter today, or None. A settled dossier that was not late
    (finished on or before its effective due date) has nothing to apologise for; an open one
    may get its letter ahead of the due date (the law asks for it before the deadline)."""
    if (
        finished is not None
        and settled_on(finished, today)
        and not is_late(calendar, due, finished, today)
    ):
        return (
            f"đã có kết quả ngày {finished:%d/%m/%Y}, không sau hạn trả "
            f"{calendar.effective_due(due):%d/%m/%Y}: hồ sơ không trễ hạn nên không có thư xin lỗi"
        )
    return None
