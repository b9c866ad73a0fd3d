"""Gather a month's plain rows for tracker.reports: a few grouped queries, never 1M objects.

Dossiers are counted grouped by (unit, head, due date, finished date): the covering index
`ix_dossiers_period_unit` answers the period filter, and dossiers that share their dates share
their lateness, so days late are computed once per group with the O(1) working-day counter.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tracker import rules
from tracker.dates import Period, format_date
from tracker.law.regime import Regime
from tracker.models import ApologyLetter, Dossier, Head, Publication, Unit
from tracker.reports.heading import letterhead
from tracker.reports.monthly import (
    CaseLine,
    DossierGroup,
    LetterFact,
    MonthlySummary,
    Office,
    RegimeLine,
    TrendPoint,
    UnitRef,
    summarise,
)
from tracker.rules import RememberedRules
from tracker.services.calendar import load_calendar
from tracker.services.case_list import CaseFilter, list_cases
from tracker.services.case_rows import CaseRow
from tracker.services.index import index_report
from tracker.services.organisation import document_organisation, month_organisation
from tracker.services.transfers import PeriodUnit
from tracker.services.units import current_head, resolve_unit

TREND_MONTHS = 6


def _units(session: Session) -> tuple[dict[int, UnitRef], dict[int, str]]:
    units = session.scalars(select(Unit).options(selectinload(Unit.heads))).all()
    refs = {}
    for unit in units:
        # A unit that has ended is shown with the head it had on its last day.
        head = current_head(unit, unit.valid_to)
        refs[unit.id] = UnitRef(
            unit.code,
            unit.name,
            unit.kind,
            head.full_name if head else None,
            head.title if head else None,
        )
    heads = {h.id: h.full_name for h in session.scalars(select(Head))}
    return refs, heads


@dataclass(frozen=True)
class _Scope:
    """What every query of one report shares: the clock, the calendar, names, the unit filter."""

    today: dt.date
    calendar: RememberedRules  # thousands of groups share a few hundred due dates
    units: dict[int, UnitRef]
    heads: dict[int, str]
    unit_id: int | None
    # Where each dossier was in its own month: a later reorganisation does not rewrite it.
    where: PeriodUnit
    regimes: dict[str, Regime] = field(default_factory=dict)  # of the month's dossiers, by code

    def unit(self, unit_id: int) -> str:
        return self.units[unit_id].code

    def head(self, head_id: int | None) -> str | None:
        return self.heads.get(head_id) if head_id is not None else None

    def is_late(self, due: dt.date, finished: dt.date | None) -> bool:
        return rules.is_late(self.calendar, due, finished, self.today)


def _groups(session: Session, period: Period, scope: _Scope) -> list[DossierGroup]:
    """The month's dossiers grouped by unit, head and dates. The head is not in the covering
    index, so this reads the month's rows from the table: the one query that does."""
    unit_id, head_id = scope.where.unit, scope.where.head
    query = scope.where.join(
        select(unit_id, head_id, Dossier.due_at, Dossier.finished_at, func.count())
        .where(Dossier.period == str(period))
        .group_by(unit_id, head_id, Dossier.due_at, Dossier.finished_at)
    )
    if scope.unit_id is not None:
        query = query.where(unit_id == scope.unit_id)
    groups = []
    for unit, head, due, finished, count in session.execute(query):
        regime = scope.calendar.regime(due)
        scope.regimes[regime.code] = regime
        groups.append(
            DossierGroup(
                unit=scope.unit(unit),
                head=scope.head(head),
                late=scope.is_late(due, finished),
                open=finished is None,
                days_late=rules.days_late(scope.calendar, due, finished, scope.today),
                count=count,
            )
        )
    return groups


def _letters(session: Session, period: Period, scope: _Scope) -> list[LetterFact]:
    """The letter in force of each of the month's dossiers, with its live channels."""
    in_scope = [Dossier.period == str(period), ApologyLetter.in_force]
    if scope.unit_id is not None:
        in_scope.append(scope.where.unit == scope.unit_id)
    letters = session.execute(
        scope.where.join(
            select(
                ApologyLetter.id,
                ApologyLetter.status,
                ApologyLetter.kind,
                ApologyLetter.old_due_at,
                ApologyLetter.drafted_on,
                ApologyLetter.issued_on,
                scope.where.unit,
                scope.where.head,
                Dossier.due_at,
                Dossier.finished_at,
            ).join(Dossier, ApologyLetter.dossier_id == Dossier.id)
        ).where(*in_scope)
    ).all()
    # Every record of these letters, withdrawn ones too: which are live is the rules' call.
    records: dict[int, list[tuple[str, dt.date | None]]] = defaultdict(list)
    for letter_id, channel, withdrawn_on in session.execute(
        scope.where.join(
            select(Publication.letter_id, Publication.channel, Publication.withdrawn_on)
            .join(ApologyLetter, Publication.letter_id == ApologyLetter.id)
            .join(Dossier, ApologyLetter.dossier_id == Dossier.id)
        ).where(*in_scope)
    ):
        records[letter_id].append((channel, withdrawn_on))
    facts = []
    for letter_id, status, kind, old_due, drafted, issued, unit, head, due, finished in letters:
        live = rules.live_channels(records.get(letter_id, ()))
        facts.append(
            LetterFact(
                unit=scope.unit(unit),
                head=scope.head(head),
                status=rules.letter_state(status, live),
                kind=kind,
                late_apology=rules.is_late_apology(scope.calendar, old_due, drafted, issued),
                portal="portal" in live,
                onestop="onestop" in live,
                dossier_late=scope.is_late(due, finished),
            )
        )
    return facts


@dataclass(frozen=True)
class _EarlierMonths:
    late_by_month: dict[str, int]  # months with any dossier only
    previous_by_unit: dict[str, int] | None  # None when the previous month has no dossier


def _earlier_months(session: Session, period: Period, scope: _Scope) -> _EarlierMonths:
    """The months before this one, for the trend and the change against last month: one
    grouped scan that the covering index ix_dossiers_period_unit answers without the table."""
    months = [period.previous()]
    while len(months) < TREND_MONTHS - 1:
        months.insert(0, months[0].previous())
    unit_id = scope.where.unit
    query = scope.where.join(
        select(Dossier.period, unit_id, Dossier.due_at, Dossier.finished_at, func.count())
        .where(Dossier.period.in_([str(p) for p in months]))
        .group_by(Dossier.period, unit_id, Dossier.due_at, Dossier.finished_at)
    )
    if scope.unit_id is not None:
        query = query.where(unit_id == scope.unit_id)
    late_by_month: dict[str, int] = {}
    previous: dict[str, int] | None = None
    last_month = str(period.previous())
    for month, unit, due, finished, count in session.execute(query):
        late = count if scope.is_late(due, finished) else 0
        late_by_month[month] = late_by_month.get(month, 0) + late
        if month == last_month:
            previous = previous if previous is not None else {}
            previous[scope.unit(unit)] = previous.get(scope.unit(unit), 0) + late
    return _EarlierMonths(late_by_month, previous)


def _trend(period: Period, earlier: _EarlierMonths, groups: list[DossierGroup]) -> list[TrendPoint]:
    """Late dossiers in each of the last months that have any dossier at all."""
    points = [TrendPoint(month, late) for month, late in sorted(earlier.late_by_month.items())]
    if groups:
        points.append(TrendPoint(str(period), sum(g.count for g in groups if g.late)))
    return points


def _where_it_was(row: CaseRow, then: tuple[str, str, str | None] | None) -> CaseRow:
    """A dossier a reorganisation moved, as it was in its month: its unit (the code too, which
    the notice's Phụ lục 2 groups by under the month's units) and its head."""
    if then is None:
        return row
    unit, unit_name, head = then
    return row._replace(unit=unit, unit_name=unit_name, head=head)


def _case_line(row: CaseRow) -> CaseLine:
    letter = row.letter
    if letter is None:
        letter_text = "Chưa soạn"
    elif letter.number:
        letter_text = f"{letter.number}, {format_date(letter.issued_on)}"
    else:
        letter_text = "Dự thảo"
    return CaseLine(
        code=row.code,
        procedure=row.procedure,
        applicant=row.applicant,
        unit=row.unit,
        unit_name=row.unit_name,
        received_at=format_date(row.received_at),
        due_at=format_date(row.due_at),
        finished_at=format_date(row.finished_at) or "Chưa có",
        days_late=row.days_late,
        reason=row.reason or "",
        head=row.head or "",
        letter=letter_text,
        letter_number=(letter.number or "") if letter else "",
        letter_date=format_date(letter.issued_on) if letter else "",
        portal=format_date(letter.portal.published_on) if letter and letter.portal else "",
        onestop=format_date(letter.onestop.published_on) if letter and letter.onestop else "",
    )


def monthly_summary(
    session: Session,
    period: Period,
    *,
    today: dt.date,
    unit: str | None = None,
    with_cases: bool = False,
) -> MonthlySummary:
    """The month's summary; `with_cases` adds every late dossier (for the printed appendix)."""
    units, heads = _units(session)
    unit_id = resolve_unit(session, unit).id if unit else None
    calendar = RememberedRules(load_calendar(session))
    scope = _Scope(today, calendar, units, heads, unit_id, PeriodUnit(session))
    cases = None
    if with_cases:
        late_filter = CaseFilter(
            period=period, status="late", unit=scope.unit(unit_id) if unit_id else None
        )
        then = scope.where.names(session, period)
        cases = [
            _case_line(_where_it_was(r, then.get(r.code)))
            for r in list_cases(session, late_filter, today=today)
        ]
    groups = _groups(session, period, scope)
    earlier = _earlier_months(session, period, scope)
    summary = summarise(
        str(period),
        str(period.previous()),
        as_of=today,
        units=list(units.values()),
        groups=groups,
        letters=_letters(session, period, scope),
        previous_late=earlier.previous_by_unit,
        trend=_trend(period, earlier, groups),
        index=index_report(session, period),
        cases=cases,
        regimes=[
            RegimeLine(r.code, r.citations.short, r.citations.deadline, r.citations.rule)
            for r in sorted(scope.regimes.values(), key=lambda r: r.valid_from or dt.date.min)
        ],
    )
    return replace(
        summary, has_communes=letterhead(month_organisation(session, period)).has_communes
    )


def month_office(session: Session, period: Period, *, on: dt.date) -> tuple[dict[str, str], Office]:
    """What the month's printout and notice dated `on` are headed and written by: the
    settings of the office that worked `period` as they were on `on` (document_organisation
    says why, and refuses a day after that office handed the database over) and the unit they
    name as the office that writes them, with its head of that day."""
    org, day = document_organisation(session, period, on=on)
    return org, _writing_office(session, org, on=day)


def _writing_office(session: Session, org: dict[str, str], *, on: dt.date) -> Office:
    """The unit named `office_unit` in `org`, with its head on `on`."""
    code = org.get("office_unit")
    unit = resolve_unit(session, code) if code else None
    if unit is None:
        return Office(org.get("name", ""), "", "", "")
    head = current_head(unit, on)
    return Office(
        unit.name,
        unit.abbreviation,
        head.full_name if head else "",
        head.title if head else "",
    )
