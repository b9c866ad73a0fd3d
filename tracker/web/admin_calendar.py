"""The administrator's working-day calendar: a year's days off on weekdays and weekend days
worked (holidays, the government's swaps, the office's own changes), and a change with its
grounds — the services of `tracker calendar`. A change answers with what it moved: the open
dossiers whose due date, apology deadline or days late it changes, and the drafted letters
that promise a day that is now off, as the CLI prints them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Blueprint, render_template, request

from tracker.calendar import SOURCE_LABELS, SOURCE_OVERRIDE
from tracker.dates import parse_date
from tracker.errors import InvalidInput
from tracker.web.admin_forms import REFUSALS, field, status_of
from tracker.web.auth import signed_in
from tracker.web.context import services, today, viewer
from tracker.web.next_steps import refusal_text

if TYPE_CHECKING:
    from tracker.services.calendar import CalendarChange

blueprint = Blueprint("admin_calendar", __name__, url_prefix="/quan-tri/lich")

KINDS = {"off": "Ngày nghỉ", "work": "Ngày làm việc"}


def _year(text: str | None) -> int:
    if not text:
        return today().year
    if not text.strip().isdigit():
        raise InvalidInput(
            f"Năm «{text.strip()[:20]}» không hợp lệ: hãy nhập bốn chữ số, ví dụ 2025."
        )
    return int(text)


def _calendar_page(
    year: int, *, change: CalendarChange | None = None, refusal: str | None = None
) -> str:
    return render_template(
        "calendar.html",
        year=year,
        days=services().calendar_year(viewer(), year),
        change=change,
        refusal=refusal,
        kinds=KINDS,
        sources=SOURCE_LABELS,
        override=SOURCE_OVERRIDE,
        typed={key: field(key) for key in ("ngay", "loai", "can-cu")} if refusal else {},
    )


@blueprint.route("/")
@signed_in
def calendar() -> Any:
    return _calendar_page(_year(request.args.get("nam")))


def _changed(year: int, action: Callable[[], CalendarChange]) -> Any:
    """The year's page with what the change moved, or with why it was refused."""
    try:
        change = action()
    except REFUSALS as err:
        return _calendar_page(year, refusal=refusal_text(err)), status_of(err)
    return _calendar_page(change.after.day.year, change=change)


@blueprint.route("/", methods=["POST"])
@signed_in
def add_day() -> Any:
    typed = field("ngay")
    try:
        day: dt.date | None = parse_date(typed) if typed else None
    except InvalidInput as err:
        return _calendar_page(today().year, refusal=refusal_text(err)), 400

    def add() -> CalendarChange:
        if day is None:
            raise InvalidInput("Hãy chọn ngày cần điều chỉnh.")
        return services().add_calendar_day(
            viewer(), day, field("loai"), field("can-cu"), today=today()
        )

    return _changed(day.year if day else today().year, add)


@blueprint.route("/<day>/bo", methods=["POST"])
@signed_in
def remove_day(day: str) -> Any:
    chosen = parse_date(day)
    return _changed(
        chosen.year, lambda: services().remove_calendar_day(viewer(), chosen, today=today())
    )
