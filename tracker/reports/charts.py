"""Charts for the printout: late dossiers per unit (bars) and over the last months (a line).

matplotlib is an optional extra (`tracker[charts]`) and costs ≈ 0.5 s to import, so it is
imported here, inside the functions, and only by the commands that draw. Without it the
printout is made without charts.
"""

from __future__ import annotations

import io
from typing import Any

from tracker.formats import zero_pad
from tracker.reports.monthly import MonthlySummary

# Times New Roman when installed; otherwise metric-compatible Liberation Serif, then DejaVu
# Serif — all three carry every Vietnamese letter.
SERIF = ["Times New Roman", "Liberation Serif", "DejaVu Serif"]


def _pyplot() -> Any | None:
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")
    import logging

    # A missing first-choice font is expected (Times New Roman on Linux): not worth a warning.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    import matplotlib.pyplot as plt

    return plt


def _vietnamese_font() -> str:
    """The first serif font whose file has every Vietnamese letter (Liberation Serif 1.x, still
    installed beside 2.x on many systems, lacks ệ, ơ, ư…)."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    needed = {ord(ch) for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"}
    for family in SERIF:
        try:
            path = font_manager.findfont(
                font_manager.FontProperties(family=family), fallback_to_default=False
            )
        except ValueError:
            continue
        if needed <= set(FT2Font(path).get_charmap()):
            return family
    return "DejaVu Sans"  # matplotlib's own font: always there, covers Vietnamese


def _style() -> dict[str, Any]:
    return {
        "font.family": _vietnamese_font(),
        "font.size": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "tracker",
    }


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    # No timestamp in the PNG: the same data draws the same bytes.
    figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    return buffer.getvalue()


def units_chart(summary: MonthlySummary) -> bytes | None:
    """Horizontal bars: late dossiers per unit, most first; resolved and still open stacked."""
    plt = _pyplot()
    lines = [line for line in summary.by_unit if line.counts.late]
    if plt is None or not lines:
        return None
    lines.sort(key=lambda line: (line.counts.late, line.unit_name))
    names = [line.unit_name for line in lines]
    resolved = [line.counts.resolved for line in lines]
    still_open = [line.counts.open for line in lines]
    legend_height = 0.35  # inches below the axes: a legend inside would cover a bar's figure
    height = 0.45 * len(lines) + 1.3 + legend_height
    with plt.rc_context(_style()):
        figure, axes = plt.subplots(figsize=(6.3, height))
        axes.barh(names, resolved, color="#4a6fa5", label="Đã có kết quả")
        axes.barh(names, still_open, left=resolved, color="#c0504d", label="Chưa có kết quả")
        for y, line in enumerate(lines):
            axes.text(line.counts.late + 0.2, y, zero_pad(line.counts.late), va="center")
        axes.set_xlabel("Số hồ sơ trễ hạn")
        axes.xaxis.get_major_locator().set_params(integer=True)
        figure.legend(loc="lower center", ncol=2, frameon=False)
        figure.tight_layout(rect=(0, legend_height / height, 1, 1))
        data = _png(figure)
        plt.close(figure)
    return data


def trend_chart(summary: MonthlySummary) -> bytes | None:
    """A line of late dossiers over the last months, when at least two months have data."""
    plt = _pyplot()
    if plt is None or len(summary.trend) < 2:
        return None
    labels = [f"{p.period[5:]}/{p.period[:4]}" for p in summary.trend]
    values = [p.late for p in summary.trend]
    with plt.rc_context(_style()):
        figure, axes = plt.subplots(figsize=(6.3, 2.6))
        axes.plot(labels, values, marker="o", color="#c0504d")
        for x, value in enumerate(values):
            axes.annotate(
                zero_pad(value), (x, value), textcoords="offset points", xytext=(0, 6), ha="center"
            )
        axes.set_ylabel("Hồ sơ trễ hạn")
        axes.set_ylim(0, max(values) * 1.25 + 1)
        figure.tight_layout()
        data = _png(figure)
        plt.close(figure)
    return data
