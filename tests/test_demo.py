"""`tracker demo` builds the November 2024 sample from nothing and shows the whole job."""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path

from click.testing import CliRunner

from tests.docx_text import docx_text
from tracker.cli import cli


def test_demo_from_scratch(tmp_path: Path) -> None:
    directory = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["demo", "--dir", str(directory)])
    assert result.exit_code == 0, result.output
    assert "BỊA" in result.output  # says plainly that the dossiers are invented
    database = directory / "tracker.db"
    assert database.is_file()

    listed = CliRunner().invoke(
        cli,
        [
            "--db",
            str(database),
            "--today",
            "09/12/2024",
            "cases",
            "list",
            "--period",
            "2024-11",
            "--format",
            "json",
        ],
    )
    rows = json.loads(listed.stdout)
    assert len(rows) == 46
    by_unit: dict[str, int] = {}
    for row in rows:
        by_unit[row["unit"]] = by_unit.get(row["unit"], 0) + 1
    assert by_unit["hiep-thanh"] == 1
    assert by_unit["thanh-duc"] == 1
    assert by_unit["ktht"] + by_unit["tckh"] + by_unit["tnmt"] == 44
    assert all(row["late"] for row in rows)
    assert all(row["period"] == "2024-11" for row in rows)
    # Every head with open cases gets a section in the output.
    open_heads = {row["head"] for row in rows if row["status"] == "open"}
    for head in open_heads:
        assert head in result.output

    # Letters of the right kind: the dossiers settled late get an apology without a new date.
    assert "thư xin lỗi cho hồ sơ ĐÃ TRẢ KẾT QUẢ trễ hạn" in result.output
    letters = [row["letter"] for row in rows]
    settled = [row for row in rows if row["status"] == "resolved"]
    assert all(row["letter"]["kind"] == "apology" for row in settled)
    assert all(row["letter"]["new_due_at"] is None for row in settled)
    assert all(row["letter"]["kind"] == "reschedule" for row in rows if row["status"] == "open")
    assert {letter["regime"] for letter in letters} == {"nd61"}
    # Issued first, rendered after: the combined file holds only numbered letters, and the
    # public copies are those of the letters posted on the portal, masked.
    combined = docx_text(directory / "letters" / "tat-ca-phieu.docx")
    issued = [letter for letter in letters if letter["number"]]
    assert combined.count("Số: ") == len(issued) and "Số:       /" not in combined
    for letter in issued:
        assert f"Số: {letter['number']}" in combined
    posted = sorted(row["code"] for row in rows if row["letter"]["portal"])
    public = sorted(p.name for p in (directory / "letters" / "cong-khai").iterdir())
    assert public == [f"{code}-cong-khai.docx" for code in posted]
    assert not list((directory / "letters").glob("*-v2.docx"))  # no draft was printed first
    notices = sorted((directory / "letters").glob("thong-bao-mot-cua-*.docx"))
    assert notices and all(path.name.endswith("-nd61.docx") for path in notices)

    # The last words suggest a command that works as typed here, tracker on PATH or not.
    [suggested] = [line for line in result.output.splitlines() if line.startswith("Thử tiếp: ")]
    tried = subprocess.run(
        [*shlex.split(suggested.removeprefix("Thử tiếp: ")), "--format", "json"],
        capture_output=True,
        text=True,
    )
    assert tried.returncode == 0, tried.stderr
    assert len(json.loads(tried.stdout)) == 47  # the 46 and the one added to show warnings

    # Running it again starts from a fresh database, not on top of the old one.
    again = CliRunner().invoke(cli, ["demo", "--dir", str(directory)])
    assert again.exit_code == 0, again.output
