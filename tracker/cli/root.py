"""The root group: where the command line meets the user's mistakes and the world's.

- Global options typed after the command (`tracker cases list --db X`) are moved before it,
  as the user meant; an option of the same name that the command has itself stays its own.
- A TrackerError becomes one Vietnamese line and its exit code; a library's or the system's
  error becomes one Vietnamese sentence (tracker.failures); with --verbose the original
  follows. Anything else is a bug of tracker and keeps its traceback.
- Ctrl-C prints one line and exits 130; the transaction under way rolls back.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from tracker.cli.lazy import LazyGroup
from tracker.errors import TrackerError

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C
HOISTED = ("--db", "--today", "--as", "--templates", "--verbose")


def _leaf(group: click.Group, ctx: click.Context, args: list[str], start: int) -> tuple[Any, int]:
    """The command the words from `start` name (`letters draft`), and where its own
    arguments begin; (None, start) when a word names no command (click will say so)."""
    command: Any = group
    index = start
    while isinstance(command, click.Group) and index < len(args):
        found = command.get_command(ctx, args[index])
        if found is None:
            return None, start
        command, index = found, index + 1
    return command, index


def _takes(option: click.Option, token: str) -> int:
    """How many of the next words an option typed as `token` consumes."""
    if "=" in token or option.is_flag or option.count:
        return 0
    return option.nargs


def hoist_global_options(root: click.Group, ctx: click.Context, args: list[str]) -> list[str]:
    """`cases list --db X --format json` → `--db X cases list --format json`."""
    own = {o: p for p in root.params if isinstance(p, click.Option) for o in p.opts}
    start = 0
    while start < len(args) and args[start].startswith("-") and args[start] != "--":
        option = own.get(args[start].split("=", 1)[0])
        start += 1 + (_takes(option, args[start]) if option else 0)
    leaf, index = _leaf(root, ctx, args, start)
    if leaf is None:
        return args
    theirs = {o: p for p in leaf.params if isinstance(p, click.Option) for o in p.opts}
    theirs.update(
        {o: p for p in leaf.params if isinstance(p, click.Option) for o in p.secondary_opts}
    )
    moved: list[str] = []
    kept = args[start:index]
    while index < len(args):
        token = args[index]
        if token == "--":
            kept += args[index:]
            break
        name = token.split("=", 1)[0]
        if name in theirs:
            end = index + 1 + _takes(theirs[name], token)
            kept += args[index:end]
        elif name in HOISTED and name in own:
            end = index + 1 + _takes(own[name], token)
            moved += args[index:end]
        else:
            end = index + 1
            kept.append(token)
        index = end
    return [*args[:start], *moved, *kept]


def _original(error: BaseException) -> BaseException | None:
    """What a library raised under our sentence (`raise … from exc`, or `from None`)."""
    return error.__cause__ or error.__context__


def _by_ctrl_c(error: BaseException) -> bool:
    """Whether Ctrl-C caused this error: SQLite, interrupted in a query, reports
    "interrupted" instead of letting the KeyboardInterrupt through."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt) or str(seen).strip() == "interrupted":
            return True
        seen = _original(seen)
    return False


def _say(ctx: click.Context, message: str, code: int, original: BaseException | None) -> None:
    click.echo(f"Lỗi: {message}", err=True)
    if original is not None and ctx.find_root().params.get("verbose"):
        import traceback

        click.echo("Chi tiết kỹ thuật (--verbose):", err=True)
        click.echo("".join(traceback.format_exception(original)).rstrip(), err=True)
    ctx.exit(code)


def _interrupted(ctx: click.Context) -> None:
    click.echo(err=True)  # after the terminal's ^C
    click.echo(
        "Đã dừng theo yêu cầu (Ctrl+C): việc đang làm dở đã được hủy, chưa có gì được lưu.",
        err=True,
    )
    ctx.exit(EXIT_INTERRUPTED)


class RootGroup(LazyGroup):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(self, ctx, list(args)))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrackerError as err:
            if _by_ctrl_c(err):
                _interrupted(ctx)
            from tracker.cli.next_steps import error_text

            _say(ctx, error_text(err), err.exit_code, _original(err))
        except KeyboardInterrupt:
            _interrupted(ctx)
        except click.exceptions.Abort as abort:
            if not isinstance(_original(abort), EOFError):
                _interrupted(ctx)
            _say(ctx, "Không có câu trả lời: đã hủy, không có thay đổi nào.", 1, None)
        except (click.ClickException, click.exceptions.Exit):
            raise
        except Exception as exc:
            if _by_ctrl_c(exc):
                _interrupted(ctx)
            _say(ctx, _sentence(exc), 1, exc)


def _sentence(exc: Exception) -> str:
    """A library's error in Vietnamese; a bug of ours is re-raised with its traceback."""
    if type(exc).__module__.startswith("sqlalchemy"):
        from tracker.db import describe_operational_error

        return describe_operational_error(exc)
    from tracker.failures import library_sentence

    sentence = library_sentence(exc)
    if sentence is None:
        raise exc
    return sentence


def utf8_streams() -> None:
    """Vietnamese output must survive a Windows console or a redirect to a file."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower()
        if encoding.replace("-", "") != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
