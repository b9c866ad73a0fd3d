"""The leadership's pages: the monthly report of a chosen month, with its charts and the index
figures against their targets, and its downloads — the printout (DOCX), the workbook (XLSX)
and the drafted notice (DOCX), the same documents `tracker report` writes.

The report reads what `report monthly` reads (services.reports.monthly_summary), so each month
shows the units it had: a month before a reorganisation shows the district's old units. Its
«Ngày văn bản» (default today) is the date and as-of day of the page and of its downloads; the
documents of a month whose office handed the database over before that day are refused
(tracker.rules.document_day), and the page says up to which day they may be dated.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, abort, render_template, request, send_file

from tracker.dates import Period, format_date, parse_period
from tracker.errors import InvalidInput, OfficeHandedOver, Refused
from tracker.web.auth import signed_in
from tracker.web.context import context, services, today, viewer
from tracker.web.forms import chosen_month, optional_date

if TYPE_CHECKING:
    from tracker.rules import HandedOver

blueprint = Blueprint("lead", __name__, url_prefix="/bao-cao")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _data_uri(png: bytes | None) -> str | None:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii") if png else None


@blueprint.route("/")
@signed_in
def monthly() -> Any:
    from tracker.reports.charts import trend_chart, units_chart
    from tracker.reports.tabular import (
        FIGURE_HEADERS,
        HEAD_HEADERS,
        UNIT_HEADERS,
        count_cells,
        days_text,
        figure_rows,
        head_rows,
        unit_lines,
    )

    try:
        # Else the last month: the report is made early in the month after.
        period = chosen_month(request.args, Period.of(today()).previous())
        day = document_date()
    except InvalidInput as refused:
        # The chooser again, as it was filled in, with what is wrong with it.
        typed = request.args.get("thang", "")
        page = render_template(
            "report.html",
            summary=None,
            refusal=str(refused),
            month=int(typed) if typed.isascii() and typed.isdigit() else None,
            year=request.args.get("nam", ""),
            day=request.args.get(DATE_FIELD, ""),
            today=today(),
        )
        return page, 400
    summary = services().monthly_report(viewer(), period, today=day)
    handed = services().handed_over(viewer(), period, on=day)
    # Drawn on the server (matplotlib, the printout's own charts) and sent inside the page:
    # nothing to fetch, and the page prints with them.
    charts = [
        (title, uri)
        for title, uri in (
            ("Hồ sơ trễ hạn theo đơn vị", _data_uri(units_chart(summary))),
            ("Hồ sơ trễ hạn các tháng gần đây", _data_uri(trend_chart(summary))),
        )
        if uri
    ]
    return render_template(
        "report.html",
        summary=summary,
        month=period.month,
        year=period.year,
        units=[(name, counts, count_cells(counts)) for name, counts in unit_lines(summary)],
        heads=head_rows(summary),
        figures=figure_rows(summary.index) if summary.index and summary.index.has_data else [],
        charts=charts,
        unit_headers=UNIT_HEADERS,
        head_headers=HEAD_HEADERS,
        figure_headers=FIGURE_HEADERS,
        days_text=days_text,
        day=format_date(day),
        handed=handed_over_text(handed, period) if handed else None,
        last_day=format_date(handed.last_day) if handed else None,
        today=today(),
    )


DATE_FIELD = "ngay"  # «Ngày văn bản», dd/mm/yyyy, in the page's form and its downloads' addresses


def document_date() -> dt.date:
    """The day the page's documents carry: «Ngày văn bản» as typed, or today."""
    return optional_date(request.args, DATE_FIELD) or today()


def handed_over_text(handed: HandedOver, period: Period) -> str:
    """Why the month's documents cannot carry the chosen day, and what to choose instead."""
    return (
        f"{handed.sentence(period)} Hãy chọn «Ngày văn bản» là ngày ký của văn bản, không sau "
        f"ngày {format_date(handed.last_day)}."
    )


def _printout(month: Period, day: dt.date) -> bytes:
    from tracker.reports.document import monthly_document

    made = services().printout(viewer(), month, on=day)
    templates = context().settings.templates_dir
    return monthly_document(made.summary, made.organisation, made.office, templates, today=day)


def _workbook(month: Period, day: dt.date) -> bytes:
    from tracker.reports.workbook import monthly_workbook

    return monthly_workbook(services().month_cases(viewer(), month, today=day))


def _notice(month: Period, day: dt.date) -> bytes:
    from tracker.reports.notice import notice_document

    made = services().printout(viewer(), month, on=day)
    templates = context().settings.templates_dir
    return notice_document(made.summary, made.organisation, templates, today=day)


# The month's documents by the name in their address: (file name's stem, type, maker).
DOCUMENTS: dict[str, tuple[str, str, Callable[[Period, dt.date], bytes]]] = {
    "bao-cao.docx": ("bao-cao-thang", DOCX, _printout),
    "bao-cao.xlsx": ("bao-cao-thang", XLSX, _workbook),
    "cong-van.docx": ("du-thao-cong-van-thang", DOCX, _notice),
}


@blueprint.route("/<period>/<document>")
@signed_in
def download(period: str, document: str) -> Response:
    """The printout, the workbook or the drafted notice of a month dated «Ngày văn bản» (by
    default today), as `tracker report` writes them; never kept in a shared office PC's cache
    (the printout names applicants)."""
    if document not in DOCUMENTS:
        abort(404)
    stem, mimetype, make = DOCUMENTS[document]
    month = parse_period(period)
    try:
        data = make(month, document_date())
    except OfficeHandedOver as refused:
        raise Refused(handed_over_text(refused.handed, month)) from refused
    extension = document.rsplit(".", 1)[1]
    response = send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"{stem}-{month.month:02d}-{month.year}.{extension}",
    )
    response.headers["Cache-Control"] = "no-store"
    return response
