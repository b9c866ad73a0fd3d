"""Questions asked at the terminal, answered the way a Vietnamese clerk answers.

`yes_or_no` accepts c / có / co / y / yes and k / không / khong / n / no (any case, with or
without diacritics); Enter takes the default shown in capitals ([c/K] means no). Ctrl-C and
the end of input reach the root group, which says so in one line (tracker.cli.root).
"""

from __future__ import annotations

import click

YES = frozenset({"c", "co", "y", "yes", "u", "uh", "dong y"})
NO = frozenset({"k", "khong", "n", "no", "ko"})


def answer(text: str) -> bool | None:
    """True, False, or None for an answer that is neither."""
    from tracker.text import fold

    word = fold(text).strip(" .!")
    if word in YES:
        return True
    if word in NO:
        return False
    return None


def yes_or_no(question: str, *, default: bool = False) -> bool:
    """Ask until the answer is yes or no (on stderr: stdout may be a pipe of data)."""
    choices = "[C/k]" if default else "[c/K]"
    while True:
        typed: str = click.prompt(
            f"{question} {choices}", default="", show_default=False, err=True, prompt_suffix=" "
        )
        if not typed.strip():
            return default
        decided = answer(typed)
        if decided is not None:
            return decided
        click.echo("Hãy trả lời c (có) hoặc k (không).", err=True)
