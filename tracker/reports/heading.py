"""The heading the warn and remind lists share: who sends them round, from where and when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from tracker.dates import format_date
from tracker.formats import letter_date


def list_heading(organisation: Mapping[str, str], today: dt.date) -> dict[str, str]:
    """`governing_body` in capitals, `place`, `date_text` (`ngày 26 tháng 11 năm 2024`) and
    `today` (`26/11/2024`)."""
    return {
        "governing_body": organisation.get("governing_body", "").upper(),
        "place": organisation.get("place", ""),
        "date_text": letter_date(today),
        "today": format_date(today),
    }
