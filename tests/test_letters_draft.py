"""`tracker letters draft`: the rules of Nghị định 61/2018, Điều 19 khoản 9, through the CLI."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Invoke
from tests.dossiers import CONTACT, add_late
from tests.lifecycle_data import letter_of

CODE = "000.00.19.H53-241101-0001"
EARLY = "000.00.19.H53-241120-0001"


@pytest.fixture
def cases(run: Invoke) -> Invoke:
    """Two dossiers of Phòng TN&MT: one late (due 15/11), one not yet due (due 29/11)."""
    add_late(run, CODE, "tnmt", "15/11/2024", *CONTACT, reason=None)
    run(
        "cases", "add", EARLY, "--procedure", "Đăng ký biến động đất đai",
        "--applicant", "Trần Thị Bình", "--unit", "hiep thanh", "--received", "20/11/2024",
        "--due", "29/11/2024",
    )  # fmt: skip
    return run


def drafted(run: Invoke, *args: str) -> list[dict[str, object]]:
    result = run("letters", "draft", *args, "--format", "json")
    data: dict[str, list[dict[str, object]]] = json.loads(result.stdout)
    return data["drafted"]


def test_reason_is_required(cases: Invoke) -> None:
    result = cases("letters", "draft", CODE, ok=False)
    assert result.exit_code == 1
    assert "chưa có lý do trễ hạn" in result.stderr
    assert f"tracker cases reason {CODE}" in result.stderr
    assert letter_of(cases, CODE) is None


def test_reason_option_sets_the_dossier_reason_and_drafts(cases: Invoke) -> None:
    [outcome] = drafted(cases, CODE, "--reason", "Chờ đo đạc lại ranh giới thửa đất.")
    # 5 working days after Tuesday 26/11/2024 (the default letter_days).
    assert outcome["new_due_at"] == "2024-12-03"
    assert outcome["signer_name"] == "Nguyễn Hoàng Phúc"
    assert outcome["signer_title"] == "TRƯỞNG PHÒNG"
    assert outcome["late_apology"] is True  # drafted 26/11, deadline 14/11
    shown = json.loads(cases("cases", "show", CODE, "--format", "json").stdout)
    assert shown["reason"] == "Chờ đo đạc lại ranh giới thửa đất."
    assert shown["letter"]["status"] == "draft"
    actions = [e["action"] for e in json.loads(cases("history", CODE, "--format", "json").stdout)]
    assert actions[-2:] == ["dossier.reason", "letter.draft"]


@pytest.mark.parametrize(
    ("new_date", "words"),
    [
        ("01/12/2024", "là Chủ nhật"),
        ("30/11/2024", "là Thứ Bảy"),
        ("01/01/2025", "Tết Dương lịch"),
        ("25/11/2024", "phải sau hôm nay (26/11/2024)"),
    ],
)
def test_new_date_must_be_a_working_day_after_today(
    cases: Invoke, new_date: str, words: str
) -> None:
    result = cases("letters", "draft", CODE, "--reason", "Chờ", "--new-date", new_date, ok=False)
    assert result.exit_code == 1
    assert f"ngày hẹn trả mới {new_date}" in result.stderr
    assert words in result.stderr
    assert letter_of(cases, CODE) is None
    assert json.loads(cases("cases", "show", CODE, "--format", "json").stdout)["reason"] is None


def test_new_date_must_be_after_the_old_due_date(cases: Invoke) -> None:
    result = cases("letters", "draft", EARLY, "--reason", "Chờ", "--days", "2", ok=False)
    assert "phải sau ngày hẹn trả cũ 29/11/2024" in result.stderr


def test_drafting_before_the_due_date_is_on_time_and_commune_head_signs(cases: Invoke) -> None:
    [outcome] = drafted(cases, EARLY, "--reason", "Chờ xác minh", "--new-date", "05/12/2024")
    assert outcome["signer_title"] == "CHỦ TỊCH"
    assert outcome["late_apology"] is False  # 26/11 is before the deadline 28/11


def test_acting_signer(cases: Invoke) -> None:
    [outcome] = drafted(cases, CODE, "--reason", "Chờ", "--signer", "Lê Văn Bình", "--acting")
    assert (outcome["signer_name"], outcome["signer_title"], outcome["acting"]) == (
        "Lê Văn Bình",
        "TRƯỞNG PHÒNG",
        True,
    )
    result = cases("letters", "draft", CODE, "--acting", ok=False)
    assert "--acting cần --signer" in result.stderr


def test_drafting_again_updates_the_draft(cases: Invoke) -> None:
    drafted(cases, CODE, "--reason", "Chờ")
    [outcome] = drafted(cases, CODE, "--new-date", "10/12/2024")
    assert (outcome["action"], outcome["seq"], outcome["new_due_at"]) == (
        "updated",
        1,
        "2024-12-10",
    )
    history = json.loads(cases("history", CODE, "--format", "json").stdout)
    assert history[-1]["after"] == {"new_due_at": "2024-12-10"}


def test_second_reschedule_after_issue_needs_force_and_why(cases: Invoke) -> None:
    drafted(cases, CODE, "--reason", "Chờ")
    cases("letters", "issue", CODE, "--number", "05/PXL-TNMT")

    refused = cases("letters", "draft", CODE, "--new-date", "10/12/2024", ok=False)
    assert refused.exit_code == 1
    assert "chỉ được hẹn lại một lần" in refused.stderr
    assert "05/PXL-TNMT" in refused.stderr
    assert "--why" in cases("letters", "draft", CODE, "--force", ok=False).stderr

    [outcome] = drafted(
        cases, CODE, "--new-date", "10/12/2024", "--force", "--why", "Chờ kết quả giám định"
    )
    assert (outcome["action"], outcome["seq"]) == ("superseded", 2)
    history = json.loads(cases("history", CODE, "--format", "json").stdout)
    supersede = next(e for e in history if e["action"] == "letter.supersede")
    assert supersede["note"] == "Chờ kết quả giám định"
    assert letter_of(cases, CODE)["status"] == "draft"


def test_batch_drafts_late_dossiers_and_reports_those_without_reason(cases: Invoke) -> None:
    second = "000.00.19.H53-241101-0002"
    cases(
        "cases", "add", second, "--procedure", "Cấp đổi giấy chứng nhận",
        "--applicant", "Lê Văn Cường", "--unit", "tnmt", "--due", "18/11/2024",
        "--reason", "Thiếu hồ sơ địa chính",
    )  # fmt: skip
    result = cases("letters", "draft", "--period", "2024-11", "--format", "json", ok=False)
    assert result.exit_code == 3
    assert [d["code"] for d in json.loads(result.stdout)["drafted"]] == [second]
    # One line per skipped dossier; the dossier not yet late (EARLY) is not part of the batch.
    assert result.stderr.count("Bỏ qua hồ sơ") == 1
    assert f"Bỏ qua hồ sơ {CODE}: chưa có lý do" in result.stderr
    assert "thư gửi muộn" in result.stderr
