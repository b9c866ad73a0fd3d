"""How a dossier's dates were computed, day by day, as data and as the Vietnamese text that
`cases show CODE --explain` prints (and the web may show): the due date (rolled over days off),
the apology deadline under the regime of the dossier's date and how that regime's words are
read, the days late and the proposed new return date. Pure: plain values in, lines out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.calendar import WEEKDAY_NAMES
from tracker.dates import format_date


@dataclass(frozen=True)
class DayStep:
    """One day of a count: counted or skipped, with its name."""

    day: dt.date
    weekday: str
    counted: bool
    note: str  # holiday name, swap, override, "Thứ Bảy"…; "" for an ordinary working day
    source: str  # "" | "weekend" | "holiday" | "swap" | "override"


@dataclass(frozen=True)
class Walk:
    """A count of days and every day it went over, oldest first: working days (days off are
    skipped) or, for a deadline the regime reads in calendar days, every day."""

    count: int
    steps: list[DayStep]
    unit: str = "working"  # "working" | "calendar"


@dataclass(frozen=True)
class RegimeNote:
    """The regime that governs the dossier, as the explanation names it."""

    code: str
    title: str
    citation: str  # the regime's short citation (`citations.short` of its file)
    deadline_text: str  # "chậm nhất 01 ngày trước ngày hết hạn"
    deadline_words: str  # "01 ngày (tính cả ngày nghỉ)"
    deadline_unit: str  # "working" | "calendar"
    reading: str  # how tracker reads the rule; "" when it is plain
    form: str  # the form of the letter: "Mẫu số 04 … Thông tư …"


@dataclass(frozen=True)
class DeadlineExplanation:
    """How the due date and the apology deadline were computed, and under which regime: what
    a list ordered by the apology deadline shows of each dossier (the walks are a few days)."""

    code: str
    today: dt.date
    due_at: dt.date  # as printed on the receipt
    effective_due: dt.date  # the next working day when due_at is a day off (Civil Code Art. 148)
    rolled_over: list[DayStep]  # the days off the due date was moved across (empty if none)
    regime: RegimeNote
    apology_deadline: dt.date  # as the regime counts it
    apology: Walk  # from the deadline up to the day before the effective due date


@dataclass(frozen=True)
class DateExplanation(DeadlineExplanation):
    """Every date of one dossier (`cases show CODE --explain`, the dossier's page)."""

    status: str  # "open" | "resolved"
    received_at: dt.date | None
    end: dt.date  # the day lateness is measured to: finished_at, or today while open
    late: bool
    days_late: Walk  # days after the effective due date up to `end`
    letter_kind: str | None  # the letter the dossier calls for: "reschedule", "apology", None
    letter_days: int
    new_date: dt.date | None  # letter_days working days after today; None once resolved
    new_date_walk: Walk | None
    new_date_after_due: bool  # a letter's new date must come after the old due date
    letter_new_due: dt.date | None  # the new date of the letter in force, if any


def _day(day: dt.date) -> str:
    return f"{format_date(day)} ({WEEKDAY_NAMES[day.weekday()]})"


def _step_line(step: DayStep, number: int | None, unit: str = "working") -> str:
    label = f"{format_date(step.day)} {step.weekday}"
    if step.counted:
        what = "ngày làm việc" if unit == "working" else "ngày theo lịch"
        counted = f"{what} thứ {number}" if number else what
        return f"    + {label}: {counted}" + (f" — {step.note}" if step.note else "")
    return f"    − {label}: bỏ qua — {step.note}"


def _walk_lines(walk: Walk, *, numbered: bool = True) -> list[str]:
    lines = []
    number = 0
    for step in walk.steps:
        number += step.counted
        lines.append(_step_line(step, number if numbered and step.counted else None, walk.unit))
    return lines


def _letter_line(ex: DateExplanation) -> str:
    if ex.letter_kind == "apology":
        return (
            "4. Hồ sơ đã có kết quả (trễ hạn): không hẹn lại ngày trả; thư gửi người dân là thư "
            "xin lỗi, nêu ngày có kết quả và số ngày trễ."
        )
    return "4. Hồ sơ đã có kết quả đúng hạn: không có thư xin lỗi."


def deadline_lines(ex: DeadlineExplanation) -> list[str]:
    """Steps 1 and 2: the due date (rolled over days off) and the apology deadline, with the
    regime that governs it and how its words are read."""
    regime = ex.regime
    lines = [f"1. Ngày hẹn trả trên phiếu hẹn: {_day(ex.due_at)}."]
    if ex.rolled_over:
        lines.append(
            f"   Ngày này là ngày nghỉ, nên hạn chuyển sang ngày làm việc kế tiếp "
            f"{_day(ex.effective_due)} (Bộ luật Dân sự, Điều 148):"
        )
        lines += [_step_line(step, None) for step in ex.rolled_over]
    lines.append(
        f"2. Hạn gửi thư xin lỗi: {_day(ex.apology_deadline)} = ngày hẹn trả − "
        f"{regime.deadline_words} ({regime.citation}: «{regime.deadline_text}»):"
    )
    lines += _walk_lines(ex.apology, numbered=False)
    lines.append(
        f"   Chế độ pháp lý: {regime.title} ({regime.code}) — chế độ có hiệu lực vào hạn gửi "
        f"thư của hồ sơ; mẫu thư: {regime.form}."
    )
    if regime.reading:
        lines.append(f"   Cách đọc: {regime.reading}")
    return lines


def explanation_lines(ex: DateExplanation) -> list[str]:
    """The explanation as lines of Vietnamese text."""
    lines = [f"Cách tính các mốc ngày của hồ sơ {ex.code} (hôm nay {format_date(ex.today)}):", ""]
    lines += deadline_lines(ex)
    end_label = "hôm nay" if ex.status == "open" else "ngày có kết quả"
    if ex.late:
        lines.append(
            f"3. Số ngày làm việc trễ: {ex.days_late.count}, đếm các ngày sau "
            f"{format_date(ex.effective_due)} đến {end_label} {format_date(ex.end)}:"
        )
        lines += _walk_lines(ex.days_late)
    else:
        lines.append(
            f"3. Không trễ: {end_label} {format_date(ex.end)} không sau ngày hẹn trả "
            f"{format_date(ex.effective_due)}."
        )
    if ex.new_date is not None and ex.new_date_walk is not None:
        lines.append(
            f"4. Ngày hẹn trả mới đề xuất: {_day(ex.new_date)} = hôm nay + {ex.letter_days} "
            "ngày làm việc:"
        )
        lines += _walk_lines(ex.new_date_walk)
        if not ex.new_date_after_due:
            lines.append(
                f"   Lưu ý: ngày này chưa sau ngày hẹn trả cũ {format_date(ex.due_at)}; "
                "ngày hẹn mới trong thư xin lỗi phải sau ngày đó (dùng --days lớn hơn)."
            )
    else:
        lines.append(_letter_line(ex))
    if ex.letter_new_due:
        lines.append(f"   Thư xin lỗi hiện hành hẹn trả ngày {_day(ex.letter_new_due)}.")
    return lines
