"""Every regime tracker knows, and the one rule that says which of them governs a dossier.

THE RULE (README, "Which law governs a letter"): the regime that governs a dossier is the newest
regime whose own apology deadline for that dossier — computed with that regime's own reading of
"how many days before the due date" — falls on or after that regime's first day. Put simply,
the regime in force on the day the apology was due. A dossier due before the first regime's
first day falls under the first regime (tracker ships none older; an office adds one as a file).
The form of the letter is then the regime's form in force on that same day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from tracker.errors import NotFound
from tracker.law.regime import CountsDays, Form, PersonalDataLaw, Regime
from tracker.next_steps import Action, NextStep


def governing_regime(regimes: Iterable[Regime], due: dt.date, calendar: CountsDays) -> Regime:
    """The regime in force on the dossier's apology deadline, each regime's deadline computed
    with its own reading (see the module's docstring)."""
    ordered = sorted(regimes, key=_start)
    if not ordered:
        raise NotFound("Không có chế độ pháp lý nào: thư mục regimes/ không có tệp nào.")
    for regime in reversed(ordered):
        if regime.valid_from is None or regime.apology_deadline(calendar, due) >= regime.valid_from:
            return regime
    return ordered[0]


def _start(regime: Regime) -> dt.date:
    return regime.valid_from or dt.date.min


@dataclass(frozen=True)
class Governed:
    """What the rule decides for one dossier: the regime, its deadline and the form."""

    regime: Regime
    deadline: dt.date
    form: Form


@dataclass(frozen=True)
class RegimeBook:
    """The regimes and the personal-data laws read from the shipped folder and the office's."""

    regimes: tuple[Regime, ...]  # oldest first
    personal_data: tuple[PersonalDataLaw, ...]  # oldest first

    def governing(self, due: dt.date, calendar: CountsDays) -> Governed:
        regime = governing_regime(self.regimes, due, calendar)
        deadline = regime.apology_deadline(calendar, due)
        return Governed(regime, deadline, regime.form_on(deadline))

    def get(self, code: str) -> Regime:
        for regime in self.regimes:
            if regime.code == code:
                return regime
        known = ", ".join(r.code for r in self.regimes)
        raise NotFound(
            f"Không có chế độ pháp lý «{code}»: các chế độ đã biết là {known}.",
            NextStep(Action.LIST_REGIMES),
        )

    def form(self, regime_code: str, form_code: str) -> Form:
        """A letter's stored form; a form no longer in the files is named, not guessed."""
        regime = self.get(regime_code)
        form = regime.form(form_code)
        if form is None:
            raise NotFound(
                f"Chế độ {regime.code} ({regime.source}) không còn mẫu «{form_code}» mà thư đã "
                "ban hành theo: hãy khôi phục mẫu đó trong tệp chế độ."
            )
        return form

    def personal_data_on(self, day: dt.date) -> PersonalDataLaw | None:
        """The personal-data law in force on `day`, or None before the first one."""
        for law in reversed(self.personal_data):
            if law.in_force(day):
                return law
        return None
