"""`tracker report monthly` numbers and `tracker index` figures on a small known data set.
Today is Tuesday 26/11/2024 (conftest); no public holiday falls in Oct–Nov 2024."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.csv_output import read_csv
from tests.report_month import add

CLI_UNIT_FIELDS = [
    "unit",
    "unit_name",
    "kind",
    "late",
    "open",
    "resolved",
    "letters_issued",
    "published_portal",
    "updated_onestop",
]


def monthly_json(run: Invoke, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        run("report", "monthly", "2024-11", "--format", "json", *args).stdout
    )
    return data


def test_totals_split_by_departments_and_communes(month: Invoke) -> None:
    data = monthly_json(month)
    assert (data["period"], data["total"], data["departments_total"], data["communes_total"]) == (
        "2024-11",
        3,
        2,
        1,
    )
    totals = data["totals"]
    assert totals["tracked"] == 5
    assert (totals["late"], totals["open"], totals["resolved"]) == (3, 1, 2)
    assert (totals["days_late_median"], totals["days_late_max"]) == (4, 11)
    assert totals["days_late_mean"] == pytest.approx((4 + 11 + 2) / 3)
    assert (totals["previous_late"], totals["late_change"]) == (1, 2)
    assert data["previous_period"] == "2024-10"


def test_per_unit_counts_letters_and_days_late(month: Invoke) -> None:
    by_unit = {u["unit"]: u for u in monthly_json(month)["by_unit"]}
    assert list(by_unit) == ["ktht", "tnmt", "hiep-thanh"]  # departments first, Vietnamese order
    tnmt = by_unit["tnmt"]
    assert {k: tnmt[k] for k in CLI_UNIT_FIELDS} == {
        "unit": "tnmt",
        "unit_name": "Phòng Tài nguyên và Môi trường",
        "kind": "department",
        "late": 2,
        "open": 1,
        "resolved": 1,
        "letters_issued": 1,
        "published_portal": 1,
        "updated_onestop": 1,
    }
    assert (tnmt["tracked"], tnmt["days_late_median"], tnmt["days_late_max"]) == (3, 7.5, 11)
    assert (tnmt["letters_drafted"], tnmt["late_apologies"], tnmt["on_time_apologies"]) == (2, 2, 0)
    # A (settled late) has an apology letter, B (open) a reschedule.
    assert (tnmt["letters_reschedule"], tnmt["letters_apology"]) == (1, 1)
    assert (tnmt["published"], tnmt["outstanding"], tnmt["late_change"]) == (1, 1, 1)
    commune = by_unit["hiep-thanh"]
    assert (commune["late"], commune["days_late_median"], commune["days_late_max"]) == (1, 2, 2)
    # D's letter went out while it was open: a reschedule, even though it is settled now.
    assert (commune["letters_reschedule"], commune["letters_apology"]) == (1, 0)
    assert (commune["letters_issued"], commune["on_time_apologies"], commune["late_apologies"]) == (
        1,
        1,
        0,
    )
    assert (commune["published_portal"], commune["updated_onestop"], commune["outstanding"]) == (
        1,
        0,
        1,
    )
    ktht = by_unit["ktht"]
    assert (ktht["tracked"], ktht["late"], ktht["days_late_median"], ktht["late_change"]) == (
        1,
        0,
        None,
        0,
    )


def test_json_shape_keeps_the_documented_fields_first(month: Invoke) -> None:
    data = monthly_json(month)
    assert list(data)[:5] == ["period", "total", "departments_total", "communes_total", "by_unit"]
    assert list(data["by_unit"][0])[:3] == CLI_UNIT_FIELDS[:3]
    assert set(CLI_UNIT_FIELDS) <= set(data["by_unit"][0])
    assert {"by_head", "trend", "index", "totals", "departments", "communes"} <= set(data)


def test_per_head_and_the_trend_of_recent_months(month: Invoke) -> None:
    data = monthly_json(month)
    heads = {h["head"]: (h["unit"], h["late"], h["letters_issued"]) for h in data["by_head"]}
    assert heads["Nguyễn Hoàng Phúc"] == ("tnmt", 2, 1)
    assert heads["Mai Văn Thành"] == ("hiep-thanh", 1, 1)
    assert data["trend"] == [{"period": "2024-10", "late": 1}, {"period": "2024-11", "late": 3}]


def test_one_unit_only(month: Invoke) -> None:
    data = monthly_json(month, "--unit", "tai nguyen")
    assert [u["unit"] for u in data["by_unit"]] == ["tnmt"]
    assert (data["total"], data["departments_total"], data["communes_total"]) == (2, 2, 0)


def test_table_and_csv(month: Invoke, tmp_path: Path) -> None:
    table = month("report", "monthly", "11/2024").stdout
    assert "Phòng Tài nguyên và Môi trường" in table and "TỔNG CỘNG" in table
    [total] = [line for line in table.splitlines() if line.strip().startswith("TỔNG CỘNG")]
    cells = [cell.strip() for cell in total.split("│")]
    # Late, ± the month before, open, settled, mean days late (of 4, 11 and 2, with a decimal
    # comma) and most days late.
    assert cells[:7] == ["TỔNG CỘNG", "3", "+2", "1", "2", "5,7", "11"]
    month("report", "monthly", "2024-11", "--format", "csv", "--out", str(tmp_path / "r.csv"))
    rows = read_csv(tmp_path / "r.csv")
    assert rows[0][:3] == ["Đơn vị", "Trễ hạn", "± tháng trước"]
    assert rows[-1][:13] == [
        "TỔNG CỘNG",
        "3",
        "+2",
        "1",
        "2",
        "5,7",
        "11",
        "3",
        "2",
        "2",
        "2",
        "1",
        "2",
    ]


def test_a_month_without_dossiers(run: Invoke) -> None:
    data = monthly_json(run)
    assert (data["total"], data["by_unit"], data["trend"]) == (0, [], [])
    assert data["totals"]["days_late_median"] is None
    assert data["totals"]["days_late_mean"] is None


def test_docx_needs_an_output_file(run: Invoke) -> None:
    result = run("report", "monthly", "2024-11", "--format", "docx", ok=False)
    assert result.exit_code == 2 and "--out" in result.output


def index_json(run: Invoke, period: str = "2024-11") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run("index", "list", period, "--format", "json").stdout)
    return data


def test_index_set_values_targets_and_units_below(run: Invoke) -> None:
    run("index", "set", "2024-11", "score", "87,07")
    run("index", "set", "2024-11", "rank", "8/9")
    run("index", "set", "2024-11", "digitised", "69,89%")
    run("index", "set", "2024-11", "reuse", "40,25", "--unit", "cam giang")
    run("index", "set", "2024-11", "reuse", "60", "--unit", "bau-don")
    run("index", "set", "2024-11", "online", "48.5")
    data = index_json(run)
    assert (data["score"], data["rank"], data["rank_of"]) == (87.07, 8, 9)
    figures = {f["metric"]: f for f in data["figures"]}
    assert figures["digitised"]["value"] == 69.89 and figures["digitised"]["target"] is None
    assert (figures["online"]["target"], figures["online"]["below_target"]) == (52, True)
    defaults = {k: figures[k]["target"] for k in figures}
    assert defaults == {
        "digitised": None,
        "e_results": None,
        "reuse": 52,
        "online": 52,
        "online_payment": 47,
        "feedback_on_time": 100,
        "procedures_published": 100,
        "satisfaction": 92,
    }
    units = [(u["unit"], u["value"], u["below_target"]) for u in data["by_unit"]]
    assert units == [("cam-giang", 40.25, True), ("bau-don", 60, False)]


def test_a_target_holds_for_later_months_until_changed(run: Invoke) -> None:
    run("index", "set", "2024-10", "online", "60", "--target")
    run("index", "set", "2024-11", "online", "55")
    assert {f["metric"]: f["target"] for f in index_json(run)["figures"]}["online"] == 60
    assert {f["metric"]: f["target"] for f in index_json(run, "2024-09")["figures"]}["online"] == 52


def test_setting_again_replaces_the_value(run: Invoke) -> None:
    run("index", "set", "2024-11", "score", "80")
    run("index", "set", "2024-11", "score", "87,07")
    assert index_json(run)["score"] == 87.07


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2024-11", "speed", "1"), "Không có chỉ số «speed»"),
        (("2024-11", "online", "140"), "phải từ 0 đến 100"),
        (("2024-11", "online", "nhiều"), "không phải là số"),
        (("2024-11", "rank", "10/9"), "phải nằm trong 1…9"),
        (("2024-11", "score", "80", "--unit", "tnmt"), "chỉ có cho toàn"),
        (("2024-11", "rank", "3", "--target"), "không có chỉ tiêu"),
        (("2024-11", "reuse", "40", "--unit", "xã không có"), "Không tìm thấy đơn vị"),
        (("2024-13", "score", "80"), "tháng phải từ 1 đến 12"),
    ],
)
def test_index_set_refusals(run: Invoke, args: tuple[str, ...], message: str) -> None:
    result = run("index", "set", *args, ok=False)
    assert result.exit_code == 1 and message in result.stderr
    assert "Traceback" not in result.output


def test_index_import_csv(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "chi-so.csv"
    path.write_text(
        "period;metric;unit;value;target\n"
        "2024-11;score;;87,07;\n"
        "2024-11;rank;;8/9;\n"
        "2024-11;reuse;hiep-thanh;4,55;\n"
        "2024-11;online;;;55\n",
        encoding="utf-8-sig",
    )
    result = run("index", "import", str(path))
    assert "Đã nhập 5 số liệu" in result.stderr
    data = index_json(run)
    assert (data["score"], data["rank"], data["rank_of"]) == (87.07, 8, 9)
    assert {f["metric"]: f["target"] for f in data["figures"]}["online"] == 55
    assert data["by_unit"][0]["unit_name"] == "xã Hiệp Thạnh"


def test_index_import_names_the_bad_line_and_changes_nothing(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "chi-so.csv"
    path.write_text('2024-11,score,,80\n2024-11,online,,"12,5"\n2024-11,online,,abc\n')
    result = run("index", "import", str(path), ok=False)
    assert result.exit_code == 1
    assert "chi-so.csv, dòng 3" in result.stderr and "abc" in result.stderr
    assert index_json(run)["score"] is None


def test_a_due_date_on_a_day_off_counts_from_the_next_working_day(run: Invoke) -> None:
    # Saturday 16/11/2024: the effective due date is Monday 18/11 (Civil Code Art. 148).
    add(run, "HS-SAT-1", "tnmt", "16/11/2024", "18/11/2024")  # on time
    add(run, "HS-SAT-2", "tnmt", "16/11/2024", "19/11/2024")  # 1 working day late
    totals = monthly_json(run)["totals"]
    assert (totals["tracked"], totals["late"], totals["days_late_max"]) == (2, 1, 1)
    assert monthly_json(run)["trend"] == [{"period": "2024-11", "late": 1}]
