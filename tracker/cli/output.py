"""`--format table|csv|json` for every list and report: one place decides how data is printed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

FORMATS = ("table", "csv", "json")
F = TypeVar("F", bound=Callable[..., Any])

# Cells Excel would run as formulas (CSV injection): prefixed with an apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def format_option(
    *choices: str,
    default: str = "table",
    help: str = "Dạng kết quả: bảng trên màn hình, CSV hoặc JSON (chỉ dữ liệu, ra stdout).",
) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices or FORMATS),
        default=default,
        show_default=True,
        help=help,
    )


def docx_out_option(stem: str) -> Callable[[F], F]:
    """`--out` of a printout whose file is named after the day unless given (`dated_docx`)."""
    return click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"Tệp DOCX (mặc định {stem}-YYYY-MM-DD.docx ở thư mục hiện tại).",
    )


def overwrite_option() -> Callable[[F], F]:
    """`--overwrite`: the one way to replace an existing file tracker did not write itself
    (tracker.output_files); a database or a backup is never replaced."""
    return click.option(
        "--overwrite",
        is_flag=True,
        help="Ghi đè tệp kết quả đã có, kể cả tệp không do tracker ghi (không bao giờ ghi đè "
        "cơ sở dữ liệu hay bản sao lưu).",
    )


def dated_docx(out: Path | None, stem: str, today: dt.date) -> Path:
    return out or Path(f"{stem}-{today.isoformat()}.docx")


def _json_default(value: Any) -> Any:
    """The one thing JSON output holds that json cannot write itself: dates, as ISO 8601.
    Anything else (a service's dataclass above all) is refused: every command builds its
    JSON by name, so renaming a field in the code never changes the public shape."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def print_json(data: Any) -> None:
    # Indented for a person at a terminal; one line for a pipe, where json's C encoder runs
    # (an 18,000-dossier list: 410 → 76 ms) and `| jq` pretty-prints anyway.
    indent = 2 if sys.stdout.isatty() else None
    click.echo(json.dumps(data, ensure_ascii=False, indent=indent, default=_json_default))


def print_json_stream(items: Iterable[Any]) -> None:
    """A JSON array written item by item as they come, one item a line: a list of any length
    in constant memory. orjson encodes ten times faster than json and writes dates itself (as
    ISO 8601, like _json_default); any other object it cannot write, a dataclass above all, is
    refused as print_json refuses it."""
    import orjson

    out = sys.stdout.buffer
    # orjson would write a dataclass by its field names: passed to _json_default, refused.
    strict = orjson.OPT_PASSTHROUGH_DATACLASS
    separator = b"[\n"
    for item in items:
        out.write(separator)
        out.write(orjson.dumps(item, default=_json_default, option=strict))
        separator = b",\n"
    out.write(b"[]\n" if separator == b"[\n" else b"\n]\n")
    out.flush()


def csv_safe(value: Any) -> str:
    """A cell as text; one that starts like a formula is quoted so a spreadsheet shows it."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "có" if value else "không"
    text = str(value)
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def print_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([[csv_safe(cell) for cell in row] for row in rows])
    click.echo(buffer.getvalue(), nl=False)


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # Redirected to a file, a table should not be cut at 80 columns.
    width = None if stream.isatty() else 200
    return Console(file=stream, width=width, highlight=False, soft_wrap=False)


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    empty: str = "Không có dòng nào.",
) -> None:
    from rich.table import Table
    from rich.text import Text

    if not rows:
        click.echo(f"{title}: {empty}" if title else empty)
        return
    table = Table(title=title, title_justify="left", show_lines=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        # Text, never markup: a cell holding "[/]" or "[link=…]" is shown as typed.
        table.add_row(*(Text(cell if isinstance(cell, str) else csv_safe(cell)) for cell in row))
    console().print(table)


def emit(
    fmt: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    json_data: Any,
    *,
    title: str | None = None,
    empty: str = "Không có dòng nào.",
) -> None:
    """Print rows as a table or CSV, or `json_data` as JSON."""
    if fmt == "json":
        print_json(json_data)
    elif fmt == "csv":
        print_csv(headers, rows)
    else:
        print_table(headers, rows, title=title, empty=empty)


def info(message: str) -> None:
    """A human message that must not pollute machine output on stdout."""
    click.echo(message, err=True)
