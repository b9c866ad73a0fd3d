"""How numbers and dates read in Vietnamese documents (decimal comma, `ngày 05 tháng 12 năm 2024`)."""

from __future__ import annotations

import datetime as dt


def letter_date(day: dt.date) -> str:
    """`ngày 05 tháng 12 năm 2024`: day below 10 and months 1–2 zero-padded (Nghị định 30/2020)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_number(value: float, decimals: int = 2) -> str:
    """`87,07`; whole numbers without decimals; thousands with a dot (`1.234`)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vn_percent(value: float) -> str:
    """`69,89%`."""
    return f"{vn_number(value)}%"


def zero_pad(count: int) -> str:
    """Counts in Vietnamese notices are written `01 hồ sơ` below ten."""
    return f"{count:02d}"
