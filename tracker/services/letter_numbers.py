"""Letter numbers: the office's number format, and the next free number of a unit's year.

Numbers run per issuing unit per calendar year of the issue date, from the unit's counter row
for that year (`LetterCounter`), locked while a letter is issued: two clerks of one unit take
consecutive numbers, two of different units do not wait for each other. A number is used once
(unique constraints back this up).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.errors import InvalidInput, Refused
from tracker.law.loading import check_number_format
from tracker.models import ApologyLetter, Dossier, LetterCounter, Unit
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


def _counter(session: Session, unit_id: int, year: int) -> LetterCounter:
    """The unit's counter for `year`, locked until the transaction ends (its first letter of
    the year makes it: of two clerks making it at once, the second takes the first's)."""
    query = (
        select(LetterCounter)
        .where(LetterCounter.unit_id == unit_id, LetterCounter.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    counter = session.scalars(query).one_or_none()
    if counter is None:
        try:
            with session.begin_nested():
                session.add(LetterCounter(unit_id=unit_id, year=year, last_seq=0))
        except IntegrityError:
            pass  # another clerk's first letter of the year made it meanwhile
        counter = session.scalars(query).one()
    return counter


def allocate_number(
    session: Session, unit: Unit, year: int, typed: str | None, number_format: NumberFormat
) -> int:
    """The sequence of the number to give: the unit's next one when `typed` is None, else the
    one typed by hand, once it is checked to be this unit's shape and still free. Either way
    the unit's counter for the year is locked and moved on, so the next number follows it."""
    counter = _counter(session, unit.id, year)
    if typed is None:
        counter.last_seq += 1
        return counter.last_seq
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
    counter.last_seq = max(counter.last_seq, seq)
    return seq
