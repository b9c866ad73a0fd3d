"""Many rejected rows: the report shows the first ones and counts the rest by reason; the full
list goes to --format json or --rejections FILE (bench/hostile.py times 1M of them)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.conftest import Invoke
from tests.import_files import code, csv_bytes, dossier

ROWS = 45


def export(tmp_path: Path) -> Path:
    rows = [dossier(1)]
    rows += [dossier(n, unit="Phòng [/x] Ma") for n in range(2, ROWS - 4)]
    rows += [dossier(n, due="31/11/2024") for n in range(ROWS - 4, ROWS + 1)]
    path = tmp_path / "tu-choi.csv"
    path.write_bytes(csv_bytes(rows))
    return path


def test_table_shows_the_first_rejections_and_counts_by_reason(run: Invoke, tmp_path: Path) -> None:
    result = run("import", str(export(tmp_path)), ok=False)
    assert result.exit_code == 3
    out = result.stdout
    assert f"Dòng bị từ chối ({ROWS - 1}), 20 dòng đầu" in out
    assert code(21) in out and code(22) not in out  # rows 2…21 of the file, in order
    assert "Phòng [/x] Ma" in out  # printed as text, not read as markup
    assert "đơn vị không có trong danh sách │ 39" in out
    assert "ngày không đọc được             │ 5" in out


def test_json_and_the_rejections_file_list_every_row(run: Invoke, tmp_path: Path) -> None:
    listing = tmp_path / "tu-choi-du.csv"
    result = run(
        "import", str(export(tmp_path)), "--format", "json", "--rejections", str(listing), ok=False
    )
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["counts"]["rejected"] == ROWS - 1
    assert [r["row"] for r in data["rejected"]] == list(range(3, ROWS + 2))
    assert data["rejected_by_kind"] == {"unit": ROWS - 6, "date": 5}
    with listing.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Dòng", "Cột", "Mã hồ sơ", "Lý do"]
    assert [int(r[0]) for r in rows[1:]] == list(range(3, ROWS + 2))
    assert rows[-1][1:3] == ["Ngày hẹn trả", code(ROWS)]
