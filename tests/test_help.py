"""Every command answers --help in Vietnamese, without touching a database.

The walk covers the whole lazy tree as `tracker` hands it out, so a command another helper
adds later is walked too. The English phrases looked for are read from click's own source
(every sentence it marks for translation), so a click upgrade cannot slip one in unseen.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.cli.i18n import MESSAGES, PLURALS
from tracker.cli.lazy import TrackerGroup


def _walk(
    group: click.Group, prefix: tuple[str, ...]
) -> list[tuple[tuple[str, ...], click.Command]]:
    ctx = click.Context(group)
    found = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        found.append(((*prefix, name), command))
        if isinstance(command, click.Group):
            found += _walk(command, (*prefix, name))
    return found


TREE = _walk(cli, ())
COMMAND_PATHS = [path for path, _ in TREE]


def click_messages() -> list[tuple[str, str]]:
    """(kind, msgid) for every `_("…")` and `ngettext("…", "…", n)` in click's source."""
    found = []
    for source in sorted(Path(click.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
                if node.func.id == "_" and texts:
                    found.append(("_", texts[0]))
                elif node.func.id == "ngettext" and len(texts) >= 2:
                    found.append(("n", f"{texts[0]}\x00{texts[1]}"))
    return found


def english_fragments() -> set[str]:
    """The words of click's sentences around their placeholders: `No such command`, `Usage:`."""
    fragments = {"Usage:", "Options:", "Commands:", "[default:", "[required]", "[OPTIONS]"}
    for _kind, message in click_messages():
        for part in re.split(r"\{[^}]*\}|%\([^)]*\)s|\x00", message):
            words = part.strip(" .:()?!'\n\t")
            if len(words.split()) >= 2:
                fragments.add(words)
    return fragments


# click's placeholders for its own types, and a range written the programmer's way.
ENGLISH_METAVARS = re.compile(
    r"\b(TEXT|INTEGER|FLOAT|BOOLEAN|UUID|FILENAME|PATH|FILE|DIRECTORY|RANGE|OPTIONS|COMMAND|"
    r"ARGS|DATE|CODES?|PERIOD|UNIT|NAME|ALIAS|METRIC|VALUE|YEAR|USERNAME|DAY)\b|x[<>]=?"
)


def test_every_click_sentence_has_a_vietnamese_translation() -> None:
    # A message click builds from a variable: `_(extra["required"])`.
    assert "required" in MESSAGES
    missing = [
        message.replace("\x00", " | ")
        for kind, message in click_messages()
        if (kind == "_" and message not in MESSAGES)
        or (kind == "n" and tuple(message.split("\x00")) not in PLURALS)
    ]
    assert missing == []


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


def test_every_group_is_a_tracker_group() -> None:
    """Declare groups with `@click.group(cls=TrackerGroup)`: it speaks Vietnamese, suggests the
    command meant, and never cuts a command's short help."""
    groups = [" ".join(p) for p, c in TREE if isinstance(c, click.Group)]
    assert groups
    assert [g for g, c in zip(groups, [c for _, c in TREE if isinstance(c, click.Group)], strict=True)
            if not isinstance(c, TrackerGroup)] == []  # fmt: skip
    assert isinstance(cli, TrackerGroup)


@pytest.mark.parametrize("path", [(), *COMMAND_PATHS], ids=lambda p: " ".join(p) or "tracker")
def test_help_is_vietnamese(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(
        cli, [*path, "--help"], env={"TRACKER_DATABASE_URL": "sqlite:///nowhere/x.db"}
    )
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("Cách dùng: tracker")
    assert "Tùy chọn:" in text
    assert "In hướng dẫn này rồi thoát." in text
    assert [f for f in english_fragments() if f in text] == []
    assert ENGLISH_METAVARS.findall(text) == []
    # A listed command's short help is its whole first sentence, never cut with "...".
    listing = text.partition("\nLệnh:\n")[2]
    assert [line for line in listing.splitlines() if line.rstrip().endswith(("...", "…"))] == []


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=" ".join)
def test_placeholders_are_vietnamese(path: tuple[str, ...]) -> None:
    """Every value an option or argument takes is named in Vietnamese (NGÀY, MÃ, ĐƠN_VỊ …)."""
    command = dict(TREE)[path]
    ctx = click.Context(command)
    for param in command.params:
        if getattr(param, "is_flag", False) or param.name == "help":
            continue
        metavar = param.make_metavar(ctx)
        if isinstance(param.type, click.Choice):
            assert metavar.startswith("["), metavar
            continue
        english = [
            word
            for word in re.findall(r"\w+", metavar)
            if word.isascii() and word.isupper() and word != "URL"
        ]
        assert english == [], f"{param.name}: {metavar}"
