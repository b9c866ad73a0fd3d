"""`cases list` builds its rows from the query's plain columns, with the rules' answers
remembered per (due date, result date) for the whole list; `cases show` builds its one dossier
from the ORM object and asks the rules afresh. Both must print the same dossier, key by key,
for every state a dossier can be in: dossiers sharing a due date with different results, a due
date on a Sunday settled on the next working day (late nowhere) or still open, a letter drafted,
issued or published. Today is Tuesday 26/11/2024."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import Invoke

PROCEDURE = "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu"
CODE = "000.00.19.H53-241101-000"  # + the dossier's digit
# code: (unit, due, finished or None)
DOSSIERS = {
    "000.00.19.H53-241101-0001": ("tnmt", "15/11/2024", "20/11/2024"),  # settled 3 days late
    "000.00.19.H53-241101-0002": ("tnmt", "15/11/2024", None),  # the same due date, open
    "000.00.19.H53-241101-0003": ("ktht", "15/11/2024", "15/11/2024"),  # on time
    "000.00.19.H53-241101-0004": ("tnmt", "17/11/2024", "18/11/2024"),  # Sunday, Monday: on time
    "000.00.19.H53-241101-0005": ("ktht", "17/11/2024", None),  # Sunday, still open: late
    "000.00.19.H53-241101-0006": ("tnmt", "27/11/2024", None),  # due tomorrow
    "000.00.19.H53-241101-0007": ("tnmt", "19/11/2024", None),  # late, letter published
    "000.00.19.H53-241101-0008": ("ktht", "22/11/2024", None),  # late, letter issued
    "000.00.19.H53-241101-0009": ("tnmt", "06/12/2024", None),  # letter drafted ahead
}


def _build(run: Invoke) -> None:
    for code, (unit, due, finished) in DOSSIERS.items():
        settled = ("--finished", finished) if finished else ("--reason", "Chờ ý kiến phối hợp.")
        run(
            "cases", "add", code, "--procedure", PROCEDURE, "--applicant", "Nguyễn Văn An",
            "--unit", unit, "--received", "01/11/2024", "--due", due, *settled,
        )  # fmt: skip
    published, issued, ahead = (f"{CODE}{n}" for n in (7, 8, 9))
    run("letters", "draft", published, issued)
    run("letters", "draft", ahead, "--new-date", "20/12/2024")
    run("letters", "issue", published, issued, "--auto-number")
    run("letters", "publish", published, "--portal", "--url", "https://godau.example.vn/7")
    run("letters", "publish", published, "--onestop", "--ref", "MC-7")


def _shown(run: Invoke, code: str) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(run("cases", "show", code, "--format", "json").stdout)
    del shown["letters"], shown["source"]  # every letter of the dossier, its origin: `show` only
    return shown


def test_the_list_prints_each_dossier_as_show_does(run: Invoke) -> None:
    _build(run)
    listed = json.loads(run("cases", "list", "--format", "json").stdout)
    assert sorted(case["code"] for case in listed) == sorted(DOSSIERS)
    for case in listed:
        assert case == _shown(run, case["code"]), case["code"]
    by_code = {case["code"]: case for case in listed}
    # The rules' answers, remembered per pair of dates, are each dossier's own.
    assert [
        (by_code[c]["late"], by_code[c]["days_late"], by_code[c]["status"])
        for c in sorted(DOSSIERS)[:5]
    ] == [(True, 3, "resolved"), (True, 7, "open"), (False, 0, "resolved"),
          (False, 0, "resolved"), (True, 6, "open")]  # fmt: skip
    letters = [by_code[c]["letter"] and by_code[c]["letter"]["status"] for c in sorted(DOSSIERS)]
    assert letters[-3:] == ["published", "issued", "draft"]


def test_filtered_lists_keep_the_same_rows(run: Invoke) -> None:
    """The late, due-soon and letter filters pick from the same rows the whole list prints."""
    _build(run)
    whole = {c["code"]: c for c in json.loads(run("cases", "list", "--format", "json").stdout)}
    for args, expected in (
        (("--status", "late"), [c for c in whole if whole[c]["late"]]),
        (("--status", "due-soon"), [f"{CODE}6"]),
        (("--letter", "issued"), [f"{CODE}8"]),
        (("--letter", "none", "--unit", "ktht"), [f"{CODE}3", f"{CODE}5"]),
    ):
        found = json.loads(run("cases", "list", *args, "--format", "json").stdout)
        assert sorted(c["code"] for c in found) == sorted(expected), args
        assert all(c == whole[c["code"]] for c in found), args
