"""Migration 0005_letter_counters on a database holding issued letters (both engines): every row
kept, each unit's counter starts at the last number it gave in each year, and the next letter
issued after the upgrade follows it (never a number given before the upgrade)."""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine

from tests.conftest import Invoke
from tests.database import snapshot
from tests.dossiers import add_late
from tests.lifecycle_data import A, B, C
from tracker import migrate

D = "000.00.19.H53-241101-0004"  # tnmt, issued by hand with number 07
LAST_YEAR = "000.00.19.H53-231201-0005"  # tnmt, issued in December 2023


def issue(run: Invoke, code: str, *args: str) -> str:
    [issued] = json.loads(run("letters", "issue", code, *args, "--format", "json").stdout)
    number: str = issued["number"]
    return number


def test_upgrade_starts_each_counter_at_the_last_number_given(run: Invoke, engine: Engine) -> None:
    for code, unit, due in ((A, "tnmt", "20/11/2024"), (B, "tnmt", "22/11/2024"),
                            (C, "ktht", "21/11/2024"), (D, "tnmt", "21/11/2024")):  # fmt: skip
        add_late(run, code, unit, due)
    run("--today", "20/12/2023", "cases", "add", LAST_YEAR, "--procedure", "Tách thửa đất",
        "--applicant", "Trần Thị Bình", "--unit", "tnmt", "--received", "01/12/2023",
        "--due", "15/12/2023", "--reason", "Chờ đo đạc lại ranh giới thửa đất.")  # fmt: skip
    run("--today", "20/12/2023", "letters", "draft", LAST_YEAR, "--new-date", "27/12/2023")
    run("letters", "draft", A, C, D)
    assert issue(run, LAST_YEAR, "--auto-number", "--on", "20/12/2023") == "01/PXL-TNMT"
    assert issue(run, A, "--auto-number") == "01/PXL-TNMT"
    assert issue(run, D, "--number", "07/PXL-TNMT") == "07/PXL-TNMT"
    assert issue(run, C, "--auto-number") == "01/PXL-KTHT"

    migrate.downgrade(engine, "0004_units_over_time")
    before = snapshot(engine)
    assert "letter_counters" not in before
    migrate.upgrade(engine, "0005_letter_counters")  # this revision alone: later ones move rows
    after = snapshot(engine)
    assert {table: rows for table, rows in after.items() if table != "letter_counters"} == before
    units = {row["id"]: row["code"] for row in after["units"]}
    counters = {(units[r["unit_id"]], r["year"]): r["last_seq"] for r in after["letter_counters"]}
    assert counters == {("tnmt", 2023): 1, ("tnmt", 2024): 7, ("ktht", 2024): 1}

    # The next letters follow the last numbers given before the upgrade, unit by unit.
    migrate.upgrade(engine)
    run("letters", "draft", B)
    assert issue(run, B, "--auto-number") == "08/PXL-TNMT"


def test_downgrade_drops_the_counters_and_the_older_schema_numbers_on(
    run: Invoke, engine: Engine
) -> None:
    add_late(run, A, "tnmt", "20/11/2024")
    run("letters", "draft", A)
    issue(run, A, "--auto-number")
    migrate.downgrade(engine, "0004_units_over_time")
    tables = snapshot(engine)
    assert "letter_counters" not in tables
    assert [row["number"] for row in tables["letters"]] == ["01/PXL-TNMT"]
    migrate.upgrade(engine)
