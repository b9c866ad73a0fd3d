"""`cases show CODE --explain`: the explanation's text (tracker.explanation) on the terminal,
and its JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from tracker.explanation import DateExplanation, DayStep, Walk


def print_explanation(ex: DateExplanation) -> None:
    from tracker.explanation import explanation_lines

    click.echo()
    for line in explanation_lines(ex):
        click.echo(line)


def _step_json(step: DayStep) -> dict[str, Any]:
    return {
        "day": step.day,
        "weekday": step.weekday,
        "counted": step.counted,
        "note": step.note,
        "source": step.source,
    }


def _walk_json(walk: Walk | None) -> dict[str, Any] | None:
    if walk is None:
        return None
    return {"count": walk.count, "steps": [_step_json(step) for step in walk.steps]}


def explain_json(ex: DateExplanation) -> dict[str, Any]:
    """The `explain` object of `cases show CODE --explain --format json`."""
    return {
        "code": ex.code,
        "today": ex.today,
        "status": ex.status,
        "received_at": ex.received_at,
        "due_at": ex.due_at,
        "effective_due": ex.effective_due,
        "rolled_over": [_step_json(step) for step in ex.rolled_over],
        "regime": ex.regime.code,
        "regime_title": ex.regime.title,
        "citation": ex.regime.citation,
        "deadline_rule": ex.regime.deadline_text,
        "deadline_unit": ex.regime.deadline_unit,
        "deadline_reading": ex.regime.reading or None,
        "form": ex.regime.form,
        "apology_deadline": ex.apology_deadline,
        "apology": _walk_json(ex.apology),
        "end": ex.end,
        "late": ex.late,
        "days_late": _walk_json(ex.days_late),
        "letter_kind": ex.letter_kind,
        "letter_days": ex.letter_days,
        "new_date": ex.new_date,
        "new_date_walk": _walk_json(ex.new_date_walk),
        "new_date_after_due": ex.new_date_after_due,
        "letter_new_due": ex.letter_new_due,
    }
