"""November 2024 before the `go-dau-2025` plan (Nghị quyết 1682/NQ-UBTVQH15) reorganises the
units on 02/07/2025: five dossiers at district departments and old communes, as the `november`
fixture every test module may use (conftest loads this module as a plugin)."""

from __future__ import annotations

import pytest

from tests.conftest import Invoke
from tests.dossiers import add_late

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
