"""The month's index figures set against their targets, as the notice reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tracker.reports.metrics import METRIC_BY_KEY, METRICS

# Figures that are not rates: shown on their own line ("87,07/100 điểm, xếp thứ 8/9").
HEADLINE_METRICS = ("score", "rank", "rank_of")


@dataclass(frozen=True)
class FigureLine:
    metric: str
    label: str
    scope: str  # "" for the whole organisation, else a unit code
    scope_name: str
    scope_kind: str  # unit kind, "" for the organisation
    value: float | None
    target: float | None

    @property
    def below(self) -> bool | None:
        """True below target; None when there is no value or no target to compare with."""
        if self.value is None or self.target is None:
            return None
        return self.value < self.target

    @property
    def needs_attention(self) -> bool:
        """Named in the notice: below its target, or reported without a target (the notice
        lists such rates as "còn thấp" and leaves the judgement to the reader)."""
        return self.value is not None and (self.target is None or self.value < self.target)


@dataclass(frozen=True)
class IndexReport:
    period: str
    score: float | None
    rank: int | None
    rank_of: int | None
    lines: list[FigureLine]  # whole organisation, one per rate metric, in METRICS order
    unit_lines: list[FigureLine]  # per unit, in the order they were entered
    # Last month's organisation-wide values by metric, for "tăng/giảm … so với tháng trước".
    previous: Mapping[str, float] = field(default_factory=dict)

    @property
    def previous_score(self) -> float | None:
        return self.previous.get("score")

    @property
    def has_data(self) -> bool:
        return self.score is not None or any(
            line.value is not None for line in [*self.lines, *self.unit_lines]
        )

    def attention(self) -> list[FigureLine]:
        """Organisation-wide rates the notice names as low."""
        return [line for line in self.lines if line.needs_attention]

    def units_below(self, metric: str) -> list[FigureLine]:
        """Units below target on one metric, in the order they were entered."""
        return [line for line in self.unit_lines if line.metric == metric and line.below]

    def missing(self) -> list[str]:
        """Labels of the figures not entered for the month: the score and rank, and each rate
        reported neither for the whole organisation nor for any unit."""
        labels = [
            METRIC_BY_KEY[key].label
            for key, value in (("score", self.score), ("rank", self.rank))
            if value is None
        ]
        per_unit = {line.metric for line in self.unit_lines if line.value is not None}
        labels += [
            line.label for line in self.lines if line.value is None and line.metric not in per_unit
        ]
        return labels

    def targets(self) -> dict[str, float | None]:
        return {line.metric: line.target for line in self.lines}


@dataclass(frozen=True)
class StoredFigure:
    """A value as stored: metric, scope (unit code or ""), the unit's name and kind."""

    metric: str
    scope: str
    scope_name: str
    scope_kind: str
    value: float


def assess(
    period: str,
    values: list[StoredFigure],
    targets: dict[tuple[str, str], float | None],
    previous: Mapping[str, float] | None = None,
) -> IndexReport:
    """Set each figure against its target (`targets[(metric, scope)]`, falling back to the
    organisation-wide target of the metric); `previous` holds last month's organisation-wide
    values."""

    def target_for(metric: str, scope: str) -> float | None:
        if (metric, scope) in targets:
            return targets[(metric, scope)]
        return targets.get((metric, ""), METRIC_BY_KEY[metric].default_target)

    org = {v.metric: v.value for v in values if not v.scope}
    lines = [
        FigureLine(m.key, m.label, "", "", "", org.get(m.key), target_for(m.key, ""))
        for m in METRICS
        if m.key not in HEADLINE_METRICS
    ]
    unit_lines = [
        FigureLine(
            v.metric,
            METRIC_BY_KEY[v.metric].label,
            v.scope,
            v.scope_name,
            v.scope_kind,
            v.value,
            target_for(v.metric, v.scope),
        )
        for v in values
        if v.scope
    ]
    rank, rank_of = org.get("rank"), org.get("rank_of")
    return IndexReport(
        period=period,
        score=org.get("score"),
        rank=int(rank) if rank is not None else None,
        rank_of=int(rank_of) if rank_of is not None else None,
        lines=lines,
        unit_lines=unit_lines,
        previous=dict(previous or {}),
    )
