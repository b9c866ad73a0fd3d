"""`tracker history CODE`: every change to a dossier and its letter, from the event log."""

from __future__ import annotations

import click

from tracker.cli.columns import zone_label
from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import emit, format_option


@click.command()
@click.argument("code")
@format_option()
@pass_app
def history(app: AppContext, code: str, fmt: str) -> None:
    """Mọi thay đổi của hồ sơ MÃ và thư xin lỗi của nó: khi nào (giờ địa phương), ai, làm gì."""
    from tracker.services.audit import history as load_history
    from tracker.services.cases import get_dossier

    with app.session(reading_only=True) as session:
        entries = load_history(session, get_dossier(session, code))
    emit(
        fmt,
        [f"Thời điểm ({zone_label()})", "Người thực hiện", "Việc", "Chi tiết"],
        [
            [
                e.at,
                e.actor,
                e.label,
                e.details,
            ]
            for e in entries
        ],
        [
            {
                "at": e.at,
                "actor": e.actor,
                "action": e.action,
                "entity": e.entity,
                "before": e.before,
                "after": e.after,
                "note": e.note,
            }
            for e in entries
        ],
        title=f"Lịch sử hồ sơ {code}",
    )
