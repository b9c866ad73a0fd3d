"""The sign-in rate limit: how many wrong passwords, in how long, before sign-in pauses.

Two limits, because guessing comes two ways: many passwords against one user name (counted per
user name, whichever address they come from), and one password against many user names
(counted per client address). While a limit holds, no password is even checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

WINDOW = dt.timedelta(minutes=15)
PER_USERNAME = 5
PER_CLIENT = 20


def wait_needed(
    failures: Sequence[dt.datetime], *, limit: int, now: dt.datetime
) -> dt.timedelta | None:
    """How long until another attempt is allowed, given the times of the failed ones; None
    when fewer than `limit` failures fall within the window."""
    recent = sorted(at for at in failures if now - at < WINDOW)
    if len(recent) < limit:
        return None
    # Allowed again when the failure `limit` places from the newest leaves the window.
    return recent[-limit] + WINDOW - now


def wait_in_words(wait: dt.timedelta) -> str:
    minutes = max(1, -(-int(wait.total_seconds()) // 60))  # rounded up: never "0 phút"
    return f"Đăng nhập sai quá nhiều lần: hãy thử lại sau {minutes} phút."
