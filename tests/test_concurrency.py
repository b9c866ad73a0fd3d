"""Four clerks, four processes, the same dossiers, at once (the bench runs a full minute)."""

from __future__ import annotations

import os

import pytest

from tests import clerks

CLERKS = 4
SECONDS = float(os.environ.get("TRACKER_TEST_CLERK_SECONDS", "3"))


@pytest.mark.slow
def test_four_clerks_at_once_lose_nothing(db_url: str) -> None:
    clerks.prepare(db_url, CLERKS)
    outcomes, elapsed = clerks.run_clerks(db_url, clerks=CLERKS, seconds=SECONDS)
    summary = clerks.check(db_url, outcomes, elapsed)
    assert summary.failures == []
    assert not any("locked" in o.stderr for o in outcomes)
    # Every clerk got work done, on its own dossier and on the shared ones.
    assert {o.clerk for o in outcomes} == set(range(CLERKS))
    assert {o.code for o in outcomes} == set(clerks.all_codes(CLERKS))
