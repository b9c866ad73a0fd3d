"""What the administrator's forms share: reading a field, and what a posted form leads to.

A form that succeeds sends the browser back to its page with one sentence (so a reload does
not post it twice); one the services refuse shows its page again with their sentence and what
was typed, under the status that says why. A permission refusal (Forbidden) is not caught
here: the application's error page answers it, 403.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import flash, redirect, request

from tracker.dates import parse_date
from tracker.errors import Ambiguous, InvalidInput, NotFound, Refused, TrackerError
from tracker.web.next_steps import refusal_text

_STATUS: list[tuple[type[TrackerError], int]] = [
    (NotFound, 404),
    (Refused, 409),  # also Conflict: someone else did it first
    (InvalidInput, 400),
    (Ambiguous, 400),
]
REFUSALS = tuple(error for error, _status in _STATUS)


def field(name: str) -> str:
    return request.form.get(name, "").strip()


def optional_date(name: str) -> dt.date | None:
    """A date field, typed `01/07/2025` (a browser's own date field would show its locale's
    order and words: mm/dd/yyyy in an English Chromium); `2025-07-01` is read too."""
    text = field(name)
    return parse_date(text) if text else None


def status_of(refusal: TrackerError) -> int:
    return next(code for error, code in _STATUS if isinstance(refusal, error))


def submitted(action: Callable[[], str], page: Callable[[str], str], back: str) -> Any:
    """Run `action` (returns the sentence that says what it did); on a refusal, `page` draws
    the form's page again around the services' sentence."""
    try:
        done = action()
    except REFUSALS as err:
        return page(refusal_text(err)), status_of(err)
    flash(done, "done")
    return redirect(back)
