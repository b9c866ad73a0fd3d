"""The next step of a refusal, a rejected row or a warning, as the command line says it: the
command to type (tracker.next_steps has the actions; the browser words them its own way)."""

from __future__ import annotations

from tracker.errors import TrackerError
from tracker.next_steps import Action, NextStep, joined

# `{about}` is the step's subject: a dossier's or a unit's code, a name as typed, a year.
COMMANDS: dict[Action, str] = {
    Action.FIND_UNIT: (
        'xem `tracker units list`, hoặc thêm tên khác bằng `tracker units alias MÃ_ĐƠN_VỊ "{about}"`'
    ),
    Action.ALIAS_AND_REIMPORT: (
        "xem `tracker units list` rồi thêm tên này bằng "
        '`tracker units alias MÃ_ĐƠN_VỊ "{about}"` và nhập lại'
    ),
    Action.LOAD_UNITS: (
        "nạp mẫu đơn vị bằng `tracker init --preset phuoc-thanh` (hoặc go-dau, hoặc tệp .toml "
        "của văn phòng) hay thêm từng đơn vị bằng `tracker units add`, rồi nhập lại"
    ),
    Action.ORPHANS: "hồ sơ chờ giao (xem `tracker units orphans`)",
    Action.PLACE_UNIT: 'ghi bằng `tracker units set {about} --place "…"`',
    Action.SET_HEAD: 'dùng `tracker heads set {about} "Họ tên"`',
    Action.SET_HEAD_OR_SIGNER: 'dùng `tracker heads set {about} "Họ tên"` hoặc --signer',
    Action.LIST_HEADS: "xem `tracker heads list`",
    Action.LIST_ACCOUNTS: "xem `tracker users list`",
    Action.ANOTHER_ADMIN: (
        "một tài khoản quản trị khác làm việc này, hoặc dùng lệnh `tracker users disable {about}`"
    ),
    Action.CALENDAR_YEAR: "xem `tracker calendar list {about}`",
    Action.LIST_CASES: "xem `tracker cases list`",
    Action.SHOW_CASE: "xem `tracker cases show {about}`",
    Action.RECHECK_CASE: "hãy xem `tracker cases show {about}` rồi thử lại",
    Action.GIVE_REASON: 'ghi bằng `tracker cases reason {about} "…"` hoặc --reason',
    Action.REASON_THEN_REDRAFT: 'ghi bằng `tracker cases reason {about} "…"` rồi soạn lại thư',
    Action.DRAFT_LETTER: "hãy soạn bằng `tracker letters draft {about}` trước",
    Action.REDRAFT_LETTER: "soạn lại bằng `tracker letters draft {about}` rồi ban hành",
    Action.ISSUE_LETTER: (
        "hãy ban hành bằng `tracker letters issue {about} --auto-number` trước khi công khai"
    ),
    Action.WITHDRAW: "muốn sửa hãy dùng `tracker letters withdraw {about}`",
    Action.LIST_REGIMES: "xem `tracker regimes list`",
    Action.LATER_NEW_DATE: "dùng --new-date hoặc --days lớn hơn",
    Action.NO_NEW_DATE: "bỏ --new-date/--days",
    Action.FORCE_LETTER: 'nếu thật cần thư, dùng --force --why "lý do"',
    Action.WHY_FOR_DAY: 'ghi bằng --why "…"',
    Action.WHY_FOR_HEADER: 'nếu đúng là cần, thêm --why "lý do" để ghi vào nhật ký',
    Action.PORTAL_URL: "dùng --url https://…",
    Action.URL_TEMPLATE: "dùng --url-template, ví dụ https://godau.tayninh.gov.vn/xin-loi/{{code}}",
    Action.CHOOSE_HEAD: "thêm --head với tên người hoặc đơn vị",
}


def advice(step: NextStep) -> str:
    return COMMANDS[step.action].format(about=step.about)


def said(message: str, step: NextStep | None) -> str:
    """A service's sentence with its next step as a command."""
    return message if step is None else joined(message, advice(step))


def error_text(error: TrackerError) -> str:
    return said(error.message, error.step)
