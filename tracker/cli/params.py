"""Option types that turn a user's typing into values, or one Vietnamese sentence."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from tracker.dates import Period, parse_date, parse_period


class DateType(click.ParamType):
    name = "dd/mm/yyyy"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        return parse_date(str(value))


class PeriodType(click.ParamType):
    name = "YYYY-MM"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Period:
        if isinstance(value, Period):
            return value
        return parse_period(str(value))


DATE = DateType()
PERIOD = PeriodType()


def codes_or_period(codes: tuple[str, ...], period: Period | None) -> Period | None:
    """The batch commands take dossier codes or a whole --period, never both."""
    if codes and period:
        raise click.UsageError("Chỉ mã hồ sơ hoặc --period, không dùng cả hai.")
    return period
