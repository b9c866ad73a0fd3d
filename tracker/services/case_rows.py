"""A dossier and its letter as every list sees them: `CaseRow` and `LetterSummary`, plain
display-ready data built from stored values; what they derive (late, days late, the letter's
state) comes from `tracker.rules`, never from a query's own condition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol, TypeVar

from tracker import rules
from tracker.models import ApologyLetter, Dossier, Publication
from tracker.rules import DateRules


@dataclass(frozen=True)
class PublicationInfo:
    """The live record of a letter on one channel."""

    channel: str
    published_on: dt.date
    url: str | None
    ref: str | None
    actor: str


@dataclass(frozen=True)
class LetterSummary:
    """A dossier's letter as lists show it."""

    status: str  # "draft" | "issued" | "published" (| "superseded" in a dossier's history)
    kind: str  # "reschedule" | "apology" (tracker.law.regime.KINDS)
    regime: str  # the code of the regime it follows, "nd61"
    number: str | None
    new_due_at: dt.date | None  # the new return date of a reschedule; None for an apology
    returned_at: dt.date | None  # the date the result came, stated by an apology
    drafted_on: dt.date
    issued_on: dt.date | None
    signer: str
    late_apology: bool
    portal: PublicationInfo | None
    onestop: PublicationInfo | None
    # The last day to send it: before the date it reschedules, as the regime counts it.
    apology_deadline: dt.date


class Derived(NamedTuple):
    """What the rules derive from a dossier's due and result dates on a given day."""

    days_late: int
    late: bool
    apology_deadline: dt.date
    regime: str  # the regime governing the dossier (tracker.law.book), "nd61" or "nd118"
    status: str  # "open" | "resolved"


# A named tuple, not a frozen dataclass: as immutable, and built five times faster (a frozen
# dataclass sets each of its 18 fields through object.__setattr__, ≈ 6 µs a row) — a unit's
# 33,854 open dossiers are listed in a second or two (bench/list.py --crowd). The stored
# columns come first, in the order `list_query` selects them, then `Derived`, then the letter.
class CaseRow(NamedTuple):
    """One dossier as every list, report and letter sees it: plain, display-ready data."""

    code: str
    procedure: str
    applicant: str
    unit: str
    unit_name: str
    unit_kind: str
    head: str | None
    period: str
    received_at: dt.date | None
    due_at: dt.date
    finished_at: dt.date | None
    reason: str | None
    days_late: int
    late: bool
    apology_deadline: dt.date
    regime: str  # the regime governing the dossier (tracker.law.book), "nd61" or "nd118"
    status: str  # "open" | "resolved"
    letter: LetterSummary | None


_DUE, _FINISHED = CaseRow._fields.index("due_at"), CaseRow._fields.index("finished_at")


def derive(calendar: DateRules, today: dt.date, due: dt.date, finished: dt.date | None) -> Derived:
    """The rules' answers for one dossier: the one place a list asks them."""
    return Derived(
        days_late=rules.days_late(calendar, due, finished, today),
        late=rules.is_late(calendar, due, finished, today),
        apology_deadline=calendar.apology_deadline(due),
        regime=calendar.regime(due).code,
        status=rules.case_status(finished),
    )


class Derivations(dict[tuple[dt.date, dt.date | None], Derived]):
    """`derive` remembered for one list, by (due date, result date): its thousands of
    dossiers share a few hundred pairs (the open ones all end today). A dict, so that a row's
    lookup costs a subscript, not a call."""

    def __init__(self, calendar: DateRules, today: dt.date) -> None:
        super().__init__()
        self._calendar = calendar
        self._today = today

    def __missing__(self, dates: tuple[dt.date, dt.date | None]) -> Derived:
        found = self[dates] = derive(self._calendar, self._today, *dates)
        return found

    def listed(self, row: Sequence[Any], letter: LetterSummary | None) -> CaseRow:
        """A row of `case_list.list_query` as a list shows it, with its letter in force."""
        return CaseRow._make((*row, *self[row[_DUE], row[_FINISHED]], letter))


def current_letter(dossier: Dossier) -> ApologyLetter | None:
    """The letter in force: the latest one not superseded by a reschedule."""
    live = [letter for letter in dossier.letters if letter.in_force]
    return live[-1] if live else None


class StoredPublication(Protocol):
    """What a list reads of a publication: a `Publication`, or its columns as a plain row."""

    @property
    def channel(self) -> str: ...
    @property
    def published_on(self) -> dt.date: ...
    @property
    def url(self) -> str | None: ...
    @property
    def ref(self) -> str | None: ...
    @property
    def actor(self) -> str: ...
    @property
    def withdrawn_on(self) -> dt.date | None: ...


class StoredLetter(Protocol):
    """What a list reads of a letter: an `ApologyLetter`, or `LetterRow`."""

    @property
    def status(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def regime(self) -> str: ...
    @property
    def number(self) -> str | None: ...
    @property
    def old_due_at(self) -> dt.date: ...
    @property
    def new_due_at(self) -> dt.date | None: ...
    @property
    def returned_at(self) -> dt.date | None: ...
    @property
    def drafted_on(self) -> dt.date: ...
    @property
    def issued_on(self) -> dt.date | None: ...
    @property
    def signer_name(self) -> str: ...
    @property
    def publications(self) -> Sequence[StoredPublication]: ...


class PublicationRow(NamedTuple):
    """A publication's columns, in the order of `PUBLICATION_COLUMNS`."""

    channel: str
    published_on: dt.date
    url: str | None
    ref: str | None
    actor: str
    withdrawn_on: dt.date | None


class LetterRow(NamedTuple):
    """A letter's columns, in the order of `LETTER_COLUMNS`, and its publications by id: a
    list's letters read as plain rows (building ORM objects for them, with a collection of
    publications each, cost a head's page more than its query)."""

    status: str
    kind: str
    regime: str
    number: str | None
    old_due_at: dt.date
    new_due_at: dt.date | None
    returned_at: dt.date | None
    drafted_on: dt.date
    issued_on: dt.date | None
    signer_name: str
    publications: list[PublicationRow]


LETTER_COLUMNS = (
    ApologyLetter.status,
    ApologyLetter.kind,
    ApologyLetter.regime,
    ApologyLetter.number,
    ApologyLetter.old_due_at,
    ApologyLetter.new_due_at,
    ApologyLetter.returned_at,
    ApologyLetter.drafted_on,
    ApologyLetter.issued_on,
    ApologyLetter.signer_name,
)
PUBLICATION_COLUMNS = (
    Publication.channel,
    Publication.published_on,
    Publication.url,
    Publication.ref,
    Publication.actor,
    Publication.withdrawn_on,
)

P = TypeVar("P", bound=StoredPublication)


def live_on(publications: Iterable[P], channel: str) -> P | None:
    """The live record on `channel` of a letter's publications, if any."""
    return next(
        (pub for pub in publications if pub.channel == channel and rules.is_live(pub.withdrawn_on)),
        None,
    )


def live_publication(letter: ApologyLetter, channel: str) -> Publication | None:
    """The letter's live record on `channel`, if any."""
    return live_on(letter.publications, channel)


def _publication_info(letter: StoredLetter, channel: str) -> PublicationInfo | None:
    pub = live_on(letter.publications, channel)
    if pub is None:
        return None
    return PublicationInfo(channel, pub.published_on, pub.url, pub.ref, pub.actor)


def late_apology(letter: StoredLetter, calendar: DateRules) -> bool:
    """The letter went out after the apology deadline of the date it reschedules."""
    return rules.is_late_apology(calendar, letter.old_due_at, letter.drafted_on, letter.issued_on)


def letter_summary(letter: StoredLetter, calendar: DateRules) -> LetterSummary:
    portal = _publication_info(letter, "portal")
    onestop = _publication_info(letter, "onestop")
    live = [info.channel for info in (portal, onestop) if info is not None]
    return LetterSummary(
        status=rules.letter_state(letter.status, live),
        kind=letter.kind,
        regime=letter.regime,
        number=letter.number,
        new_due_at=letter.new_due_at,
        returned_at=letter.returned_at,
        drafted_on=letter.drafted_on,
        issued_on=letter.issued_on,
        signer=letter.signer_name,
        late_apology=late_apology(letter, calendar),
        portal=portal,
        onestop=onestop,
        apology_deadline=calendar.apology_deadline(letter.old_due_at),
    )


def listed_case(
    calendar: DateRules,
    today: dt.date,
    letter: LetterSummary | None,
    code: str,
    procedure: str,
    applicant: str,
    unit: str,
    unit_name: str,
    unit_kind: str,
    head: str | None,
    period: str,
    received_at: dt.date | None,
    due_at: dt.date,
    finished_at: dt.date | None,
    reason: str | None,
) -> CaseRow:
    """The stored facts of a dossier (a row of `list_query`) plus what the rules derive."""
    return CaseRow(
        code,
        procedure,
        applicant,
        unit,
        unit_name,
        unit_kind,
        head,
        period,
        received_at,
        due_at,
        finished_at,
        reason,
        *derive(calendar, today, due_at, finished_at),
        letter,
    )


def case_row(dossier: Dossier, calendar: DateRules, today: dt.date) -> CaseRow:
    letter = current_letter(dossier)
    return listed_case(
        calendar,
        today,
        letter_summary(letter, calendar) if letter else None,
        code=dossier.code,
        procedure=dossier.procedure,
        applicant=dossier.applicant,
        unit=dossier.unit.code,
        unit_name=dossier.unit.name,
        unit_kind=dossier.unit.kind,
        head=dossier.head.full_name if dossier.head else None,
        period=dossier.period,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        reason=dossier.reason,
    )
