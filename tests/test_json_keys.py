"""Every command's JSON carries exactly the keys docs/json.md documents: one database where
every state exists (so no documented object is null or empty), each command run on it, and its
keys compared with the page. A field renamed in the code, or added without a line on the page,
fails here. Today is Tuesday 26/11/2024."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from tests.import_files import PROCEDURE, csv_bytes
from tracker.cli import cli

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "json.md"
TODAY = "26/11/2024"
A = "000.00.19.H53-241101-0001"  # tnmt, due Tue 19/11, open: late; published
B = "000.00.19.H53-241101-0002"  # tnmt, due Fri 22/11, open: late; issued, not published
C = "000.00.19.H53-241101-0003"  # ktht, due Wed 27/11: due soon; drafted ahead
D = "000.00.19.H53-241101-0004"  # ktht, due Sun 17/11 (a day off), open: late; drafted
E = "000.00.19.H53-241101-0005"  # tnmt, due 15/11, finished 20/11 late, no reason, no letter
F = "000.00.19.H53-241101-0006"  # tnmt, due 18/11, open, reason: the period batch drafts it
G = "000.00.19.H53-241101-0007"  # tnmt, due Fri 06/12: its apology deadline is Thu 05/12


def documented() -> dict[str, set[str]]:
    """Each command the page names in a `## ` heading (`tracker cases show CODE`: the words
    before the first argument), with the keys in the first column of the table below it."""
    commands: dict[str, set[str]] = {}
    keys: set[str] = set()
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            keys = set()
            for command in re.findall(r"`tracker ([a-z][a-z-]*(?: [a-z][a-z-]*)*)", line):
                commands[command] = keys
        elif row := re.match(r"^\| `([^`]+)` \|", line):
            keys.add(row.group(1))
    return commands


def paths(value: Any, prefix: str = "") -> set[str]:
    """`code`, `letter.portal.url`, `[].code`, `files[].path`: every key, however deep; a list
    adds `[]` to the path of its items."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            found.add(path)
            found |= paths(item, path)
    elif isinstance(value, list):
        for item in value:
            found |= paths(item, f"{prefix}[]")
    return found


def emitted(outputs: list[Any], maps: set[str]) -> set[str]:
    """The keys of every output; below a documented map (`before.*`), any key reads `*`."""
    found: set[str] = set()
    for output in outputs:
        found |= paths(output)
    for map_path in maps:
        prefix = map_path[: -len("*")]
        found = {map_path if p.startswith(prefix) else p for p in found}
    return found


class Scenario:
    """One database holding every state, and the JSON each command printed on it."""

    def __init__(self, url: str, directory: Path) -> None:
        self.directory = directory
        self.env = {
            "TRACKER_DATABASE_URL": url,
            "TRACKER_CONFIG": str(directory / "no-config.toml"),
            "TRACKER_USER": "kiem-thu",
            "TRACKER_TODAY": TODAY,
        }
        self.outputs: dict[str, list[Any]] = {}

    def run(self, *args: str, exit_code: int = 0, input: str | None = None) -> str:
        result = CliRunner().invoke(cli, list(args), env=self.env, input=input)
        assert result.exit_code == exit_code, f"tracker {' '.join(args)}\n{result.output}"
        return result.stdout

    def json(self, command: str, *args: str, exit_code: int = 0) -> None:
        """Run `tracker COMMAND ARGS --format json` and keep its output under COMMAND."""
        stdout = self.run(*command.split(), *args, "--format", "json", exit_code=exit_code)
        self.outputs.setdefault(command, []).append(json.loads(stdout))

    def add(self, code: str, unit: str, due: str, *extra: str) -> None:
        self.run(
            "cases", "add", code, "--procedure", PROCEDURE, "--applicant", "Nguyễn Văn An",
            "--unit", unit, "--received", "01/11/2024", "--due", due, *extra,
        )  # fmt: skip

    def export(self) -> Path:
        """A small export: a good row, a row with an impossible date, an unofficial code."""
        path = self.directory / "xuat-tu-mot-cua.csv"
        rows = [
            ["000.00.19.H53-241101-0101", PROCEDURE, "Lê Thị Lan", "Phòng TN&MT",
             "01/11/2024", "12/11/2024", "14/11/2024"],
            ["000.00.19.H53-241101-0102", PROCEDURE, "Lê Văn Hải", "Phòng TN&MT",
             "01/11/2024", "31/02/2024", ""],
            ["HS-TAY-7", PROCEDURE, "Trần Văn Tâm", "Phòng TN&MT", "01/11/2024", "13/11/2024", ""],
            ["Tổng cộng: 3 hồ sơ"],
        ]  # fmt: skip
        path.write_bytes(csv_bytes(rows))
        return path

    def build(self) -> None:
        reason = ("--reason", "Chờ ý kiến phối hợp của Chi cục Thuế.")
        self.add(A, "tnmt", "19/11/2024", *reason)
        self.add(B, "tnmt", "22/11/2024", *reason)
        self.add(C, "ktht", "27/11/2024", *reason)
        self.add(D, "ktht", "17/11/2024", *reason)
        self.add(E, "tnmt", "15/11/2024", "--finished", "20/11/2024")
        self.json("letters draft", A, B, D)
        self.json("letters draft", C, "--new-date", "05/12/2024")
        self.add(G, "tnmt", "06/12/2024", *reason)
        self.add(F, "tnmt", "18/11/2024", *reason)
        self.json("letters draft", "--period", "2024-11", exit_code=3)  # F drafted, E skipped
        self.json(
            "letters render", A, "--out", str(self.directory / "phieu"),
            "--combined", str(self.directory / "gop.docx"),
        )  # fmt: skip
        self.json("letters issue", A, B, "--auto-number")
        self.json("letters publish", A, "--portal", "--url", "https://godau.example/xin-loi/a")
        self.json("letters publish", A, "--onestop", "--ref", "MC-01")
        self.json("letters pending")
        self.json("letters late", "--all")
        self.json("cases list")
        self.json("cases show", A)
        self.json("cases show", D, "--explain")
        self.json("history", A)
        self.json("warn")
        self.json("remind")
        self.json("units list")
        self.json("heads list")
        password = "mot-mat-khau-du-dai-2024\n"
        self.run("users", "add", "tnmt", "--role", "head", "--head", "tnmt", "--password-stdin",
                 input=password)  # fmt: skip
        self.json("users list")
        export = self.export()
        self.json("import", str(export), exit_code=3)
        self.json("import", str(export), "--dry-run", exit_code=3)  # the same file again
        self.json("imports list")
        self.run("index", "set", "2024-11", "score", "87,07")
        self.run("index", "set", "2024-11", "reuse", "40,25", "--unit", "cam-giang")
        self.run("index", "set", "2024-11", "reuse", "52", "--target")
        self.json("index list", "2024-11")
        self.json("report monthly", "2024-11")
        self.json("calendar list", "2024")
        self.json("regimes list")
        self.json("regimes show", "nd118")
        # Last, as they move dates: 05/12 is C's new return date and G's apology deadline.
        self.json("calendar add-off", "05/12/2024", "--why", "Nghỉ bù")
        self.json("calendar remove", "05/12/2024")
        self.run("calendar", "add-off", "05/12/2024", "--why", "Nghỉ bù")
        self.json("calendar add-workday", "05/12/2024", "--why", "Làm việc trở lại")
        # Last of all, as it ends units: tnmt without a successor (A, B, F, G wait), ktht
        # handed to a new unit (C and D move with their draft letters).
        plan = self.directory / "ke-hoach.toml"
        plan.write_text(
            '[plan]\ntitle = "Thử"\nfrom = 2024-11-26\n'
            '[[begin]]\ncode = "kt"\nname = "Phòng Kinh tế"\nkind = "department"\n'
            'head = { name = "Võ Văn Hậu", title = "Trưởng phòng" }\n'
            '[[end]]\nunit = "tnmt"\nsuccessor = ""\n'
            '[[end]]\nunit = "ktht"\nsuccessor = "kt"\n',
            encoding="utf-8",
        )
        self.json("units reorganise", str(plan), "--dry-run")
        self.json("units reorganise", str(plan))
        # The commune's office keeps the database from that day: the plan's `kt`, xã Phước
        # Thạnh and the Văn phòng (same name) are kept; its Phòng Văn hóa - Xã hội is added
        # and leaves to the district's Phòng Văn hóa và Thông tin an alias it already holds.
        self.run("units", "alias", "vhtt", "Phòng VHXH")
        take_over = ("phuoc-thanh", "--from", "26/11/2024")
        self.json("units take-over", *take_over, "--dry-run")
        self.json("units take-over", *take_over)
        self.json("units orphans")
        self.json("units list", "--all")


@pytest.fixture(scope="module")
def scenario(
    migrated_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Scenario]:
    directory = tmp_path_factory.mktemp("json-keys")
    server = os.environ.get("TRACKER_TEST_DATABASE")
    if server:
        from tests.pg import fresh_database

        with fresh_database(server) as url:
            built = Scenario(url, directory)
            built.build()
            yield built
        return
    path = directory / "tracker.db"
    shutil.copyfile(migrated_template, path)
    built = Scenario(f"sqlite:///{path}", directory)
    built.build()
    yield built


COMMANDS = sorted(documented())


def json_commands(group: click.Group, prefix: str = "") -> set[str]:
    """Every command of the CLI that takes `--format json`."""
    context = click.Context(group)
    found = set()
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        if isinstance(command, click.Group):
            found |= json_commands(command, f"{prefix}{name} ")
        elif any(
            isinstance(p, click.Option)
            and "--format" in p.opts
            and isinstance(p.type, click.Choice)
            and "json" in p.type.choices
            for p in command.params
        ):
            found.add(prefix + name)
    return found


def test_the_page_documents_every_command_with_json_output(scenario: Scenario) -> None:
    assert sorted(json_commands(cli)) == COMMANDS
    assert sorted(scenario.outputs) == COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_documented_keys_are_the_emitted_keys(scenario: Scenario, command: str) -> None:
    keys = documented()[command]
    maps = {key for key in keys if key.endswith(".*")}
    assert emitted(scenario.outputs[command], maps) == keys
