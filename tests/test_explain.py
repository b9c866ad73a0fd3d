"""`cases show CODE --explain`: every count laid out day by day on known calendars."""

from __future__ import annotations

import json

from tests.conftest import Invoke
from tests.dossiers import add_case

CODE = "000.00.19.H53-241105-0001"


def explain(run: Invoke, *args: str) -> dict:
    data = json.loads(run(*args, "cases", "show", CODE, "--explain", "--format", "json").stdout)
    return data["explain"]


def steps(walk: list[dict]) -> list[tuple[str, bool, str]]:
    return [(s["day"], s["counted"], s["note"]) for s in walk]


def test_late_dossier_counted_day_by_day(run: Invoke) -> None:
    add_case(run, CODE, due="20/11/2024")
    ex = explain(run)
    assert (ex["due_at"], ex["effective_due"], ex["rolled_over"]) == (
        "2024-11-20",
        "2024-11-20",
        [],
    )
    assert ex["apology_deadline"] == "2024-11-19"
    assert steps(ex["apology"]["steps"]) == [("2024-11-19", True, "")]
    assert ex["days_late"]["count"] == 4
    assert steps(ex["days_late"]["steps"]) == [
        ("2024-11-21", True, ""),
        ("2024-11-22", True, ""),
        ("2024-11-23", False, "Thứ Bảy"),
        ("2024-11-24", False, "Chủ nhật"),
        ("2024-11-25", True, ""),
        ("2024-11-26", True, ""),
    ]
    # letter_days = 5 working days after Tuesday 26/11.
    assert ex["new_date"] == "2024-12-03" and ex["new_date_walk"]["count"] == 5
    assert ex["new_date_after_due"] is True


def test_due_right_after_tet_2025(run: Invoke) -> None:
    add_case(run, CODE, due="03/02/2025", received="02/01/2025", finished="05/02/2025")
    ex = explain(run, "--today", "10/02/2025")
    assert ex["apology_deadline"] == "2025-01-24"
    assert ex["apology"]["count"] == 1
    assert steps(ex["apology"]["steps"]) == [
        ("2025-01-24", True, ""),
        ("2025-01-25", False, "Thứ Bảy"),
        ("2025-01-26", False, "Chủ nhật"),
        ("2025-01-27", False, "29 Tết"),
        ("2025-01-28", False, "Giao thừa Tết Nguyên Đán"),
        ("2025-01-29", False, "Tết Nguyên Đán"),
        ("2025-01-30", False, "Mùng hai Tết Nguyên Đán"),
        ("2025-01-31", False, "Mùng ba Tết Nguyên Đán"),
        ("2025-02-01", False, "Mùng bốn Tết Nguyên Đán"),
        ("2025-02-02", False, "Chủ nhật"),
    ]
    assert (ex["status"], ex["end"], ex["days_late"]["count"]) == ("resolved", "2025-02-05", 2)
    assert ex["new_date"] is None


def test_days_late_across_the_2025_swap(run: Invoke) -> None:
    add_case(run, CODE, due="25/04/2025", received="01/04/2025")
    ex = explain(run, "--today", "05/05/2025")
    walk = ex["days_late"]["steps"]
    assert [s["day"] for s in walk if s["counted"]] == [
        "2025-04-26",
        "2025-04-28",
        "2025-04-29",
        "2025-05-05",
    ]
    swapped = next(s for s in walk if s["day"] == "2025-04-26")
    assert swapped["note"] == "Thứ Bảy làm việc bù cho ngày nghỉ 02/05/2025"
    assert swapped["source"] == "swap"
    skipped = {s["day"]: (s["note"], s["source"]) for s in walk if not s["counted"]}
    assert skipped["2025-04-30"] == ("Ngày Chiến thắng", "holiday")
    assert skipped["2025-05-02"] == ("Ngày nghỉ (thay cho ngày 26/04/2025)", "swap")
    assert ex["days_late"]["count"] == 4


def test_national_day_2024_skipped(run: Invoke) -> None:
    add_case(run, CODE, due="30/08/2024", received="01/08/2024")
    ex = explain(run, "--today", "05/09/2024")
    assert steps(ex["days_late"]["steps"]) == [
        ("2024-08-31", False, "Thứ Bảy"),
        ("2024-09-01", False, "Chủ nhật"),
        ("2024-09-02", False, "Quốc khánh"),
        ("2024-09-03", False, "Quốc khánh"),
        ("2024-09-04", True, ""),
        ("2024-09-05", True, ""),
    ]


def test_due_on_the_2024_swap_day_rolls_over(run: Invoke) -> None:
    add_case(run, CODE, due="29/04/2024", received="01/04/2024")
    ex = explain(run, "--today", "26/04/2024")
    assert ex["effective_due"] == "2024-05-02"
    assert steps(ex["rolled_over"]) == [
        ("2024-04-29", False, "Ngày nghỉ (thay cho ngày 04/05/2024)"),
        ("2024-04-30", False, "Ngày Chiến thắng"),
        ("2024-05-01", False, "Ngày Quốc tế Lao động"),
    ]
    assert ex["apology_deadline"] == "2024-04-26"
    assert ex["days_late"] == {"count": 0, "steps": []}
    # 5 working days from Friday 26/4: 2/5, 3/5, Saturday 4/5 (worked), 6/5, 7/5.
    assert ex["new_date"] == "2024-05-07"
    counted = [s["day"] for s in ex["new_date_walk"]["steps"] if s["counted"]]
    assert counted == ["2024-05-02", "2024-05-03", "2024-05-04", "2024-05-06", "2024-05-07"]


def test_explain_text_names_every_skipped_day(run: Invoke) -> None:
    add_case(run, CODE, due="30/08/2024", received="01/08/2024")
    text = run("--today", "05/09/2024", "cases", "show", CODE, "--explain").stdout
    assert "Mã hồ sơ" in text  # the usual card comes first
    assert "2. Hạn gửi thư xin lỗi: 29/08/2024 (Thứ Năm)" in text
    assert "3. Số ngày làm việc trễ: 2, đếm các ngày sau 30/08/2024 đến hôm nay 05/09/2024:" in text
    assert "    − 02/09/2024 Thứ Hai: bỏ qua — Quốc khánh" in text
    assert "    + 05/09/2024 Thứ Năm: ngày làm việc thứ 2" in text


def test_override_appears_in_the_explanation(run: Invoke) -> None:
    add_case(run, CODE, due="20/11/2024")
    run("calendar", "add-off", "22/11/2024", "--why", "Thông báo nghỉ (thử)")
    ex = explain(run)
    assert ex["days_late"]["count"] == 3
    skipped = next(s for s in ex["days_late"]["steps"] if s["day"] == "2024-11-22")
    assert skipped == {
        "day": "2024-11-22",
        "weekday": "Thứ Sáu",
        "counted": False,
        "note": "Ngày nghỉ bổ sung: Thông báo nghỉ (thử)",
        "source": "override",
    }


def test_explain_unknown_dossier(run: Invoke) -> None:
    result = run("cases", "show", "KHONG-CO", "--explain", ok=False)
    assert result.exit_code == 1 and result.stderr.startswith("Lỗi: Không có hồ sơ")
