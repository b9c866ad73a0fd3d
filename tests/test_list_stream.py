"""`cases list --format json` streams its rows (fetched a thousand at a time, written one
dossier a line): a list longer than one chunk comes out whole and in order, on SQLite and on
PostgreSQL (a server-side cursor there)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Invoke
from tests.import_files import csv_bytes, dossier

LISTED = 2_500  # two and a half chunks


def test_a_list_longer_than_a_chunk_comes_out_whole_and_in_order(
    run: Invoke, tmp_path: Path
) -> None:
    rows = [
        dossier(n, received="01/09/2024", due=f"{1 + n * 11 % 28:02d}/10/2024")
        for n in range(1, LISTED + 1)
    ]
    export = tmp_path / "ho-so.csv"
    export.write_bytes(csv_bytes(rows))
    run("import", str(export))
    result = run("cases", "list", "--status", "open", "--format", "json")
    listed = json.loads(result.stdout)
    assert sorted(case["code"] for case in listed) == sorted(row[0] for row in rows)
    # Oldest due date first, then by code, across the chunks.
    keys = [(case["due_at"], case["code"]) for case in listed]
    assert keys == sorted(keys)
    assert listed[0]["due_at"] == "2024-10-01" and listed[-1]["due_at"] == "2024-10-28"
    # "[", one dossier a line, "]".
    assert result.stdout.count("\n") == LISTED + 2


def test_an_empty_list_is_an_empty_array(run: Invoke) -> None:
    assert run("cases", "list", "--format", "json").stdout == "[]\n"


def test_a_streamed_list_goes_to_the_file_out_names(run: Invoke, tmp_path: Path) -> None:
    export = tmp_path / "ho-so.csv"
    export.write_bytes(csv_bytes([dossier(n) for n in range(1, 4)]))
    run("import", str(export))
    target = tmp_path / "ho-so.json"
    result = run("cases", "list", "--format", "json", "--out", str(target))
    assert result.stdout == ""
    listed = json.loads(target.read_text("utf-8"))
    assert sorted(case["code"] for case in listed) == [dossier(n)[0] for n in range(1, 4)]
