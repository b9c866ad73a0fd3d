"""What the work pages read from a request: dates and months typed as a clerk types them
(tracker.dates, the CLI's own parsers), a unit filter, a checkbox; how a refusal is answered;
and a download."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from flask import Response, url_for

from tracker.dates import Period, parse_date, parse_period
from tracker.errors import InvalidInput, Refused, TrackerError
from tracker.services.paging import Paging
from tracker.services.units import UnitInfo
from tracker.text import clean


def optional_date(values: Mapping[str, str], name: str) -> dt.date | None:
    """`dd/mm/yyyy` (or ISO) in the field `name`; None when left empty."""
    text = values.get(name, "").strip()
    return parse_date(text) if text else None


def period_of(values: Mapping[str, str], today: dt.date, name: str = "ky") -> Period:
    """The month asked for (`2024-11` or `11/2024`); the current month when none is."""
    text = values.get(name, "").strip()
    return parse_period(text) if text else Period.of(today)


def chosen_month(values: Mapping[str, str], default: Period) -> Period:
    """The month of a month chooser (`_filters.html`: «Tháng 1 … Tháng 12» in `thang`, the
    year in `nam`), or of an address that names it whole (`?thang=2024-11`, `?thang=11/2024`,
    as links and the downloads' addresses do); `default` when nothing is chosen. A browser's
    own month field would speak its locale's language (English month names in an English
    Chromium); this one is Vietnamese in every browser, without JavaScript."""
    month, year = values.get("thang", "").strip(), values.get("nam", "").strip()
    if not year:
        return parse_period(month) if month else default
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        raise InvalidInput(
            f"Năm «{clean(year)}» không hợp lệ: hãy nhập năm bằng bốn chữ số, ví dụ 2024."
        )
    if not (month.isascii() and month.isdigit() and 1 <= int(month) <= 12):
        raise InvalidInput(
            f"Tháng «{clean(month)}» không hợp lệ: hãy chọn từ Tháng 1 đến Tháng 12."
        )
    return parse_period(f"{int(month):02d}/{year}")  # the years tracker works in: its rule


def optional_period(values: Mapping[str, str], name: str = "ky") -> Period | None:
    text = values.get(name, "").strip()
    return parse_period(text) if text else None


def unit_of(values: Mapping[str, str], name: str = "don-vi") -> str | None:
    return values.get(name, "").strip() or None


def page_number(values: Mapping[str, str], name: str = "trang") -> int:
    """The page of a list asked for (`?trang=3`); 1 for anything but a number (the service
    takes a number past either end as the first or the last page)."""
    try:
        return int(values.get(name, ""))
    except ValueError:  # not a number, or one of thousands of digits
        return 1


def page_links(endpoint: str, paging: Paging, args: Mapping[str, Any]) -> dict[int, str]:
    """The addresses of the pages a pager links to (the first, previous, next and last), each
    with the list's other arguments (a unit, a channel) and its number."""
    wanted = (1, paging.number - 1, paging.number + 1, paging.pages)
    return {
        number: url_for(endpoint, **args, trang=number)
        for number in wanted
        if 1 <= number <= paging.pages and number != paging.number
    }


def unit_name(units: Sequence[UnitInfo], code: str | None) -> str | None:
    """The name of the unit `code` among the choices of a unit filter."""
    return next((unit.name for unit in units if unit.code == code), None)


def checked(values: Mapping[str, str], name: str) -> bool:
    return values.get(name) in ("1", "on")


def refusal_status(error: TrackerError) -> int:
    """400 for what was typed wrong, 409 for a step the rules do not allow now."""
    return 409 if isinstance(error, Refused) else 400


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(name: str, data: bytes) -> Response:
    """A file to save: a Vietnamese name survives through RFC 5987's filename*."""
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    response = Response(data, mimetype=DOCX)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    response.headers["Cache-Control"] = "no-store"  # citizens' names: not kept in a cache
    return response
