"""Signing in and out, and who is signed in for each request.

The session cookie (signed by Flask, HttpOnly, SameSite, expiring) holds only the account's id
and its session version; every request checks them against the database through the services,
so disabling an account or resetting its password ends its sessions at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from tracker.web.context import services, today

blueprint = Blueprint("auth", __name__)

F = TypeVar("F", bound=Callable[..., Any])


@blueprint.before_app_request
def _load_viewer() -> None:
    g.viewer = None
    if "account" not in session or request.endpoint == "static":
        return
    g.viewer = services().viewer(session["account"], session.get("version", 0), today=today())
    if g.viewer is None:
        session.clear()


def signed_in(view: F) -> F:
    """A page for signed-in accounts only; anyone else is sent to the sign-in page first."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if g.viewer is None:
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return cast(F, guarded)


def _safe_next(target: str | None) -> str:
    """Only a path of this site: a crafted link must not send a fresh sign-in elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("pages.home")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


@blueprint.route("/dang-nhap", methods=["GET", "POST"])
def sign_in() -> Any:
    next_page = _safe_next(request.values.get("next"))
    if request.method == "GET":
        if g.viewer is not None:
            return redirect(next_page)
        return render_template("sign_in.html", next=next_page, username="")
    username = request.form.get("username", "")
    outcome = services().sign_in(
        username,
        request.form.get("password", ""),
        client=request.remote_addr or "",
        now=_utcnow(),
        today=today(),
    )
    if outcome.account_id is None:
        status = 429 if outcome.throttled else 401
        page = render_template(
            "sign_in.html", next=next_page, username=username, refusal=outcome.refusal
        )
        return page, status
    # A new session (and CSRF token) at sign-in: a session planted before cannot be taken over.
    session.clear()
    session.permanent = True
    session["account"] = outcome.account_id
    session["version"] = outcome.session_version
    return redirect(next_page)


@blueprint.route("/dang-xuat", methods=["POST"])
def sign_out() -> Any:
    session.clear()
    return redirect(url_for("auth.sign_in"))
