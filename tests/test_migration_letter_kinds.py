"""Migration 0003_letter_kinds on a database holding letters (both engines): every row kept,
existing letters become reschedule letters on the 2018 form under the regime of their dossier's
date, and a draft whose dossier was settled since must be redrafted before it is issued."""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine

from tests.conftest import Invoke
from tests.database import snapshot
from tests.dossiers import add_late
from tracker import migrate

OLD = "000.00.19.H53-241101-0001"  # due 19/11/2024, open: issued and rendered
AUGUST = "000.00.19.H53-250701-0002"  # due 04/08/2025, open: a draft
SETTLED = "000.00.19.H53-241101-0003"  # due 21/11/2024: drafted open, settled afterwards


def test_upgrade_keeps_every_row_and_decides_each_letters_regime(
    run: Invoke, engine: Engine, tmp_path: object
) -> None:
    add_late(run, OLD, "tnmt", "19/11/2024", received="01/11/2024")
    add_late(run, AUGUST, "tnmt", "04/08/2025", received="01/07/2025")
    add_late(run, SETTLED, "tnmt", "21/11/2024", received="01/11/2024")
    run("letters", "draft", OLD, SETTLED, "--new-date", "03/12/2024")
    run("--today", "01/08/2025", "letters", "draft", AUGUST, "--new-date", "11/08/2025")
    run("letters", "issue", OLD, "--auto-number")
    run("letters", "render", OLD, "--out", str(tmp_path))
    migrate.downgrade(engine, "0002_accounts")
    before = snapshot(engine)
    assert "kind" not in before["letters"][0] and len(before["letters"]) == 3
    migrate.upgrade(engine, "0003_letter_kinds")
    after = snapshot(engine)
    for table, rows in before.items():
        kept = [{k: row[k] for k in rows[0]} for row in after[table]] if rows else []
        assert kept == rows, table
    by_seq = {row["id"]: row for row in after["letters"]}
    codes = {row["id"]: row["code"] for row in after["dossiers"]}
    regimes = {
        codes[row["dossier_id"]]: (row["kind"], row["regime"], row["form"], row["returned_at"])
        for row in by_seq.values()
    }
    assert regimes == {
        OLD: ("reschedule", "nd61", "tt01-2018-m04", None),
        SETTLED: ("reschedule", "nd61", "tt01-2018-m04", None),
        # Its apology was due on 03/08/2025, under Nghị định 118/2025.
        AUGUST: ("reschedule", "nd118", "tt01-2018-m04", None),
    }
    assert all(row["content"] is None for row in after["letter_files"])
    migrate.upgrade(engine)  # the later revisions too, so that the commands below may run

    # The dossier settled since its letter was drafted: issuing it is refused, redrafting
    # makes it an apology letter, which is then issued as one.
    run("cases", "resolve", SETTLED, "--on", "25/11/2024")
    refused = run("letters", "issue", SETTLED, "--auto-number", ok=False)
    assert f"`tracker letters draft {SETTLED}`" in refused.stderr
    run("letters", "draft", SETTLED)
    [issued] = json.loads(
        run("letters", "issue", SETTLED, "--auto-number", "--format", "json").stdout
    )
    # One register per unit and year, whatever the kind: the unit's second number this year.
    assert (issued["kind"], issued["number"]) == ("apology", "02/TXL-TNMT")
    # The letter issued before the upgrade is as it was: the same number, regime and form.
    letter = json.loads(run("cases", "show", OLD, "--format", "json").stdout)["letter"]
    assert (letter["number"], letter["regime"], letter["kind"]) == (
        "01/PXL-TNMT",
        "nd61",
        "reschedule",
    )


def test_downgrade_gives_an_apology_letter_a_date_the_old_schema_demands(
    run: Invoke, engine: Engine
) -> None:
    add_late(run, SETTLED, "tnmt", "21/11/2024", received="01/11/2024")
    run("cases", "resolve", SETTLED, "--on", "25/11/2024")
    run("letters", "draft", SETTLED)
    migrate.downgrade(engine, "0002_accounts")
    [letter] = snapshot(engine)["letters"]
    assert str(letter["new_due_at"]) == "2024-11-25"
    migrate.upgrade(engine)
