"""`tracker warn`: the morning list of dossiers due soon, one section per head."""

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
    from tracker.reports.warn import WarnReport


def print_warnings(report: WarnReport) -> None:
    """One table per head; an empty list says so, with the window it looked at."""
    from tracker.dates import format_date
    from tracker.reports.warn import ITEM_HEADERS, intro_text, item_cells, section_title

    if not report.sections:
        click.echo(
            f"Không có hồ sơ nào sắp đến hạn trong {report.within} ngày làm việc tới "
            f"(đến {format_date(report.horizon)})."
        )
        return
    click.echo(intro_text(report))
    for section in report.sections:
        print_table(
            ITEM_HEADERS,
            [item_cells(item) for item in section.items],
            title=f"{section_title(section)}: {len(section.items)} hồ sơ",
        )


def warn_json(report: WarnReport) -> dict[str, Any]:
    return {
        "today": report.today,
        "within": report.within,
        "rules": list(report.rules),
        "horizon": report.horizon,
        "sections": [
            {
                "head": section.head,
                "head_title": section.head_title,
                "unit": section.unit,
                "unit_name": section.unit_name,
                "items": [
                    {
                        "code": item.code,
                        "procedure": item.procedure,
                        "applicant": item.applicant,
                        "due_at": item.due_at,
                        "apology_deadline": item.apology_deadline,
                        "days_to_deadline": item.days_to_deadline,
                        "letter": item.letter,
                        "letter_new_due": item.letter_new_due,
                    }
                    for item in section.items
                ],
            }
            for section in report.sections
        ],
    }


@click.command()
@click.option("--head", help="Chỉ người đứng đầu này (tên, không cần dấu).")
@click.option("--unit", help='Chỉ đơn vị này: mã, tên hoặc một phần tên không dấu ("tai nguyen").')
@click.option(
    "--within",
    type=click.IntRange(min=0),
    help="Số ngày làm việc tới (mặc định theo cấu hình due_soon_within, thường là 2).",
)
@format_option(
    "table",
    "csv",
    "json",
    "xlsx",
    "docx",
    own_out=True,
    help="Dạng kết quả — table: bảng trên màn hình; csv, xlsx: một dòng mỗi hồ sơ, cho Excel "
    "(xlsx cần --out); json: JSON; docx: tệp Word, mỗi người đứng đầu một trang.",
)
@docx_out_option("canh-bao")
@overwrite_option()
@pass_app
def warn(
    app: AppContext,
    head: str | None,
    unit: str | None,
    within: int | None,
    fmt: str,
    out: Path | None,
    overwrite: bool,
) -> None:
    """Hồ sơ sắp đến hạn của từng người đứng đầu: hạn gửi thư xin lỗi (trước ngày hẹn trả
    1 ngày làm việc) và thư đã soạn chưa."""
    from tracker.services.organisation import organisation
    from tracker.services.warn import due_soon

    days = within if within is not None else app.settings.due_soon_within
    with app.session(reading_only=True) as session:
        report = due_soon(session, today=app.today, within=days, head=head, unit=unit)
        # Dated today and about what is owed today: the office of today.
        org = organisation(session, on=app.today) if fmt == "docx" else {}
    if fmt == "docx":
        from tracker.reports.warn import render_docx

        path = write_printout(app, render_docx, report, org, out, "canh-bao", overwrite=overwrite)
        info(f"Đã ghi {report.total} hồ sơ sắp đến hạn vào {path}.")
    elif fmt == "table":
        print_warnings(report)
    elif fmt == "json":
        print_json(warn_json(report))
    else:
        from tracker.reports.warn import ITEM_HEADERS, item_cells

        emit(
            fmt,
            ["Người đứng đầu", "Đơn vị", *ITEM_HEADERS],
            [
                [section.head, section.unit_name, *item_cells(item)]
                for section in report.sections
                for item in section.items
            ],
            None,
            title="Hồ sơ sắp đến hạn",
            out=out,
        )
