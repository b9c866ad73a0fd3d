"""What the reader can do next about a refusal, a rejected row or a warning — as data.

A service says what is wrong and where, in its own sentence; what to do about it is a step
attached to that sentence, not words inside it, because how it is done depends on where the
sentence is read: the command line writes the command to type (tracker/cli/next_steps.py),
the browser says it in words with a link to the page that does it, or «nhờ quản trị viên»
when the reader's role cannot (tracker/web/next_steps.py). Each surface has one table with
one entry for every action here. Pure: no database, no settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Action(Enum):
    """What the reader is sent to do; `about` (NextStep) is named for each."""

    FIND_UNIT = "find_unit"  # a unit name typed matched nothing; about: the name
    ALIAS_AND_REIMPORT = "alias_and_reimport"  # an exported unit name is unknown; about: it
    LOAD_UNITS = "load_units"  # the database has no unit at all
    ORPHANS = "orphans"  # dossiers wait without a head for a successor
    PLACE_UNIT = "place_unit"  # a unit lacks its place name for the date line; about: its code
    SET_HEAD = "set_head"  # a unit has no head; about: its code
    SET_HEAD_OR_SIGNER = "set_head_or_signer"  # as SET_HEAD, or a signer named for this letter
    LIST_HEADS = "list_heads"  # a head's name matched nobody
    LIST_ACCOUNTS = "list_accounts"  # an account name unknown, or already taken
    ANOTHER_ADMIN = "another_admin"  # an account must not disable itself; about: its name
    CALENDAR_YEAR = "calendar_year"  # a day has no override to remove; about: its year
    LIST_CASES = "list_cases"  # a dossier code unknown
    SHOW_CASE = "show_case"  # a dossier exists already; about: its code
    RECHECK_CASE = "recheck_case"  # someone changed the dossier meanwhile; about: its code
    GIVE_REASON = "give_reason"  # a draft needs the reason of the delay; about: the code
    REASON_THEN_REDRAFT = "reason_then_redraft"  # an issue needs it, in the letter; about: code
    DRAFT_LETTER = "draft_letter"  # the dossier has no letter yet; about: its code
    REDRAFT_LETTER = "redraft_letter"  # the draft is of the wrong kind now; about: the code
    ISSUE_LETTER = "issue_letter"  # a draft cannot be published; about: the dossier's code
    WITHDRAW = "withdraw"  # a publication is recorded already; about: the dossier's code
    LIST_REGIMES = "list_regimes"  # a stored letter names a regime the files no longer have
    # What a form (or an option) must say, when it said nothing or too little:
    LATER_NEW_DATE = "later_new_date"  # a new return date not after the old one
    NO_NEW_DATE = "no_new_date"  # a letter of apology promises no new date
    FORCE_LETTER = "force_letter"  # no letter is due (yet, or again) without a reason why
    WHY_FOR_DAY = "why_for_day"  # a calendar change needs its grounds
    WHY_FOR_HEADER = "why_for_header"  # a header change reprints issued letters
    PORTAL_URL = "portal_url"  # a portal post needs its address
    URL_TEMPLATE = "url_template"  # a batch of portal posts needs their addresses' pattern
    CHOOSE_HEAD = "choose_head"  # a head's account needs the head it belongs to


@dataclass(frozen=True)
class NextStep:
    """One action and what it is about: a dossier's or a unit's code, a name as the reader
    typed it, an account, a year (as text); empty when the action needs nothing."""

    action: Action
    about: str = ""


def joined(message: str, advice: str) -> str:
    """A sentence with its advice: after a colon, or a semicolon when the sentence already
    has one; its final period (a refusal has one, a rejected row none) kept at the end."""
    body, end = (message[:-1], ".") if message.endswith(".") else (message, "")
    return f"{body}{'; ' if ': ' in body else ': '}{advice}{end}"
