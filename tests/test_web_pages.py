"""The head's list one page at a time (HTTP, Flask's test client): the pages follow each other
in the apology deadline's order, the totals count the whole list, a page number out of range or
not a number gives a page and never an error, and a head pages through their own unit only.

The list expected is made here from `cases list` (the CLI's own rows: late, apology deadline)
and sorted whole, as the page was before it read one page at a time."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.dossiers import cases_json
from tests.import_files import PROCEDURE, csv_bytes
from tests.web import CLERK, HEAD_A, HEAD_B, LATE_A, LATE_B, SOON_A, Office, page
from tests.web_forms import codes, pager_links

PAGE = 50  # tracker.services.worklist.PAGE_SIZE
ONE_DAY = dt.timedelta(days=1)
TNMT, HIEP_THANH = "Phòng TN&MT", "UBND xã Hiệp Thạnh"
# Saturday 16/11, Sunday 17/11 and the Monday 18/11 they roll over to share one apology
# deadline (Friday 15/11): the dossiers due on them go by code, not by due date.
WEEKEND = (dt.date(2024, 11, 16), dt.date(2024, 11, 17), dt.date(2024, 11, 18))


def dossiers() -> list[tuple[str, str, dt.date, dt.date | None]]:
    """(code, unit, due, finished): 118 open tnmt dossiers late or due soon (with the two of
    the `office` fixture, 120: three pages), tnmt's resolved and later ones that are not
    listed, and seven late ones of xã Hiệp Thạnh."""
    rng = random.Random(16)
    rows: list[tuple[str, str, dt.date, dt.date | None]] = []

    def add(unit: str, due: dt.date, finished: dt.date | None = None, received: Any = None) -> None:
        received = received or due - ONE_DAY * 20
        rows.append((f"000.00.19.H53-{received:%y%m%d}-{len(rows) + 100:04d}", unit, due, finished))

    for n in range(24):  # one receipt date: codes interleaved across the three due dates
        add(TNMT, WEEKEND[n % 3], received=dt.date(2024, 11, 1))
    october_first = dt.date(2024, 10, 1)
    while len(rows) < 118:  # due 01/10 to 28/11 (today is 26/11; due soon: by 28/11)
        add(TNMT, october_first + ONE_DAY * rng.randrange(59))
    for n in range(6):
        due = october_first + ONE_DAY * rng.randrange(50)
        add(TNMT, due, finished=due + ONE_DAY * n)  # resolved: nothing left to do
        add(TNMT, dt.date(2024, 12, 2) + ONE_DAY * n)  # open, due after the horizon
    for _ in range(7):
        add(HIEP_THANH, october_first + ONE_DAY * rng.randrange(45))
    return rows


@pytest.fixture
def crowded(office: Office, run: Invoke, tmp_path: Path) -> Office:
    export = tmp_path / "xuat.csv"
    rows = [
        [code, PROCEDURE, "Nguyễn Văn An", unit, f"{due - ONE_DAY * 20:%d/%m/%Y}",
         f"{due:%d/%m/%Y}", f"{finished:%d/%m/%Y}" if finished else ""]
        for code, unit, due, finished in dossiers()
    ]  # fmt: skip
    export.write_bytes(csv_bytes(rows))
    run("import", str(export))
    return office


def expected(run: Invoke, *unit: str) -> list[dict[str, Any]]:
    """What the head must act on, from the CLI: open and late, or due within 2 working days
    (the `due_soon_within` default), the apology deadline nearest first, then by code."""
    soon = {row["code"] for row in cases_json(run, *unit, "--status", "due-soon", "--within", "2")}
    listed = [
        row
        for row in cases_json(run, *unit, "--status", "open")
        if row["late"] or row["code"] in soon
    ]
    return sorted(listed, key=lambda row: (row["apology_deadline"], row["code"]))


def test_the_pages_follow_each_other_in_apology_deadline_order(crowded: Office) -> None:
    wanted = expected(crowded.run, "--unit", "tnmt")
    assert len(wanted) == 120
    # Not the order of the due dates: the weekend's dossiers and the Monday's share a deadline.
    by_due = sorted(wanted, key=lambda row: (row["due_at"], row["code"]))
    assert [row["code"] for row in by_due] != [row["code"] for row in wanted]
    client = crowded.client(HEAD_A)
    bodies = [page(client.get("/", query_string={"trang": n})) for n in (1, 2, 3)]
    assert [codes(body) for body in bodies] == [
        [row["code"] for row in wanted[start : start + PAGE]] for start in (0, 50, 100)
    ]
    late = sum(row["late"] for row in wanted)
    assert 0 < late < 120
    for body in bodies:
        # The totals are the whole list's on every page.
        assert "120 hồ sơ chưa có kết quả cần xử lý" in body
        assert f"{late} đã trễ hạn</strong> và {120 - late} sắp đến hạn" in body
        assert body.count("<details>") == len(codes(body))  # each row's deadline explained
    assert "Trang 1/3: hồ sơ 1–50 trong 120" in bodies[0]
    assert "Trang 2/3: hồ sơ 51–100 trong 120" in bodies[1]
    assert "Trang 3/3: hồ sơ 101–120 trong 120" in bodies[2]
    assert pager_links(bodies[0]) == {"Trang sau ›": "/?trang=2", "Trang cuối »": "/?trang=3"}
    assert pager_links(bodies[1]) == {"‹ Trang trước": "/?trang=1", "Trang sau ›": "/?trang=3"}
    assert pager_links(bodies[2]) == {"« Trang đầu": "/?trang=1", "‹ Trang trước": "/?trang=2"}
    # The page without a number is the first.
    assert codes(page(client.get("/"))) == codes(bodies[0])


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        ("0", 1),
        ("-2", 1),
        ("hai", 1),
        ("", 1),
        ("2.5", 1),
        ("9" * 5000, 1),
        ("4", 3),
        ("99999999999999999999", 3),
    ],
    ids=["zero", "negative", "words", "empty", "decimal", "5000-digits", "one-past", "huge"],
)
def test_a_page_out_of_range_or_not_a_number_gives_a_page(
    crowded: Office, asked: str, shown: int
) -> None:
    wanted = [row["code"] for row in expected(crowded.run, "--unit", "tnmt")]
    response = crowded.client(HEAD_A).get("/", query_string={"trang": asked})
    assert response.status_code == 200
    body = page(response)
    assert codes(body) == wanted[(shown - 1) * PAGE : shown * PAGE]
    assert f"Trang {shown}/3" in body


def test_a_head_pages_through_their_own_unit_only(crowded: Office) -> None:
    theirs = [row["code"] for row in expected(crowded.run, "--unit", "hiep thanh")]
    assert len(theirs) == 8 and LATE_B in theirs
    head_b = page(crowded.client(HEAD_B).get("/", query_string={"trang": 2}))
    assert codes(head_b) == theirs  # one page: the page asked past the end
    assert "8 hồ sơ chưa có kết quả" in head_b and 'class="pager"' not in head_b
    client = crowded.client(HEAD_A)
    seen = [code for n in (1, 2, 3) for code in codes(page(client.get(f"/?trang={n}")))]
    assert len(seen) == 120 and not set(seen) & set(theirs)
    # Another unit's pages, typed into the address bar, are refused.
    refused = client.get("/", query_string={"don-vi": "hiep-thanh", "trang": 2})
    assert refused.status_code == 403 and LATE_B not in page(refused)


def test_a_clerk_pages_through_a_unit_or_every_unit(crowded: Office) -> None:
    client = crowded.client(CLERK)
    tnmt = page(client.get("/", query_string={"don-vi": "tnmt", "trang": 2}))
    assert codes(tnmt) == [row["code"] for row in expected(crowded.run, "--unit", "tnmt")][50:100]
    # The other pages keep the unit chosen.
    assert pager_links(tnmt) == {
        "‹ Trang trước": "/?don-vi=tnmt&trang=1",
        "Trang sau ›": "/?don-vi=tnmt&trang=3",
    }
    everything = expected(crowded.run)
    assert len(everything) == 128
    seen = [code for n in (1, 2, 3) for code in codes(page(client.get(f"/?trang={n}")))]
    assert seen == [row["code"] for row in everything]
    assert "Trang 3/3: hồ sơ 101–128 trong 128" in page(client.get("/?trang=3"))


def test_a_small_unit_has_one_page_and_no_pager(office: Office) -> None:
    body = page(office.client(HEAD_A).get("/", query_string={"trang": 5}))
    assert codes(body) == [LATE_A, SOON_A]
    assert "2 hồ sơ chưa có kết quả" in body and 'class="pager"' not in body
