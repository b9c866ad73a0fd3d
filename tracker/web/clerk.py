"""The one-stop desk's pages: the upload of the export with its import report, and the lists
that chase letters — issued but not yet published (with a form per letter to record the
portal post or the one-stop update), and apologies sent after their deadline."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for

from tracker.importers.reader import COLUMN_SOURCE_LABELS, REJECTION_KINDS, SKIP_LABELS
from tracker.services.letter_steps import CHANNEL_NAMES
from tracker.web.auth import signed_in
from tracker.web.context import context, services, today, viewer
from tracker.web.forms import (
    checked,
    optional_period,
    page_links,
    page_number,
    refusal_status,
    unit_of,
)
from tracker.web.next_steps import refusal_text
from tracker.web.pages import REFUSALS

blueprint = Blueprint("clerk", __name__)

LATE_STEPS = {"draft": "soạn sau hạn", "issue": "ban hành sau hạn"}


def _upload_page(*, refusal: str | None = None, status: int = 200) -> Any:
    return render_template(
        "upload.html",
        batches=context().imports.batches(viewer()),
        refusal=refusal,
        form=request.form,
        today=today(),
    ), status


@blueprint.route("/nhap", methods=["GET", "POST"])
@signed_in
def upload() -> Any:
    """`tracker import FILE [--period P] [--dry-run]` from the browser, and `imports list`."""
    if request.method == "GET":
        return _upload_page()
    sent = request.files.get("tep")
    if sent is None or not sent.filename:
        return _upload_page(refusal="Hãy chọn tệp xuất từ hệ thống một cửa để nhập.", status=400)
    try:
        result = context().imports.import_upload(
            viewer(),
            sent.stream,
            sent.filename,
            period=optional_period(request.form),
            dry_run=checked(request.form, "chay-thu"),
        )
    except REFUSALS as refused:
        return _upload_page(refusal=refusal_text(refused), status=refusal_status(refused))
    report = render_template(
        "import_report.html",
        result=result,
        source_labels=COLUMN_SOURCE_LABELS,
        skip_labels=SKIP_LABELS,
        rejection_kinds=REJECTION_KINDS,
        today=today(),
    )
    # Every row rejected: nothing written, as `tracker import` exits 1 (the report says why).
    return report, 400 if result.rejected and not result.landed else 200


def _units() -> list[Any]:
    return services().unit_choices(viewer()) if viewer().role != "head" else []


@blueprint.route("/cho-cong-khai")
@signed_in
def pending() -> Any:
    """`letters pending [--channel C] [--unit U]`, each letter with its publication forms."""
    asked = request.args.get("kenh", "")
    channel = asked if asked in CHANNEL_NAMES else None  # anything else: both channels
    unit = unit_of(request.args)
    pending = context().desk.pending(
        viewer(), channel, unit, today=today(), page=page_number(request.args)
    )
    # The other pages keep the channel and the unit chosen; a publication recorded from this
    # page comes back to it (pages.publish).
    chosen = {key: value for key, value in (("kenh", channel), ("don-vi", unit)) if value}
    return render_template(
        "pending.html",
        pending=pending,
        page_links=page_links("clerk.pending", pending.paging, chosen),
        back={**chosen, "trang": str(pending.paging.number)},
        dossiers=url_for("pages.dossier", code=""),
        channel=channel,
        channel_names=CHANNEL_NAMES,
        units=_units(),
        unit=unit,
        today=today(),
    )


@blueprint.route("/thu-muon")
@signed_in
def late() -> Any:
    """`letters late [--all] [--period P] [--unit U]`: late apologies, each with its regime."""
    timings = context().desk.late(
        viewer(), optional_period(request.args), unit_of(request.args), today=today()
    )
    show_all = checked(request.args, "tat-ca")
    return render_template(
        "late.html",
        rows=timings if show_all else [t for t in timings if t.late],
        late_count=sum(t.late for t in timings),
        on_time=sum(not t.late for t in timings),
        show_all=show_all,
        late_steps=LATE_STEPS,
        units=_units(),
        unit=unit_of(request.args),
        period=request.args.get("ky", ""),
        today=today(),
    )
