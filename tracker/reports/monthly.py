"""The monthly summary: late dossiers and apology letters per unit and per head, from plain rows.

The database hands in dossiers already grouped by (unit, head, due date, finished date) — the
grain it counts in cheaply — so a month of a whole province is a few thousand rows here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from tracker.reports.figures import IndexReport
from tracker.rules import is_issued
from tracker.text import sort_key

KIND_ORDER = ("department", "commune", "other")


@dataclass(frozen=True)
class UnitRef:
    code: str
    name: str
    kind: str
    head: str | None  # the unit's current head
    head_title: str | None


@dataclass(frozen=True)
class DossierGroup:
    """`count` dossiers of one unit and head that share their dates (so their lateness)."""

    unit: str
    head: str | None
    late: bool
    open: bool
    days_late: int  # working days; 0 unless late
    count: int


@dataclass(frozen=True)
class LetterFact:
    """The letter in force for one dossier of the period."""

    unit: str
    head: str | None
    status: str  # "draft" | "issued" | "published"
    kind: str  # "reschedule" (a new return date) | "apology" (the dossier was settled late)
    late_apology: bool  # sent after the apology deadline of the dossier's regime
    portal: bool  # live publication on the portal
    onestop: bool  # live record in the one-stop system
    dossier_late: bool


@dataclass(frozen=True)
class CaseLine:
    """One late dossier, display-ready, for the appendix."""

    code: str
    procedure: str
    applicant: str  # in full: the appendix of the leadership's printout is not sent round
    unit: str
    unit_name: str
    received_at: str
    due_at: str
    finished_at: str
    days_late: int
    reason: str
    head: str
    letter: str  # "05/PXL-TNMT, 02/12/2024" or the letter's state
    letter_number: str  # "05/PXL-TNMT" once issued, else ""
    letter_date: str  # the day it was issued, "02/12/2024", else ""
    portal: str  # date or ""
    onestop: str


@dataclass(frozen=True)
class Counts:
    tracked: int = 0  # dossiers of the period in the database, late or not
    late: int = 0
    open: int = 0  # late and still without a result
    resolved: int = 0  # late, result returned
    days_late_median: float | None = None
    days_late_mean: float | None = None
    days_late_max: int | None = None
    letters_drafted: int = 0  # letters in force, whatever their state
    letters_reschedule: int = 0  # of them, apologies with a new return date (dossier open)
    letters_apology: int = 0  # of them, apologies for a dossier settled late (no new date)
    letters_issued: int = 0  # issued (published ones included)
    late_apologies: int = 0
    on_time_apologies: int = 0
    published_portal: int = 0
    updated_onestop: int = 0
    published: int = 0  # both channels done
    outstanding: int = 0  # late dossiers whose apology is not yet published
    previous_late: int | None = None  # the previous month, when it has data

    @property
    def late_change(self) -> int | None:
        return None if self.previous_late is None else self.late - self.previous_late


@dataclass(frozen=True)
class UnitLine:
    unit: str
    unit_name: str
    kind: str
    head: str | None
    head_title: str | None
    counts: Counts


@dataclass(frozen=True)
class HeadLine:
    head: str
    unit: str
    unit_name: str
    counts: Counts


@dataclass(frozen=True)
class RegimeLine:
    """A regime the month's dossiers fall under, as the printouts cite it."""

    code: str
    citation: str  # the regime's short citation (`citations.short` of its file)
    deadline: str  # "01 ngày làm việc trước ngày hẹn trả theo Nghị định số …"
    rule: str  # the obligation in one sentence


@dataclass(frozen=True)
class TrendPoint:
    period: str  # "2024-11"
    late: int


@dataclass(frozen=True)
class MonthlySummary:
    period: str
    as_of: dt.date
    previous_period: str
    total: Counts
    departments: Counts
    communes: Counts
    by_unit: list[UnitLine]
    by_head: list[HeadLine]
    trend: list[TrendPoint]
    index: IndexReport | None = None
    cases: list[CaseLine] = field(default_factory=list)
    regimes: list[RegimeLine] = field(default_factory=list)  # oldest first
    # Communes answer to the organisation (a district): its tables carry the subtotals of
    # departments and communes. A commune has its own units only, and no such subtotals.
    has_communes: bool = True

    @property
    def label(self) -> str:
        year, month = self.period.split("-")
        return f"{month}/{year}"

    @property
    def previous_label(self) -> str:
        year, month = self.previous_period.split("-")
        return f"{month}/{year}"


@dataclass(frozen=True)
class Office:
    """The unit that writes the printout (the organisation's `office_unit`) and its head."""

    name: str
    abbreviation: str
    head: str
    head_title: str

    def context(self) -> dict[str, str]:
        return {
            "office_name": self.name,
            "office_name_upper": self.name.upper(),
            "office_abbr": self.abbreviation,
            "office_head": self.head,
            "office_head_title_upper": self.head_title.upper(),
        }


def weighted_median(values: Iterable[tuple[int, int]]) -> float | None:
    """Median of values given as (value, how many times)."""
    pairs = sorted(values)
    total = sum(n for _, n in pairs)
    if total == 0:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    seen = 0
    lower = upper = None
    for value, n in pairs:
        if lower is None and seen + n > lower_rank:
            lower = value
        if seen + n > upper_rank:
            upper = value
            break
        seen += n
    assert lower is not None and upper is not None
    return (lower + upper) / 2


def weighted_mean(values: Iterable[tuple[int, int]]) -> float | None:
    """Mean of values given as (value, how many times)."""
    pairs = list(values)
    total = sum(n for _, n in pairs)
    return sum(v * n for v, n in pairs) / total if total else None


def _counts(
    groups: list[DossierGroup], letters: list[LetterFact], previous_late: int | None
) -> Counts:
    late_days = [(g.days_late, g.count) for g in groups if g.late]
    late = sum(n for _, n in late_days)
    published_late = sum(1 for f in letters if f.dossier_late and f.status == "published")
    issued = [f for f in letters if is_issued(f.status)]
    return Counts(
        tracked=sum(g.count for g in groups),
        late=late,
        open=sum(g.count for g in groups if g.late and g.open),
        resolved=sum(g.count for g in groups if g.late and not g.open),
        days_late_median=weighted_median(late_days),
        days_late_mean=weighted_mean(late_days),
        days_late_max=max((d for d, _ in late_days), default=None),
        letters_drafted=len(letters),
        letters_reschedule=sum(1 for f in letters if f.kind == "reschedule"),
        letters_apology=sum(1 for f in letters if f.kind == "apology"),
        letters_issued=len(issued),
        late_apologies=sum(1 for f in letters if f.late_apology),
        on_time_apologies=sum(1 for f in letters if not f.late_apology),
        published_portal=sum(1 for f in issued if f.portal),
        updated_onestop=sum(1 for f in issued if f.onestop),
        published=sum(1 for f in letters if f.status == "published"),
        outstanding=late - published_late,
        previous_late=previous_late,
    )


def unit_order(unit: UnitRef) -> tuple[object, ...]:
    kind = KIND_ORDER.index(unit.kind) if unit.kind in KIND_ORDER else len(KIND_ORDER)
    return (kind, sort_key(unit.name))


def summarise(
    period: str,
    previous_period: str,
    *,
    as_of: dt.date,
    units: list[UnitRef],
    groups: list[DossierGroup],
    letters: list[LetterFact],
    previous_late: dict[str, int] | None,
    trend: list[TrendPoint],
    index: IndexReport | None = None,
    cases: list[CaseLine] | None = None,
    regimes: list[RegimeLine] | None = None,
) -> MonthlySummary:
    """Count everything once per unit, per head, per kind of unit and for the whole period.

    `previous_late` gives last month's late dossiers per unit code, or None when last month
    has no data: the change is then not given. A unit appears when it has dossiers this month
    or late ones last month (so a drop to zero shows). Heads are not compared with last month:
    a head answers for the dossiers assigned to them, which last month may have been another's.
    """
    unit_by_code = {u.code: u for u in units}
    # Bucket once by (unit, head): each line below then adds up its own buckets only.
    buckets: dict[tuple[str, str | None], tuple[list[DossierGroup], list[LetterFact]]]
    buckets = defaultdict(lambda: ([], []))
    for g in groups:
        buckets[(g.unit, g.head)][0].append(g)
    for f in letters:
        buckets[(f.unit, f.head)][1].append(f)

    def counts(keys: Iterable[tuple[str, str | None]], unit_codes: set[str] | None) -> Counts:
        chosen = [buckets[k] for k in keys if k in buckets]
        before = None
        if previous_late is not None and unit_codes is not None:
            before = sum(n for code, n in previous_late.items() if code in unit_codes)
        return _counts([g for b in chosen for g in b[0]], [f for b in chosen for f in b[1]], before)

    def of_units(codes: set[str]) -> Counts:
        return counts([k for k in buckets if k[0] in codes], codes)

    shown = {g.unit for g in groups} | {c for c, n in (previous_late or {}).items() if n}
    by_unit = [
        UnitLine(unit.code, unit.name, unit.kind, unit.head, unit.head_title, of_units({unit.code}))
        for unit in sorted((unit_by_code[c] for c in shown), key=unit_order)
    ]
    heads = sorted(
        {(g.unit, g.head) for g in groups if g.head},
        key=lambda pair: (unit_order(unit_by_code[pair[0]]), sort_key(pair[1] or "")),
    )
    by_head = [
        HeadLine(head or "", unit, unit_by_code[unit].name, counts([(unit, head)], None))
        for unit, head in heads
    ]
    kinds: dict[str, set[str]] = defaultdict(set)
    for unit in units:
        kinds[unit.kind].add(unit.code)
    return MonthlySummary(
        period=period,
        as_of=as_of,
        previous_period=previous_period,
        total=of_units(set(unit_by_code)),
        departments=of_units(kinds["department"]),
        communes=of_units(kinds["commune"]),
        by_unit=by_unit,
        by_head=by_head,
        trend=trend,
        index=index,
        cases=cases or [],
        regimes=regimes or [],
    )
