"""Rules of the field that are pure functions of a dossier's data (no database)."""

from __future__ import annotations

import datetime as dt
import re

from tracker.text import clean

# Thông tư 01/2018/TT-VPCP, Điều 19: V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX,
# e.g. 000.00.19.H53-241105-0001 (sequence of 4, sometimes 5 digits).
_OFFICIAL_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-(\d{2})(\d{2})(\d{2})-\d{4,5}$")


def normalise_code(code: str) -> str:
    """Dossier codes compare without case or stray spaces: ` 000.00.19.h53-241105-0001 `."""
    return re.sub(r"\s+", "", clean(code)).upper()


def is_official_code(code: str) -> bool:
    """True when the code has the official shape and its date part is a real date."""
    match = _OFFICIAL_CODE.match(code)
    if not match:
        return False
    year, month, day = (int(g) for g in match.groups())
    try:
        dt.date(2000 + year, month, day)
    except ValueError:
        return False
    return True


def lateness(due: dt.date, finished: dt.date | None, today: dt.date) -> str:
    """`early`, `on-time`, `late`, or for an open dossier `open` / `late` — at date level."""
    if finished is None:
        return "late" if today > due else "open"
    if finished < due:
        return "early"
    return "on-time" if finished == due else "late"
