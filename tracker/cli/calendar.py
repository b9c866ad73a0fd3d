"""`tracker calendar …`: the working-day calendar and its administration."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.lazy import TrackerGroup
from tracker.cli.output import emit, format_option, info, print_json, print_table
from tracker.cli.params import DATE
from tracker.dates import FIRST_YEAR, LAST_YEAR, format_date

if TYPE_CHECKING:
    from tracker.calendar import DayInfo
    from tracker.services.calendar import CalendarChange


def _working_label(working: bool) -> str:
    return "làm việc" if working else "nghỉ"


@click.group(cls=TrackerGroup)
def calendar() -> None:
    """Lịch ngày làm việc: ngày lễ, ngày hoán đổi và điều chỉnh theo thông báo hằng năm.

    Hạn gửi thư xin lỗi và số ngày trễ được đếm theo ngày làm việc của lịch này.
    """


@calendar.command("list")
@click.argument("year", type=click.IntRange(FIRST_YEAR, LAST_YEAR))
@format_option()
@pass_app
def calendar_list(app: AppContext, year: int, fmt: str) -> None:
    """Mọi ngày thường được nghỉ và mọi ngày cuối tuần phải làm việc trong NĂM."""
    from tracker.calendar import SOURCE_LABELS
    from tracker.services.calendar import calendar_year

    with app.session(reading_only=True) as session:
        days = calendar_year(session, year)
    emit(
        fmt,
        ["Ngày", "Thứ", "Làm việc/nghỉ", "Tên, lý do", "Nguồn"],
        [
            [
                d.day,
                d.weekday,
                _working_label(d.working),
                d.name,
                SOURCE_LABELS[d.source],
            ]
            for d in days
        ],
        [
            {
                "date": d.day.isoformat(),
                "weekday": d.weekday,
                "working": d.working,
                "name": d.name,
                "source": d.source,
            }
            for d in days
        ],
        title=f"Ngày nghỉ và ngày làm bù năm {year}",
    )


def _day_json(info: DayInfo) -> dict[str, Any]:
    return {"day": info.day, "working": info.working, "reason": info.reason, "source": info.source}


def change_json(change: CalendarChange) -> dict[str, Any]:
    return {
        "action": change.action,
        "before": _day_json(change.before),
        "after": _day_json(change.after),
        "dossiers": [
            {
                "code": m.code,
                "unit": m.unit,
                "head": m.head,
                "due_at": m.due_at,
                "effective_due_before": m.effective_due_before,
                "effective_due_after": m.effective_due_after,
                "apology_deadline_before": m.apology_deadline_before,
                "apology_deadline_after": m.apology_deadline_after,
                "days_late_before": m.days_late_before,
                "days_late_after": m.days_late_after,
            }
            for m in change.dossiers
        ],
        "letters": [
            {
                "code": m.code,
                "new_due_at": m.new_due_at,
                "now_day_off": m.now_day_off,
                "suggested": m.suggested,
            }
            for m in change.letters
        ],
    }


def _report(change: CalendarChange, fmt: str) -> None:
    """Say what the change did and which dossiers and drafted letters it moves."""
    if fmt == "json":
        print_json(change_json(change))
        return
    before, after = change.before, change.after
    info(
        f"Ngày {format_date(after.day)} ({after.weekday_name}): "
        f"{_working_label(before.working)} → {_working_label(after.working)}"
        + (f" — {after.reason}" if after.reason else "")
        + "."
    )
    if not change.dossiers:
        info("Không hồ sơ đang mở nào thay đổi hạn, hạn gửi thư xin lỗi hay số ngày trễ.")
    else:
        print_table(
            ["Mã hồ sơ", "Đơn vị", "Người chịu trách nhiệm", "Hẹn trả", "Hạn gửi thư", "Ngày trễ"],
            [
                [
                    m.code,
                    m.unit,
                    m.head or "",
                    _arrow(m.effective_due_before, m.effective_due_after),
                    _arrow(m.apology_deadline_before, m.apology_deadline_after),
                    f"{m.days_late_before} → {m.days_late_after}"
                    if m.days_late_before != m.days_late_after
                    else str(m.days_late_after),
                ]
                for m in change.dossiers
            ],
            title=f"Hồ sơ đang mở bị thay đổi ({len(change.dossiers)})",
        )
    for letter in change.letters:
        if letter.now_day_off:
            info(
                f"Thư dự thảo của hồ sơ {letter.code} hẹn trả ngày {format_date(letter.new_due_at)}, "
                f"nay là ngày nghỉ: hãy soạn lại với ngày làm việc kế tiếp {format_date(letter.suggested)}."
            )
        else:
            info(
                f"Thư dự thảo của hồ sơ {letter.code} hẹn trả ngày {format_date(letter.new_due_at)}: "
                "nay là ngày làm việc."
            )


def _arrow(before: dt.date, after: dt.date) -> str:
    if before == after:
        return format_date(after)
    return f"{format_date(before)} → {format_date(after)}"


CHANGE_FORMAT = format_option(
    "table", "json", help="Dạng kết quả — table: chữ trên màn hình; json: JSON."
)


def _add_override(app: AppContext, day: dt.date, kind: str, why: str, fmt: str) -> None:
    """add-off and add-workday: one override of the statutory calendar, then what changed."""
    from tracker.services.calendar import add_override

    with app.session(office_wide=True) as session:
        change = add_override(session, day, kind, why, today=app.today, actor=app.actor)
    _report(change, fmt)


@calendar.command("add-off")
@click.argument("day", type=DATE)
@click.option("--why", required=True, help="Căn cứ: số, ngày của thông báo lịch nghỉ.")
@CHANGE_FORMAT
@pass_app
def calendar_add_off(app: AppContext, day: dt.date, why: str, fmt: str) -> None:
    """Thêm ngày nghỉ NGÀY (ví dụ ngày nghỉ hoán đổi của năm mới)."""
    _add_override(app, day, "off", why, fmt)


@calendar.command("add-workday")
@click.argument("day", type=DATE)
@click.option("--why", required=True, help="Căn cứ: số, ngày của thông báo làm việc bù.")
@CHANGE_FORMAT
@pass_app
def calendar_add_workday(app: AppContext, day: dt.date, why: str, fmt: str) -> None:
    """Thêm ngày làm việc NGÀY (ví dụ thứ Bảy làm bù)."""
    _add_override(app, day, "work", why, fmt)


@calendar.command("remove")
@click.argument("day", type=DATE)
@CHANGE_FORMAT
@pass_app
def calendar_remove(app: AppContext, day: dt.date, fmt: str) -> None:
    """Bỏ điều chỉnh của NGÀY: trở lại lịch theo luật và lịch hoán đổi."""
    from tracker.services.calendar import remove_override

    with app.session(office_wide=True) as session:
        change = remove_override(session, day, today=app.today, actor=app.actor)
    _report(change, fmt)
