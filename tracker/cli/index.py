"""`tracker index …`: the month's service-index figures (Bộ chỉ số) and their targets."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.lazy import TrackerGroup
from tracker.cli.output import emit, format_option, info
from tracker.cli.params import PERIOD
from tracker.dates import Period
from tracker.formats import vn_number, vn_percent


@click.group(cls=TrackerGroup)
def index() -> None:
    """Bộ chỉ số phục vụ người dân, doanh nghiệp của từng tháng và chỉ tiêu."""


@index.command("set")
@click.argument("period", type=PERIOD)
@click.argument("metric")
@click.argument("value")
@click.option("--unit", help="Số liệu của một đơn vị (ví dụ tỷ lệ khai thác dữ liệu của một xã).")
@click.option("--target", is_flag=True, help="GIÁ_TRỊ là chỉ tiêu của tháng, không phải kết quả.")
@pass_app
def index_set(
    app: AppContext, period: Period, metric: str, value: str, unit: str | None, target: bool
) -> None:
    """Ghi CHỈ_SỐ của tháng KỲ bằng GIÁ_TRỊ (số thập phân dấu phẩy hoặc chấm: 69,89).

    CHỈ_SỐ: score (tổng điểm), rank (thứ hạng, dạng 8/9), digitised, e_results, reuse,
    online, online_payment, feedback_on_time, procedures_published, satisfaction.
    """
    from tracker.reports.metrics import METRIC_BY_KEY
    from tracker.services.index import set_figure

    with app.session(office_wide=True) as session:
        changes = set_figure(
            session, period, metric, value, unit=unit, target=target, actor=app.actor
        )
    for change in changes:
        what = "chỉ tiêu" if change.kind == "target" else "kết quả"
        where = f" ({change.scope})" if change.scope else ""
        metric_ = METRIC_BY_KEY[change.metric]
        shown = vn_percent(change.after) if metric_.percent else vn_number(change.after)
        info(f"Tháng {period.label}: {metric_.label}{where}, {what} {shown}.")


@index.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_app
def index_import(app: AppContext, file: Path) -> None:
    """Nhập số liệu từ tệp CSV nhỏ: period,metric,unit,value[,target] (dòng tiêu đề tùy ý;
    unit để trống cho số liệu chung; target là chỉ tiêu của tháng)."""
    from tracker.services.index import import_figures

    with app.session(office_wide=True) as session:
        changes = import_figures(session, file, actor=app.actor)
    changed = sum(1 for c in changes if c.before != c.after)
    info(f"Đã nhập {len(changes)} số liệu từ {file.name} ({changed} mới hoặc thay đổi).")


@index.command("list")
@click.argument("period", type=PERIOD)
@format_option()
@pass_app
def index_list(app: AppContext, period: Period, fmt: str) -> None:
    """Số liệu Bộ chỉ số của tháng KỲ so với chỉ tiêu; các đơn vị chưa đạt."""
    from tracker.reports.tabular import FIGURE_HEADERS, figure_rows, index_json
    from tracker.services.index import index_report

    with app.session(reading_only=True) as session:
        report = index_report(session, period)
    emit(
        fmt,
        FIGURE_HEADERS,
        figure_rows(report),
        index_json(report),
        title=f"Bộ chỉ số phục vụ người dân, doanh nghiệp tháng {period.label}",
    )
