"""Working-day arithmetic per dossier, against the calendar-free floor.

Every list, report and warning computes, per dossier, the days late (working days after the
due date) and the apology deadline (as the regime of the due date counts it: 1 working day
before, until the change of law in July 2025; 1 calendar day before, after). Measured, turn
about, over the same N (due, end) pairs spread over 2023–2026:
  A. LawCalendar.days_late + apology_deadline (the per-year cumulative tables; the governing
     regime decided once per due date);
  B. the floor: plain date arithmetic, (end − due).days and due − 1 day, no calendar at all;
  C. a naive count: one is_working() call per day between due and end.
Also: building a fresh calendar's first year (holidays VN loaded), once per command.
Goal: A within 5× of B, and well under C.

    .venv/bin/python bench/workdays.py [--pairs 200000] [--rounds 7] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from harness import figures, print_table, turn_about, verdict

from tracker.calendar import WorkCalendar
from tracker.law.calendar import LawCalendar
from tracker.law.loading import load_book

GOAL = 5.0


def pairs(count: int, seed: int) -> list[tuple[dt.date, dt.date]]:
    rng = random.Random(seed)
    first = dt.date(2023, 1, 1)
    result = []
    for _ in range(count):
        due = first + dt.timedelta(days=rng.randrange(4 * 365))
        result.append((due, due + dt.timedelta(days=rng.randrange(-20, 60))))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    data = pairs(args.pairs, args.seed)
    calendar = LawCalendar(load_book())
    one_day = dt.timedelta(days=1)

    def with_calendar() -> float:
        start = time.perf_counter()
        for due, end in data:
            calendar.days_late(due, end)
            calendar.apology_deadline(due)
        return time.perf_counter() - start

    def floor() -> float:
        start = time.perf_counter()
        for due, end in data:
            max((end - due).days, 0)
            due - one_day
        return time.perf_counter() - start

    def naive() -> float:
        start = time.perf_counter()
        for due, end in data:
            sum(calendar.is_working(due + one_day * i) for i in range(1, (end - due).days + 1))
            calendar.apology_deadline(due)
        return time.perf_counter() - start

    def fresh_year() -> float:
        start = time.perf_counter()
        WorkCalendar().is_working(dt.date(2024, 11, 26))
        return time.perf_counter() - start

    with_calendar()  # fill the year tables once, as the first dossier of a command does
    names = {
        "A. days_late + apology_deadline": with_calendar,
        "B. plain date arithmetic (floor)": floor,
        "C. naive day-by-day count": naive,
        "first year of a fresh calendar": fresh_year,
    }
    times = turn_about(names, rounds=args.rounds)
    rows = figures(times, baseline="B. plain date arithmetic (floor)")
    print_table(f"Working days for {args.pairs:,} dossiers", rows, rounds=args.rounds)
    print()
    print(verdict(rows[0], GOAL))


if __name__ == "__main__":
    main()
