"""Units, heads and dossiers through the real CLI on a migrated database."""

from __future__ import annotations

import json

from tests.conftest import Invoke
from tests.dossiers import CODE, add_case, cases_json


def test_init_twice_changes_nothing(run: Invoke) -> None:
    first = run("units", "list", "--format", "json").stdout
    result = run("init", "--preset", "go-dau")
    assert "không có gì thay đổi" in result.stderr
    assert run("units", "list", "--format", "json").stdout == first
    assert len(json.loads(first)) == 21


def test_units_sorted_in_vietnamese_order(run: Invoke) -> None:
    units = json.loads(run("units", "list", "--format", "json").stdout)
    departments = [u["name"] for u in units if u["kind"] == "department"]
    # "Phòng Nội vụ" before "Phòng Nông nghiệp…" (i < n), "Phòng Tài…" before "Phòng Tư pháp"
    # (a < ư), and "Văn phòng…" after every "Phòng …".
    assert departments.index("Phòng Nội vụ") < departments.index(
        "Phòng Nông nghiệp và Phát triển nông thôn"
    )
    assert departments.index("Phòng Tài nguyên và Môi trường") < departments.index("Phòng Tư pháp")
    assert departments[-1] == "Văn phòng HĐND và UBND"
    communes = [u["name"] for u in units if u["kind"] == "commune"]
    assert communes[:3] == ["Thị trấn Gò Dầu", "xã Bàu Đồn", "xã Cẩm Giang"]


def test_unit_names_match_without_diacritics(run: Invoke) -> None:
    add_case(run)
    add_case(run, "000.00.19.H53-241105-0002", unit="ktht")
    for name in ("tai nguyen", "tnmt", "Phòng Tài nguyên và Môi trường", "PHONG TN&MT"):
        rows = cases_json(run, "--unit", name)
        assert [r["code"] for r in rows] == [CODE], name


def test_ambiguous_unit_lists_candidates(run: Invoke) -> None:
    result = run("cases", "list", "--unit", "phuoc", ok=False)
    assert result.exit_code == 1
    assert "khớp nhiều đơn vị" in result.stderr
    for code in ("phuoc-dong", "phuoc-thanh", "phuoc-trach"):
        assert code in result.stderr
    assert "Traceback" not in result.output


def test_case_json_shape_and_days_late(run: Invoke) -> None:
    add_case(run)  # due Tue 19/11/2024; today is Tue 26/11/2024
    [row] = cases_json(run, "--unit", "tnmt")
    assert row == {
        "code": CODE,
        "procedure": "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
        "applicant": "Nguyễn Văn An",
        "unit": "tnmt",
        "unit_name": "Phòng Tài nguyên và Môi trường",
        "head": "Nguyễn Hoàng Phúc",
        "period": "2024-11",
        "received_at": "2024-11-01",
        "due_at": "2024-11-19",
        "finished_at": None,
        "days_late": 5,  # 20, 21, 22, 25, 26 November: the weekend does not count
        "late": True,
        "apology_deadline": "2024-11-18",
        "regime": "nd61",  # its apology was due in November 2024
        "reason": None,
        "status": "open",
        "letter": None,
    }


def test_new_dossier_goes_to_current_head_and_new_head_takes_over(run: Invoke) -> None:
    add_case(run)
    run("heads", "set", "tnmt", "Lê Văn Bình", "--title", "Trưởng phòng")
    [row] = cases_json(run, "--head", "le van binh")
    assert row["head"] == "Lê Văn Bình"
    heads = json.loads(run("heads", "list", "--all", "--format", "json").stdout)
    tnmt = [h for h in heads if h["unit"] == "tnmt"]
    assert [h["full_name"] for h in tnmt] == ["Nguyễn Hoàng Phúc", "Lê Văn Bình"]
    assert tnmt[0]["end_on"] == "2024-11-26"


def test_assign_reason_resolve_and_history(run: Invoke) -> None:
    add_case(run)
    run("--as", "van-thu", "cases", "assign", CODE, "--head", "Trương Công Danh")
    run("--as", "truong-phong", "cases", "reason", CODE, "  Chờ  xác minh\u00a0nguồn gốc đất  ")
    run("cases", "resolve", CODE, "--on", "25/11/2024")
    [row] = cases_json(run, "--status", "resolved")
    assert row["head"] == "Trương Công Danh"
    assert row["reason"] == "Chờ xác minh nguồn gốc đất"
    assert row["finished_at"] == "2024-11-25"
    assert row["days_late"] == 4
    assert cases_json(run, "--status", "open") == []
    history = json.loads(run("history", CODE, "--format", "json").stdout)
    assert [(h["actor"], h["action"]) for h in history] == [
        ("kiem-thu", "dossier.add"),
        ("van-thu", "dossier.assign"),
        ("truong-phong", "dossier.reason"),
        ("kiem-thu", "dossier.resolve"),
    ]


def test_late_and_search_filters(run: Invoke) -> None:
    add_case(run)
    add_case(run, "000.00.19.H53-241120-0001", due="29/11/2024")  # not yet due
    add_case(run, "000.00.19.H53-241101-0003", due="15/11/2024", finished="15/11/2024")
    assert [r["code"] for r in cases_json(run, "--status", "late")] == [CODE]
    assert len(cases_json(run, "--search", "nguyen van an")) == 3
    assert [r["code"] for r in cases_json(run, "--search", "241120")] == [
        "000.00.19.H53-241120-0001"
    ]


def test_show_prints_the_dossier(run: Invoke) -> None:
    add_case(run)
    output = run("cases", "show", CODE.lower()).stdout
    assert "Nguyễn Hoàng Phúc" in output
    assert "19/11/2024" in output
    assert "chưa soạn" in output


def test_unofficial_code_is_accepted_with_a_warning(run: Invoke) -> None:
    result = run(
        "cases", "add", "HS-TAY-01", "--procedure", "Thủ tục", "--applicant", "Bà Ba",
        "--unit", "hiep thanh", "--due", "20/11/2024",
    )  # fmt: skip
    assert "không theo dạng chuẩn" in result.stderr
    assert cases_json(run, "--unit", "xa hiep thanh")[0]["code"] == "HS-TAY-01"


def test_user_errors_are_one_sentence(run: Invoke) -> None:
    cases = [
        (("cases", "show", "KHONG-CO"), "Không có hồ sơ"),
        (("cases", "list", "--period", "2024-13"), "tháng phải từ 1 đến 12"),
        (("cases", "list", "--unit", "xa khong ton tai"), "tracker units alias"),
        (("--today", "31/02/2024", "cases", "list"), "không tồn tại"),
        (
            (
                "cases",
                "add",
                "X1",
                "--procedure",
                "p",
                "--applicant",
                "a",
                "--unit",
                "tnmt",
                "--received",
                "20/11/2024",
                "--due",
                "10/11/2024",
            ),
            "ngày hẹn trả trước ngày tiếp nhận",
        ),
    ]
    for args, message in cases:
        result = run(*args, ok=False)
        assert result.exit_code == 1, args
        assert message in result.stderr, (args, result.stderr)
        assert result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.output
