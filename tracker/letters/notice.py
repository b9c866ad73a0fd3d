"""The written notice to the one-stop desk that goes with a unit's reschedule letters of one
day (both shipped regimes ask for it beside the letters, regimes/*.toml):
plain lines in, the values of `thong-bao-mot-cua.docx` out. Its header, signature and legal
basis are those of the letters it goes with, so it follows the same unit header and regime."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tracker.dates import format_date
from tracker.formats import zero_pad
from tracker.letters.context import BLANK, sentence
from tracker.letters.files import safe_stem
from tracker.text import clean

DESK_NOTICE_TEMPLATE = "thong-bao-mot-cua.docx"
# What the notice takes over from the first letter's values: the unit's header and signer, the
# desk it is sent to and the regime's citation.
SHARED_FIELDS = (
    "governing_body",
    "issuing_unit",
    "issuing_unit_2",
    "place",
    "letter_date",
    "unit_name",
    "unit_abbreviation",
    "desk",
    "legal_basis",
    "authority_line",
    "deputy_line",
    "signer_name",
)


@dataclass(frozen=True)
class NoticeLine:
    """One dossier of the notice."""

    code: str
    applicant: str
    procedure: str
    old_due_at: dt.date
    reason: str
    new_due_at: dt.date
    letter_number: str | None  # None while the letter is a draft


def notice_file_name(unit_code: str, day: dt.date | None, regime: str) -> str:
    """`thong-bao-mot-cua-tnmt-2024-12-09-nd61.docx`; a draft batch `…-du-thao-…`."""
    when = day.isoformat() if day else "du-thao"
    return f"thong-bao-mot-cua-{safe_stem(unit_code)}-{when}-{safe_stem(regime)}.docx"


def notice_context(letter: Mapping[str, str], lines: Sequence[NoticeLine]) -> dict[str, Any]:
    """Every placeholder of thong-bao-mot-cua.docx (letter_templates/README.md)."""
    return {
        **{key: letter[key] for key in SHARED_FIELDS},
        # A notice (thông báo) is numbered by the unit's clerk: `Số:      /TB-TNMT`.
        "number": f"{BLANK}/TB-{letter['unit_abbreviation']}",
        "count": zero_pad(len(lines)),
        "rows": [
            {
                "no": str(index),
                "code": clean(line.code),
                "applicant": clean(line.applicant),
                "procedure": clean(line.procedure),
                "old_due_date": format_date(line.old_due_at),
                "reason": sentence(line.reason),
                "new_due_date": format_date(line.new_due_at),
                "letter_number": clean(line.letter_number) if line.letter_number else "dự thảo",
            }
            for index, line in enumerate(lines, start=1)
        ],
    }


def notice_fields() -> set[str]:
    return {*SHARED_FIELDS, "number", "count", "rows"}
