"""Downloads. A letter's file is found by the id of its record in letter_files — never by a
path or a name from the request — after the signed-in account's right to its dossier is
checked (a head asking for another unit's gets "not found") and only while its bytes are the
ones recorded. The combined printable file and the notices to the one-stop desk are made on
demand from the database, as `letters render --combined` makes them."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, request

from tracker.web.auth import signed_in
from tracker.web.context import context, today, viewer
from tracker.web.desk_calls import PRINTOUTS
from tracker.web.forms import attachment, checked, period_of, unit_of

blueprint = Blueprint("files", __name__, url_prefix="/tep")


@blueprint.route("/<int:file_id>")
@signed_in
def letter_file(file_id: int) -> Any:
    download = context().dossiers.download(viewer(), file_id)
    return attachment(download.name, download.data)


@blueprint.route("/in/<kind>")
@signed_in
def printout(kind: str) -> Any:
    """`ban-gop`: the period's letters in one file to print (issued ones, or with `du-thao`
    the drafts too); `thong-bao`: the notices to the one-stop desk for its issued letters."""
    if kind not in PRINTOUTS:
        abort(404)
    made = context().desk.printout(
        viewer(),
        kind,
        period_of(request.args, today()),
        unit_of(request.args),
        issued_only=not checked(request.args, "du-thao"),
        today=today(),
    )
    return attachment(made.name, made.data)
