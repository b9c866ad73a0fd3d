"""`tracker letters …`: the group only; each subcommand lives in the module that owns it."""

from __future__ import annotations

import click

from tracker.cli.lazy import LazyGroup

LETTER_COMMANDS: dict[str, tuple[str, str]] = {
    "draft": (
        "tracker.cli.letters_draft:draft",
        "Soạn phiếu xin lỗi (lý do, ngày hẹn trả mới, người ký).",
    ),
    "render": (
        "tracker.cli.letters_draft:render",
        "In phiếu ra DOCX (từng phiếu, gộp, bản công khai, PDF).",
    ),
    "issue": ("tracker.cli.letters_lifecycle:issue", "Cấp số và ban hành phiếu."),
    "publish": (
        "tracker.cli.letters_lifecycle:publish",
        "Ghi nhận đăng Cổng thông tin hoặc cập nhật Một cửa.",
    ),
    "withdraw": (
        "tracker.cli.letters_lifecycle:withdraw",
        "Sửa hoặc gỡ một lần công khai (có lý do).",
    ),
    "pending": (
        "tracker.cli.letters_lifecycle:pending",
        "Phiếu đã ban hành chưa công khai đủ, cũ nhất trước.",
    ),
    "late": (
        "tracker.cli.letters_lifecycle:late",
        "Phiếu gửi muộn (sau hạn trả trừ 1 ngày làm việc).",
    ),
}


@click.group(cls=LazyGroup, lazy_subcommands=LETTER_COMMANDS)
def letters() -> None:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04, Thông tư 01/2018/TT-VPCP)."""
