"""`tracker letters …`: the group only. The letter's life is cut at the same joints here as in
the services: draft, render, issue, publish (and withdraw), chase — one module each."""

from __future__ import annotations

import click

from tracker.cli.lazy import LazyGroup

LETTER_COMMANDS: dict[str, tuple[str, str]] = {
    "draft": (
        "tracker.cli.letters_draft:draft",
        "Soạn phiếu xin lỗi (lý do, ngày hẹn trả mới, người ký).",
    ),
    "render": (
        "tracker.cli.letters_render:render",
        "In phiếu ra DOCX (từng phiếu, gộp, bản công khai, PDF).",
    ),
    "issue": ("tracker.cli.letters_issue:issue", "Cấp số và ban hành phiếu."),
    "publish": (
        "tracker.cli.letters_publish:publish",
        "Ghi nhận đăng Cổng thông tin hoặc cập nhật Một cửa.",
    ),
    "withdraw": (
        "tracker.cli.letters_publish:withdraw",
        "Sửa hoặc gỡ một lần công khai (có lý do).",
    ),
    "pending": (
        "tracker.cli.letters_chase:pending",
        "Phiếu đã ban hành chưa công khai đủ, cũ nhất trước.",
    ),
    "late": (
        "tracker.cli.letters_chase:late",
        "Phiếu gửi muộn (sau hạn trả trừ 1 ngày làm việc).",
    ),
}


@click.group(cls=LazyGroup, lazy_subcommands=LETTER_COMMANDS)
def letters() -> None:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04, Thông tư 01/2018/TT-VPCP)."""
