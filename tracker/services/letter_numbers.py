"""Letter numbers: the office's number format, and the next free number of a unit's year.

Numbers run per issuing unit per calendar year of the issue date; a number is used once
(unique constraints back this up against two clerks issuing at the same moment).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.errors import InvalidInput, Refused
from tracker.law.loading import check_number_format
from tracker.models import ApologyLetter, Dossier, Unit
from tracker.text import clean


@dataclass(frozen=True)
class NumberFormat:
    """How a letter's number reads: the office's `letter_number_format` when it sets one, else
    the one the letter's regime gives its kind (`{n:02d}/PXL-{abbr}`); checked once."""

    template: str

    def __post_init__(self) -> None:
        problem = check_number_format(self.template)
        if problem is not None:
            raise InvalidInput(
                f"Mẫu số thư «{self.template}» (letter_number_format) không hợp lệ: {problem}."
            )

    def format(self, seq: int, unit: Unit, year: int) -> str:
        return self.template.format(n=seq, abbr=unit.abbreviation, year=year)

    def parse(self, number: str, unit: Unit, year: int) -> int | None:
        """The sequence inside a number typed by hand, or None if it is not this unit's shape."""
        pattern = ""
        for literal, field, _spec, _conv in string.Formatter().parse(self.template):
            pattern += re.escape(literal)
            if field == "n":
                pattern += r"0*(?P<n>\d+)"
            elif field == "abbr":
                pattern += re.escape(unit.abbreviation)
            elif field == "year":
                pattern += str(year)
        match = re.fullmatch(pattern, number, flags=re.IGNORECASE)
        return int(match.group("n")) if match else None


def _holder(session: Session, unit_id: int, year: int, seq: int) -> str | None:
    """The dossier code whose letter already carries this number, if any."""
    return session.scalar(
        select(Dossier.code)
        .join(ApologyLetter, ApologyLetter.dossier_id == Dossier.id)
        .where(
            ApologyLetter.unit_id == unit_id,
            ApologyLetter.number_year == year,
            ApologyLetter.number_seq == seq,
        )
    )


def next_number_seq(session: Session, unit_id: int, year: int) -> int:
    """The unit's next sequence number in `year`."""
    last = session.scalar(
        select(ApologyLetter.number_seq)
        .where(ApologyLetter.unit_id == unit_id, ApologyLetter.number_year == year)
        .order_by(ApologyLetter.number_seq.desc())
        .limit(1)
    )
    return (last or 0) + 1


def allocate_number(
    session: Session, unit: Unit, year: int, typed: str | None, number_format: NumberFormat
) -> int:
    """The sequence of the number to give: the unit's next one when `typed` is None, else the
    one typed by hand, once it is checked to be this unit's shape and still free."""
    if typed is None:
        return next_number_seq(session, unit.id, year)
    text = clean(typed)
    seq = number_format.parse(text, unit, year)
    if seq is None or seq == 0:
        raise InvalidInput(
            f"Số «{text}» không đúng mẫu số thư của {unit.name}, ví dụ "
            f"«{number_format.format(5, unit, year)}» (mẫu letter_number_format trong cấu hình)."
        )
    if (holder := _holder(session, unit.id, year, seq)) is not None:
        raise Refused(
            f"Số {number_format.format(seq, unit, year)} năm {year} của {unit.name} đã cấp "
            f"cho thư của hồ sơ {holder}: hãy dùng số khác hoặc --auto-number."
        )
    return seq
