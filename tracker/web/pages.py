"""The pages of the people who handle dossiers: the list to act on, and one dossier."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for

from tracker.web.auth import signed_in
from tracker.web.context import context, services, today, viewer

blueprint = Blueprint("pages", __name__)


@blueprint.route("/")
@signed_in
def home() -> Any:
    """A head lands on their unit's list; a clerk or a leader on every unit's, with a filter;
    an administrator, who reads no dossier, on the accounts."""
    if viewer().role == "admin":
        return redirect(url_for("admin.accounts"))
    unit = request.args.get("don-vi") or None
    worklist = services().worklist(
        viewer(), unit, today=today(), within=context().settings.due_soon_within
    )
    units = services().unit_choices(viewer()) if viewer().role != "head" else []
    unit_name = next((u.name for u in units if u.code == worklist.unit), viewer().unit_name)
    return render_template(
        "worklist.html", worklist=worklist, units=units, unit_name=unit_name, today=today()
    )


@blueprint.route("/ho-so/<path:code>")
@signed_in
def dossier(code: str) -> Any:
    detail = services().dossier(viewer(), code, today=today())
    return render_template("dossier.html", detail=detail, case=detail.case, today=today())
