"""`tracker remind`: what each head still owes — the printout the district office hands out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import (
    emit,
    format_option,
    info,
    overwrite_option,
    print_json,
    print_table,
)
from tracker.cli.printouts import docx_out_option, write_printout

if TYPE_CHECKING:
    from tracker.reports.remind import OwedItem, RemindReport


def print_reminders(report: RemindReport) -> None:
    """Per head: a heading, then one table per kind of work still owed."""
    from tracker.reports.remind import (
        CATEGORIES,
        ITEM_HEADERS,
        addressee,
        intro_text,
        item_cells,
    )

    if not report.sections:
        click.echo("Không có người đứng đầu nào còn việc cần xử lý.")
        return
    for section in report.sections:
        click.echo()
        click.secho(addressee(section), bold=True)
        click.echo(intro_text(report, section))
        for category in CATEGORIES:
            items = section.items(category)
            if items:
                click.echo(f"{category.title} ({len(items)}) — {category.todo}")
                print_table(ITEM_HEADERS, [item_cells(item) for item in items])
    click.echo()
    for rule in report.rules:
        click.echo(rule)


def _owed_json(items: list[OwedItem]) -> list[dict[str, Any]]:
    return [
        {
            "code": item.code,
            "procedure": item.procedure,
            "applicant": item.applicant,
            "due_at": item.due_at,
            "note": item.note,
        }
        for item in items
    ]


def remind_json(report: RemindReport) -> dict[str, Any]:
    return {
        "today": report.today,
        "rules": list(report.rules),
        "sections": [
            {
                "head": section.head,
                "head_title": section.head_title,
                "unit": section.unit,
                "unit_name": section.unit_name,
                "late_open": _owed_json(section.late_open),
                "missing_reason": _owed_json(section.missing_reason),
                "not_drafted": _owed_json(section.not_drafted),
                "not_issued": _owed_json(section.not_issued),
                "unpublished": _owed_json(section.unpublished),
            }
            for section in report.sections
        ],
    }


@click.command()
@click.option("--head", help="Chỉ người đứng đầu này (tên không cần dấu, hoặc mã đơn vị).")
@format_option(
    "table",
    "csv",
    "json",
    "xlsx",
    "docx",
    own_out=True,
    help="Dạng kết quả — table: bảng trên màn hình; csv, xlsx: một dòng mỗi việc, cho Excel "
    "(xlsx cần --out); json: JSON; docx: tệp Word, mỗi người đứng đầu một phần riêng.",
)
@docx_out_option("nhac-viec")
@overwrite_option()
@pass_app
def remind(app: AppContext, head: str | None, fmt: str, out: Path | None, overwrite: bool) -> None:
    """Việc còn nợ của từng người đứng đầu: hồ sơ quá hạn chưa trả, thiếu lý do, chưa soạn
    hoặc chưa ban hành thư xin lỗi, thư chưa công khai."""
    from tracker.services.organisation import organisation
    from tracker.services.remind import reminders

    with app.session(reading_only=True) as session:
        report = reminders(session, head=head, today=app.today)
        # Dated today and about what is owed today: the office of today.
        org = organisation(session, on=app.today) if fmt == "docx" else {}
    if fmt == "docx":
        from tracker.reports.remind import render_docx

        path = write_printout(app, render_docx, report, org, out, "nhac-viec", overwrite=overwrite)
        info(f"Đã ghi việc còn nợ của {len(report.sections)} người đứng đầu vào {path}.")
    elif fmt == "json":
        print_json(remind_json(report))
    elif fmt == "table":
        print_reminders(report)
    else:
        emit_flat(report, fmt, out)


def emit_flat(report: RemindReport, fmt: str, out: Path | None) -> None:
    """Every owed item on one line (head, unit, kind of work), for a spreadsheet's filter."""
    from tracker.reports.remind import CATEGORIES, ITEM_HEADERS, item_cells

    emit(
        fmt,
        ["Người đứng đầu", "Đơn vị", "Việc cần làm", *ITEM_HEADERS],
        [
            [section.head, section.unit_name, category.title, *item_cells(item)]
            for section in report.sections
            for category in CATEGORIES
            for item in section.items(category)
        ],
        None,
        title="Việc còn nợ",
        out=out,
    )
