"""`tracker letters …`: the group only. The letter's life is cut at the same joints here as in
the services: draft, render, issue, publish (and withdraw), chase — one module each."""

from __future__ import annotations

import click

from tracker.cli.lazy import LazyGroup

LETTER_COMMANDS: dict[str, tuple[str, str]] = {
    "draft": (
        "tracker.cli.letters_draft:draft",
        "Soạn thư xin lỗi đúng loại (lý do, ngày hẹn trả mới, người ký).",
    ),
    "render": (
        "tracker.cli.letters_render:render",
        "In thư ra DOCX (từng thư, gộp, bản công khai, PDF) kèm thông báo gửi Một cửa.",
    ),
    "issue": ("tracker.cli.letters_issue:issue", "Cấp số và ban hành thư."),
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
        "Thư đã ban hành chưa công khai đủ, cũ nhất trước.",
    ),
    "late": (
        "tracker.cli.letters_chase:late",
        "Thư gửi muộn (sau hạn gửi thư xin lỗi của chế độ pháp lý).",
    ),
}


@click.group(cls=LazyGroup, lazy_subcommands=LETTER_COMMANDS)
def letters() -> None:
    """Thư xin lỗi người dân khi giải quyết hồ sơ trễ hạn: thư xin lỗi và hẹn lại ngày trả (hồ sơ
    chưa có kết quả) hoặc thư xin lỗi (hồ sơ đã trả kết quả trễ hạn), theo mẫu của chế độ pháp lý
    của ngày hồ sơ (xem `tracker regimes list`)."""
