"""The Flask application: settings, cookies, CSRF, security headers, error pages.

The web is a sibling of the CLI: its pages parse a request, ask tracker.web.queries (the one
module that calls the services) and render a template. Every word a person reads is in the
templates, in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from typing import Any

from flask import Flask, Response, render_template
from flask_wtf.csrf import CSRFError, CSRFProtect

from tracker.config import Settings
from tracker.dates import format_date
from tracker.errors import DatabaseError, Forbidden, NotFound, Refused, TrackerError
from tracker.web.context import WebContext
from tracker.web.next_steps import refusal_text, said
from tracker.web.queries import ROLE_LABELS, Services

SESSION_LIFETIME = dt.timedelta(hours=8)  # one working day; refreshed by every request
UPLOAD_LIMIT = 20 * 1024 * 1024  # the largest request body, whatever a page accepts

# Everything is served by tracker itself: no script, style or font from elsewhere, no frame.
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}

LETTER_LABELS = {
    None: "Chưa soạn",
    "draft": "Dự thảo",
    "issued": "Đã ban hành",
    "published": "Đã công khai",
    "superseded": "Đã thay thế",
}


def create_app(settings: Settings, *, secure_cookies: bool = False, threads: int = 8) -> Flask:
    """The application over the database of `settings`. `secure_cookies` when users reach it
    through HTTPS (a TLS reverse proxy): the browser then never sends the session in clear.
    `threads`: how many requests the server handles at once (`tracker serve --threads`)."""
    here = Path(__file__).resolve().parent
    app = Flask(
        __name__,
        template_folder=str(here / "templates"),
        static_folder=str(here / "static"),
        static_url_path="/tep-tinh",
    )
    # A connection kept for each server thread: with SQLAlchemy's 5, the sixth to eighth
    # request at once each opened one and closed it after (21 in 500 requests of the head's page
    # with 20 users, bench/web.py), each starting with SQLite's page and statement caches empty.
    services = Services(
        settings.database_url,
        settings.regimes_dir,
        connect_timeout=settings.connect_timeout,
        pool_size=threads,
    )
    app.extensions["tracker"] = WebContext(settings, services)
    app.config.update(
        SECRET_KEY=services.signing_key(),
        SESSION_COOKIE_NAME="tracker_phien",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies,
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        SESSION_REFRESH_EACH_REQUEST=True,
        MAX_CONTENT_LENGTH=UPLOAD_LIMIT,
        WTF_CSRF_TIME_LIMIT=int(SESSION_LIFETIME.total_seconds()),
        TEMPLATES_AUTO_RELOAD=False,
    )
    CSRFProtect(app)
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["letter_label"] = lambda status: LETTER_LABELS[status]
    app.jinja_env.filters["role_label"] = lambda role: ROLE_LABELS[role]
    app.jinja_env.filters["said"] = said
    _register_errors(app)
    app.after_request(_secure_response)

    from tracker.web import (
        admin,
        admin_calendar,
        admin_reform,
        admin_units,
        auth,
        clerk,
        files,
        lead,
        letters,
        pages,
    )

    app.register_blueprint(auth.blueprint)
    app.register_blueprint(pages.blueprint)
    app.register_blueprint(letters.blueprint)
    app.register_blueprint(clerk.blueprint)
    app.register_blueprint(files.blueprint)
    app.register_blueprint(admin.blueprint)
    app.register_blueprint(admin_units.blueprint)
    app.register_blueprint(admin_reform.blueprint)
    app.register_blueprint(admin_calendar.blueprint)
    app.register_blueprint(lead.blueprint)
    return app


def settle_memory() -> None:
    """Take what a started server holds until it stops (modules, mapped classes, templates:
    ≈ 86,000 objects) out of the garbage collector's full passes. One such pass over them
    stopped every server thread for 75–95 ms at once: the slowest of a head's pages under
    load (bench/web.py). Called once by `tracker serve`, before it serves."""
    gc.collect()
    gc.freeze()


def _secure_response(response: Response) -> Response:
    for name, value in _SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        # Pages hold citizens' personal data: nothing kept in a shared office PC's cache.
        response.headers["Cache-Control"] = "no-store"
    return response


def _error_page(message: str, status: int) -> tuple[str, int]:
    return render_template("error.html", message=message, status=status), status


def _register_errors(app: Flask) -> None:
    statuses: list[tuple[type[TrackerError], int]] = [
        (Forbidden, 403),
        (NotFound, 404),
        (Refused, 409),  # a step the rules do not allow now (Conflict: someone did it first)
        (DatabaseError, 503),
        (TrackerError, 400),
    ]
    for error_type, status in statuses:
        app.register_error_handler(
            error_type, lambda err, status=status: _error_page(refusal_text(err), status)
        )
    messages = {
        404: "Không có trang này.",
        405: "Trang này không nhận yêu cầu kiểu đó.",
        413: f"Tệp gửi lên quá lớn: tối đa {UPLOAD_LIMIT // (1024 * 1024)} MB; không có gì được ghi.",
        500: "Đã có lỗi ngoài dự kiến; lỗi đã được ghi lại. Hãy thử lại hoặc báo người quản trị.",
    }
    for status, message in messages.items():
        app.register_error_handler(status, lambda _err, m=message, s=status: _error_page(m, s))

    def csrf_refused(_err: CSRFError) -> Any:
        return _error_page(
            "Biểu mẫu đã hết hạn hoặc không hợp lệ: hãy tải lại trang rồi thử lại.", 400
        )

    app.register_error_handler(CSRFError, csrf_refused)
