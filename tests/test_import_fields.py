"""The import's one field table agrees with the stored dossier, and every text limit is enforced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import String

from tests.conftest import Invoke
from tests.import_files import HEADERS, csv_bytes, dossier
from tracker.importers.fields import ALIASES, FIELDS
from tracker.models import Dossier
from tracker.services.imports import IMPORTED

COLUMNS = Dossier.__table__.c


def test_every_field_fits_its_column() -> None:
    for field in FIELDS:
        if field.name == "unit":
            continue  # looked up by name; stored as unit_id
        column = COLUMNS[field.name]
        if field.kind == "date":
            assert field.max_length is None
            continue
        assert field.max_length is not None, field.name  # every text field has a limit
        if isinstance(column.type, String) and column.type.length:
            assert field.max_length <= column.type.length, field.name


def test_what_a_file_may_change_on_a_stored_dossier() -> None:
    assert "code" not in IMPORTED and "reason" not in IMPORTED
    assert "unit_id" in IMPORTED and all(name in COLUMNS for name in IMPORTED)


def test_aliases_name_one_field_each() -> None:
    assert len(ALIASES) == sum(len(f.aliases) for f in FIELDS)


@pytest.mark.parametrize(
    ("column", "length", "message"),
    [
        ("Chủ hồ sơ", 301, "chủ hồ sơ dài quá 300 ký tự"),
        ("Lý do trễ hẹn", 2001, "lý do trễ hạn dài quá 2.000 ký tự"),
        ("Mã hồ sơ", 65, "mã hồ sơ dài quá 64 ký tự"),
    ],
)
def test_text_longer_than_its_field_rejects_the_row(
    run: Invoke, tmp_path: Path, column: str, length: int, message: str
) -> None:
    headers = [*HEADERS, "Lý do trễ hẹn"]
    long_row = [*dossier(2), "Chờ ý kiến"]
    long_row[headers.index(column)] = "9" + "x" * (length - 1)
    path = tmp_path / "dai.csv"
    path.write_bytes(csv_bytes([[*dossier(1), "Chờ ý kiến"], long_row], headers=headers))
    result = run("import", str(path), "--format", "json", ok=False)
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    [rejected] = data["rejected"]
    assert (rejected["row"], rejected["column"], rejected["kind"]) == (3, column, "length")
    assert rejected["reason"] == message
    assert data["counts"]["new"] == 1
