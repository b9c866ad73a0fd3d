"""Cells as dates and text, whatever a one-stop export puts in them (pure, no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.importers import cells

NOV5 = dt.date(2024, 11, 5)


@pytest.mark.parametrize(
    "value",
    [
        "05/11/2024",
        "5/11/2024",
        "05-11-2024",
        "05.11.2024",
        "05/11/2024 08:30",
        "05/11/2024 08:30:15",
        "05/11/2024 8h30",
        "08:30 05/11/2024",
        "08:30:00 05/11/2024",
        "2024-11-05",
        "2024-11-05 08:30",
        "2024-11-05T08:30:15",
        "2024-11-05T08:30:15.123+07:00",
        "20241105083000",
        "20241105",
        20241105083000,
        20241105.0,
        45601,  # an Excel serial day whose date format was lost
        dt.datetime(2024, 11, 5, 8, 30),
        NOV5,
        "  05/11/2024  ",
    ],
)
def test_every_listed_date_format(value: object) -> None:
    assert cells.date(value) == NOV5


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_is_no_date(value: object) -> None:
    assert cells.date(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/11/2024", "ngày «31/11/2024» không tồn tại"),
        ("29/02/2023", "ngày «29/02/2023» không tồn tại"),
        ("20241131000000", "ngày «20241131000000» không tồn tại"),
        ("05/11/2024 25:00", "ngày «05/11/2024 25:00» không tồn tại"),
        ("hôm qua", "không hiểu ngày «hôm qua»"),
        ("11/2024", "không hiểu ngày «11/2024»"),
        (12.5, "không hiểu ngày «12.5»"),
        (float("nan"), "không hiểu ngày"),
        (True, "không hiểu ngày «TRUE»"),
        (dt.time(8, 30), "không hiểu ngày «08:30:00»"),
    ],
)
def test_bad_dates_say_why(value: object, message: str) -> None:
    with pytest.raises(cells.CellError, match=message):
        cells.date(value)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  Nguyễn\u00a0 Văn   An ", "Nguyễn Văn An"),
        ("Nguye\u0302\u0303n", "Nguyễn"),  # decomposed → NFC
        (912345678.0, "912345678"),  # a phone typed as a number
        (12.5, "12.5"),
        (dt.datetime(2024, 11, 5, 8, 30), "05/11/2024 08:30"),
        (dt.datetime(2024, 11, 5), "05/11/2024"),
        (NOV5, "05/11/2024"),
        (False, "FALSE"),
    ],
)
def test_text(value: object, text: str) -> None:
    assert cells.text(value) == text
