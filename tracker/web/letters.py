"""The letters of a period: the list every reader sees (a head, their unit's), with each
letter's files to download, and the clerk's batches — draft, render, issue with numbers,
publish — each first shown as what it will do, then kept once the clerk confirms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, render_template, request

from tracker.law.regime import KIND_LABELS
from tracker.services.letter_draft import DRAFT_ACTIONS
from tracker.web.auth import signed_in
from tracker.web.calls import Batch
from tracker.web.context import context, services, today, viewer
from tracker.web.desk_calls import BatchRequest, DeskCalls
from tracker.web.forms import (
    checked,
    optional_date,
    period_of,
    refusal_status,
    unit_name,
    unit_of,
)
from tracker.web.next_steps import refusal_text
from tracker.web.pages import REFUSALS

blueprint = Blueprint("letters", __name__, url_prefix="/thu")

BatchRun = Callable[[DeskCalls, BatchRequest, str | None, dt.date], Batch[Any]]

# Each batch: what the confirmation page calls it, and the call that runs it.
BATCHES: dict[str, tuple[str, BatchRun]] = {
    "soan": (
        "Soạn thư cho các hồ sơ trễ hạn chưa có thư",
        lambda desk, req, confirmed, day: desk.draft_batch(viewer(), req, confirmed, today=day),
    ),
    "in": (
        "In thư ra tệp DOCX",
        lambda desk, req, confirmed, day: desk.render_batch(viewer(), req, confirmed, today=day),
    ),
    "ban-hanh": (
        "Cấp số và ban hành các thư dự thảo",
        lambda desk, req, confirmed, day: desk.issue_batch(viewer(), req, confirmed, today=day),
    ),
    "mot-cua": (
        "Ghi nhận đã cập nhật trên hệ thống một cửa",
        lambda desk, req, confirmed, day: desk.publish_batch(
            viewer(), "onestop", req, confirmed, today=day
        ),
    ),
    "cong": (
        "Ghi nhận đã đăng trên Cổng thông tin điện tử",
        lambda desk, req, confirmed, day: desk.publish_batch(
            viewer(), "portal", req, confirmed, today=day
        ),
    ),
}
# The fields a batch's form sends, echoed by its confirmation.
BATCH_FIELDS = ("ky", "don-vi", "on", "new_date", "public", "issued_only", "url_template")


@blueprint.route("")
@signed_in
def period() -> Any:
    return _period_page()


def _period_page(*, refusal: str | None = None, status: int = 200) -> Any:
    values = request.form if refusal else request.args
    letters = context().desk.period(
        viewer(), period_of(values, today()), unit_of(values), today=today()
    )
    units = services().unit_choices(viewer()) if viewer().role != "head" else []
    shown_unit = unit_name(units, letters.unit) or viewer().unit_name
    return render_template(
        "letters.html",
        letters=letters,
        units=units,
        unit_name=shown_unit,
        kind_labels=KIND_LABELS,
        refusal=refusal,
        today=today(),
    ), status


def _batch_request() -> BatchRequest:
    form = request.form
    return BatchRequest(
        period=period_of(form, today()),
        unit=unit_of(form),
        on=optional_date(form, "on"),
        new_date=optional_date(form, "new_date"),
        public=checked(form, "public"),
        issued_only=checked(form, "issued_only"),
        url_template=form.get("url_template", "").strip() or None,
    )


@blueprint.route("/hang-loat/<action>", methods=["POST"])
@signed_in
def batch(action: str) -> Any:
    """The first post shows what the batch will do (nothing kept); the confirmation, which
    carries the fingerprint of what was shown, keeps it — or, when the batch would now do
    something else (another clerk issued meanwhile), shows the new list instead."""
    if action not in BATCHES:
        abort(404)
    title, run = BATCHES[action]
    try:
        batch_request = _batch_request()
        done = run(context().desk, batch_request, request.form.get("fingerprint") or None, today())
    except REFUSALS as refused:
        return _period_page(refusal=refusal_text(refused), status=refusal_status(refused))
    echoed = {name: request.form[name] for name in BATCH_FIELDS if request.form.get(name)}
    units = services().unit_choices(viewer())
    return render_template(
        "batch.html",
        action=action,
        title=title,
        batch=done,
        asked=batch_request,
        unit_name=unit_name(units, batch_request.unit),
        echoed=echoed,
        kind_labels=KIND_LABELS,
        draft_actions=DRAFT_ACTIONS,
        today=today(),
    )
