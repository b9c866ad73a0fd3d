"""November 2024 before the `go-dau-2025` plan (Nghị quyết 1682/NQ-UBTVQH15) reorganises the
units on 02/07/2025: five dossiers at district departments and old communes, as the `november`
fixture every test module may use (conftest loads this module as a plugin); `taken_over`: then
the plan applied and UBND xã Phước Thạnh keeping the database from 01/07/2025."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.docx_text import docx_text
from tests.dossiers import add_late
from tracker.cli.context import AppContext
from tracker.services.organisation import replace_organisation
from tracker.services.presets import read_preset

OPEN_COMMUNE = "000.00.19.H53-241101-0001"  # xã Hiệp Thạnh, open, draft letter
ISSUED = "000.00.19.H53-241101-0002"  # Phòng TN&MT, letter issued in 2024, settled
ORPHAN = "000.00.19.H53-241101-0003"  # Phòng TN&MT, open: no successor
SETTLED = "000.00.19.H53-241101-0004"  # xã Thạnh Đức, settled late in 2024
OPEN_ISSUED = "000.00.19.H53-241101-0005"  # xã Bàu Đồn, open, letter issued in 2024
LATER = "000.00.19.H53-250701-0001"  # received 01/07/2025 at the new xã Phước Thạnh
AFTER = "02/07/2025"
PLAN = "go-dau-2025"


@pytest.fixture
def november(run: Invoke) -> Invoke:
    """Five dossiers of November 2024 at district departments and old communes."""
    add_late(run, OPEN_COMMUNE, "hiep-thanh", "20/11/2024")
    add_late(run, ISSUED, "tnmt", "20/11/2024")
    add_late(run, ORPHAN, "tnmt", "21/11/2024")
    add_late(run, SETTLED, "thanh-duc", "15/11/2024", "--finished", "20/11/2024")
    add_late(run, OPEN_ISSUED, "bau-don", "22/11/2024")
    run("letters", "draft", OPEN_COMMUNE, ISSUED, OPEN_ISSUED)
    run("letters", "issue", ISSUED, OPEN_ISSUED, "--auto-number")
    run("cases", "resolve", ISSUED, "--on", "25/11/2024")
    return run


REFORM = dt.date(2025, 7, 1)
LATER_TODAY = "02/11/2026"  # long after the reorganisation
LAST_DISTRICT_DAY = "30/06/2025"  # the last day a document of huyện Gò Dầu may carry
DESK = "Trung tâm Phục vụ hành chính công xã Phước Thạnh"
# The commune's settings; UBND xã Phước Thạnh itself (the plan's unit) writes the printouts.
COMMUNE = read_preset("phuoc-thanh")["organisation"] | {
    "office_unit": "xa-phuoc-thanh",
    "onestop_desk": DESK,
}


def replace_settings(db_url: str, values: Mapping[str, str], from_date: dt.date) -> list[str]:
    """The organisation's settings are `values` from `from_date` (replace_organisation)."""
    app = AppContext(db_url=db_url, today=None, actor="kiem-thu", templates_dir=None)
    try:
        with app.session() as session:
            return replace_organisation(
                session, values, from_date=from_date, actor="kiem-thu", why="Kiểm thử."
            )
    finally:
        app.close()


def take_over(db_url: str) -> list[str]:
    """UBND xã Phước Thạnh keeps the database from 01/07/2025."""
    return replace_settings(db_url, COMMUNE, REFORM)


@pytest.fixture
def taken_over(november: Invoke, db_url: str) -> Invoke:
    """November 2024's dossiers, the plan applied, the commune's settings from 01/07/2025, and
    one dossier of July 2025 at the new commune, late."""
    november("--today", AFTER, "units", "reorganise", PLAN)
    take_over(db_url)
    add_late(november, LATER, "xa-phuoc-thanh", "08/07/2025", received="01/07/2025")
    return november


def printout(run: Invoke, out: Path, period: str, today: str) -> str:
    run("--today", today, "report", "monthly", period, "--format", "docx", "--out", str(out))
    return docx_text(out)


def notice(run: Invoke, out: Path, period: str, today: str) -> str:
    run("--today", today, "report", "notice", period, "--out", str(out))
    return docx_text(out)
