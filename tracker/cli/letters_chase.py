"""`tracker letters pending` and `tracker letters late`: what is still missing, and what went
out too late."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.columns import Column
from tracker.cli.context import AppContext, pass_app
from tracker.cli.letters_publish import CHANNEL_LABELS
from tracker.cli.output import emit, format_option, info
from tracker.cli.params import PERIOD
from tracker.dates import Period

if TYPE_CHECKING:
    from tracker.services.chase import ApologyTiming, PendingLetter

LATE_STEPS = {"draft": "soạn sau hạn", "issue": "ban hành sau hạn", None: "đúng hạn"}


def pending_json(rows: Sequence[PendingLetter]) -> list[dict[str, Any]]:
    return [
        {
            "code": p.code,
            "unit": p.unit,
            "unit_name": p.unit_name,
            "head": p.head,
            "number": p.number,
            "issued_on": p.issued_on,
            "age": p.age,
            "missing": list(p.missing),
        }
        for p in rows
    ]


def timings_json(rows: Sequence[ApologyTiming]) -> list[dict[str, Any]]:
    return [
        {
            "code": t.code,
            "unit": t.unit,
            "unit_name": t.unit_name,
            "head": t.head,
            "status": t.status,
            "number": t.number,
            "due_at": t.due_at,
            "deadline": t.deadline,
            "regime": t.regime,
            "citation": t.citation,
            "drafted_on": t.drafted_on,
            "issued_on": t.issued_on,
            "late": t.late,
            "late_step": t.late_step,
            "days_after": t.days_after,
        }
        for t in rows
    ]


@click.command()
@click.option(
    "--channel",
    type=click.Choice(["portal", "onestop"]),
    help="Chỉ thư còn thiếu trên kênh này.",
)
@click.option("--unit", help="Chỉ đơn vị này.")
@format_option()
@pass_app
def pending(app: AppContext, channel: str | None, unit: str | None, fmt: str) -> None:
    """Phiếu đã ban hành nhưng chưa công khai đủ, ban hành sớm nhất trước, kèm số ngày làm
    việc đã chờ."""
    from tracker.services.chase import pending_letters

    with app.session(reading_only=True) as session:
        rows = pending_letters(session, channel=channel, unit=unit, today=app.today)
    emit(
        fmt,
        [
            "Mã hồ sơ",
            "Số phiếu",
            Column("Đơn vị", "unit"),
            "Ngày ban hành",
            "Chờ (ngày làm việc)",
            "Còn thiếu",
        ],
        [
            [
                p.code,
                p.number,
                p.unit_name,
                p.issued_on,
                p.age,
                ", ".join(CHANNEL_LABELS[c] for c in p.missing),
            ]
            for p in rows
        ],
        pending_json(rows),
        title=f"Phiếu chờ công khai ({len(rows)})"
        + (f" — {rows[0].unit_name}" if rows and unit else ""),
        empty="Mọi phiếu đã ban hành đều đã công khai đủ.",
        hide=("unit",) if unit else (),
    )


@click.command()
@click.option("--period", type=PERIOD, help="Kỳ (tháng) của hồ sơ.")
@click.option("--unit", help="Chỉ đơn vị này.")
@click.option("--all", "show_all", is_flag=True, help="Kể cả phiếu gửi đúng hạn.")
@format_option()
@pass_app
def late(
    app: AppContext, period: Period | None, unit: str | None, show_all: bool, fmt: str
) -> None:
    """Thư xin lỗi gửi muộn: soạn hoặc ban hành sau hạn gửi thư xin lỗi mà chế độ pháp lý của
    hồ sơ quy định (xem `tracker regimes list`); mỗi dòng nêu căn cứ của hồ sơ đó."""
    from tracker.services.chase import apology_timings

    with app.session(reading_only=True) as session:
        rows = apology_timings(
            session, period=period, unit=unit, today=app.today, include_on_time=True
        )
    late_count = sum(t.late for t in rows)
    shown = rows if show_all else [t for t in rows if t.late]
    emit(
        fmt,
        [
            "Mã hồ sơ",
            Column("Đơn vị", "unit"),
            "Hẹn trả",
            "Hạn gửi thư",
            "Căn cứ",
            "Ngày soạn",
            Column("Ngày ban hành", placeholder="chưa ban hành"),
            "Đánh giá",
            "Muộn (ngày làm việc)",
        ],
        [
            [
                t.code,
                t.unit_name,
                t.due_at,
                t.deadline,
                t.citation,
                t.drafted_on,
                t.issued_on,
                "THƯ MUỘN — " + LATE_STEPS[t.late_step] if t.late else "đúng hạn",
                t.days_after if t.late else None,
            ]
            for t in shown
        ],
        timings_json(shown),
        title=f"Thư xin lỗi gửi muộn ({late_count})" if not show_all else "Thời điểm gửi thư",
        empty="Không có thư xin lỗi nào gửi muộn.",
        hide=("unit",) if unit else (),
    )
    info(f"{len(rows) - late_count} thư đúng hạn, {late_count} thư muộn.")
