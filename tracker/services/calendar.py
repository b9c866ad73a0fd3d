"""The working-day calendar of this database: holidays VN plus the override table, and its
administration (a new year's notice adds days off and worked Saturdays).

A change re-evaluates what it moves: open dossiers whose due date, apology deadline or days
late change, and drafted letters whose new return date now falls on a day off.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from tracker import rules
from tracker.calendar import OVERRIDE_KINDS, DayInfo, Override
from tracker.dates import FIRST_YEAR, LAST_YEAR, format_date
from tracker.db_changes import marker_of
from tracker.errors import InvalidInput, NotFound, Refused
from tracker.law.calendar import LawCalendar
from tracker.models import ApologyLetter, CalendarOverride, Dossier
from tracker.next_steps import Action, NextStep
from tracker.services import audit
from tracker.services.regimes import regime_book
from tracker.text import clean

_OVERRIDES = select(CalendarOverride.day, CalendarOverride.kind, CalendarOverride.why)

# The calendar last built in each thread, with what it was built from (see load_calendar).
_built = threading.local()


def load_calendar(session: Session) -> LawCalendar:
    """The database's working days (holidays and overrides) with the law of each date.

    Built once per thread for the same overrides and regimes: its counting tables take ~10 ms
    to fill, and a page of the browser lists dossiers two or three times per request, each
    request of a server thread after the last. Each thread keeps its own, because the tables
    grow in place as later dates are asked for; a changed override makes a new one. Under the
    change marker it was read under (a server's reading transaction, tracker.db_changes), even
    the overrides are not read again."""
    book = regime_book(session)
    marker = marker_of(session)
    last = getattr(_built, "last", None)
    if last is not None and last[0] is book and marker is not None and last[2] == marker:
        kept: LawCalendar = last[3]
        return kept
    # Plain rows (through the session: autoflushed, for a command that just changed one).
    overrides = {day: Override(kind, why) for day, kind, why in session.execute(_OVERRIDES)}
    if last is not None and last[0] is book and last[1] == overrides:
        calendar: LawCalendar = last[3]
    else:
        calendar = LawCalendar(book, overrides)
    _built.last = (book, overrides, marker, calendar)
    return calendar


@dataclass(frozen=True)
class CalendarDay:
    """One line of `calendar list`: a day that departs from Monday–Friday."""

    day: dt.date
    weekday: str
    working: bool
    name: str
    source: str  # "holiday" | "swap" | "override"


def calendar_year(session: Session, year: int) -> list[CalendarDay]:
    """Every weekday off and every weekend day worked in `year`, with its name and source."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(f"Năm {year} nằm ngoài khoảng lịch hỗ trợ ({FIRST_YEAR}–{LAST_YEAR}).")
    calendar = load_calendar(session)
    return [
        CalendarDay(info.day, info.weekday_name, info.working, info.reason, info.source)
        for info in calendar.exceptions(year)
    ]


@dataclass(frozen=True)
class DossierMove:
    """An open dossier whose derived dates a calendar change moves (before → after)."""

    code: str
    unit: str
    head: str | None
    due_at: dt.date
    effective_due_before: dt.date
    effective_due_after: dt.date
    apology_deadline_before: dt.date
    apology_deadline_after: dt.date
    days_late_before: int
    days_late_after: int


@dataclass(frozen=True)
class LetterMove:
    """A drafted letter whose new return date the change turns into a day off (or back)."""

    code: str
    new_due_at: dt.date
    now_day_off: bool
    suggested: dt.date  # the next working day, for a redraft


@dataclass(frozen=True)
class CalendarChange:
    action: str  # "add-off" | "add-workday" | "remove"
    before: DayInfo
    after: DayInfo
    dossiers: list[DossierMove]
    letters: list[LetterMove]


def _override_snapshot(row: CalendarOverride | None) -> dict[str, object] | None:
    if row is None:
        return None
    return {"day": row.day.isoformat(), "kind": row.kind, "why": row.why}


def _dossier_moves(
    session: Session, day: dt.date, before: LawCalendar, after: LawCalendar, today: dt.date
) -> list[DossierMove]:
    # Only `day` changes, so a due date D is touched only if D ≤ the first working day after
    # `day`: an apology deadline in working days is the last working day(s) before D (so `day`
    # must lie in [deadline, D)), one in calendar days moves only with the effective due date,
    # which moves only when D ≤ day, and days late count days after D. Both calendars agree
    # after `day`, so either finds that working day.
    horizon = after.next_working_day(day + dt.timedelta(days=1))
    dossiers = session.scalars(
        select(Dossier)
        .options(joinedload(Dossier.unit), joinedload(Dossier.head))
        .where(Dossier.finished_at.is_(None), Dossier.due_at <= horizon)
        .order_by(Dossier.due_at, Dossier.code)
    ).all()
    moves = []
    for dossier in dossiers:
        due = dossier.due_at
        move = DossierMove(
            code=dossier.code,
            unit=dossier.unit.code,
            head=dossier.head.full_name if dossier.head else None,
            due_at=due,
            effective_due_before=before.effective_due(due),
            effective_due_after=after.effective_due(due),
            apology_deadline_before=before.apology_deadline(due),
            apology_deadline_after=after.apology_deadline(due),
            days_late_before=rules.days_late(before, due, None, today),
            days_late_after=rules.days_late(after, due, None, today),
        )
        if (
            move.effective_due_before != move.effective_due_after
            or move.apology_deadline_before != move.apology_deadline_after
            or move.days_late_before != move.days_late_after
        ):
            moves.append(move)
    return moves


def _letter_moves(
    session: Session, day: dt.date, before: LawCalendar, after: LawCalendar
) -> list[LetterMove]:
    """Drafted letters promising `day`: a new return date must be a working day."""
    if before.is_working(day) == after.is_working(day):
        return []
    letters = session.scalars(
        select(ApologyLetter)
        .options(joinedload(ApologyLetter.dossier))
        .where(ApologyLetter.status == "draft", ApologyLetter.new_due_at == day)
    ).all()
    return sorted(
        (
            LetterMove(
                code=letter.dossier.code,
                new_due_at=day,
                now_day_off=not after.is_working(day),
                suggested=after.next_working_day(day),
            )
            for letter in letters
        ),
        key=lambda move: move.code,
    )


def _apply(
    session: Session,
    day: dt.date,
    action: str,
    override: Override | None,
    existing: CalendarOverride | None,
    *,
    today: dt.date,
    actor: str,
) -> CalendarChange:
    before = load_calendar(session)
    after = before.with_override(day, override)
    dossiers = _dossier_moves(session, day, before, after, today)
    letters = _letter_moves(session, day, before, after)
    snapshot_before = _override_snapshot(existing)
    if override is None:
        assert existing is not None
        session.delete(existing)
        row = None
    else:
        row = existing or CalendarOverride(day=day)
        row.kind, row.why, row.actor = override.kind, override.why, actor
        session.add(row)
    session.flush()
    codes = [move.code for move in dossiers]
    audit.record(
        session,
        actor=actor,
        action=f"calendar.{action}",
        entity="calendar_override",
        before=snapshot_before,
        after=_override_snapshot(row),
        note=(
            f"Ngày {format_date(day)}: thay đổi tính toán của {len(codes)} hồ sơ đang mở"
            + (f" ({', '.join(codes)})" if codes else "")
            + (f"; {len(letters)} thư dự thảo hẹn trả đúng ngày này" if letters else "")
            + "."
        ),
    )
    return CalendarChange(action, before.info(day), after.info(day), dossiers, letters)


def _existing(session: Session, day: dt.date) -> CalendarOverride | None:
    return session.get(CalendarOverride, day)


def add_override(
    session: Session, day: dt.date, kind: str, why: str, *, today: dt.date, actor: str
) -> CalendarChange:
    """Make `day` a day off ("off") or a working day ("work"), for the reason given."""
    if kind not in OVERRIDE_KINDS:
        raise InvalidInput(f"Loại điều chỉnh «{kind}» không hợp lệ: chỉ có off hoặc work.")
    reason = clean(why)
    if not reason:
        raise InvalidInput(
            "Cần ghi lý do, ví dụ số và ngày của thông báo lịch nghỉ đã căn cứ.",
            NextStep(Action.WHY_FOR_DAY),
        )
    calendar = load_calendar(session)
    current = calendar.info(day)
    wanted_working = kind == "work"
    if current.working == wanted_working:
        state = "ngày làm việc" if wanted_working else "ngày nghỉ"
        detail = f" ({current.reason})" if current.reason and current.source != "weekend" else ""
        raise Refused(
            f"Ngày {format_date(day)} ({current.weekday_name}) đã là {state}{detail}: không cần điều chỉnh."
        )
    action = "add-workday" if wanted_working else "add-off"
    return _apply(
        session,
        day,
        action,
        Override(kind, reason),
        _existing(session, day),
        today=today,
        actor=actor,
    )


def remove_override(
    session: Session, day: dt.date, *, today: dt.date, actor: str
) -> CalendarChange:
    """Drop the administrator's override of `day`: the law and the government's swaps apply."""
    existing = _existing(session, day)
    if existing is None:
        raise NotFound(
            f"Ngày {format_date(day)} không có điều chỉnh nào trong bảng lịch.",
            NextStep(Action.CALENDAR_YEAR, str(day.year)),
        )
    return _apply(session, day, "remove", None, existing, today=today, actor=actor)
