"""`tracker import FILE` and `tracker imports list`."""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from tracker.cli.columns import display, zone_label
from tracker.cli.context import AppContext, pass_app
from tracker.cli.lazy import TrackerGroup
from tracker.cli.next_steps import said
from tracker.cli.output import csv_safe, emit, format_option, info, print_json, print_table
from tracker.cli.params import PERIOD
from tracker.dates import Period
from tracker.errors import Refused
from tracker.failures import os_reason

if TYPE_CHECKING:
    from tracker.importers import RowError
    from tracker.services.imports import ImportOptions, ImportResult, Progress

WARNINGS_SHOWN = 20
REJECTIONS_SHOWN = 20
REJECTION_HEADERS = ["Dòng", "Cột", "Mã hồ sơ", "Lý do"]


@contextmanager
def _progress_bar(name: str) -> Iterator[Progress | None]:
    """A bar on stderr for a person watching; nothing when stderr is a file or a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from tracker.cli.output import console

    # The file's name is the user's text: printed as typed, never read as rich markup.
    with Progress(
        TextColumn(f"Đang nhập {name}", markup=False),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("import", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        yield advance


def _source_line(result: ImportResult) -> str:
    if result.file_kind == "csv":
        delimiter = {"\t": "tab"}.get(result.delimiter or "", result.delimiter)
        return f"CSV, bảng mã {result.encoding}, phân cách «{delimiter}»"
    return f"bảng tính, trang «{result.sheet}»"


def rejection_json(rejection: RowError) -> dict[str, Any]:
    """One rejected row in the JSON output (and in its streamed list)."""
    return {
        "row": rejection.row,
        "column": rejection.column,
        "code": rejection.code,
        "reason": said(rejection.reason, rejection.step),
        "kind": rejection.kind,
    }


def result_json(result: ImportResult) -> dict[str, Any]:
    return {
        "file": result.file_name,
        "sha256": result.sha256,
        "format": result.file_kind,
        "encoding": result.encoding,
        "delimiter": result.delimiter,
        "sheet": result.sheet,
        "header_row": result.header_row,
        "period": result.period,
        "dry_run": result.dry_run,
        "written": result.written,
        "batch_id": result.batch_id,
        "previous_batch": (
            {"id": result.previous_batch[0], "at": result.previous_batch[1]}
            if result.previous_batch
            else None
        ),
        "columns": [
            {"header": c.header, "field": c.field, "source": c.source} for c in result.columns
        ],
        "ignored_columns": list(result.ignored_columns),
        "counts": {
            "new": result.new,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "merged": result.merged,
            "rejected": result.rejected,
            "skipped": result.skipped,
        },
        "rejected_by_kind": result.rejected_by_kind,
        "warned": result.warned,
        "warnings": [
            {"row": w.row, "code": w.code, "message": said(w.message, w.step)}
            for w in result.warnings
        ],
        "rejected": [rejection_json(r) for r in result.rejections],
    }


def print_report(result: ImportResult) -> None:
    """The human report: which column became which field, the counts, every rejected row."""
    from tracker.importers.reader import COLUMN_SOURCE_LABELS, SKIP_LABELS

    click.echo(
        f"Tệp {result.file_name} ({_source_line(result)}), dòng tiêu đề {result.header_row}."
    )
    print_table(
        ["Cột trong tệp", "Trường", "Theo"],
        [
            [c.header, f"{c.label} ({c.field})", COLUMN_SOURCE_LABELS[c.source]]
            for c in result.columns
        ],
        title="Cột được dùng",
    )
    if result.ignored_columns:
        click.echo("Cột không dùng: " + ", ".join(f"«{h}»" for h in result.ignored_columns))
    skipped = ", ".join(f"{n} {SKIP_LABELS.get(k, k)}" for k, n in sorted(result.skipped.items()))
    print_table(
        ["Mới", "Cập nhật", "Không đổi", "Trùng lặp đã gộp", "Bị từ chối", "Dòng bỏ qua"],
        [
            [
                str(result.new),
                str(result.updated),
                str(result.unchanged),
                str(result.merged),
                str(result.rejected),
                f"{sum(result.skipped.values())}" + (f" ({skipped})" if skipped else ""),
            ]
        ],
        title="Kết quả" + (" (chạy thử, không ghi)" if result.dry_run else ""),
    )
    if result.rejections:
        shown = result.rejections[:REJECTIONS_SHOWN]
        print_table(
            REJECTION_HEADERS,
            [[str(r.row), r.column or "", r.code or "", said(r.reason, r.step)] for r in shown],
            title=f"Dòng bị từ chối ({result.rejected})"
            + (f", {len(shown)} dòng đầu" if result.rejected > len(shown) else ""),
        )
    if result.rejected > REJECTIONS_SHOWN:
        from tracker.importers.reader import REJECTION_KINDS

        print_table(
            ["Lý do", "Số dòng"],
            [[REJECTION_KINDS[k], str(n)] for k, n in result.rejected_by_kind.items()],
            title="Dòng bị từ chối theo lý do (danh sách đủ: --rejections TỆP hoặc --format json)",
        )
    for warning in result.warnings[:WARNINGS_SHOWN]:
        click.echo(f"Lưu ý dòng {warning.row}: {said(warning.message, warning.step)}.")
    if result.warned > WARNINGS_SHOWN:
        click.echo(f"… và {result.warned - WARNINGS_SHOWN} lưu ý khác (xem --format json).")


def _rejection_writer(
    spool: IO[str] | None, path: Path | None
) -> Callable[[Iterator[RowError]], None] | None:
    """Every rejected row, as the import hands them over: as JSON lines into the private
    spool of the JSON output, and as formula-safe CSV into the file of --rejections."""
    if spool is None and path is None:
        return None

    if path is not None:
        from tracker.output_files import check_target

        # The list of one's own rejections is replaced run after run; never a database.
        check_target(path, overwrite=True)

    def write(rejections: Iterator[RowError]) -> None:
        try:
            with path.open("w", encoding="utf-8-sig", newline="") if path else nullcontext() as out:
                writer = csv.writer(out) if out is not None else None
                if writer is not None:
                    writer.writerow(REJECTION_HEADERS)
                for r in rejections:
                    if spool is not None:
                        spool.write(json.dumps(rejection_json(r), ensure_ascii=False) + "\n")
                    if writer is not None:
                        row = (r.row, r.column, r.code, said(r.reason, r.step))
                        writer.writerow([csv_safe(v) for v in row])
        except OSError as exc:
            raise Refused(f"Không ghi được {path}: {os_reason(exc, writing=True)}.") from None

    return write


def _print_json_streaming(data: dict[str, Any], spool: IO[str]) -> None:
    """The JSON document with every rejection, read back line by line: constant memory."""
    head = json.dumps({k: v for k, v in data.items() if k != "rejected"}, ensure_ascii=False)
    click.echo(head[:-1] + ', "rejected": [', nl=False)
    spool.seek(0)
    for index, line in enumerate(spool):
        click.echo(("," if index else "") + line.rstrip("\n"), nl=False)
    click.echo("]}")


def _run(
    app: AppContext,
    file: Path,
    options: ImportOptions,
    rejections: Callable[[Iterator[RowError]], None] | None,
) -> ImportResult:
    from tracker.db import check_schema
    from tracker.services.import_run import run_import
    from tracker.services.regimes import session_info

    engine = app.engine()
    check_schema(engine)
    with _progress_bar(file.name) as progress:
        return run_import(
            engine,
            file,
            options,
            actor=app.actor,
            info=session_info(app.settings.regimes_dir),
            rejections=rejections,
            progress=progress,
        )


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=True, allow_dash=True))
@click.option("--period", type=PERIOD, help="Kỳ của hồ sơ mới (mặc định: tháng của ngày hẹn trả).")
@click.option("--dry-run", is_flag=True, help="Đọc và kiểm tra, báo kết quả, không ghi gì.")
@click.option(
    "--sheet", metavar="TÊN", help="Trang của bảng tính (mặc định: trang đầu có dòng tiêu đề)."
)
@click.option(
    "--encoding",
    metavar="BẢNG_MÃ",
    help="Bảng mã của tệp CSV (mặc định tự nhận: utf-8, utf-16, cp1258).",
)
@click.option("--strict", is_flag=True, help="Có dòng bị từ chối thì không ghi gì (mã thoát 1).")
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar='"TÊN CỘT=TRƯỜNG"',
    help="Gán cột có tên lạ cho một trường (code, procedure, applicant, unit, due_at, …); lặp lại được.",
)
@click.option("--save-map", is_flag=True, help="Lưu các --map để dùng cho những lần nhập sau.")
@click.option(
    "--rejections",
    "rejections_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Ghi mọi dòng bị từ chối vào tệp CSV này (màn hình chỉ hiện những dòng đầu).",
)
@format_option("table", "json", help="Dạng báo cáo — table: bảng trên màn hình; json: JSON.")
@pass_app
def import_file(
    app: AppContext,
    file: Path,
    period: Period | None,
    dry_run: bool,
    sheet: str | None,
    encoding: str | None,
    strict: bool,
    mappings: tuple[str, ...],
    save_map: bool,
    rejections_file: Path | None,
    fmt: str,
) -> None:
    """Nhập danh sách hồ sơ từ TỆP (XLSX, XLS, ODS hoặc CSV) xuất từ hệ thống một cửa.

    Hồ sơ mới được thêm và giao cho người đứng đầu đơn vị; hồ sơ đã có chỉ được cập nhật
    những trường tệp thay đổi (không bao giờ đụng lý do, người chịu trách nhiệm, thư xin lỗi).
    TỆP là "-" thì đọc từ đầu vào chuẩn.
    Mã thoát: 0 mọi dòng đã vào; 3 có dòng bị từ chối; 1 tệp không đọc được hoặc --strict.
    """
    from tracker.importers.limits import ImportLimits
    from tracker.services.imports import ImportOptions

    options = ImportOptions(
        period=period,
        sheet=sheet,
        encoding=encoding,
        mapping=mappings,
        save_mapping=save_map,
        dry_run=dry_run,
        strict=strict,
        limits=ImportLimits.from_config(app.settings.extra.get("import")),
    )
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        writer = _rejection_writer(spool if fmt == "json" else None, rejections_file)
        result = _run(app, file, options, writer)
        if fmt != "json":
            print_report(result)
        elif result.rejected > len(result.rejections):
            _print_json_streaming(result_json(result), spool)
        else:
            print_json(result_json(result))
    if result.previous_batch:
        info(
            f"Lưu ý: tệp giống hệt đã được nhập ở lần #{result.previous_batch[0]} "
            f"({display(result.previous_batch[1])}, {zone_label()})."
        )
    if strict and result.rejected:
        raise Refused(f"Có {result.rejected} dòng bị từ chối nên không ghi gì (--strict).")
    if result.rejected and not result.landed:
        raise Refused(
            f"Không nhập được dòng nào: cả {result.rejected} dòng đều bị từ chối; "
            "cơ sở dữ liệu không thay đổi."
        )
    if result.dry_run:
        info("Chạy thử (--dry-run): cơ sở dữ liệu không thay đổi.")
    elif result.written:
        info(f"Đã ghi lần nhập #{result.batch_id}.")
    if result.rejected:
        click.get_current_context().exit(3)


@click.group(cls=TrackerGroup)
def imports() -> None:
    """Các lần nhập tệp từ hệ thống một cửa."""


@imports.command("list")
@format_option()
@pass_app
def imports_list(app: AppContext, fmt: str) -> None:
    """Mọi lần nhập, mới nhất trước: tệp, sha256, kỳ, số dòng, người nhập, thời điểm (giờ
    địa phương)."""
    from tracker.services.imports import list_batches

    with app.session(reading_only=True) as session:
        batches = list_batches(session)
    emit(
        fmt,
        [
            "#",
            f"Thời điểm ({zone_label()})",
            "Tệp",
            "sha256",
            "Kỳ",
            "Mới",
            "Cập nhật",
            "Không đổi",
            "Từ chối",
            "Người nhập",
        ],
        [
            [
                b.id,
                b.created_at,
                b.file_name + (f" [{b.sheet}]" if b.sheet else ""),
                b.sha256[:12] if fmt == "table" else b.sha256,
                b.period,
                b.new,
                b.updated,
                b.unchanged,
                b.rejected,
                b.actor,
            ]
            for b in batches
        ],
        [
            {
                "id": b.id,
                "file_name": b.file_name,
                "sha256": b.sha256,
                "period": b.period,
                "sheet": b.sheet,
                "new": b.new,
                "updated": b.updated,
                "unchanged": b.unchanged,
                "rejected": b.rejected,
                "actor": b.actor,
                "created_at": b.created_at,
            }
            for b in batches
        ],
        title="Các lần nhập",
        empty="Chưa nhập tệp nào: dùng `tracker import TỆP`.",
    )
