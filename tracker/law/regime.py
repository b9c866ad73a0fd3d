"""A legal regime for late dossiers, as plain values read from a file in `regimes/`: which decree
and article oblige the apology, how long before the due date it must go out (and how tracker
reads that sentence), how often a return date may be rescheduled, the forms of its circular
with the template of each kind of letter, and every citation tracker prints for it.

Nothing here knows a decree by its number: a new decree is a new file, not a code change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# The two kinds of letter. `reschedule`: the dossier is still open and will be (or already is)
# late — the apology with the reason and a new return date, on the regime's form. `apology`:
# the dossier was settled late — a letter of apology for the delay, without a new date.
KINDS = ("reschedule", "apology")
KIND_LABELS = {
    "reschedule": "xin lỗi và hẹn lại ngày trả",
    "apology": "thư xin lỗi (đã trả kết quả)",
}
# How the days before the due date are counted.
DEADLINE_UNITS = ("working", "calendar")
UNIT_WORDS = {"working": "ngày làm việc", "calendar": "ngày (tính cả ngày nghỉ)"}


class CountsDays(Protocol):
    """What a deadline asks of the working-day calendar."""

    def effective_due(self, due: dt.date) -> dt.date: ...
    def add_working_days(self, start: dt.date, count: int) -> dt.date: ...


@dataclass(frozen=True)
class Deadline:
    """The last day to send the apology: `days` working or calendar days before the due date.

    Counted from the effective due date (a due date on a day off is the next working day, Bộ
    luật Dân sự Điều 148): in working days that is the same day as counting from the due date
    itself; in calendar days it is the day the text's "ngày hết hạn" names."""

    days: int
    unit: str  # one of DEADLINE_UNITS
    text: str = ""  # the rule's own words, "chậm nhất 01 ngày trước ngày hết hạn"
    reading: str = ""  # how tracker reads them, shown by `--explain` and `regimes show`

    def before(self, calendar: CountsDays, due: dt.date) -> dt.date:
        effective = calendar.effective_due(due)
        if self.unit == "working":
            return calendar.add_working_days(effective, -self.days)
        return effective - dt.timedelta(days=self.days)

    @property
    def words(self) -> str:
        """`01 ngày làm việc`, as the explanation prints the count."""
        return f"{self.days:02d} {UNIT_WORDS[self.unit]}"


@dataclass(frozen=True)
class LetterKind:
    """One kind of letter on one form: its template, its title, how its numbers read."""

    kind: str  # one of KINDS
    template: str  # a file name in the templates folder
    title: str  # "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
    number_format: str  # "{n:02d}/PXL-{abbr}"


@dataclass(frozen=True)
class Form:
    """A form of the regime's circular, in force from its own date (a circular may come months
    after its decree: the regime's earlier letters then keep the earlier form)."""

    code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    circular: str  # "Thông tư số …/…/TT-VPCP ngày …"
    name: str  # "Mẫu số 04"
    annex: str  # "Phụ lục I", or ""
    reading: str  # why these dates, when they are a reading
    kinds: Mapping[str, LetterKind]

    @property
    def citation(self) -> str:
        """`Mẫu số 04 (Phụ lục I) ban hành kèm theo Thông tư số …`."""
        annex = f" ({self.annex})" if self.annex else ""
        return f"{self.name}{annex} ban hành kèm theo {self.circular}"

    def in_force(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Citations:
    """Every way tracker names the regime's rule, each written out in the regime's file."""

    document: str  # in documents: "khoản … Điều … Nghị định số … (sửa đổi, bổ sung bởi …)"
    short: str  # on the terminal and in lists: "Nghị định …/…/NĐ-CP, Điều … khoản …"
    rule: str  # the obligation in one sentence, for the warn and remind lists and the reports
    desk: str  # who receives the written notice by default: "Bộ phận Một cửa"
    deadline: str  # the deadline with its basis, for the printouts: "01 ngày làm việc trước …"


@dataclass(frozen=True)
class Regime:
    """The law that governs the apology for a dossier whose apology deadline falls in it."""

    code: str  # "nd61", "nd118"
    title: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    decree: str  # "Nghị định số … ngày … của Chính phủ về …"
    article: str  # "khoản 9 Điều 19"
    amended_by: tuple[str, ...]
    deadline: Deadline
    reschedules: int  # how many times a return date may be rescheduled
    citations: Citations
    forms: tuple[Form, ...]  # oldest first
    notes: str
    source: Path  # the file it was read from

    def form_on(self, day: dt.date) -> Form:
        """The form in force on `day`; before the first form's date, the first form."""
        for form in reversed(self.forms):
            if form.valid_from is None or form.valid_from <= day:
                return form
        return self.forms[0]

    def form(self, code: str) -> Form | None:
        return next((form for form in self.forms if form.code == code), None)

    def apology_deadline(self, calendar: CountsDays, due: dt.date) -> dt.date:
        return self.deadline.before(calendar, due)


@dataclass(frozen=True)
class PersonalDataLaw:
    """The law on personal data in force over a span of days (the public copy cites it)."""

    code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    citation: str  # as the public copy cites it: "Nghị định số … về bảo vệ dữ liệu cá nhân"
    short: str  # "Nghị định …/…/NĐ-CP"

    def in_force(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )
