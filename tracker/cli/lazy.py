"""A click group that imports a command's module only when that command runs.

`tracker --help` must answer about as fast as `import click`: the short help of each command
is written here, beside its import path, instead of being read from the imported command.
"""

from __future__ import annotations

import importlib
from typing import Any

import click


class LazyGroup(click.Group):
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
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_) for name, (_path, help_) in self.lazy_subcommands.items()]
        rows += [
            (name, cmd.get_short_help_str(formatter.width))
            for name, cmd in self.commands.items()
            if not cmd.hidden
        ]
        if rows:
            with formatter.section("Lệnh"):
                formatter.write_dl(sorted(rows))
