"""The rules of the field on plain values (tracker.rules), without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker import rules
from tracker.dates import Period
from tracker.law.calendar import LawCalendar
from tracker.law.loading import load_book

CALENDAR = LawCalendar(load_book())  # working days and the shipped regimes
SUNDAY = dt.date(2024, 11, 17)
MONDAY = dt.date(2024, 11, 18)
TUESDAY = dt.date(2024, 11, 19)


@pytest.mark.parametrize(
    ("due", "finished", "today", "late", "days"),
    [
        (TUESDAY, TUESDAY, TUESDAY, False, 0),  # on the day
        (TUESDAY, MONDAY, TUESDAY, False, 0),  # early
        (TUESDAY, dt.date(2024, 11, 20), TUESDAY, True, 1),
        (SUNDAY, MONDAY, TUESDAY, False, 0),  # due on a day off: Monday is the due date
        (SUNDAY, TUESDAY, TUESDAY, True, 1),
        (SUNDAY, None, MONDAY, False, 0),  # open, today is the effective due date
        (SUNDAY, None, TUESDAY, True, 1),  # open, past it
        (dt.date(2024, 11, 15), dt.date(2024, 11, 16), TUESDAY, True, 0),  # a Saturday result
        # National Day 2024: Monday 2/9 and Tuesday 3/9 off; due Sunday 1/9 → Wednesday 4/9.
        (dt.date(2024, 9, 1), dt.date(2024, 9, 4), dt.date(2024, 9, 30), False, 0),
        (dt.date(2024, 9, 1), dt.date(2024, 9, 5), dt.date(2024, 9, 30), True, 1),
    ],
)
def test_late_against_the_effective_due_date(
    due: dt.date, finished: dt.date | None, today: dt.date, late: bool, days: int
) -> None:
    assert rules.is_late(CALENDAR, due, finished, today) is late
    assert rules.days_late(CALENDAR, due, finished, today) == days
    remembered = rules.RememberedRules(CALENDAR)
    assert rules.is_late(remembered, due, finished, today) is late


def test_due_soon_is_open_and_effectively_due_between_today_and_the_horizon() -> None:
    horizon = dt.date(2024, 11, 20)
    assert rules.is_due_soon(CALENDAR, SUNDAY, None, MONDAY, horizon)  # due today, in effect
    assert not rules.is_due_soon(CALENDAR, SUNDAY, MONDAY, MONDAY, horizon)  # resolved
    assert not rules.is_due_soon(CALENDAR, SUNDAY, None, TUESDAY, horizon)  # late already
    assert not rules.is_due_soon(CALENDAR, dt.date(2024, 11, 21), None, MONDAY, horizon)


@pytest.mark.parametrize(
    ("stored", "live", "state"),
    [
        ("draft", [], "draft"),
        ("issued", [], "issued"),
        ("issued", ["portal"], "issued"),
        ("issued", ["onestop", "portal"], "published"),
        ("draft", ["onestop", "portal"], "draft"),
        ("superseded", ["onestop", "portal"], "superseded"),
    ],
)
def test_a_letter_is_published_when_issued_and_live_on_both_channels(
    stored: str, live: list[str], state: str
) -> None:
    assert rules.letter_state(stored, live) == state


def test_a_withdrawn_record_is_not_live() -> None:
    records = [("portal", dt.date(2024, 11, 20)), ("portal", None), ("onestop", MONDAY)]
    assert rules.live_channels(records) == {"portal"}
    assert rules.is_live(None) and not rules.is_live(MONDAY)


def test_an_apology_is_late_after_due_date_minus_one_working_day() -> None:
    due = TUESDAY  # deadline Monday 18/11
    assert rules.late_apology_step(MONDAY, MONDAY, None) is None
    assert rules.late_apology_step(MONDAY, MONDAY, TUESDAY) == "issue"
    assert rules.late_apology_step(MONDAY, TUESDAY, TUESDAY) == "draft"
    assert not rules.is_late_apology(CALENDAR, due, MONDAY, MONDAY)
    assert rules.is_late_apology(CALENDAR, due, MONDAY, TUESDAY)
    # Due Monday 18/11: the deadline is Friday 15/11, the weekend does not count.
    assert rules.is_late_apology(CALENDAR, MONDAY, SUNDAY, None)


def test_dates_period_and_search_key() -> None:
    assert rules.check_dates(MONDAY, SUNDAY, None) == "ngày hẹn trả trước ngày tiếp nhận"
    assert rules.check_dates(MONDAY, TUESDAY, SUNDAY) == "ngày có kết quả trước ngày tiếp nhận"
    assert rules.check_dates(None, SUNDAY, None) is None
    assert rules.period_of(dt.date(2025, 1, 31)) == "2025-01"
    assert rules.case_status(None) == "open" and rules.case_status(MONDAY) == "resolved"
    key = rules.search_key("000.00.19.H53-241105-0001", "Đặng Thị Ánh", "Cấp Giấy phép")
    assert key == "000.00.19.h53-241105-0001 dang thi anh cap giay phep"


# District settings from the beginning, the commune's from 01/07/2025: a desk added, the
# parent body ended (None), the province unchanged (no row).
SETTINGS_HISTORY = [
    ("name", dt.date(2025, 7, 1), "Ủy ban nhân dân xã Phước Thạnh"),
    ("name", dt.date(1995, 1, 1), "Ủy ban nhân dân huyện Gò Dầu"),
    ("province", dt.date(1995, 1, 1), "Tây Ninh"),
    ("parent_body", dt.date(1995, 1, 1), "UBND TỈNH TÂY NINH"),
    ("parent_body", dt.date(2025, 7, 1), None),
    ("onestop_desk", dt.date(2025, 7, 1), "Trung tâm Phục vụ hành chính công"),
]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(1994, 12, 31), {}),
        (dt.date(2024, 11, 30), {"name": "Ủy ban nhân dân huyện Gò Dầu", "province": "Tây Ninh",
                                 "parent_body": "UBND TỈNH TÂY NINH"}),
        (dt.date(2025, 6, 30), {"name": "Ủy ban nhân dân huyện Gò Dầu", "province": "Tây Ninh",
                                "parent_body": "UBND TỈNH TÂY NINH"}),
        (dt.date(2025, 7, 1), {"name": "Ủy ban nhân dân xã Phước Thạnh", "province": "Tây Ninh",
                               "onestop_desk": "Trung tâm Phục vụ hành chính công"}),
    ],
)  # fmt: skip
def test_the_settings_of_a_day_are_each_keys_latest_row_until_then(
    day: dt.date, expected: dict[str, str]
) -> None:
    assert rules.settings_on(SETTINGS_HISTORY, day) == expected
    assert rules.settings_on(reversed(SETTINGS_HISTORY), day) == expected  # any row order


# The district's history above, a new signer from 16/12/2024 (the same office), and a
# reorganisation in the middle of a month: another office from 15/03/2027.
DOCUMENT_HISTORY = [
    *SETTINGS_HISTORY,
    ("leader_name", dt.date(1995, 1, 1), "Nguyễn Văn Tân"),
    ("leader_name", dt.date(2024, 12, 16), "Lê Thị Hồng"),
    ("name", dt.date(2027, 3, 15), "Ủy ban nhân dân phường Gò Dầu"),
]
NOVEMBER_END = dt.date(2024, 11, 30)
MARCH_END = dt.date(2027, 3, 31)


@pytest.mark.parametrize(
    ("month_end", "day", "expected"),
    [
        (NOVEMBER_END, dt.date(2024, 12, 9), dt.date(2024, 12, 9)),  # the same office: that day
        (NOVEMBER_END, dt.date(2024, 12, 20), dt.date(2024, 12, 20)),  # with its new signer
        (NOVEMBER_END, dt.date(2025, 6, 30), dt.date(2025, 6, 30)),  # the district's last day
        (NOVEMBER_END, dt.date(2024, 11, 15), dt.date(2024, 11, 15)),  # «tính đến» mid-month
        (dt.date(2026, 10, 31), dt.date(2026, 11, 2), dt.date(2026, 11, 2)),  # the commune's
        # A mid-month printout of a month another office took over within it: that office's.
        (MARCH_END, dt.date(2027, 3, 10), MARCH_END),
    ],
)  # fmt: skip
def test_a_months_document_takes_the_settings_of_its_date_while_its_office_lasts(
    month_end: dt.date, day: dt.date, expected: dt.date
) -> None:
    assert rules.document_day(DOCUMENT_HISTORY, month_end, day) == expected


@pytest.mark.parametrize("day", [dt.date(2025, 7, 1), dt.date(2026, 11, 2), dt.date(2027, 4, 1)])
def test_a_months_document_dated_after_its_office_handed_over_is_refused(day: dt.date) -> None:
    """The district handed over on 01/07/2025; a later change (2027) does not move that day."""
    handed = rules.document_day(DOCUMENT_HISTORY, NOVEMBER_END, day)
    assert handed == rules.HandedOver(
        "Ủy ban nhân dân huyện Gò Dầu", "Ủy ban nhân dân xã Phước Thạnh", dt.date(2025, 7, 1)
    )
    assert isinstance(handed, rules.HandedOver)
    assert handed.last_day == dt.date(2025, 6, 30)
    assert handed.sentence(Period(2024, 11)) == (
        "Báo cáo và công văn tháng 11/2024 là văn bản của Ủy ban nhân dân huyện Gò Dầu, cơ quan "
        "đã bàn giao cơ sở dữ liệu cho Ủy ban nhân dân xã Phước Thạnh từ 01/07/2025: văn bản "
        "chỉ có thể mang ngày đến 30/06/2025."
    )


def test_the_office_after_a_mid_month_change_hands_over_from_its_own_day() -> None:
    handed = rules.document_day(DOCUMENT_HISTORY, dt.date(2026, 10, 31), dt.date(2027, 3, 20))
    assert handed == rules.HandedOver(
        "Ủy ban nhân dân xã Phước Thạnh", "Ủy ban nhân dân phường Gò Dầu", dt.date(2027, 3, 15)
    )
