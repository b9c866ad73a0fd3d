"""What a head must act on, one page at a time: the open dossiers of their unit (or, for a
clerk, of every unit) already late or due within the horizon, the apology deadline nearest
first, each with how that deadline was computed.

A district department holds thousands of them on a province-sized database (tnmt: 2,146 of
1M dossiers). Listing, explaining and rendering all of them cost the head's page 363 ms where
the page's goal (p99 < 150 ms with 20 users on 8 server threads sharing one interpreter)
leaves about 15 ms; so SQL counts and orders the list, and only one page of rows is read, with
its letters and explanations (bench/web.py).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Date,
    Integer,
    Select,
    SQLColumnExpression,
    String,
    and_,
    bindparam,
    case,
    func,
    select,
)
from sqlalchemy.orm import Session

from tracker import rules
from tracker.explanation import DeadlineExplanation
from tracker.models import ApologyLetter, Dossier, Publication, Unit
from tracker.rules import RememberedRules
from tracker.services.calendar import load_calendar
from tracker.services.case_list import LettersInForce, list_query
from tracker.services.case_rows import (
    LETTER_COLUMNS,
    PUBLICATION_COLUMNS,
    CaseRow,
    Derivations,
)
from tracker.services.explain import explain_deadlines
from tracker.services.paging import PAGE_SIZE, Paging, paging


@dataclass(frozen=True)
class WorklistPage:
    """One page of the list, with the counts of the whole list."""

    unit: str | None  # the unit listed, None for every unit
    within: int  # due soon: effectively due within this many working days
    rows: list[CaseRow]  # this page's, the apology deadline nearest first, then by code
    # How each row's apology deadline was computed, and under which regime, by due date.
    explanations: dict[dt.date, DeadlineExplanation]
    paging: Paging  # this page among the whole list's; its total counts every page's dossiers
    late: int  # of the total, those already late; the others are due soon

    @property
    def due_soon(self) -> int:
        return self.paging.total - self.late


# The statements are built once, with parameters for what changes from one request to the
# next: building them afresh (a CASE and an IN of 50 dates) was a third of the service's time.
_UNIT: BindParameter[str] = bindparam("unit", type_=String)


def _open(every_unit: bool) -> list[ColumnElement[bool]]:
    """The open dossiers of the unit whose code is the parameter `unit`, or of every unit."""
    units: ColumnElement[bool]
    if every_unit:
        # Every unit named, so that SQLite reads each unit's open dossiers from
        # ix_dossiers_unit_open_due instead of every dossier due before the horizon, closed or not.
        units = Dossier.unit_id.in_(select(Unit.id))
    else:  # a unit's code, as access.list_scope gives it: nothing to resolve again
        units = Dossier.unit_id == select(Unit.id).where(Unit.code == _UNIT).scalar_subquery()
    return [units, Dossier.finished_at.is_(None)]


@cache
def _counts_query(every_unit: bool) -> Select[dt.date, int]:
    """How many open dossiers are due on each due date up to the parameter `horizon`."""
    return (
        select(Dossier.due_at, func.count())
        .where(*_open(every_unit), Dossier.due_at <= bindparam("horizon", type_=Date))
        .group_by(Dossier.due_at)
    )


# A page's row: the columns of `list_query`, then its letters' (case_list.LettersInForce).
_STORED = len(list_query().selected_columns)


@lru_cache(maxsize=256)
def _page_query(every_unit: bool, dues: int, by_rank: bool) -> Select[Any]:
    """One page of rows, of the due dates `due0`…: by due date, or `by_rank` of each one's
    deadline (`rank0`…), then by code; `size` rows after the first `skip` — each with its
    letters not superseded and their publications, in the same statement (a row for each;
    a second statement for them, by the page's codes, was a tenth of the service's time)."""
    due = [bindparam(f"due{n}", type_=Date) for n in range(dues)]
    rank = [bindparam(f"rank{n}", type_=Integer) for n in range(dues)]

    def order(due_at: SQLColumnExpression[dt.date], code: SQLColumnExpression[str]) -> list[Any]:
        if by_rank:
            return [case(*[(due_at == due[n], rank[n]) for n in range(dues)]), code]
        return [due_at, code]

    rows = list_query(*_open(every_unit), Dossier.due_at.in_(due)).add_columns(Dossier.id)
    page = (
        rows.order_by(*order(Dossier.due_at, Dossier.code))
        .limit(bindparam("size", type_=Integer))
        .offset(bindparam("skip", type_=Integer))
        .subquery()
    )
    letter = and_(ApologyLetter.dossier_id == page.c.id, ApologyLetter.in_force)
    return (
        select(*list(page.c)[:_STORED], ApologyLetter.id, *LETTER_COLUMNS, *PUBLICATION_COLUMNS)
        .select_from(page)
        .outerjoin(ApologyLetter, letter)
        .outerjoin(Publication, Publication.letter_id == ApologyLetter.id)
        .order_by(*order(page.c.due_at, page.c.code), ApologyLetter.seq, Publication.id)
    )


def worklist_page(
    session: Session,
    unit: str | None,
    *,
    today: dt.date,
    within: int,
    page: int = 1,
    size: int = PAGE_SIZE,
) -> WorklistPage:
    """Page `page` (services.paging) of the open dossiers of `unit` (a unit's code) that are
    late or due within `within` working days, for every unit when `unit` is None.

    The order is the apology deadline's, and the dossier code's among those sharing one, as
    the list was when it was sorted whole in Python. A deadline depends on the due date alone
    (the regime of that date and the calendar), so SQL counts the dossiers per due date from
    ix_dossiers_unit_open_due, the rules give each due date its deadline and say whether it is
    late or due soon, and SQL orders the page by the deadline's rank, then the code. Ordering
    by the due date would be the same but for ties and regime boundaries: a Saturday due date
    and the Monday it rolls over to share one deadline (their dossiers go by code), and a
    regime file an office adds may count so that a later due date has an earlier deadline."""
    calendar = load_calendar(session)
    remembered = RememberedRules(calendar)
    horizon = calendar.add_working_days(today, within)
    # Late or due soon means open and effectively due by the horizon; the effective due date
    # is never before the due date, so this narrows to a superset and the rules decide.
    scope = {"unit": unit} if unit else {}
    counts = session.connection().execute(
        _counts_query(unit is None), {**scope, "horizon": horizon}
    )
    # Hundreds of rows: fetched at once, not one by one.
    per_due: dict[dt.date, int] = dict(counts.all())
    dues = sorted(per_due)
    # The late ones come first (a later due date is never effectively due earlier): the rule
    # is asked of a few due dates by bisection, not of the hundreds a unit's dossiers have.
    first_not_late = bisect_left(
        dues, True, key=lambda due: not rules.is_late(remembered, due, None, today)
    )
    soon = [
        due
        for due in dues[first_not_late:]
        if rules.is_due_soon(remembered, due, None, today, horizon)
    ]
    # Each deadline's due dates, and how many dossiers they hold.
    by_deadline: dict[dt.date, list[dt.date]] = {}
    held: dict[dt.date, int] = {}
    for due in [*dues[:first_not_late], *soon]:
        deadline = calendar.apology_deadline(due)
        by_deadline.setdefault(deadline, []).append(due)
        held[deadline] = held.get(deadline, 0) + per_due[due]
    late = sum(per_due[due] for due in dues[:first_not_late])
    shown = paging(sum(held.values()), page, size)
    start = shown.start
    # The deadlines this page reaches into, each due date with its deadline's rank, and how
    # many of the first one's dossiers earlier pages showed.
    ranks: dict[dt.date, int] = {}
    seen = skipped = 0
    for rank, deadline in enumerate(sorted(by_deadline)):
        if seen >= start + size:
            break
        if seen + held[deadline] > start:
            if not ranks:
                skipped = start - seen
            ranks.update((due, rank) for due in by_deadline[deadline])
        seen += held[deadline]
    rows = _page_rows(session, scope, ranks, skipped, size, remembered, today) if ranks else []
    return WorklistPage(
        unit=unit,
        within=within,
        rows=rows,
        explanations=explain_deadlines(calendar, {row.due_at for row in rows}, today=today),
        paging=shown,
        late=late,
    )


def _page_rows(
    session: Session,
    scope: dict[str, str],
    ranks: dict[dt.date, int],
    skipped: int,
    size: int,
    calendar: RememberedRules,
    today: dt.date,
) -> list[CaseRow]:
    """The page's rows, with the letter in force of those rows only. The page's due dates
    alone (no range) let SQLite look each of them up in ix_dossiers_unit_open_due."""
    # By due date when that is the deadlines' order (each of the page's due dates has a
    # deadline of its own: the common case); else by the deadline's rank.
    by_due = sorted(ranks)
    in_order = all(ranks[a] < ranks[b] for a, b in pairwise(by_due))
    parameters: dict[str, Any] = {**scope, "size": size, "skip": skipped}
    parameters.update((f"due{n}", due) for n, due in enumerate(by_due))
    if not in_order:
        parameters.update((f"rank{n}", ranks[due]) for n, due in enumerate(by_due))
    query = _page_query(not scope, len(by_due), not in_order)
    # Plain rows through the session's connection, as list_cases reads them: a dossier's row
    # once for each of its letters and publications.
    stored: dict[str, Sequence[Any]] = {}
    letters = LettersInForce(at=_STORED)
    for row in session.connection().execute(query, parameters):
        stored.setdefault(row[0], row)
        letters.add(row[0], row)
    found = letters.summaries(calendar)
    derived = Derivations(calendar, today)  # the page's rows share a few due dates
    return [derived.listed(row[:_STORED], found.get(code)) for code, row in stored.items()]
