"""Migration 0006_organisation_over_time on a database holding November 2024 (both engines): the
organisation's settings leave `settings` for their dated table, each valid from 01/01/1995,
nothing else changes, and the month's printout and notice read as before; downgrading puts back
each setting's newest value (the older tracker knows one office: the newest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.engine import Engine

from tests.conftest import Invoke
from tests.database import snapshot
from tests.docx_text import docx_text
from tracker import migrate
from tracker.cli.context import AppContext
from tracker.services.organisation import replace_organisation
from tracker.services.presets import read_preset

BEFORE = "0005_letter_counters"
DISTRICT = {
    f"org.{key}": str(value) for key, value in read_preset("go-dau")["organisation"].items()
}


def documents(run: Invoke, folder: Path) -> tuple[str, str]:
    """November 2024's printout and notice as they read now."""
    folder.mkdir()
    run("report", "monthly", "2024-11", "--format", "docx", "--out", str(folder / "bc.docx"))
    run("report", "notice", "2024-11", "--out", str(folder / "cv.docx"))
    return docx_text(folder / "bc.docx"), docx_text(folder / "cv.docx")


def test_upgrade_dates_the_settings_and_prints_what_it_printed(
    november: Invoke, engine: Engine, tmp_path: Path
) -> None:
    printed = documents(november, tmp_path / "before")
    migrate.downgrade(engine, BEFORE)
    old = snapshot(engine)
    assert "organisation_settings" not in old
    organisation = {r["key"]: r["value"] for r in old["settings"] if r["key"].startswith("org.")}
    assert organisation == DISTRICT and len(organisation) == 11
    assert old["dossiers"] and old["letters"]

    migrate.upgrade(engine)
    new = snapshot(engine)
    moved = {"settings", "organisation_settings"}
    assert {table: rows for table, rows in new.items() if table not in moved} == {
        table: rows for table, rows in old.items() if table not in moved
    }
    assert new["settings"] == [r for r in old["settings"] if not r["key"].startswith("org.")]
    assert sorted(
        (r["key"], r["valid_from"], r["value"]) for r in new["organisation_settings"]
    ) == sorted((key.removeprefix("org."), dt.date(1995, 1, 1), value)
                for key, value in DISTRICT.items())  # fmt: skip
    assert documents(november, tmp_path / "after") == printed
    assert printed[0].startswith("UBND HUYỆN GÒ DẦU\n")


def test_downgrade_keeps_the_newest_office(november: Invoke, db_url: str, engine: Engine) -> None:
    commune = read_preset("phuoc-thanh")["organisation"]
    values = {key: value for key, value in commune.items() if key != "province"}
    values["onestop_desk"] = "Trung tâm Phục vụ hành chính công xã Phước Thạnh"
    app = AppContext(db_url=db_url, today=None, actor="kiem-thu", templates_dir=None)
    try:
        with app.session() as session:
            replace_organisation(
                session, values, from_date=dt.date(2025, 7, 1), actor="kiem-thu", why="Thử."
            )
    finally:
        app.close()
    migrate.downgrade(engine, BEFORE)
    settings = {r["key"]: r["value"] for r in snapshot(engine)["settings"]}
    # The commune's values, its desk added, the province it left out gone.
    assert settings == {f"org.{key}": str(value) for key, value in values.items()}
    migrate.upgrade(engine)
    history = snapshot(engine)["organisation_settings"]
    assert {r["valid_from"] for r in history} == {dt.date(1995, 1, 1)}
    assert {r["key"]: r["value"] for r in history} == {
        key: str(value) for key, value in values.items()
    }
