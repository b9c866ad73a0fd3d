"""What a confirmation carries back: the fingerprint of what a page showed before it was
confirmed (a clerk's batch, an administrator's reorganisation). The step is kept only when it
still does exactly that; otherwise the page shows what it would do now."""

from __future__ import annotations

import hashlib


def fingerprint(result: object) -> str:
    """What a step does, in a few characters: its plain result (codes, numbers, dates, files)
    as text, hashed."""
    return hashlib.sha256(repr(result).encode("utf-8")).hexdigest()[:32]
