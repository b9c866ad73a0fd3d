"""Errors a user can cause. The CLI turns each into one Vietnamese line and an exit code.

Anything that is not a TrackerError reaching the CLI is a bug.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.next_steps import NextStep

if TYPE_CHECKING:
    from tracker.dates import Period
    from tracker.rules import HandedOver


class TrackerError(Exception):
    """A user-facing error: ``str(err)`` is one Vietnamese sentence saying what is wrong and
    where; `step`, when there is one, what to do next, which each surface words its own way
    (tracker.next_steps)."""

    exit_code = 1

    def __init__(self, message: str, step: NextStep | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.step = step

    def __str__(self) -> str:
        return self.message


class InvalidInput(TrackerError):
    """A value typed by the user or read from a file is not valid (date, period, name…)."""


class NotFound(TrackerError):
    """A dossier, unit, head or letter named by the user does not exist."""


class Ambiguous(TrackerError):
    """A name matches more than one record; the message lists the candidates."""


class Refused(TrackerError):
    """A step the rules do not allow now (out-of-order transition, duplicate number…)."""


class OfficeHandedOver(Refused):
    """A month's printout or notice dated after the month's office handed the database over
    (tracker.rules.document_day); `handed` says from when, for the CLI and the web to say how
    to date it."""

    def __init__(self, period: Period, handed: HandedOver) -> None:
        super().__init__(handed.sentence(period))
        self.period = period
        self.handed = handed


class Conflict(Refused):
    """Someone else did the same thing first (two clerks at once)."""


class DatabaseError(TrackerError):
    """The database cannot be opened, is not initialised, or its schema is behind."""


class FileProblem(TrackerError):
    """A whole input file cannot be read (missing, empty, not a spreadsheet, bad encoding)."""


class Forbidden(TrackerError):
    """The signed-in account's role or unit does not allow this (checked in the services)."""
