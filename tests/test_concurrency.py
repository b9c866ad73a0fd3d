"""Four clerks, four processes, at once (the bench runs a full minute): on the same dossiers,
and each on the dossiers and letter numbers of its own unit."""

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


@pytest.mark.slow
def test_clerks_of_different_units_issue_at_once_and_number_each_unit_in_order(
    db_url: str,
) -> None:
    clerks.prepare_units(db_url, CLERKS, per_clerk=100)
    outcomes, elapsed = clerks.run_clerks(db_url, clerks=CLERKS, seconds=SECONDS, workload="units")
    summary = clerks.check(db_url, outcomes, elapsed)  # numbers 1, 2, 3 … in each unit
    assert summary.failures == []
    # Every clerk got as far as issuing letters of its unit.
    assert {o.clerk for o in outcomes if o.command == "issue"} == set(range(CLERKS))
