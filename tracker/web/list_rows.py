"""The head's list as HTML, one dossier at a time, each piece rendered once and kept by what it
shows: a page read afresh (every request after any write, in a busy office most of them) then
renders only the rows that changed. Rendering a page's 50 rows and their explanations was
about a third of the page's CPU read afresh (bench/web.py --fresh).

- an explanation (`_deadline.html`), by the explanation object: services.explain keeps those
  per calendar and due date, so the heads' pages come back to the same ones;
- a row and its explanation (`_worklist_row.html`), by everything the macro reads: the row's
  values (a `CaseRow`, its letter included, compares by value), the explanation's HTML, the
  day, whether the unit column shows, and the dossiers' address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Generic, TypeVar

from flask import get_template_attribute
from markupsafe import Markup

from tracker.explanation import DeadlineExplanation, deadline_lines
from tracker.services.case_rows import CaseRow

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# A server runs for months: a bound on what is kept (a few MB of HTML at most).
LIMIT = 4096


class _Kept(Generic[K, V]):
    """A bounded dict, emptied when full (a page's pieces are back at its next request)."""

    def __init__(self) -> None:
        self.values: dict[K, V] = {}

    def put(self, key: K, value: V) -> V:
        if len(self.values) >= LIMIT:
            self.values.clear()
        self.values[key] = value
        return value


# By the explanation's id, kept with the explanation: an id is unique among living objects only.
_explanations: _Kept[int, tuple[DeadlineExplanation, Markup]] = _Kept()
_rows: _Kept[tuple[CaseRow, Markup, dt.date, bool, str], Markup] = _Kept()


def explained(ex: DeadlineExplanation) -> Markup:
    """How a due date's apology deadline was computed, as the list shows it under each row."""
    kept = _explanations.values.get(id(ex))
    if kept is None or kept[0] is not ex:
        render = get_template_attribute("_deadline.html", "explained")
        kept = _explanations.put(id(ex), (ex, render(ex, "\n".join(deadline_lines(ex)))))
    return kept[1]


def row_html(
    row: CaseRow, explanation: Markup, *, today: dt.date, every_unit: bool, dossiers: str
) -> Markup:
    """A row of the list and its explanation. `dossiers`: the address of a dossier's page
    without its code; `every_unit`: the list has a unit column."""
    key = (row, explanation, today, every_unit, dossiers)
    html = _rows.values.get(key)
    if html is None:
        render = get_template_attribute("_worklist_row.html", "row")
        html = _rows.put(key, render(row, explanation, today, every_unit, dossiers))
    return html
