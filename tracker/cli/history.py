"""`tracker history CODE`: every change to a dossier and its letter, from the event log."""

from __future__ import annotations

from typing import Any

import click

from tracker.cli.columns import zone_label
from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import emit, format_option

ACTION_LABELS = {
    "dossier.add": "Thêm hồ sơ",
    "dossier.import": "Nhập từ tệp",
    "dossier.update": "Cập nhật từ tệp",
    "dossier.assign": "Giao người chịu trách nhiệm",
    "dossier.reason": "Ghi lý do trễ hạn",
    "dossier.resolve": "Trả kết quả",
    "dossier.move": "Chuyển đơn vị",
    "dossier.orphan": "Chờ giao đơn vị (đơn vị cũ kết thúc)",
    "letter.draft": "Soạn thư xin lỗi",
    "letter.render": "In thư xin lỗi",
    "letter.issue": "Ban hành thư xin lỗi",
    "letter.publish": "Công khai thư xin lỗi",
    "letter.withdraw": "Gỡ công khai",
    "letter.correct": "Sửa công khai",
    "letter.supersede": "Hẹn lại lần hai",
    "letter.move": "Chuyển dự thảo sang đơn vị mới",
}


def _changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    keys = list(dict.fromkeys([*(after or {}), *(before or {})]))
    parts = []
    for key in keys:
        old = (before or {}).get(key)
        new = (after or {}).get(key)
        parts.append(f"{key}: {old} → {new}" if before and key in before else f"{key}: {new}")
    return "; ".join(parts)


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
                ACTION_LABELS.get(e.action, e.action),
                _changes(e.before, e.after) + (f" — {e.note}" if e.note else ""),
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
