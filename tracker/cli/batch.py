"""What the batch commands of the letter's life share: codes or a period, and the question
asked before a batch is kept."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence

import click

from tracker.cli.output import info
from tracker.cli.params import codes_or_period
from tracker.cli.prompts import yes_or_no
from tracker.dates import Period
from tracker.errors import Refused


class Declined(Exception):
    """The clerk answered no: the transaction rolls back and nothing changes."""


def can_ask() -> bool:
    """A question needs someone at a terminal; CI and pipes have no one to answer."""
    return sys.stdin.isatty()


def confirm_batch(summary: Sequence[str], *, yes: bool) -> None:
    """Show what the batch did inside its still open transaction and ask before keeping it;
    a refusal or a "no" rolls the whole batch back."""
    for line in summary:
        info(line)
    if yes:
        return
    if not can_ask():
        raise Refused(
            "Thao tác hàng loạt cần xác nhận nhưng không có người trả lời (không phải màn hình "
            "tương tác): chạy lại với --yes; chưa có thay đổi nào."
        )
    if not yes_or_no("Thực hiện?", default=False):
        raise Declined


def count_by_unit(units: Sequence[str]) -> str:
    """`ktht: 2, tnmt: 3`."""
    return ", ".join(f"{unit}: {count}" for unit, count in sorted(Counter(units).items()))


def one_or_batch(codes: tuple[str, ...], period: Period | None, unit: str | None) -> None:
    """Codes, or a --period (with an optional --unit): exactly one of the two."""
    codes_or_period(codes, period)
    if not codes and not period:
        raise click.UsageError("Hãy chỉ mã hồ sơ, hoặc --period (và --unit) cho cả kỳ.")
    if unit and not period:
        raise click.UsageError("--unit chỉ dùng cùng --period.")
