"""`letters pending` on a big database: the issued letters, not every dossier, set its cost.

On a copy of the shared synthetic database (bench/database.py) with one dossier in `--every`
given an issued letter, measured turn about in one process:
  A. pending_letters() — `cases list --letter issued` narrowed in SQL (letters indexed by dossier);
  B. the baseline: every dossier's row built, then filtered in Python (what a derived status
     would cost without the narrowing).

    .venv/bin/python bench/lifecycle.py [--rows 20000] [--seed 1] [--rounds 7] [--every 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from database import TODAY, sqlite_database
from harness import figures, print_table, turn_about
from sqlalchemy.orm import Session


def with_issued_letters(source: Path, every: int) -> Path:
    """A private copy of the database where one dossier in `every` has an issued letter."""
    from sqlalchemy import insert, select

    from tracker.db import make_engine, transaction
    from tracker.models import ApologyLetter, Dossier

    copy = Path(tempfile.mkdtemp(prefix="tracker-lifecycle-")) / "bench.db"
    shutil.copyfile(source, copy)
    engine = make_engine(f"sqlite:///{copy}")
    with transaction(engine) as session:
        chosen = session.execute(
            select(Dossier.id, Dossier.unit_id, Dossier.due_at).where(Dossier.id % every == 0)
        ).all()
        session.execute(
            insert(ApologyLetter),
            [
                {
                    "dossier_id": dossier_id,
                    "seq": 1,
                    "unit_id": unit_id,
                    "status": "issued",
                    "reason": "Chờ ý kiến cơ quan liên quan (dữ liệu thử)",
                    "old_due_at": due_at,
                    "new_due_at": due_at + dt.timedelta(days=14),
                    "drafted_on": due_at - dt.timedelta(days=2),
                    "signer_name": "Người ký thử",
                    "signer_title": "TRƯỞNG PHÒNG",
                    "number": f"{dossier_id:02d}/PXL-THU",
                    "number_seq": dossier_id,
                    "number_year": due_at.year,
                    "issued_on": due_at - dt.timedelta(days=1),
                    "issued_by": "bench",
                }
                for dossier_id, unit_id, due_at in chosen
            ],
        )
    engine.dispose()
    print(f"{len(chosen):,} issued letters added to a copy of {source}", flush=True)
    return copy


def timed(database: Path, work: Callable[[Session], int]) -> Callable[[], float]:
    from tracker.db import make_engine, transaction

    engine = make_engine(f"sqlite:///{database}")

    def measure() -> float:
        start = time.perf_counter()
        with transaction(engine) as session:
            work(session)
        return time.perf_counter() - start

    return measure


def pending(session: Session) -> int:
    from tracker.services.chase import pending_letters

    return len(pending_letters(session, channel=None, unit=None, today=TODAY))


def every_row_then_filter(session: Session) -> int:
    from tracker.services.case_list import CaseFilter, list_cases

    rows = list_cases(session, CaseFilter(), today=TODAY)
    return sum(1 for r in rows if r.letter is not None and r.letter.status == "issued")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--every", type=int, default=100)
    options = parser.parse_args()

    database = with_issued_letters(sqlite_database(options.rows, options.seed), options.every)
    try:
        times = turn_about(
            {
                "pending (narrowed in SQL)": timed(database, pending),
                "every row, filtered in Python": timed(database, every_row_then_filter),
            },
            rounds=options.rounds,
        )
    finally:
        shutil.rmtree(database.parent, ignore_errors=True)
    rows = figures(
        times,
        baseline="every row, filtered in Python",
        commands={
            "pending (narrowed in SQL)": "pending_letters(session, …)",
            "every row, filtered in Python": "list_cases(CaseFilter()) + filter",
        },
    )
    print_table(
        f"letters pending, {options.rows:,} dossiers, 1 in {options.every} with an issued letter",
        rows,
        rounds=options.rounds,
    )


if __name__ == "__main__":
    main()
