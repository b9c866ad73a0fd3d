"""The month's service-index figures (table `index_figures`) and their per-period targets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.dates import Period
from tracker.errors import FileProblem, InvalidInput
from tracker.failures import os_reason
from tracker.models import IndexFigure, Unit
from tracker.reports.figures import IndexReport, StoredFigure, assess
from tracker.reports.metrics import (
    Metric,
    find_metric,
    parse_figures_csv,
    parse_number,
    parse_value,
)
from tracker.services import audit
from tracker.services.units import resolve_unit


@dataclass(frozen=True)
class FigureChange:
    period: str
    metric: str
    scope: str
    kind: str  # "value" | "target"
    before: float | None
    after: float


def _scope(session: Session, metric: Metric, unit: str | None) -> str:
    if not unit:
        return ""
    if not metric.per_unit:
        raise InvalidInput(
            f"Chỉ số {metric.key} chỉ có cho toàn đơn vị hành chính, không theo từng đơn vị."
        )
    return resolve_unit(session, unit).code


def _store(
    session: Session, period: str, metric: str, scope: str, kind: str, value: float, actor: str
) -> FigureChange:
    row = session.scalars(
        select(IndexFigure).where(
            IndexFigure.period == period,
            IndexFigure.metric == metric,
            IndexFigure.scope == scope,
            IndexFigure.kind == kind,
        )
    ).one_or_none()
    before = row.value if row else None
    if row is None:
        row = IndexFigure(period=period, metric=metric, scope=scope, kind=kind, value=value)
        session.add(row)
    row.value = value
    row.actor = actor
    if before != value:
        audit.record(
            session,
            actor=actor,
            action="index.set",
            entity="index_figure",
            before={"value": before} if before is not None else None,
            after={"period": period, "metric": metric, "scope": scope, kind: value},
        )
    return FigureChange(period, metric, scope, kind, before, value)


def set_figure(
    session: Session,
    period: Period,
    metric_name: str,
    value: str,
    *,
    unit: str | None = None,
    target: bool = False,
    actor: str,
) -> list[FigureChange]:
    """Record one typed figure (`87,07`, `8/9` for a rank, `69,89%`), or a target with `target`."""
    metric = find_metric(metric_name)
    scope = _scope(session, metric, unit)
    if target:
        if not metric.percent:
            raise InvalidInput(f"Chỉ số {metric.key} không có chỉ tiêu (chỉ các tỷ lệ %).")
        figures = {metric.key: parse_number(value, what=f"Chỉ tiêu {metric.key}")}
    else:
        figures = parse_value(metric, value, what=f"Chỉ số {metric.key}")
    kind = "target" if target else "value"
    return [
        _store(session, str(period), key, scope, kind, number, actor)
        for key, number in figures.items()
    ]


def import_figures(session: Session, path: Path, *, actor: str) -> list[FigureChange]:
    """Every figure of a small CSV (period,metric,unit,value[,target]); all or nothing."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileProblem(f"Không đọc được tệp {path}: {os_reason(exc)}.") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            f"Tệp {path.name} không phải văn bản UTF-8: hãy lưu lại dạng CSV UTF-8."
        ) from None
    changes: list[FigureChange] = []
    for row in parse_figures_csv(text, source=path.name):
        where = f"{path.name}, dòng {row.line}"
        try:
            scope = _scope(session, row.metric, row.unit)
        except InvalidInput as err:
            raise InvalidInput(f"{where}: {err}") from None
        if row.value:
            for key, number in parse_value(row.metric, row.value, what=where).items():
                changes.append(_store(session, row.period, key, scope, "value", number, actor))
        if row.target:
            number = parse_number(row.target, what=where)
            changes.append(
                _store(session, row.period, row.metric.key, scope, "target", number, actor)
            )
    return changes


def index_report(session: Session, period: Period) -> IndexReport:
    """The period's figures against the targets in force: the latest target set for this
    period or an earlier one, else the notice's default."""
    units = {u.code: u for u in session.scalars(select(Unit))}
    rows = session.scalars(
        select(IndexFigure)
        .where(IndexFigure.period <= str(period))
        .order_by(IndexFigure.period, IndexFigure.id)
    ).all()
    values = [
        StoredFigure(
            r.metric,
            r.scope,
            units[r.scope].name if r.scope in units else r.scope,
            units[r.scope].kind if r.scope in units else "",
            r.value,
        )
        for r in rows
        if r.kind == "value" and r.period == str(period)
    ]
    # Ordered by period: a later period's target overrides an earlier one.
    targets: dict[tuple[str, str], float | None] = {
        (r.metric, r.scope): r.value for r in rows if r.kind == "target"
    }
    previous = {
        r.metric: r.value
        for r in rows
        if r.period == str(period.previous()) and r.kind == "value" and not r.scope
    }
    return assess(str(period), values, targets, previous)
