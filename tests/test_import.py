"""`tracker import` on spreadsheets shaped like real one-stop exports: upsert, events, batches."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import Invoke
from tests.dossiers import cases_json
from tests.import_files import HEADERS, code, dossier, header_row_of, write_xlsx


def import_json(run: Invoke, *args: str, ok: bool = True) -> tuple[dict[str, Any], int]:
    result = run("import", *args, "--format", "json", ok=False)
    if ok:
        assert result.exit_code in (0, 3), result.output
    return json.loads(result.stdout) if result.stdout.strip() else {}, result.exit_code


def cases(run: Invoke) -> dict[str, dict[str, Any]]:
    return {row["code"]: row for row in cases_json(run)}


def test_messy_xlsx_title_rows_merged_cells_blank_rows_totals(run: Invoke, tmp_path: Path) -> None:
    rows: list[Any] = [
        dossier(1, received=dt.datetime(2024, 10, 14, 8, 30), due=dt.datetime(2024, 11, 4, 17)),
        dossier(2, unit="", received="15/10/2024 09:15", due="05/11/2024 17:00:00"),
        dossier(3, unit="", received="20241016083000", due="2024-11-06", finished="07/11/2024"),
        None,  # a stray blank row
        HEADERS,  # the header repeated (a second printed page)
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        dossier(4, unit="Phòng Kinh tế và Hạ tầng huyện Gò Dầu", due=dt.date(2024, 11, 18)),
        dossier(5, unit="Ủy ban nhân dân xã Thạnh Đức", due="19/11/2024"),
        dossier(
            6, unit="UBND xã Hiệp Thạnh", due="20/11/2024", finished=dt.datetime(2024, 11, 22, 10)
        ),
    ]
    path = write_xlsx(tmp_path / "export.xlsx", rows, totals="Tổng cộng: 6 hồ sơ")
    # The unit of rows 1–3 is one cell merged over the three rows, as exports group them.
    workbook = load_workbook(path)
    first = header_row_of() + 1
    workbook.active.merge_cells(start_row=first, start_column=4, end_row=first + 2, end_column=4)
    workbook.save(path)

    data, exit_code = import_json(run, str(path))
    assert exit_code == 0
    assert data["header_row"] == 4
    assert data["counts"]["new"] == 6
    assert data["counts"]["rejected"] == 0
    assert data["counts"]["skipped"] == {"blank": 1, "header": 1, "numbering": 1, "totals": 1}
    assert {c["header"]: c["field"] for c in data["columns"]}["Đơn vị xử lý"] == "unit"

    stored = cases(run)
    assert [stored[code(n)]["unit"] for n in range(1, 7)] == [
        "tnmt", "tnmt", "tnmt", "ktht", "thanh-duc", "hiep-thanh",
    ]  # fmt: skip
    assert stored[code(1)]["received_at"] == "2024-10-14"
    assert stored[code(1)]["due_at"] == "2024-11-04"
    assert stored[code(2)]["received_at"] == "2024-10-15"
    assert stored[code(3)]["received_at"] == "2024-10-16"
    assert stored[code(3)]["finished_at"] == "2024-11-07"
    assert stored[code(6)]["finished_at"] == "2024-11-22"
    assert stored[code(1)]["head"] == "Nguyễn Hoàng Phúc"  # the unit's current head
    assert {row["period"] for row in stored.values()} == {"2024-11"}  # month of the due date


def test_rejected_rows_name_row_column_and_reason(run: Invoke, tmp_path: Path) -> None:
    rows = [
        dossier(1),
        dossier(2, unit="Phòng Không Có Thật"),
        dossier(3, due="31/11/2024"),
        dossier(4, applicant=""),
        dossier(5, received="20/11/2024", due="15/11/2024"),
        dossier(6, due="hôm qua"),
        dossier(7, finished="01/10/2024"),
    ]
    path = write_xlsx(tmp_path / "bad-rows.xlsx", rows)
    data, exit_code = import_json(run, str(path))
    assert exit_code == 3
    assert data["counts"]["new"] == 1 and data["counts"]["rejected"] == 6
    rejected = {r["row"]: r for r in data["rejected"]}
    first = header_row_of() + 1
    assert sorted(rejected) == [first + n for n in range(1, 7)]
    unknown = rejected[first + 1]
    assert unknown["column"] == "Đơn vị xử lý"
    assert unknown["code"] == code(2)
    assert 'tracker units alias MÃ_ĐƠN_VỊ "Phòng Không Có Thật"' in unknown["reason"]
    assert rejected[first + 2]["column"] == "Ngày hẹn trả"
    assert "ngày «31/11/2024» không tồn tại" in rejected[first + 2]["reason"]
    assert rejected[first + 3]["reason"] == "thiếu chủ hồ sơ"
    assert rejected[first + 4]["reason"] == "ngày hẹn trả trước ngày tiếp nhận"
    assert "không hiểu ngày «hôm qua»" in rejected[first + 5]["reason"]
    assert rejected[first + 6]["column"] == "Ngày có kết quả"
    assert list(cases(run)) == [code(1)]

    table = run("import", str(path), ok=False)
    assert table.exit_code == 3
    assert "Dòng bị từ chối (6)" in table.stdout
    assert "Phòng Không Có Thật" in table.stdout


def test_reimport_changes_nothing(run: Invoke, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", [dossier(n) for n in range(1, 6)])
    first, _ = import_json(run, str(path))
    before = cases(run)
    second, exit_code = import_json(run, str(path))
    assert exit_code == 0
    assert first["counts"]["new"] == 5
    assert (second["counts"]["new"], second["counts"]["updated"]) == (0, 0)
    assert second["counts"]["unchanged"] == 5
    assert second["previous_batch"]["id"] == first["batch_id"]
    assert cases(run) == before
    history = json.loads(run("history", code(1), "--format", "json").stdout)
    assert [h["action"] for h in history] == ["dossier.import"]
    batches = json.loads(run("imports", "list", "--format", "json").stdout)
    assert [b["new"] for b in batches] == [0, 5]
    assert batches[0]["sha256"] == batches[1]["sha256"] == first["sha256"]
    assert batches[1]["period"] == "2024-11"


def test_update_touches_only_changed_fields_never_local_ones(run: Invoke, tmp_path: Path) -> None:
    write_xlsx(tmp_path / "v1.xlsx", [dossier(1), dossier(2)])
    import_json(run, str(tmp_path / "v1.xlsx"))
    run("cases", "reason", code(1), "Chờ xác minh nguồn gốc đất.")
    run("cases", "assign", code(1), "--head", "Trần Minh Khoa")

    changed = [
        dossier(1, applicant="", due="22/11/2024", finished="25/11/2024"),  # empty: kept
        dossier(2),
    ]
    write_xlsx(tmp_path / "v2.xlsx", changed)
    data, exit_code = import_json(run, str(tmp_path / "v2.xlsx"))
    assert exit_code == 3  # the empty applicant is still a missing required field…
    assert data["counts"]["unchanged"] == 1

    changed[0] = dossier(1, due="22/11/2024", finished="25/11/2024")
    write_xlsx(tmp_path / "v3.xlsx", changed)
    data, exit_code = import_json(run, str(tmp_path / "v3.xlsx"))
    assert exit_code == 0
    assert (data["counts"]["updated"], data["counts"]["unchanged"]) == (1, 1)
    row = cases(run)[code(1)]
    assert row["due_at"] == "2024-11-22" and row["finished_at"] == "2024-11-25"
    assert row["reason"] == "Chờ xác minh nguồn gốc đất."
    assert row["head"] == "Trần Minh Khoa"
    assert row["applicant"] == "Nguyễn Văn Ánh"
    history = json.loads(run("history", code(1), "--format", "json").stdout)
    update = history[-1]
    assert update["action"] == "dossier.update"
    assert update["before"] == {"due_at": "2024-11-15", "finished_at": None}
    assert update["after"] == {"due_at": "2024-11-22", "finished_at": "2024-11-25"}


def test_optional_empty_cell_never_erases(run: Invoke, tmp_path: Path) -> None:
    write_xlsx(tmp_path / "v1.xlsx", [dossier(1, finished="20/11/2024")])
    import_json(run, str(tmp_path / "v1.xlsx"))
    write_xlsx(tmp_path / "v2.xlsx", [dossier(1)])
    data, _ = import_json(run, str(tmp_path / "v2.xlsx"))
    assert data["counts"]["unchanged"] == 1
    assert cases(run)[code(1)]["finished_at"] == "2024-11-20"


def test_same_code_twice_in_one_file(run: Invoke, tmp_path: Path) -> None:
    rows = [dossier(1), dossier(2), dossier(1), dossier(2, due="16/11/2024")]
    data, exit_code = import_json(run, str(write_xlsx(tmp_path / "dup.xlsx", rows)))
    assert exit_code == 3
    assert (data["counts"]["new"], data["counts"]["merged"], data["counts"]["rejected"]) == (
        2,
        1,
        1,
    )
    [rejection] = data["rejected"]
    first = header_row_of() + 1
    assert rejection["row"] == first + 3
    assert rejection["column"] == "Mã hồ sơ"
    assert (
        f"đã có ở dòng {first + 1} của tệp với dữ liệu khác (ngày hẹn trả)" in rejection["reason"]
    )
    assert cases(run)[code(2)]["due_at"] == "2024-11-15"


def test_same_code_twice_matching_a_stored_dossier(run: Invoke, tmp_path: Path) -> None:
    import_json(run, str(write_xlsx(tmp_path / "v1.xlsx", [dossier(1)])))
    rows = [dossier(1, due="20/11/2024"), dossier(1, due="21/11/2024")]
    data, _ = import_json(run, str(write_xlsx(tmp_path / "v2.xlsx", rows)))
    assert (data["counts"]["updated"], data["counts"]["rejected"]) == (1, 1)
    assert cases(run)[code(1)]["due_at"] == "2024-11-20"


def test_dry_run_writes_nothing(run: Invoke, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", [dossier(1), dossier(2), dossier(1)])
    data, exit_code = import_json(run, str(path), "--dry-run")
    assert exit_code == 0
    assert (data["counts"]["new"], data["counts"]["merged"]) == (2, 1)
    assert data["written"] is False and data["batch_id"] is None
    assert cases(run) == {}
    assert json.loads(run("imports", "list", "--format", "json").stdout) == []


def test_strict_writes_nothing_when_a_row_is_rejected(run: Invoke, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", [dossier(1), dossier(2, unit="Phòng Ma")])
    result = run("import", str(path), "--strict", ok=False)
    assert result.exit_code == 1
    assert "Lỗi: Có 1 dòng bị từ chối nên không ghi gì (--strict)." in result.stderr
    assert "Phòng Ma" in result.stdout  # the report still says which row and why
    assert cases(run) == {}
    assert json.loads(run("imports", "list", "--format", "json").stdout) == []


def test_every_row_rejected_is_a_failure(run: Invoke, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", [dossier(1, unit="Phòng Ma")])
    result = run("import", str(path), ok=False)
    assert result.exit_code == 1
    assert "Không nhập được dòng nào" in result.stderr
    assert json.loads(run("imports", "list", "--format", "json").stdout) == []


def test_unknown_headers_mapped_with_map_and_saved(run: Invoke, tmp_path: Path) -> None:
    headers = ["Mã biên nhận", *HEADERS[1:]]
    path = write_xlsx(tmp_path / "vendor.xlsx", [dossier(1)], headers=headers)
    refused = run("import", str(path), ok=False)
    assert refused.exit_code == 1
    assert "không có cột mã hồ sơ" in refused.stderr
    assert '--map "Tên cột=code"' in refused.stderr

    bad = run("import", str(path), "--map", "Mã biên nhận=ma", ok=False)
    assert bad.exit_code == 1 and "Trường «ma»" in bad.stderr

    data, _ = import_json(run, str(path), "--map", "Mã biên nhận=code", "--save-map")
    assert data["counts"]["new"] == 1
    assert data["columns"][0] == {"header": "Mã biên nhận", "field": "code", "source": "map"}
    again = write_xlsx(tmp_path / "vendor2.xlsx", [dossier(2)], headers=headers)
    data, _ = import_json(run, str(again))
    assert data["counts"]["new"] == 1
    assert data["columns"][0]["source"] == "saved"


def test_period_option_and_status_codes(run: Invoke, tmp_path: Path) -> None:
    headers = [*HEADERS, "Trạng thái", "Lý do trễ hẹn"]
    rows = [[*dossier(1), 4, "Chờ ý kiến của Chi cục Thuế."], [*dossier(2), "10", ""]]
    path = write_xlsx(tmp_path / "export.xlsx", rows, headers=headers)
    import_json(run, str(path), "--period", "10/2024")
    stored = cases(run)
    assert {row["period"] for row in stored.values()} == {"2024-10"}
    assert stored[code(1)]["reason"] == "Chờ ý kiến của Chi cục Thuế."
    shown = json.loads(run("cases", "show", code(2), "--format", "json").stdout)
    assert shown["source"] == "import"
    detail = run("cases", "show", code(1)).stdout
    assert "lần nhập #1, dòng 5" in detail


def test_non_official_code_is_accepted_with_a_warning(run: Invoke, tmp_path: Path) -> None:
    row = dossier(1)
    row[0] = "hs-2024/77"
    data, exit_code = import_json(run, str(write_xlsx(tmp_path / "manual.xlsx", [row])))
    assert exit_code == 0 and data["counts"]["new"] == 1
    [warning] = data["warnings"]
    assert "HS-2024/77" in warning["message"] and "không theo dạng chuẩn" in warning["message"]


def test_history_shows_the_import(run: Invoke, tmp_path: Path) -> None:
    import_json(run, str(write_xlsx(tmp_path / "export.xlsx", [dossier(1)])))
    [event] = json.loads(run("history", code(1), "--format", "json").stdout)
    assert event["action"] == "dossier.import"
    assert event["actor"] == "kiem-thu"
    assert event["after"]["unit"] == "tnmt"
    assert event["after"]["due_at"] == "2024-11-15"
    assert event["note"] == "Lần nhập #1, dòng 5"
    assert "Nhập từ tệp" in run("history", code(1)).stdout


def test_sheet_is_found_or_named(run: Invoke, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "two.xlsx", [dossier(1)], sheet="DS", extra_sheets=["Ghi chú"])
    data, _ = import_json(run, str(path))
    assert data["sheet"] == "DS" and data["counts"]["new"] == 1
    missing = run("import", str(path), "--sheet", "Tháng 12", ok=False)
    assert missing.exit_code == 1
    assert "không có trang «Tháng 12»; các trang: Ghi chú, DS" in missing.stderr


def test_imports_list(run: Invoke, tmp_path: Path) -> None:
    assert "Chưa nhập tệp nào" in run("imports", "list").stdout
    import_json(run, str(write_xlsx(tmp_path / "export.xlsx", [dossier(1)])))
    [batch] = json.loads(run("imports", "list", "--format", "json").stdout)
    assert batch["file_name"] == "export.xlsx"
    assert batch["actor"] == "kiem-thu"
    assert (batch["new"], batch["rejected"], batch["period"]) == (1, 0, "2024-11")
    assert len(batch["sha256"]) == 64
    assert "export.xlsx" in run("imports", "list").stdout


@pytest.mark.parametrize("args", [["import", "--help"], ["imports", "list", "--help"]])
def test_help(run: Invoke, args: list[str]) -> None:
    assert "Cách dùng" in run(*args).stdout


def test_import_help_names_only_the_formats_it_has() -> None:
    """`import --format` is table or json: its help must not promise CSV."""
    from click.testing import CliRunner

    from tracker.cli import cli

    text = CliRunner().invoke(cli, ["import", "--help"]).output
    assert "[table|json]" in text and "CSV hoặc JSON" not in text
