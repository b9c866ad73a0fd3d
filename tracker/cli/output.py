"""`--format table|csv|json|xlsx` for every list and report: one place decides how data is
printed or written.

`format_option()` gives a command `--format`, and with xlsx among its choices also
`--out FILE` and `--columns A,B` (read here, through click's context: the command's function
does not see them). A command then calls `emit` (one table) or `emit_sheets` (a report of
several tables) with raw cells; the rest — terminal layout, CSV for Excel, XLSX, JSON, the file
written only once complete — happens here.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from pathlib import Path
from typing import IO, Any, TextIO, TypeVar

import click

from tracker.cli.columns import Column, as_columns, column_kind, display, find, unknown_column
from tracker.cli.terminal import console as console  # re-exported: progress bars use it
from tracker.formats import vn_number

FORMATS = ("table", "csv", "json", "xlsx")
F = TypeVar("F", bound=Callable[..., Any])

# Cells Excel would run as formulas (CSV injection): prefixed with an apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel on a Vietnamese Windows (decimal comma) splits CSV on ";" (its list separator, as in
# CLDR's vi locale); an office set to English (US) formats uses "," — `csv_delimiter` in the
# config file. UTF-8 with a BOM is the only way Excel reads Vietnamese letters in a CSV.
CSV_DELIMITER = ";"
CSV_BOM = "\ufeff"
# Streamed JSON is written this many items at a time: a write per item cost as much as encoding
# it; a thousand at a time took 15 MB more memory for nothing.
_JSON_CHUNK = 100
# A list printed to a terminal stops here: past a few screens a person needs a file or a filter,
# and laying out a unit's 33,000 open dossiers took rich half a minute. A pipe or a file gets all.
SCREEN_ROWS = 500
_META = "tracker.output"
_FORMAT_HELP = {
    "table": "bảng trên màn hình",
    "csv": "CSV cho Excel",
    "json": "JSON (chỉ dữ liệu)",
    "xlsx": "bảng tính Excel (cần --out)",
    "docx": "tệp Word để in",
    "text": "chữ trên màn hình",
}


@dataclass
class _Requested:
    """What --out and --columns asked for (None: not given)."""

    out: Path | None = None
    columns: list[str] | None = None
    overwrite: bool = False


def _requested() -> _Requested:
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return _Requested()
    found: _Requested = ctx.meta.setdefault(_META, _Requested())
    return found


def _store(attribute: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> None:
        if value is not None:
            request = ctx.meta.setdefault(_META, _Requested())
            if attribute == "columns" and isinstance(value, str):
                value = [part.strip() for part in value.split(",") if part.strip()]
            setattr(request, attribute, value)

    return callback


def format_option(
    *choices: str, default: str = "table", help: str | None = None, own_out: bool = False
) -> Callable[[F], F]:
    """`--format` (default: every one of FORMATS); with xlsx, `--out` unless the command has
    its own (`own_out`, then it passes it to `emit`), and `--columns` with any tabular one."""
    chosen = choices or FORMATS
    described = ", ".join(f"{c}: {_FORMAT_HELP[c]}" for c in chosen if c in _FORMAT_HELP)
    options = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(chosen),
            default=default,
            show_default=True,
            help=help or f"Dạng kết quả — {described}.",
        )
    ]
    if "xlsx" in chosen and not own_out:
        options.append(
            click.option(
                "--out",
                type=click.Path(dir_okay=False, path_type=Path),
                expose_value=False,
                callback=_store("out"),
                help="Ghi kết quả vào tệp này thay vì in ra (bắt buộc với xlsx).",
            )
        )
        options.append(overwrite_option(expose_value=False, callback=_store("overwrite")))
    if {"table", "csv", "xlsx"} & set(chosen):
        options.append(
            click.option(
                "--columns",
                metavar="CỘT,…",
                expose_value=False,
                callback=_store("columns"),
                help="Chỉ những cột này, theo thứ tự này (tên cột không dấu, cách nhau "
                'bằng dấu phẩy: "ma-ho-so,han-tra").',
            )
        )

    def decorate(function: F) -> F:
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


def overwrite_option(**extra: Any) -> Callable[[F], F]:
    """`--overwrite`: the one way to replace an existing file tracker did not write itself
    (tracker.output_files); a database or a backup is never replaced."""
    return click.option(
        "--overwrite",
        is_flag=True,
        help="Ghi đè tệp kết quả đã có, kể cả tệp không do tracker ghi (không bao giờ ghi đè "
        "cơ sở dữ liệu hay bản sao lưu).",
        **extra,
    )


@dataclass
class Sheet:
    """One table of a list or a report: its title (and sheet name in XLSX), columns, rows."""

    title: str | None
    headers: Sequence[str | Column]
    rows: Sequence[Sequence[Any]]
    empty: str = "Không có dòng nào."
    # Columns a filter made redundant (the unit under --unit): dropped on the terminal only.
    hide: Collection[str] = field(default_factory=tuple)
    name: str | None = None


def _choose(sheets: Sequence[Sheet], wanted: list[str] | None) -> list[Sheet]:
    """Each sheet with the --columns asked for that it has (shown even if a filter would
    have dropped them); an unknown name is an error."""
    if not wanted:
        return list(sheets)
    chosen = []
    for sheet in sheets:
        columns = as_columns(sheet.headers)
        found = [p for p in (find(columns, w) for w in wanted) if p is not None]
        if found:
            headers = [columns[p] for p in found]
            rows = [[row[p] for p in found] for row in sheet.rows]
            chosen.append(replace(sheet, headers=headers, rows=rows, hide=()))
    for asked in wanted:
        if all(find(as_columns(s.headers), asked) is None for s in sheets):
            raise unknown_column(asked, as_columns(sheets[0].headers))
    return chosen


def emit(
    fmt: str,
    headers: Sequence[str | Column],
    rows: Sequence[Sequence[Any]],
    json_data: Any,
    *,
    title: str | None = None,
    empty: str = "Không có dòng nào.",
    hide: Collection[str] = (),
    out: Path | None = None,
    overwrite: bool = False,
) -> None:
    """Print or write one table (table, CSV, XLSX), or `json_data` as JSON."""
    sheet = Sheet(title, headers, rows, empty, hide)
    emit_sheets(fmt, [sheet], json_data, out=out, overwrite=overwrite)


def emit_sheets(
    fmt: str,
    sheets: Sequence[Sheet],
    json_data: Any,
    *,
    out: Path | None = None,
    overwrite: bool = False,
) -> None:
    """Several tables: one after another on the terminal, one sheet each in XLSX; CSV holds
    the first (a CSV file has one table). `out`/`overwrite`: a command's own --out."""
    request = _requested()
    target = out or request.out
    overwrite = overwrite or request.overwrite
    if fmt == "json":
        _deliver(target, lambda stream: _write_json(json_data, stream), overwrite)
        return
    chosen = _choose(sheets, request.columns)
    if fmt == "xlsx":
        if target is None:
            raise click.UsageError(
                "--format xlsx cần --out TỆP.xlsx (bảng tính không in ra màn hình)."
            )
        from tracker.cli.xlsx import write_workbook

        named = [(s.name or s.title or "Trang", [c.header for c in as_columns(s.headers)], s.rows)
                 for s in chosen]  # fmt: skip
        write_file(target, lambda path: write_workbook(path, named), overwrite=overwrite)
    elif fmt == "csv":
        first = chosen[0] if chosen else sheets[0]
        _deliver(target, lambda stream: _write_csv(first, stream), overwrite)
    else:
        wide = target is not None
        _deliver(target, lambda stream: _write_tables(chosen, stream, wide=wide), overwrite)
    if target is not None:
        info(f"Đã ghi {target}.")


def _deliver(target: Path | None, writer: Callable[[TextIO], None], overwrite: bool) -> None:
    if target is None:
        writer(sys.stdout)
        return
    from tracker.output_files import text_output

    with text_output(target, overwrite=overwrite) as stream:
        writer(stream)


def _write_json(data: Any, stream: IO[str]) -> None:
    # Indented for a person at a terminal; one line for a pipe, where json's C encoder runs
    # (an 18,000-dossier list: 410 → 76 ms) and `| jq` pretty-prints anyway.
    indent = 2 if stream.isatty() else None
    stream.write(json.dumps(data, ensure_ascii=False, indent=indent, default=_json_default))
    stream.write("\n")


def _json_default(value: Any) -> Any:
    """The one thing JSON output holds that json cannot write itself: dates, as ISO 8601.
    Anything else (a service's dataclass above all) is refused: every command builds its
    JSON by name, so renaming a field in the code never changes the public shape."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def print_json(data: Any) -> None:
    _write_json(data, sys.stdout)


def emit_json_stream(items: Iterable[Any]) -> None:
    """`--format json` of a list of any length, in constant memory: the array is written
    _JSON_CHUNK items at a time as they come, one a line, to stdout or --out. orjson encodes ten
    times faster than json and writes dates itself (ISO 8601, as _json_default does); any other
    object it cannot write, a dataclass above all, goes to _json_default and is refused there.
    Its UTF-8 goes straight to the stream's bytes: decoded to text it would be encoded again."""
    import orjson

    request = _requested()
    encode = partial(orjson.dumps, default=_json_default, option=orjson.OPT_PASSTHROUGH_DATACLASS)

    def write(stream: TextIO) -> None:
        stream.flush()  # anything written as text first stays first
        binary, encoded, opening = stream.buffer, map(encode, items), b"[\n"
        while lines := list(islice(encoded, _JSON_CHUNK)):
            binary.write(opening + b",\n".join(lines))
            opening = b",\n"
        binary.write(b"[]\n" if opening == b"[\n" else b"\n]\n")

    _deliver(request.out, write, request.overwrite)
    if request.out is not None:
        info(f"Đã ghi {request.out}.")


def csv_safe(value: Any) -> str:
    """A cell as CSV text; one that starts like a formula is quoted so a spreadsheet shows it."""
    text = display(value)
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text.replace("−", "-").replace(",", "."))
    except ValueError:
        return False
    return True


def csv_delimiter() -> str:
    ctx = click.get_current_context(silent=True)
    app = ctx.find_object(_app_class()) if ctx else None
    chosen = app.settings.extra.get("csv_delimiter", CSV_DELIMITER) if app else CSV_DELIMITER
    if chosen in ("\\t", "tab"):
        return "\t"
    if not isinstance(chosen, str) or len(chosen) != 1 or chosen in "\"'\r\n":
        from tracker.config import config_file_path
        from tracker.errors import InvalidInput

        raise InvalidInput(
            f'Tệp cấu hình {config_file_path()}: csv_delimiter phải là một ký tự như ";" hoặc ",".'
        )
    return chosen


def _app_class() -> type:
    from tracker.cli.context import AppContext

    return AppContext


def _write_csv(sheet: Sheet, stream: IO[str]) -> None:
    """UTF-8 with a BOM (stdout is UTF-8 already), `;` between cells, empty cells empty."""
    # "\n": a text stream writes the line ending of the system (CRLF on Windows).
    writer = csv.writer(stream, delimiter=csv_delimiter(), lineterminator="\n")
    stream.write(CSV_BOM)
    writer.writerow([c.header for c in as_columns(sheet.headers)])
    writer.writerows([csv_safe(cell) for cell in row] for row in sheet.rows)


def _terminal_rows(columns: list[Column], rows: Sequence[Sequence[Any]]) -> list[list[str]]:
    return [
        [display(cell) or column.placeholder for cell, column in zip(row, columns, strict=True)]
        for row in rows
    ]


def _write_tables(sheets: Sequence[Sheet], stream: IO[str], *, wide: bool) -> None:
    from tracker.cli.terminal import FILE_WIDTH, print_rows

    out = console(file=stream, width=FILE_WIDTH if wide else None)
    for sheet in sheets:
        if not sheet.rows:
            out.print(f"{sheet.title}: {sheet.empty}" if sheet.title else sheet.empty)
            continue
        columns = as_columns(sheet.headers)
        kept = [
            i
            for i, c in enumerate(columns)
            if c.name not in sheet.hide and c.header not in sheet.hide
        ]
        shown = [columns[i] for i in kept]
        listed = sheet.rows[:SCREEN_ROWS] if stream.isatty() else sheet.rows
        raw = [[r[i] for i in kept] for r in listed]
        whole = [column_kind([r[i] for r in raw]) != "text" for i in range(len(shown))]
        rows = _terminal_rows(shown, raw)
        print_rows(out, [c.header for c in shown], rows, title=sheet.title, whole=whole)
        if len(listed) < len(sheet.rows):
            out.print(beyond_screen(len(listed), len(sheet.rows)))


def beyond_screen(shown: int, total: int) -> str:
    """What a person at a terminal reads below a list cut at SCREEN_ROWS rows."""
    return (
        f"… đã in {vn_number(shown)} dòng đầu trên {vn_number(total)}; "
        f"{vn_number(total - shown)} dòng còn lại không in ra màn hình. Xem hết: ghi ra tệp "
        "(--format xlsx --out TỆP.xlsx, hoặc --format csv --out TỆP.csv), hoặc lọc bớt."
    )


def print_table(
    headers: Sequence[str | Column],
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    empty: str = "Không có dòng nào.",
) -> None:
    """A table on the terminal (part of a human report: no --columns, no file)."""
    _write_tables([Sheet(title, headers, rows, empty)], sys.stdout, wide=False)


def write_file(target: Path, write: Callable[[Path], None], *, overwrite: bool = False) -> None:
    """Write an output file through tracker.output_files: private, whole or not at all, and
    never over a database, a backup or a file tracker did not write (unless --overwrite)."""
    from tracker.output_files import output_path

    with output_path(target, overwrite=overwrite) as temporary:
        write(temporary)


def info(message: str) -> None:
    """A human message that must not pollute machine output on stdout."""
    click.echo(message, err=True)
