"""A tracker database holding N synthetic dossiers, built once per (N, seed) and reused.

The database is made the way a user makes one — `tracker init --preset go-dau` — and then
filled through SQLAlchemy Core in one transaction: dossiers spread over the preset's 21 units
and the 24 months up to November 2024, each assigned to its unit's head, most of them resolved,
about half of those due in the last six weeks still open (≈ 1,500 open per unit at 1M rows).

Built files live in $TMPDIR/tracker-bench/ (1M dossiers ≈ 300 MB): a second bench run reuses them.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from harness import TRACKER, environment, run_process

TODAY = dt.date(2024, 11, 26)
FIRST_DAY = dt.date(2022, 12, 1)  # 24 months: December 2022 … November 2024
OPEN_WINDOW = dt.timedelta(days=45)
CACHE = Path(os.environ.get("TRACKER_BENCH_CACHE", Path(tempfile.gettempdir()) / "tracker-bench"))
BATCH = 50_000

PROCEDURES = (
    "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
    "Đăng ký biến động quyền sử dụng đất",
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Đăng ký hộ kinh doanh",
    "Chứng thực bản sao từ bản chính",
    "Đăng ký khai sinh",
    "Cấp giấy phép kinh doanh karaoke",
    "Xác nhận tình trạng hôn nhân",
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng")
GIVEN = ("Văn An", "Thị Bích", "Minh Châu", "Hữu Đức", "Thị Hạnh", "Quốc Khánh", "Thị Lan")


def sqlite_database(rows: int, seed: int) -> Path:
    """The path of a migrated go-dau database with `rows` synthetic dossiers (built if missing)."""
    path = CACHE / f"dossiers-{rows}-seed{seed}.db"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building")
    for leftover in CACHE.glob(f"{building.name}*"):
        leftover.unlink()
    print(f"building {path} ({rows:,} dossiers)…", flush=True)
    run_process(
        [TRACKER, "init", "--preset", "go-dau"],
        environment(TRACKER_DATABASE_URL=str(building)),
    )
    fill(f"sqlite:///{building}", rows, seed)
    building.rename(path)
    return path


def fill(database_url: str, rows: int, seed: int) -> None:
    """Insert the synthetic dossiers through SQLAlchemy Core, in one transaction."""
    from sqlalchemy import insert, select

    from tracker.db import make_engine
    from tracker.models import Dossier, Head, Unit

    engine = make_engine(database_url)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            # The unique index on code outgrows SQLite's 2 MB default cache (performance.md).
            conn.exec_driver_sql("PRAGMA cache_size = -262144")
        heads = dict(conn.execute(select(Head.unit_id, Head.id).where(Head.end_on.is_(None))).all())
        units = [(unit_id, heads.get(unit_id)) for unit_id in conn.scalars(select(Unit.id))]
        batch: list[dict[str, Any]] = []
        for record in synthetic_dossiers(rows, seed, units):
            batch.append(record)
            if len(batch) == BATCH:
                conn.execute(insert(Dossier), batch)
                batch = []
        if batch:
            conn.execute(insert(Dossier), batch)
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()


def synthetic_dossiers(
    rows: int, seed: int, units: list[tuple[int, int | None]]
) -> Iterator[dict[str, Any]]:
    """Reproducible dossiers: the same (rows, seed) always gives the same data."""
    from tracker.services.dossiers import search_key

    rng = random.Random(seed)
    span = (TODAY - FIRST_DAY).days
    stamp = dt.datetime(2024, 11, 26, 8, 0)
    for number in range(1, rows + 1):
        unit_id, head_id = units[number % len(units)]
        received = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        due = received + dt.timedelta(days=rng.randrange(5, 30))
        still_open = due > TODAY - OPEN_WINDOW and rng.random() < 0.5
        finished = None if still_open else due + dt.timedelta(days=rng.randrange(-4, 12))
        procedure = PROCEDURES[rng.randrange(len(PROCEDURES))]
        applicant = f"{FAMILY[rng.randrange(len(FAMILY))]} {GIVEN[rng.randrange(len(GIVEN))]}"
        code = f"000.00.19.H53-{received:%y%m%d}-{number:07d}"
        yield {
            "code": code,
            "procedure": procedure,
            "applicant": applicant,
            "unit_id": unit_id,
            "head_id": head_id,
            "received_at": received,
            "due_at": due,
            "finished_at": max(finished, received) if finished else None,
            "period": f"{due:%Y-%m}",
            "search_key": search_key(code, applicant, procedure),
            "source": "import",
            "created_at": stamp,
            "updated_at": stamp,
        }
