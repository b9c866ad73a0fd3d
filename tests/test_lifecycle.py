"""A letter's life after drafting, through the CLI: issue, publish, withdraw/correct — every
transition and every refusal. Today is Tuesday 26/11/2024 (conftest)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.checks import refused
from tests.conftest import Invoke
from tests.dossiers import add_late
from tests.lifecycle_data import URL, A, B, C, draft_three, letter_of


@pytest.fixture
def drafts(run: Invoke) -> Invoke:
    return draft_three(run)


def issue(run: Invoke, *args: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(
        run("letters", "issue", *args, "--format", "json").stdout
    )
    return rows


def events(run: Invoke, code: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(run("history", code, "--format", "json").stdout)
    return rows


# --- issue --------------------------------------------------------------------------------


def test_auto_numbers_run_per_unit_and_are_zero_padded(drafts: Invoke) -> None:
    assert [r["number"] for r in issue(drafts, A, "--auto-number")] == ["01/PXL-TNMT"]
    assert [r["number"] for r in issue(drafts, C, "--auto-number")] == ["01/PXL-KTHT"]
    assert [r["number"] for r in issue(drafts, B, "--auto-number")] == ["02/PXL-TNMT"]
    letter = letter_of(drafts, A)
    assert letter["status"] == "issued"
    assert letter["issued_on"] == "2024-11-26"
    assert letter["number"] == "01/PXL-TNMT"


def test_a_typed_number_is_normalised_and_auto_numbers_continue_after_it(drafts: Invoke) -> None:
    assert issue(drafts, A, "--number", "9/pxl-tnmt")[0]["number"] == "09/PXL-TNMT"
    assert issue(drafts, B, "--auto-number")[0]["number"] == "10/PXL-TNMT"


def test_numbers_restart_each_calendar_year_of_the_issue_date(drafts: Invoke) -> None:
    issue(drafts, A, "--auto-number")
    drafts("letters", "draft", B, "--new-date", "15/01/2025")
    result = drafts(
        "--today", "06/01/2025", "letters", "issue", B, "--auto-number", "--format", "json"
    )
    assert json.loads(result.stdout)[0]["number"] == "01/PXL-TNMT"
    assert letter_of(drafts, B)["issued_on"] == "2025-01-06"


def test_a_used_number_is_refused_naming_the_dossier_that_has_it(drafts: Invoke) -> None:
    issue(drafts, A, "--auto-number")
    message = refused(drafts, "letters", "issue", B, "--number", "01/PXL-TNMT")
    assert "01/PXL-TNMT" in message and A in message
    assert letter_of(drafts, B)["status"] == "draft"


def test_a_number_of_another_shape_is_refused(drafts: Invoke) -> None:
    message = refused(drafts, "letters", "issue", A, "--number", "05/PXL-KTHT")
    assert "không đúng mẫu" in message and "05/PXL-TNMT" in message


def test_number_format_comes_from_settings(drafts: Invoke, tmp_path: Any, monkeypatch: Any) -> None:
    config = tmp_path / "config.toml"
    config.write_text('letter_number_format = "{n:03d}/{year}/XL-{abbr}"\n', encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    assert issue(drafts, A, "--auto-number")[0]["number"] == "001/2024/XL-TNMT"
    assert issue(drafts, B, "--number", "7/2024/XL-TNMT")[0]["number"] == "007/2024/XL-TNMT"
    config.write_text('letter_number_format = "PXL-{abbr}"\n', encoding="utf-8")
    assert "phải có {n}" in refused(drafts, "letters", "issue", C, "--auto-number")


@pytest.mark.parametrize(
    "args",
    [(A,), (A, "--number", "01/PXL-TNMT", "--auto-number"), ("--period", "2024-11")],
)
def test_number_options_are_checked_as_usage(drafts: Invoke, args: tuple[str, ...]) -> None:
    assert drafts("letters", "issue", *args, ok=False).exit_code == 2


def test_issuing_twice_is_refused(drafts: Invoke) -> None:
    issue(drafts, A, "--auto-number")
    message = refused(drafts, "letters", "issue", A, "--auto-number")
    assert "đã ban hành" in message and "01/PXL-TNMT" in message


def test_issuing_without_a_letter_is_refused(run: Invoke) -> None:
    add_late(run, A, "tnmt", "20/11/2024")
    assert f"letters draft {A}" in refused(run, "letters", "issue", A, "--auto-number")


def test_issue_dated_before_the_draft_or_in_the_future_is_refused(drafts: Invoke) -> None:
    message = refused(drafts, "letters", "issue", A, "--auto-number", "--on", "25/11/2024")
    assert "trước ngày soạn thư 26/11/2024" in message
    assert "tương lai" in refused(
        drafts, "letters", "issue", A, "--auto-number", "--on", "27/11/2024"
    )
    assert letter_of(drafts, A)["status"] == "draft"


def test_issuing_without_a_reason_is_refused(drafts: Invoke, db_url: str) -> None:
    # The draft command never writes such a letter; an edited or imported database might.
    with create_engine(db_url).begin() as conn:
        conn.execute(text("UPDATE letters SET reason = ' '"))
    assert "chưa có lý do" in refused(drafts, "letters", "issue", A, "--auto-number")


def test_issuing_after_the_new_return_date_is_refused(drafts: Invoke) -> None:
    message = refused(drafts, "--today", "04/12/2024", "letters", "issue", A, "--auto-number")
    assert "03/12/2024" in message and "soạn lại" in message


def test_signer_can_be_recorded_at_issue(drafts: Invoke) -> None:
    [row] = issue(drafts, A, "--auto-number", "--signer", "Lê Văn Phó", "--acting")
    assert row["signer"] == "Lê Văn Phó"
    assert "--acting cần --signer" in refused(
        drafts, "letters", "issue", B, "--auto-number", "--acting"
    )


# --- publish ------------------------------------------------------------------------------


def test_publishing_a_draft_is_refused(drafts: Invoke) -> None:
    message = refused(drafts, "letters", "publish", A, "--portal", "--url", URL)
    assert "dự thảo" in message and f"letters issue {A}" in message
    assert "dự thảo" in refused(drafts, "letters", "publish", A, "--onestop")


@pytest.mark.parametrize(
    "url", ["ftp://godau.example.vn/a", "godau.example.vn/a", "javascript:alert(1)", "https://"]
)
def test_a_portal_url_must_be_http(drafts: Invoke, url: str) -> None:
    issue(drafts, A, "--auto-number")
    assert "http://" in refused(drafts, "letters", "publish", A, "--portal", "--url", url)
    assert letter_of(drafts, A)["portal"] is None


def test_portal_needs_a_url_and_one_channel_at_a_time(drafts: Invoke) -> None:
    issue(drafts, A, "--auto-number")
    assert "--url" in refused(drafts, "letters", "publish", A, "--portal")
    assert drafts("letters", "publish", A, ok=False).exit_code == 2
    assert drafts("letters", "publish", A, "--portal", "--onestop", ok=False).exit_code == 2
    assert drafts("letters", "publish", A, "--onestop", "--url", URL, ok=False).exit_code == 2
    assert (
        drafts("letters", "publish", A, "--portal", "--url", URL, "--ref", "1", ok=False).exit_code
        == 2
    )


def test_a_publication_dated_before_the_issue_is_refused(drafts: Invoke) -> None:
    drafts("--today", "22/11/2024", "letters", "draft", A)
    issue(drafts, A, "--auto-number", "--on", "25/11/2024")
    message = refused(drafts, "letters", "publish", A, "--onestop", "--on", "22/11/2024")
    assert "trước ngày ban hành thư 25/11/2024" in message
    assert "tương lai" in refused(
        drafts, "letters", "publish", A, "--onestop", "--on", "28/11/2024"
    )


def test_both_channels_make_the_letter_published(drafts: Invoke) -> None:
    issue(drafts, A, "--auto-number")
    drafts("--as", "Văn thư Lan", "letters", "publish", A, "--portal", "--url", URL)
    assert letter_of(drafts, A)["status"] == "issued"  # one channel is not enough
    drafts("--as", "Văn thư Lan", "letters", "publish", A, "--onestop", "--ref", "MC-2024-118")
    letter = letter_of(drafts, A)
    assert letter["status"] == "published"
    assert letter["portal"] == {"published_on": "2024-11-26", "url": URL}
    assert letter["onestop"] == {"updated_on": "2024-11-26", "ref": "MC-2024-118"}
    listed = json.loads(drafts("cases", "list", "--letter", "published", "--format", "json").stdout)
    assert [c["code"] for c in listed] == [A]
    shown = drafts("cases", "show", A).stdout
    assert URL in shown and "MC-2024-118" in shown and "đã công khai" in shown


def test_letter_filter_shows_every_state(drafts: Invoke) -> None:
    add_late(drafts, "000.00.19.H53-241101-0009", "tnmt", "19/11/2024")
    issue(drafts, B, "--auto-number")
    issue(drafts, C, "--auto-number")
    drafts("letters", "publish", C, "--portal", "--url", URL)
    drafts("letters", "publish", C, "--onestop")
    states = {
        state: [
            c["code"]
            for c in json.loads(
                drafts("cases", "list", "--letter", state, "--format", "json").stdout
            )
        ]
        for state in ("none", "draft", "issued", "published")
    }
    assert states == {
        "none": ["000.00.19.H53-241101-0009"],
        "draft": [A],
        "issued": [B],
        "published": [C],
    }


def test_publishing_twice_says_who_did_it_first(drafts: Invoke) -> None:
    issue(drafts, A, "--auto-number")
    drafts("--as", "Văn thư Lan", "letters", "publish", A, "--portal", "--url", URL)
    message = refused(
        drafts, "--as", "Văn thư Minh", "letters", "publish", A, "--portal", "--url", URL + "2"
    )
    assert "đã được đăng trên Cổng thông tin điện tử" in message
    assert "Văn thư Lan" in message and "26/11/2024" in message
    drafts("letters", "publish", A, "--onestop")
    assert "đã được cập nhật" in refused(drafts, "letters", "publish", A, "--onestop")


# --- withdraw / correct -------------------------------------------------------------------


def test_withdrawing_keeps_the_old_record_and_the_letter_goes_back_to_issued(
    drafts: Invoke, db_url: str
) -> None:
    issue(drafts, A, "--auto-number")
    drafts("letters", "publish", A, "--portal", "--url", URL)
    drafts("letters", "publish", A, "--onestop", "--ref", "MC-1")
    drafts("--as", "Văn thư Lan", "letters", "withdraw", A, "--onestop", "--why", "Nhầm hồ sơ")
    letter = letter_of(drafts, A)
    assert letter["status"] == "issued" and letter["onestop"] is None
    with create_engine(db_url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT ref, withdrawn_on, withdrawn_why FROM publications WHERE channel='onestop'"
            )
        ).all()
    assert [(r[0], str(r[1]), r[2]) for r in rows] == [("MC-1", "2024-11-26", "Nhầm hồ sơ")]
    [event] = [e for e in events(drafts, A) if e["action"] == "letter.withdraw"]
    assert event["actor"] == "Văn thư Lan" and event["note"] == "Nhầm hồ sơ"
    assert event["before"] == {"ref": "MC-1"}
    drafts("letters", "publish", A, "--onestop", "--ref", "MC-2")
    assert letter_of(drafts, A)["status"] == "published"


def test_a_correction_replaces_the_live_record_and_history_keeps_both(
    drafts: Invoke, db_url: str
) -> None:
    issue(drafts, A, "--auto-number")
    drafts("letters", "publish", A, "--portal", "--url", URL)
    fixed = "https://godau.example.vn/xin-loi/a-dung"
    drafts("letters", "withdraw", A, "--portal", "--why", "Sai đường dẫn", "--correct-url", fixed)
    assert letter_of(drafts, A)["portal"]["url"] == fixed
    with create_engine(db_url).connect() as conn:
        rows = conn.execute(text("SELECT url, withdrawn_why FROM publications ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [(URL, "Sai đường dẫn"), (fixed, None)]
    [event] = [e for e in events(drafts, A) if e["action"] == "letter.correct"]
    assert event["before"] == {"url": URL} and event["after"]["url"] == fixed
    history = drafts("history", A, "--format", "csv").stdout
    assert "Sửa công khai" in history and "Sai đường dẫn" in history


def test_withdraw_refusals(drafts: Invoke) -> None:
    issue(drafts, A, "--auto-number")
    assert "chưa được công khai" in refused(
        drafts, "letters", "withdraw", A, "--portal", "--why", "x"
    )
    drafts("letters", "publish", A, "--portal", "--url", URL)
    assert drafts("letters", "withdraw", A, "--portal", ok=False).exit_code == 2  # --why
    assert "cần lý do" in refused(drafts, "letters", "withdraw", A, "--portal", "--why", "  ")
    message = refused(
        drafts, "letters", "withdraw", A, "--portal", "--why", "x", "--correct-ref", "MC-1"
    )
    assert "--correct-url" in message
    assert "http://" in refused(
        drafts, "letters", "withdraw", A, "--portal", "--why", "x", "--correct-url", "sai"
    )
    assert "trước ngày công khai" in refused(
        drafts, "letters", "withdraw", A, "--portal", "--why", "x", "--on", "25/11/2024"
    )
    assert letter_of(drafts, A)["portal"]["url"] == URL


# --- history: who did each step -----------------------------------------------------------


def test_history_names_who_did_each_step(drafts: Invoke) -> None:
    drafts("--as", "Chuyên viên Hòa", "letters", "issue", A, "--auto-number")
    drafts("--as", "Văn thư Lan", "letters", "publish", A, "--portal", "--url", URL)
    drafts("--as", "Một cửa Tú", "letters", "publish", A, "--onestop")
    steps = {e["action"]: e for e in events(drafts, A)}
    assert steps["letter.issue"]["actor"] == "Chuyên viên Hòa"
    assert steps["letter.issue"]["after"]["number"] == "01/PXL-TNMT"
    assert steps["letter.issue"]["before"]["status"] == "draft"
    assert steps["letter.publish"]["actor"] == "Một cửa Tú"
    table = drafts("history", A, "--format", "csv").stdout
    for label in ("Ban hành thư xin lỗi", "Công khai thư xin lỗi", "Văn thư Lan"):
        assert label in table


def test_a_second_reschedule_starts_a_new_letter_with_its_own_number(drafts: Invoke) -> None:
    issue(drafts, A, "--auto-number")
    drafts("letters", "publish", A, "--portal", "--url", URL)
    drafts("letters", "publish", A, "--onestop")
    assert letter_of(drafts, A)["status"] == "published"
    drafts(
        "letters", "draft", A, "--new-date", "10/12/2024", "--force", "--why",
        "Chờ kết quả đo đạc bổ sung",
    )  # fmt: skip
    letter = letter_of(drafts, A)
    assert (letter["status"], letter["number"], letter["portal"]) == ("draft", None, None)
    assert issue(drafts, A, "--auto-number")[0]["number"] == "02/PXL-TNMT"
    drafts("letters", "publish", A, "--portal", "--url", URL + "-lan-2")
    assert letter_of(drafts, A)["portal"]["url"] == URL + "-lan-2"
