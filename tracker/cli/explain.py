"""The text of `cases show CODE --explain`: every count laid out day by day."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tracker.dates import format_date

if TYPE_CHECKING:
    import datetime as dt

    from tracker.services.explain import DateExplanation, DayStep, Walk


def _day(day: dt.date) -> str:
    from tracker.calendar import WEEKDAY_NAMES

    return f"{format_date(day)} ({WEEKDAY_NAMES[day.weekday()]})"


def _step_line(step: DayStep, number: int | None) -> str:
    label = f"{format_date(step.day)} {step.weekday}"
    if step.counted:
        counted = f"ngày làm việc thứ {number}" if number else "ngày làm việc"
        return f"    + {label}: {counted}" + (f" — {step.note}" if step.note else "")
    return f"    − {label}: bỏ qua — {step.note}"


def _walk_lines(walk: Walk, *, numbered: bool = True) -> list[str]:
    lines = []
    number = 0
    for step in walk.steps:
        number += step.counted
        lines.append(_step_line(step, number if numbered and step.counted else None))
    return lines


def explanation_lines(ex: DateExplanation) -> list[str]:
    """The explanation as lines of Vietnamese text (the service holds the data)."""
    lines = [f"Cách tính các mốc ngày của hồ sơ {ex.code} (hôm nay {format_date(ex.today)}):", ""]
    lines.append(f"1. Ngày hẹn trả trên phiếu hẹn: {_day(ex.due_at)}.")
    if ex.rolled_over:
        lines.append(
            f"   Ngày này là ngày nghỉ, nên hạn chuyển sang ngày làm việc kế tiếp "
            f"{_day(ex.effective_due)} (Bộ luật Dân sự, Điều 148):"
        )
        lines += [_step_line(step, None) for step in ex.rolled_over]
    lines.append(
        f"2. Hạn gửi thư xin lỗi: {_day(ex.apology_deadline)} = ngày hẹn trả − 1 ngày làm việc "
        "(Nghị định 61/2018/NĐ-CP, Điều 19):"
    )
    lines += _walk_lines(ex.apology, numbered=False)
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
        lines.append("4. Hồ sơ đã có kết quả: không cần hẹn lại ngày trả.")
    if ex.letter_new_due:
        lines.append(f"   Thư xin lỗi hiện hành hẹn trả ngày {_day(ex.letter_new_due)}.")
    return lines


def print_explanation(ex: DateExplanation) -> None:
    click.echo()
    for line in explanation_lines(ex):
        click.echo(line)


def _step_json(step: DayStep) -> dict[str, Any]:
    return {
        "day": step.day,
        "weekday": step.weekday,
        "counted": step.counted,
        "note": step.note,
        "source": step.source,
    }


def _walk_json(walk: Walk | None) -> dict[str, Any] | None:
    if walk is None:
        return None
    return {"count": walk.count, "steps": [_step_json(step) for step in walk.steps]}


def explain_json(ex: DateExplanation) -> dict[str, Any]:
    """The `explain` object of `cases show CODE --explain --format json`."""
    return {
        "code": ex.code,
        "today": ex.today,
        "status": ex.status,
        "received_at": ex.received_at,
        "due_at": ex.due_at,
        "effective_due": ex.effective_due,
        "rolled_over": [_step_json(step) for step in ex.rolled_over],
        "apology_deadline": ex.apology_deadline,
        "apology": _walk_json(ex.apology),
        "end": ex.end,
        "late": ex.late,
        "days_late": _walk_json(ex.days_late),
        "letter_days": ex.letter_days,
        "new_date": ex.new_date,
        "new_date_walk": _walk_json(ex.new_date_walk),
        "new_date_after_due": ex.new_date_after_due,
        "letter_new_due": ex.letter_new_due,
    }
