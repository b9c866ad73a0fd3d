"""Every command answers --help in Vietnamese, without touching a database."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from tracker.cli import cli


def _walk(group: click.Group, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
    ctx = click.Context(group)
    paths = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths += _walk(command, (*prefix, name))
    return paths


COMMAND_PATHS = _walk(cli, ())


def test_the_command_surface_of_cli_md_exists() -> None:
    names = {" ".join(p) for p in COMMAND_PATHS}
    for expected in (
        "init", "demo", "db upgrade", "db current", "db backup", "units list", "units add",
        "units alias", "heads list", "heads set", "import", "imports list", "cases list",
        "cases show", "cases add", "cases assign", "cases reason", "cases resolve",
        "letters draft", "letters render", "letters issue", "letters publish", "letters pending",
        "letters late", "remind", "report monthly", "report notice", "index set", "index import",
        "history", "warn", "calendar list",
    ):  # fmt: skip
        assert expected in names


@pytest.mark.parametrize("path", [(), *COMMAND_PATHS], ids=lambda p: " ".join(p) or "tracker")
def test_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(
        cli, [*path, "--help"], env={"TRACKER_DATABASE_URL": "sqlite:///nowhere/x.db"}
    )
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert len(result.output.splitlines()) >= 3
