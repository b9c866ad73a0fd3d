"""Every place that says which dossiers are late says the same thing: `cases list`, the batch
of `letters draft --period`, the totals of `report monthly` and its appendix. Random dossiers
(a seeded generator) due on working days, weekends and public holidays, finished early, on
time, late or not at all, go through all four, and each answer is checked against a count made
here day by day: late means finished (or still open today) after the due date, moved off a day
off to the next working day (Bộ luật Dân sự, Điều 148)."""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import Invoke
from tests.import_files import HEADERS, PROCEDURE, csv_bytes
from tracker.dates import Period
from tracker.law.calendar import LawCalendar
from tracker.law.loading import load_book

ONE_DAY = dt.timedelta(days=1)
UNITS = ("Phòng TN&MT", "Phòng Kinh tế và Hạ tầng", "UBND xã Hiệp Thạnh")
# Months with days off inside: weekends only (the Sunday 17/11/2024 of the report that found the
# disagreement), National Day 2–3/9/2024, Tết 2025 (27/1–2/2), 30/4 and 1–2/5/2025.
PERIODS = (Period(2024, 11), Period(2024, 9), Period(2025, 1), Period(2025, 5))
CALENDAR = LawCalendar(load_book())  # working days and the shipped regimes


@dataclass(frozen=True)
class Sample:
    code: str
    unit: str
    due: dt.date
    finished: dt.date | None


def effective_due(due: dt.date) -> dt.date:
    day = due
    while not CALENDAR.is_working(day):
        day += ONE_DAY
    return day


def expected_days_late(sample: Sample, today: dt.date) -> int | None:
    """Working days late, counted day by day; None when not late."""
    end = sample.finished or today
    start = effective_due(sample.due)
    if end <= start:
        return None
    return sum(CALENDAR.is_working(start + ONE_DAY * n) for n in range(1, (end - start).days + 1))


def samples(seed: int) -> tuple[Period, dt.date, list[Sample]]:
    """A month, a today, and 30 dossiers due in it — among them, for a due date on a day off,
    one finished on the effective due date (not late) and one the day after (late)."""
    rng = random.Random(seed)
    period = PERIODS[seed % len(PERIODS)]
    today = period.first_day + ONE_DAY * rng.randint(10, 45)
    days = [period.first_day + ONE_DAY * n for n in range(period.last_day.day)]
    days_off = [day for day in days if not CALENDAR.is_working(day) and day < today]
    result: list[Sample] = []

    def add(due: dt.date, finished: dt.date | None) -> None:
        n = len(result) + 1
        code = f"000.00.19.H53-{due - ONE_DAY * 20:%y%m%d}-{n:04d}"
        result.append(Sample(code, rng.choice(UNITS), due, finished))

    for due in rng.sample(days_off, min(3, len(days_off))):
        on_time = effective_due(due)
        if on_time <= today:
            add(due, on_time)
        if on_time + ONE_DAY <= today:
            add(due, on_time + ONE_DAY)
    while len(result) < 30:
        due = rng.choice(days)
        finished = due + ONE_DAY * rng.randint(-4, 9)
        add(due, finished if finished <= today and rng.random() < 0.7 else None)
    return period, today, result


def write_export(path: Path, dossiers: list[Sample]) -> Path:
    rows = [
        [s.code, PROCEDURE, "Nguyễn Văn An", s.unit, f"{s.due - ONE_DAY * 20:%d/%m/%Y}",
         f"{s.due:%d/%m/%Y}", f"{s.finished:%d/%m/%Y}" if s.finished else "",
         "Chờ ý kiến phối hợp của cơ quan liên quan."]
        for s in dossiers
    ]  # fmt: skip
    path.write_bytes(csv_bytes(rows, headers=[*HEADERS, "Lý do trễ hẹn"]))
    return path


def appendix(path: Path) -> dict[str, int]:
    """The printout's appendix: days late by dossier code."""
    table = Document(str(path)).tables[-1]
    header = [cell.text for cell in table.rows[0].cells]
    code, days = header.index("Mã hồ sơ"), header.index("Ngày trễ")
    return {row.cells[code].text: int(row.cells[days].text) for row in table.rows[1:]}


@pytest.mark.parametrize("seed", range(8))
def test_cases_list_letters_draft_and_the_report_agree_on_who_is_late(
    run: Invoke, tmp_path: Path, seed: int
) -> None:
    period, today, dossiers = samples(seed)
    expected = {
        s.code: days for s in dossiers if (days := expected_days_late(s, today)) is not None
    }
    clock = ("--today", today.strftime("%d/%m/%Y"))
    run(*clock, "import", str(write_export(tmp_path / "xuat.csv", dossiers)))

    listed = json.loads(run(*clock, "cases", "list", "--period", str(period), "--format",
                            "json").stdout)  # fmt: skip
    assert {r["code"]: r["days_late"] for r in listed if r["late"]} == expected
    assert all(r["days_late"] == 0 for r in listed if not r["late"])
    late = json.loads(run(*clock, "cases", "list", "--period", str(period), "--status", "late",
                          "--format", "json").stdout)  # fmt: skip
    assert {r["code"]: r["days_late"] for r in late} == expected

    report = json.loads(run(*clock, "report", "monthly", str(period), "--format", "json").stdout)
    totals = report["totals"]
    assert totals["tracked"] == len(dossiers)
    assert totals["late"] == report["total"] == len(expected)
    assert totals["open"] == sum(1 for s in dossiers if s.code in expected and not s.finished)
    assert totals["days_late_max"] == max(expected.values(), default=None)
    median = statistics.median(expected.values()) if expected else None
    assert totals["days_late_median"] == median
    assert sum(unit["late"] for unit in report["by_unit"]) == len(expected)

    printout = tmp_path / "bao-cao.docx"
    run(*clock, "report", "monthly", str(period), "--format", "docx", "--out", str(printout))
    assert appendix(printout) == expected

    drafted = json.loads(run(*clock, "letters", "draft", "--period", str(period), "--format",
                             "json").stdout)  # fmt: skip
    assert sorted(d["code"] for d in drafted["drafted"]) == sorted(expected)
    assert drafted["skipped"] == []


def test_due_on_a_sunday_and_finished_the_monday_after_is_late_nowhere(
    run: Invoke, tmp_path: Path
) -> None:
    """The case that showed the copies disagreeing: due Sunday 17/11/2024, finished Monday
    18/11/2024 — the effective due date itself."""
    code = "000.00.19.H53-241028-0001"
    run("import", str(write_export(tmp_path / "xuat.csv",
                                   [Sample(code, "Phòng TN&MT", dt.date(2024, 11, 17),
                                           dt.date(2024, 11, 18))])))  # fmt: skip
    [row] = json.loads(run("cases", "list", "--format", "json").stdout)
    assert (row["late"], row["days_late"]) == (False, 0)
    assert json.loads(run("cases", "list", "--status", "late", "--format", "json").stdout) == []
    drafted = run("letters", "draft", "--period", "2024-11", "--format", "json").stdout
    assert json.loads(drafted) == {
        "drafted": [],
        "skipped": [],
        "counts": {"reschedule": 0, "apology": 0},
    }
    report = json.loads(run("report", "monthly", "2024-11", "--format", "json").stdout)
    assert (report["totals"]["tracked"], report["totals"]["late"]) == (1, 0)
    printout = tmp_path / "bao-cao.docx"
    run("report", "monthly", "2024-11", "--format", "docx", "--out", str(printout))
    assert appendix(printout) == {}
