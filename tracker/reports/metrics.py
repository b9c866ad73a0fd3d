"""The service index (Bộ chỉ số phục vụ người dân, doanh nghiệp, Quyết định 766/QĐ-TTg): the
metrics the monthly notice reports, their default targets, and how users type their values.

Default targets are the ones the November 2024 notice sets; an office changes them per period
with `tracker index set P METRIC VALUE --target` (data, not code).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from tracker.dates import parse_period
from tracker.errors import InvalidInput
from tracker.text import clean, fold


@dataclass(frozen=True)
class Metric:
    key: str
    label: str  # as the notice writes it
    percent: bool
    default_target: float | None
    per_unit: bool = False  # also reported per unit (scope = unit code)


METRICS: tuple[Metric, ...] = (
    Metric("score", "Tổng số điểm", percent=False, default_target=None),
    Metric("rank", "Xếp hạng", percent=False, default_target=None),
    Metric("rank_of", "Số đơn vị được xếp hạng", percent=False, default_target=None),
    Metric(
        "digitised",
        "Tỷ lệ hồ sơ TTHC số hóa hồ sơ, kết quả giải quyết TTHC",
        percent=True,
        default_target=None,
        per_unit=True,
    ),
    Metric(
        "e_results",
        "Tỷ lệ hồ sơ cấp kết quả điện tử",
        percent=True,
        default_target=None,
        per_unit=True,
    ),
    Metric(
        "reuse",
        "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa",
        percent=True,
        default_target=52,
        per_unit=True,
    ),
    Metric(
        "online",
        "Tỷ lệ hồ sơ TTHC trực tuyến",
        percent=True,
        default_target=52,
        per_unit=True,
    ),
    Metric(
        "online_payment",
        "Tỷ lệ thanh toán phí, lệ phí trực tuyến",
        percent=True,
        default_target=47,
        per_unit=True,
    ),
    Metric(
        "feedback_on_time",
        "Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn",
        percent=True,
        default_target=100,
        per_unit=True,
    ),
    Metric(
        "procedures_published",
        "Tỷ lệ công bố, công khai TTHC",
        percent=True,
        default_target=100,
    ),
    Metric(
        "satisfaction",
        "Mức độ hài lòng trong tiếp nhận, giải quyết TTHC",
        percent=True,
        default_target=92,
        per_unit=True,
    ),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}

_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def find_metric(name: str) -> Metric:
    key = fold(name).replace("-", "_").replace(" ", "_")
    metric = METRIC_BY_KEY.get(key)
    if metric is None:
        known = ", ".join(METRIC_BY_KEY)
        raise InvalidInput(f"Không có chỉ số «{clean(name)}»: các chỉ số là {known}.")
    return metric


def parse_number(text: str, *, what: str) -> float:
    """`87,07`, `87.07`, `69,89%` or `87,07/100` → 87.07 (decimal comma or point)."""
    value = clean(text).removesuffix("%").removesuffix("/100").strip()
    if not _NUMBER.match(value):
        raise InvalidInput(f"{what}: «{clean(text)}» không phải là số (ví dụ 69,89).")
    return float(value.replace(",", "."))


def parse_value(metric: Metric, text: str, *, what: str) -> dict[str, float]:
    """The figures one typed value sets: `rank 8/9` sets both the rank and the field size."""
    if metric.key == "rank" and "/" in text:
        rank_text, _, total_text = text.partition("/")
        rank = parse_number(rank_text, what=what)
        total = parse_number(total_text, what=what)
        if not 1 <= rank <= total:
            raise InvalidInput(f"{what}: thứ hạng «{clean(text)}» phải nằm trong 1…{total:g}.")
        return {"rank": rank, "rank_of": total}
    value = parse_number(text, what=what)
    if metric.percent and not 0 <= value <= 100:
        raise InvalidInput(f"{what}: tỷ lệ «{clean(text)}» phải từ 0 đến 100.")
    if metric.key == "score" and not 0 <= value <= 100:
        raise InvalidInput(f"{what}: tổng điểm «{clean(text)}» phải từ 0 đến 100.")
    return {metric.key: value}


@dataclass(frozen=True)
class FigureRow:
    """One line of an index CSV: `period,metric,unit,value[,target]`."""

    line: int
    period: str
    metric: Metric
    unit: str  # "" for the whole organisation
    value: str  # as typed; "" when the line sets only a target
    target: str


_HEADER = ("period", "metric", "unit", "value", "target")


def parse_figures_csv(text: str, *, source: str) -> list[FigureRow]:
    """Read a small CSV of index figures (comma or semicolon, header optional)."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows: list[FigureRow] = []
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells = [clean(c) for c in cells]
        if not any(cells):
            continue
        if number == 1 and fold(cells[0]) in ("period", "ky"):
            continue
        where = f"{source}, dòng {number}"
        if len(cells) < 4 or len(cells) > 5:
            raise InvalidInput(
                f"{where}: cần {len(_HEADER) - 1} hoặc {len(_HEADER)} cột "
                f"(period,metric,unit,value[,target]), có {len(cells)}."
            )
        period, metric_name, unit, value = cells[:4]
        target = cells[4] if len(cells) == 5 else ""
        if not value and not target:
            raise InvalidInput(f"{where}: thiếu giá trị (cột value) hoặc chỉ tiêu (cột target).")
        try:
            period_text = str(parse_period(period))
            metric = find_metric(metric_name)
            if value:
                parse_value(metric, value, what=where)
            if target:
                parse_number(target, what=where)
        except InvalidInput as err:
            message = str(err)
            raise InvalidInput(
                message if message.startswith(source) else f"{where}: {message}"
            ) from None
        rows.append(FigureRow(number, period_text, metric, unit, value, target))
    if not rows:
        raise InvalidInput(f"{source}: tệp không có dòng số liệu nào.")
    return rows
