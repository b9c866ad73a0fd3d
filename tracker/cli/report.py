"""`tracker report monthly P` (the leadership's printout) and `tracker report notice P` (a draft
of the month's notice)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.lazy import TrackerGroup
from tracker.cli.output import Sheet, emit_sheets, format_option, info, overwrite_option
from tracker.cli.params import PERIOD
from tracker.dates import Period, format_date
from tracker.errors import OfficeHandedOver, Refused

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tracker.reports.monthly import MonthlySummary, Office

OUT = click.Path(dir_okay=False, writable=True, path_type=Path)


@click.group(cls=TrackerGroup)
def report() -> None:
    """Báo cáo tháng về hồ sơ trễ hạn và dự thảo công văn công bố Bộ chỉ số."""


@report.command("monthly")
@click.argument("period", type=PERIOD)
@format_option(
    "table",
    "docx",
    "csv",
    "json",
    "xlsx",
    own_out=True,
    help="Dạng kết quả — table: bảng trên màn hình; docx: tệp Word để in; csv: bảng theo đơn "
    "vị cho Excel; json: JSON; xlsx: bảng tính, mỗi bảng một trang (docx, xlsx cần --out).",
)
@click.option("--out", type=OUT, help="Tệp kết quả (bắt buộc với docx và xlsx; mặc định stdout).")
@click.option("--unit", help="Chỉ một đơn vị (mã, tên hoặc một phần tên không dấu).")
@overwrite_option()
@pass_app
def monthly(
    app: AppContext,
    period: Period,
    fmt: str,
    out: Path | None,
    unit: str | None,
    overwrite: bool,
) -> None:
    """Báo cáo tháng KỲ: hồ sơ trễ hạn theo đơn vị và người đứng đầu, thư xin lỗi, việc
    công khai, số ngày trễ, so với tháng trước, và Bộ chỉ số so với chỉ tiêu.

    Bản docx mang tiêu đề của cơ quan làm việc tháng KỲ và ngày --today (mặc định hôm nay),
    ngày này phải còn trong thời gian cơ quan đó giữ cơ sở dữ liệu."""
    from tracker.services.reports import monthly_summary

    if fmt == "docx" and out is None:
        raise click.UsageError("--format docx cần --out TỆP.docx.")
    with app.session(reading_only=True) as session:
        if fmt == "docx":
            org, office = dated_office(
                session, period, app.today, f"monthly {period} --format docx --out …"
            )
        summary = monthly_summary(
            session, period, today=app.today, unit=unit, with_cases=fmt == "docx"
        )
    if fmt == "docx":
        from tracker.output_files import write_output
        from tracker.reports.document import monthly_document

        assert out is not None
        document = monthly_document(
            summary, org, office, app.settings.templates_dir, today=app.today
        )
        write_output(out, document, overwrite=overwrite)
        info(f"Đã ghi báo cáo tháng {summary.label}: {out}")
        return
    print_summary(summary, fmt, out=out, overwrite=overwrite)


def dated_office(
    session: Session, period: Period, today: dt.date, command: str
) -> tuple[dict[str, str], Office]:
    """The header and writing office of `period`'s document dated `today`; refused, with the
    option that dates it, when the month's office had handed the database over by then."""
    from tracker.services.reports import month_office

    try:
        return month_office(session, period, on=today)
    except OfficeHandedOver as refused:
        last = format_date(refused.handed.last_day)
        raise Refused(
            f"{refused} Hãy in với ngày ký của văn bản, ví dụ "
            f"`tracker --today {last} report {command}`; không có tệp nào được ghi."
        ) from refused


def print_summary(
    summary: MonthlySummary, fmt: str, *, out: Path | None = None, overwrite: bool = False
) -> None:
    """The report's tables: per unit, per head, the index figures (CSV: the first only)."""
    from tracker.reports.tabular import (
        FIGURE_HEADERS,
        HEAD_HEADERS,
        UNIT_HEADERS,
        figure_rows,
        head_rows,
        summary_json,
        unit_rows,
    )

    has_index = summary.index is not None and summary.index.has_data
    sheets = [
        Sheet(
            f"Hồ sơ trễ hạn tháng {summary.label} theo đơn vị (tính đến {summary.as_of:%d/%m/%Y})",
            UNIT_HEADERS,
            unit_rows(summary),
            name="Theo đơn vị",
        ),
        Sheet("Theo người đứng đầu", HEAD_HEADERS, head_rows(summary), name="Theo người đứng đầu"),
    ]
    if summary.index is not None and has_index:
        sheets.append(
            Sheet(
                f"Bộ chỉ số phục vụ người dân, doanh nghiệp tháng {summary.label}",
                FIGURE_HEADERS,
                figure_rows(summary.index),
                name="Bộ chỉ số",
            )
        )
    json_data = summary_json(summary) if fmt == "json" else None
    emit_sheets(fmt, sheets, json_data, out=out, overwrite=overwrite)
    if fmt == "table" and not has_index and out is None:
        click.echo(f"Chưa có số liệu Bộ chỉ số tháng {summary.label}: `tracker index set`.")


@report.command("notice")
@click.argument("period", type=PERIOD)
@click.option("--out", type=OUT, required=True, help="Tệp Word dự thảo công văn (.docx).")
@format_option("docx", default="docx")
@overwrite_option()
@pass_app
def notice(app: AppContext, period: Period, out: Path, fmt: str, overwrite: bool) -> None:
    """Dự thảo công văn công bố kết quả Bộ chỉ số tháng KỲ (như công văn tháng 11/2024),
    để văn thư hoàn thiện trong Word: số và nhận xét.

    Công văn mang tiêu đề của cơ quan làm việc tháng KỲ và ngày --today (mặc định hôm nay),
    ngày này phải còn trong thời gian cơ quan đó giữ cơ sở dữ liệu."""
    from tracker.output_files import write_output
    from tracker.reports.document import missing_text
    from tracker.reports.notice import notice_document
    from tracker.services.reports import monthly_summary

    with app.session(reading_only=True) as session:
        org, _ = dated_office(session, period, app.today, f"notice {period} --out …")
        summary = monthly_summary(session, period, today=app.today, with_cases=True)
    document = notice_document(summary, org, app.settings.templates_dir, today=app.today)
    write_output(out, document, overwrite=overwrite)
    info(f"Đã ghi dự thảo công văn tháng {summary.label}: {out}")
    index = summary.index
    if index is None or not index.has_data:
        info(
            f"Tháng {summary.label} chưa nhập số liệu Bộ chỉ số: công văn để trống điểm, xếp hạng "
            "và Phụ lục 1 (nhập bằng tracker index set hoặc tracker index import rồi tạo lại)."
        )
    elif index.missing():
        info(
            f"Tháng {summary.label} chưa nhập {missing_text(index)}: công văn và Phụ lục 1 thiếu "
            "các số liệu này (nhập bằng tracker index set rồi tạo lại công văn)."
        )
