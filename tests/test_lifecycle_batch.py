"""Batches for the clerk (one transaction, a summary, a confirmation) and the chasing lists:
`letters pending` and `letters late`. Today is Tuesday 26/11/2024."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.checks import refused
from tests.conftest import Invoke
from tests.dossiers import add_late
from tests.lifecycle_data import A, B, C, letter_of

D = "000.00.19.H53-241101-0004"  # tnmt, due 20/11


@pytest.fixture
def drafts(run: Invoke) -> Invoke:
    """A drafted on 18/11 (in time), B and C drafted today (late apologies)."""
    add_late(run, A, "tnmt", "20/11/2024")
    add_late(run, B, "tnmt", "22/11/2024")
    add_late(run, C, "ktht", "21/11/2024")
    run("--today", "18/11/2024", "letters", "draft", A, "--new-date", "04/12/2024")
    run("letters", "draft", B, C)
    return run


def statuses(run: Invoke) -> dict[str, str | None]:
    return {code: letter_of(run, code)["status"] for code in (A, B, C)}


def test_batch_issue_numbers_a_units_drafts_in_due_order(drafts: Invoke) -> None:
    result = drafts(
        "letters", "issue", "--period", "2024-11", "--unit", "tnmt", "--auto-number", "--yes",
        "--format", "json",
    )  # fmt: skip
    assert [(r["code"], r["number"]) for r in json.loads(result.stdout)] == [
        (A, "01/PXL-TNMT"),
        (B, "02/PXL-TNMT"),
    ]
    assert "Sẽ ban hành 2 thư" in result.stderr
    assert statuses(drafts) == {A: "issued", B: "issued", C: "draft"}


def test_a_batch_without_yes_and_without_a_terminal_is_refused(drafts: Invoke) -> None:
    message = refused(drafts, "letters", "issue", "--period", "2024-11", "--auto-number")
    assert "--yes" in message and "chưa có thay đổi" in message
    assert statuses(drafts) == {A: "draft", B: "draft", C: "draft"}


@pytest.mark.parametrize(("answer", "status"), [("n\n", "draft"), ("y\n", "issued")])
def test_a_batch_asks_before_keeping_its_work(
    drafts: Invoke, monkeypatch: pytest.MonkeyPatch, answer: str, status: str
) -> None:
    monkeypatch.setattr("tracker.cli.batch.can_ask", lambda: True)
    result = drafts("letters", "issue", "--period", "2024-11", "--auto-number", input=answer)
    assert "Sẽ ban hành 3 thư" in result.stderr and "01/PXL-KTHT" in result.stderr
    assert statuses(drafts) == {A: status, B: status, C: status}


def test_a_batch_is_one_transaction(drafts: Invoke) -> None:
    # A (due first, drafted 18/11) is issued on 25/11, then B, drafted today, cannot be:
    # A's issue is rolled back with the rest.
    message = refused(
        drafts, "letters", "issue", "--period", "2024-11", "--unit", "tnmt", "--auto-number",
        "--on", "25/11/2024", "--yes",
    )  # fmt: skip
    assert B in message
    assert statuses(drafts) == {A: "draft", B: "draft", C: "draft"}


def test_batch_publish_on_the_one_stop_system_and_the_portal(drafts: Invoke) -> None:
    drafts("letters", "issue", A, B, "--auto-number")
    result = drafts(
        "letters", "publish", "--onestop", "--period", "2024-11", "--yes", "--format", "json"
    )
    assert [p["code"] for p in json.loads(result.stdout)] == [A, B]
    assert letter_of(drafts, C)["onestop"] is None  # still a draft: not in the batch
    template = "https://godau.example.vn/xin-loi/{code}"
    assert "--url-template" in refused(
        drafts, "letters", "publish", "--portal", "--period", "2024-11", "--yes"
    )
    drafts(
        "letters", "publish", "--portal", "--period", "2024-11", "--unit", "tnmt",
        "--url-template", template, "--yes",
    )  # fmt: skip
    letter = letter_of(drafts, B)
    assert letter["status"] == "published"
    assert letter["portal"]["url"] == f"https://godau.example.vn/xin-loi/{B}"
    again = drafts("letters", "publish", "--onestop", "--period", "2024-11", "--yes")
    assert "không có thư đã ban hành nào còn thiếu" in again.stderr


def test_a_url_template_needs_the_code(drafts: Invoke) -> None:
    drafts("letters", "issue", A, "--auto-number")
    message = refused(
        drafts, "letters", "publish", "--portal", "--period", "2024-11",
        "--url-template", "https://godau.example.vn/xin-loi", "--yes",
    )  # fmt: skip
    assert "{code}" in message


# --- pending ------------------------------------------------------------------------------


def pending(run: Invoke, *args: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(
        run("letters", "pending", *args, "--format", "json").stdout
    )
    return rows


def test_pending_lists_issued_letters_oldest_first_with_their_age(drafts: Invoke) -> None:
    drafts("letters", "issue", A, "--auto-number", "--on", "19/11/2024")
    drafts("letters", "issue", B, "--auto-number")
    drafts("letters", "publish", A, "--portal", "--url", "https://godau.example.vn/a")
    rows = pending(drafts)
    # 19/11 → 26/11: 20, 21, 22, 25, 26 — five working days.
    assert [(r["code"], r["age"], r["missing"]) for r in rows] == [
        (A, 5, ["onestop"]),
        (B, 0, ["portal", "onestop"]),
    ]
    assert [r["code"] for r in pending(drafts, "--channel", "portal")] == [B]
    assert [r["code"] for r in pending(drafts, "--channel", "onestop")] == [A, B]
    assert pending(drafts, "--unit", "ktht") == []
    table = drafts("letters", "pending").stdout
    assert "Cổng TTĐT, Một cửa" in table and "01/PXL-TNMT" in table


# --- late ---------------------------------------------------------------------------------


def test_late_tells_late_apologies_from_those_in_time(drafts: Invoke) -> None:
    add_late(drafts, D, "tnmt", "20/11/2024")
    drafts("--today", "18/11/2024", "letters", "draft", D, "--new-date", "04/12/2024")
    drafts("letters", "issue", A, "--auto-number", "--on", "19/11/2024")
    drafts("letters", "issue", D, "--auto-number")  # drafted in time, issued late
    result = drafts("letters", "late", "--all", "--format", "json")
    rows = {r["code"]: r for r in json.loads(result.stdout)}
    assert rows[A]["late"] is False and rows[A]["deadline"] == "2024-11-19"
    assert (rows[B]["late"], rows[B]["late_step"], rows[B]["days_after"]) == (True, "draft", 3)
    assert (rows[D]["late"], rows[D]["late_step"]) == (True, "issue")
    assert "1 thư đúng hạn, 3 thư muộn" in result.stderr
    only_late = json.loads(drafts("letters", "late", "--format", "json").stdout)
    assert {r["code"] for r in only_late} == {B, C, D}
    assert {r["code"] for r in json.loads(
        drafts("letters", "late", "--unit", "ktht", "--format", "json").stdout
    )} == {C}  # fmt: skip
    assert (
        json.loads(drafts("letters", "late", "--period", "2024-10", "--format", "json").stdout)
        == []
    )
    table = drafts("letters", "late", "--all", "--format", "csv").stdout
    assert "đúng hạn" in table and "THƯ MUỘN — ban hành sau hạn" in table


# --- demo ---------------------------------------------------------------------------------


def test_demo_step_leaves_every_state(drafts: Invoke, db_url: str, tmp_path: Path) -> None:
    from tracker.cli.context import AppContext
    from tracker.demo.data import NOVEMBER_2024
    from tracker.demo.steps import issue_render_publish

    add_late(drafts, D, "tnmt", "20/11/2024")  # no letter
    for extra in ("05", "06", "07"):
        code = f"000.00.19.H53-241101-00{extra}"
        add_late(drafts, code, "ktht", "21/11/2024")
        drafts("letters", "draft", code)
    app = AppContext(db_url=db_url, today=None, actor="demo", templates_dir=None)
    files = NOVEMBER_2024.files(tmp_path)
    try:
        with app.session() as session:
            done = issue_render_publish(
                session, app.settings, files, today=app.today, actor=app.actor
            )
    finally:
        app.close()
    # Six drafts: four issued, two of them on both channels and one more on the portal; issued
    # first, rendered after: four numbered files, two drafts; a masked copy per portal post.
    assert (done.issued, done.on_portal, done.in_onestop, done.numbered_files) == (4, 3, 2, 4)
    assert (done.draft_files, done.public_copies) == (2, 3)
    assert sorted(p.name for p in files.public_letters.iterdir()) == sorted(
        f"{letter['code']}-cong-khai.docx"
        for letter in json.loads(drafts("cases", "list", "--format", "json").stdout)
        if letter["letter"] and letter["letter"]["portal"]
    )
    [section] = done.one_head.sections
    assert (section.head, section.head_title) == ("Trương Công Danh", "Trưởng phòng")
    states = {
        state: json.loads(drafts("cases", "list", "--letter", state, "--format", "json").stdout)
        for state in ("none", "draft", "issued", "published")
    }
    assert {state: len(rows) for state, rows in states.items()} == {
        "none": 1,
        "draft": 2,
        "issued": 2,
        "published": 2,
    }
    assert {state: n for state, n in done.states.items()} == {
        None: 1,
        "draft": 2,
        "issued": 2,
        "published": 2,
    }
    portal = states["published"][0]["letter"]["portal"]["url"]
    assert portal.startswith("https://congthongtin.godau.example/xin-loi/")
    assert files.reminders.is_file()
