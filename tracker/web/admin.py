"""The administrator's pages: accounts (units, heads and the calendar come next)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from tracker.web.auth import signed_in
from tracker.web.context import services, viewer

blueprint = Blueprint("admin", __name__, url_prefix="/quan-tri")


@blueprint.route("/tai-khoan")
@signed_in
def accounts() -> Any:
    return render_template("accounts.html", accounts=services().accounts(viewer()))
