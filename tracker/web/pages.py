"""The pages of the people who handle dossiers: the list to act on, one dossier, and what a
head or a clerk changes on it (the reason, the letter with its new return date, a printout
again, and — a clerk — the letter's publication)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from tracker.dates import format_date
from tracker.errors import FileProblem, InvalidInput, Refused
from tracker.explanation import explanation_lines
from tracker.law.regime import KIND_LABELS
from tracker.services.letter_steps import CHANNEL_NAMES
from tracker.web import list_rows
from tracker.web.auth import signed_in
from tracker.web.context import context, services, today, viewer
from tracker.web.forms import optional_date, page_links, page_number, refusal_status, unit_name
from tracker.web.next_steps import refusal_text

blueprint = Blueprint("pages", __name__)

# What a form's refusal is: one sentence shown on the page it came from, nothing changed.
REFUSALS = (InvalidInput, Refused, FileProblem)


@blueprint.route("/")
@signed_in
def home() -> Any:
    """A head lands on their unit's list; a clerk or a leader on every unit's, with a filter;
    an administrator, who reads no dossier, on the accounts."""
    if viewer().role == "admin":
        return redirect(url_for("admin.accounts"))
    unit, day = request.args.get("don-vi") or None, today()
    worklist = services().worklist(
        viewer(),
        unit,
        today=day,
        within=context().settings.due_soon_within,
        page=page_number(request.args),
    )
    units = services().unit_choices(viewer()) if viewer().role != "head" else []
    shown_unit = unit_name(units, worklist.unit) or viewer().unit_name
    # Once per due date: the rows due the same day share their explanation.
    explained = {due: list_rows.explained(ex) for due, ex in worklist.explanations.items()}
    dossiers = url_for("pages.dossier", code="")
    rows = [
        list_rows.row_html(
            row, explained[row.due_at], today=day, every_unit=not worklist.unit, dossiers=dossiers
        )
        for row in worklist.rows
    ]
    return render_template(
        "worklist.html",
        worklist=worklist,
        rows=rows,
        units=units,
        unit_name=shown_unit,
        # The other pages keep the unit filter the account chose (a head has none).
        page_links=page_links("pages.home", worklist.paging, {"don-vi": unit} if unit else {}),
        today=day,
    )


def _dossier_page(code: str, *, refusal: str | None = None, status: int = 200) -> Any:
    page = context().dossiers.page(viewer(), code, today=today())
    form = request.form if refusal else {}
    return render_template(
        "dossier.html",
        page=page,
        detail=page.detail,
        case=page.detail.case,
        ex=page.explanation,
        explanation=explanation_lines(page.explanation),
        kind_labels=KIND_LABELS,
        refusal=refusal,
        form=form,
        today=today(),
    ), status


@blueprint.route("/ho-so/<path:code>")
@signed_in
def dossier(code: str) -> Any:
    return _dossier_page(code)


@blueprint.route("/ho-so/<path:code>/xu-ly", methods=["POST"])
@signed_in
def handle(code: str) -> Any:
    """The reason alone (`cases reason`), or the reason and the letter with its new return
    date (`letters draft CODE --reason … --new-date …`), rendered at once."""
    reason = request.form.get("reason", "")
    try:
        if request.form.get("action") == "reason":
            stored = context().dossiers.set_reason(viewer(), code, reason)
            flash(f"Đã ghi lý do trễ hạn của hồ sơ {stored}.")
        else:
            drafted = context().dossiers.draft(
                viewer(),
                code,
                reason=reason,
                new_date=optional_date(request.form, "new_date"),
                today=today(),
            )
            outcome = drafted.outcome
            new_due = outcome.new_due_at
            promise = f", hẹn trả ngày {format_date(new_due)}" if new_due else ""
            flash(
                f"Đã soạn dự thảo thư của hồ sơ {outcome.code} ({KIND_LABELS[outcome.kind]}"
                f"{promise}): tệp {drafted.file.path.name}."
            )
            code = outcome.code
    except REFUSALS as refused:
        return _dossier_page(code, refusal=refusal_text(refused), status=refusal_status(refused))
    return redirect(url_for("pages.dossier", code=code))


@blueprint.route("/ho-so/<path:code>/in-thu", methods=["POST"])
@signed_in
def render_letter(code: str) -> Any:
    """`letters render CODE`: the letter's DOCX again (a missing or altered file is written
    back; an issued letter whose content changed gets a new version)."""
    try:
        rendered = context().dossiers.render(viewer(), code, today=today())
    except REFUSALS as refused:
        return _dossier_page(code, refusal=refusal_text(refused), status=refusal_status(refused))
    flash(f"Đã in thư của hồ sơ {rendered.code}: tệp {rendered.path.name}.")
    return redirect(url_for("pages.dossier", code=rendered.code))


@blueprint.route("/ho-so/<path:code>/cong-khai", methods=["POST"])
@signed_in
def publish(code: str) -> Any:
    """A clerk records the letter's portal post (`letters publish CODE --portal --url URL`) or
    its one-stop update (`--onestop --ref REF`); back to the page the form was on."""
    channel = request.form.get("channel", "")
    try:
        posted = context().dossiers.publish(
            viewer(),
            code,
            channel,
            where=request.form.get("where", "").strip() or None,
            on=optional_date(request.form, "on"),
            today=today(),
        )
    except REFUSALS as refused:
        return _dossier_page(code, refusal=refusal_text(refused), status=refusal_status(refused))
    where = CHANNEL_NAMES[posted.channel]
    state = "thư đã công khai đủ hai kênh" if posted.published else "còn thiếu kênh kia"
    flash(f"Đã ghi nhận thư của hồ sơ {posted.code} trên {where} ({state}).")
    if request.form.get("next", "") == "cho-cong-khai":  # the pending list, at the same page
        kept: dict[str, Any] = {key: request.form.get(key) for key in ("kenh", "don-vi", "trang")}
        return redirect(url_for("clerk.pending", **{k: v for k, v in kept.items() if v}))
    return redirect(url_for("pages.dossier", code=posted.code))
