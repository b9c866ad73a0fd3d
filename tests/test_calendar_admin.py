"""`tracker calendar …` through the CLI: the year's list, overrides added and removed, and
what a change moves (days late, apology deadlines, drafted letters). Today is 26/11/2024."""

from __future__ import annotations

import json

from sqlalchemy import text

from tests.conftest import Invoke
from tests.csv_output import read_csv
from tests.dossiers import add_case, cases_json
from tracker.db import make_engine

LATE = "000.00.19.H53-241105-0001"  # due Wed 20/11/2024: 4 working days late on Tue 26/11
SOON = "000.00.19.H53-241112-0002"  # due Thu 28/11/2024: apology by Wed 27/11


def days_late(run: Invoke, code: str) -> int:
    return next(row["days_late"] for row in cases_json(run) if row["code"] == code)


def year_json(run: Invoke, year: str) -> dict[str, dict]:
    rows = json.loads(run("calendar", "list", year, "--format", "json").stdout)
    return {row["date"]: row for row in rows}


def test_list_2025_names_every_exception(run: Invoke) -> None:
    days = year_json(run, "2025")
    for day in ("2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"):
        assert days[day]["working"] is False and days[day]["source"] == "holiday"
    assert days["2025-01-29"]["name"] == "Tết Nguyên Đán"
    assert days["2025-04-26"] == {
        "date": "2025-04-26",
        "weekday": "Thứ Bảy",
        "working": True,
        "name": "Thứ Bảy làm việc bù cho ngày nghỉ 02/05/2025",
        "source": "swap",
    }
    assert days["2025-05-02"]["source"] == "swap"
    assert days["2025-09-01"]["name"] == days["2025-09-02"]["name"] == "Quốc khánh"
    assert "2025-02-01" not in days  # a holiday on a Saturday is no weekday off
    assert len(days) == 13


def test_list_2024_table_and_csv(run: Invoke) -> None:
    table = run("calendar", "list", "2024").stdout
    assert "Ngày nghỉ (thay cho ngày 04/05/2024)" in table
    rows = read_csv(run("calendar", "list", "2024", "--format", "csv").stdout)
    assert rows[0] == ["Ngày", "Thứ", "Làm việc/nghỉ", "Tên, lý do", "Nguồn"]
    assert rows[[r[0] for r in rows].index("04/05/2024")][:3] == [
        "04/05/2024",
        "Thứ Bảy",
        "làm việc",
    ]
    assert [r[0] for r in rows if r[3] == "Quốc khánh"] == ["02/09/2024", "03/09/2024"]


def test_override_added_and_removed_moves_days_late(run: Invoke, db_url: str) -> None:
    add_case(run, LATE, due="20/11/2024")
    add_case(
        run,
        "000.00.19.H53-241101-0003",
        received="01/10/2024",
        due="15/10/2024",
        finished="20/11/2024",
    )
    assert days_late(run, LATE) == 4

    added = run("calendar", "add-off", "22/11/2024", "--why", "Thông báo số 99/TB-UBND (thử)")
    assert "22/11/2024 (Thứ Sáu): làm việc → nghỉ" in added.stderr
    assert LATE in added.stdout and "4 → 3" in added.stdout
    assert "000.00.19.H53-241101-0003" not in added.stdout  # resolved: nothing moves
    assert days_late(run, LATE) == 3
    assert year_json(run, "2024")["2024-11-22"] == {
        "date": "2024-11-22",
        "weekday": "Thứ Sáu",
        "working": False,
        "name": "Ngày nghỉ bổ sung: Thông báo số 99/TB-UBND (thử)",
        "source": "override",
    }

    removed = json.loads(run("calendar", "remove", "22/11/2024", "--format", "json").stdout)
    assert removed["after"]["working"] is True
    assert [
        (m["code"], m["days_late_before"], m["days_late_after"]) for m in removed["dossiers"]
    ] == [(LATE, 3, 4)]
    assert days_late(run, LATE) == 4
    assert "2024-11-22" not in year_json(run, "2024")

    engine = make_engine(db_url)
    with engine.connect() as conn:
        events = conn.execute(
            text(
                "SELECT action, actor, note FROM events"
                " WHERE entity = 'calendar_override' ORDER BY id"
            )
        ).all()
    engine.dispose()
    assert [e[0] for e in events] == ["calendar.add-off", "calendar.remove"]
    assert events[0][1] == "kiem-thu" and LATE in events[0][2]


def test_worked_saturday_counts_and_moves_the_apology_deadline(run: Invoke) -> None:
    add_case(run, LATE, due="20/11/2024")
    add_case(run, "000.00.19.H53-241112-0004", due="25/11/2024", received="12/11/2024")
    change = json.loads(
        run(
            "calendar", "add-workday", "23/11/2024", "--why", "Làm bù (thử)", "--format", "json"
        ).stdout
    )
    moved = {m["code"]: m for m in change["dossiers"]}
    assert moved[LATE]["days_late_after"] == 5
    # Due Monday 25/11: the apology was due Friday 22/11, now the worked Saturday 23/11.
    assert moved["000.00.19.H53-241112-0004"]["apology_deadline_before"] == "2024-11-22"
    assert moved["000.00.19.H53-241112-0004"]["apology_deadline_after"] == "2024-11-23"
    assert days_late(run, LATE) == 5


def test_future_day_off_moves_only_the_dossiers_due_around_it(run: Invoke) -> None:
    add_case(run, LATE, due="20/11/2024")
    add_case(run, SOON, due="28/11/2024", received="12/11/2024")
    add_case(run, "000.00.19.H53-241112-0005", due="27/11/2024", received="12/11/2024")
    add_case(run, "000.00.19.H53-241112-0006", due="10/12/2024", received="12/11/2024")
    change = json.loads(
        run("calendar", "add-off", "27/11/2024", "--why", "Thử", "--format", "json").stdout
    )
    moved = {m["code"]: m for m in change["dossiers"]}
    assert set(moved) == {SOON, "000.00.19.H53-241112-0005"}
    assert moved[SOON]["apology_deadline_after"] == "2024-11-26"
    # Due on the new day off: the due date moves to the next working day (Civil Code Art. 148).
    assert moved["000.00.19.H53-241112-0005"]["effective_due_after"] == "2024-11-28"
    row = next(r for r in cases_json(run) if r["code"] == SOON)
    assert row["apology_deadline"] == "2024-11-26"


def test_drafted_letter_on_a_new_day_off_is_reported(run: Invoke) -> None:
    add_case(run, LATE, due="20/11/2024")
    run("letters", "draft", LATE, "--new-date", "03/12/2024", "--reason", "Chờ xác minh (thử)")
    result = run("calendar", "add-off", "03/12/2024", "--why", "Thử")
    assert f"Thư dự thảo của hồ sơ {LATE} hẹn trả ngày 03/12/2024" in result.stderr
    assert "04/12/2024" in result.stderr  # the next working day, for a redraft
    back = json.loads(run("calendar", "remove", "03/12/2024", "--format", "json").stdout)
    assert back["letters"] == [
        {"code": LATE, "new_due_at": "2024-12-03", "now_day_off": False, "suggested": "2024-12-03"}
    ]


def test_refused_changes_leave_the_calendar_unchanged(run: Invoke) -> None:
    before = run("calendar", "list", "2024", "--format", "json").stdout
    saturday = run("calendar", "add-off", "23/11/2024", "--why", "x", ok=False)
    assert saturday.exit_code == 1
    assert saturday.stderr.startswith("Lỗi: Ngày 23/11/2024 (Thứ Bảy) đã là ngày nghỉ")
    holiday = run("calendar", "add-off", "02/09/2024", "--why", "x", ok=False)
    assert "Quốc khánh" in holiday.stderr
    workday = run("calendar", "add-workday", "26/11/2024", "--why", "x", ok=False)
    assert "đã là ngày làm việc" in workday.stderr
    blank = run("calendar", "add-off", "22/11/2024", "--why", "  ", ok=False)
    assert blank.exit_code == 1 and "--why" in blank.stderr
    missing = run("calendar", "remove", "22/11/2024", ok=False)
    assert missing.exit_code == 1 and "không có điều chỉnh" in missing.stderr
    bad_date = run("calendar", "add-off", "31/02/2024", "--why", "x", ok=False)
    assert bad_date.exit_code != 0 and "Traceback" not in bad_date.output
    assert run("calendar", "list", "2024", "--format", "json").stdout == before
