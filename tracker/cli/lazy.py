"""The command groups of tracker: Vietnamese, forgiving of a typo, and lazy.

Every group of the CLI is a `TrackerGroup` (`@click.group(cls=TrackerGroup)`; a test walks the
tree and checks): it hands out its commands adapted to Vietnamese (`params.adapt`), names the
command the user probably meant, and lists its commands with their whole first sentence.

`LazyGroup` imports a command's module only when that command runs: `tracker --help` must
answer about as fast as `import click`, so the short help of each command is written beside
its import path instead of being read from the imported command.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from tracker.cli.params import SUBCOMMAND_METAVAR, adapt, closest


def no_such_command(name: str, commands: list[str]) -> str:
    hint = closest(name, commands)
    if hint:
        return f"Không có lệnh «{name}». Có phải ý bạn là «{hint}»?"
    return f"Không có lệnh «{name}»; các lệnh: {', '.join(commands)}."


class TrackerGroup(click.Group):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            adapt(command)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if (
            name
            and not name.startswith("-")
            and not ctx.resilient_parsing
            and self.get_command(ctx, name) is None
        ):
            ctx.fail(no_such_command(name, self.list_commands(ctx)))
        return super().resolve_command(ctx, args)

    def short_helps(self, ctx: click.Context) -> list[tuple[str, str]]:
        """(name, first sentence of its help), never cut short with "…"."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1_000)))
        return rows

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = self.short_helps(ctx)
        if rows:
            with formatter.section("Lệnh"):
                formatter.write_dl(rows)


class LazyGroup(TrackerGroup):
    def __init__(
        self, *args: Any, lazy_subcommands: dict[str, tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # name -> ("package.module:attribute", short help)
        self.lazy_subcommands = lazy_subcommands or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy_subcommands])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_subcommands:
            module_name, attribute = self.lazy_subcommands[cmd_name][0].split(":")
            command: click.Command = getattr(importlib.import_module(module_name), attribute)
            adapt(command)
            return command
        return super().get_command(ctx, cmd_name)

    def short_helps(self, ctx: click.Context) -> list[tuple[str, str]]:
        rows = [(name, help_) for name, (_path, help_) in self.lazy_subcommands.items()]
        rows += [
            (name, command.get_short_help_str(limit=1_000))
            for name, command in self.commands.items()
            if not command.hidden
        ]
        return sorted(rows)
