"""What stored text may hold: one table of lengths, and the one rule for characters.

Every text column of the database has its entry here, by `table.column`. The models take their
`String(n)` lengths from this table, a text column (`Text`) is held to the limit written here,
and the import's field table takes its limits from the same entries, so a value refused by one
door is refused by every door, on SQLite (which would store any length) exactly as on
PostgreSQL (which refuses a value longer than its column).

Characters: a control character (U+0000–U+001F, U+007F–U+009F) or a lone surrogate (bytes that
were not UTF-8) is never stored. Typed text is cleaned first (`text.clean` turns tabs and line
breaks into spaces); whatever control character is left is refused with one sentence. Such a
character cannot be seen on screen, breaks a DOCX (Word refuses the file), and PostgreSQL
refuses NUL outright.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from tracker.errors import InvalidInput


@dataclass(frozen=True)
class TextLimit:
    label: str  # how a Vietnamese message names the value
    chars: int  # the most characters it may hold
    # A value made of lines (a unit's header name: "\n" where it breaks): the line break is
    # the one control character it may hold.
    lines: bool = False


# A paragraph a person writes (a reason, a why): long enough for any real one, short enough
# that a list showing it stays fast (a 10 MB reason once made `cases list` take 254 s).
PARAGRAPH = 2000

_ACTOR = TextLimit("tên người thực hiện", 120)
_SHA256 = TextLimit("mã sha256", 64)
_PERIOD = TextLimit("kỳ", 7)
_STATUS = TextLimit("tình trạng", 16)
_REASON = TextLimit("lý do trễ hạn", PARAGRAPH)

TEXT_LIMITS: dict[str, TextLimit] = {
    "settings.key": TextLimit("tên thiết lập", 64),
    "settings.value": TextLimit("giá trị thiết lập", PARAGRAPH),  # Text column
    "organisation_settings.key": TextLimit("tên thông tin cơ quan", 64),
    "organisation_settings.value": TextLimit("thông tin cơ quan", PARAGRAPH),  # Text column
    "units.code": TextLimit("mã đơn vị", 32),
    "units.name": TextLimit("tên đơn vị", 200),
    "units.name_folded": TextLimit("tên đơn vị", 200),
    "units.kind": TextLimit("loại đơn vị", 16),
    "units.abbreviation": TextLimit("chữ viết tắt của đơn vị", 32),
    "units.governing_line": TextLimit("dòng cơ quan chủ quản trên tiêu đề", 200),
    "units.header_name": TextLimit("tên đơn vị trên tiêu đề", 300, lines=True),
    "units.place": TextLimit("địa danh", 100),
    "dossier_transfers.period": _PERIOD,
    "unit_aliases.alias": TextLimit("tên khác của đơn vị", 200),
    "unit_aliases.alias_key": TextLimit("tên khác của đơn vị", 200),
    "heads.full_name": TextLimit("họ tên người đứng đầu", 200),
    "heads.name_folded": TextLimit("họ tên người đứng đầu", 200),
    "heads.title": TextLimit("chức vụ", 120),
    "import_batches.file_name": TextLimit("tên tệp nhập", 500),
    "import_batches.sha256": _SHA256,
    "import_batches.period": _PERIOD,
    "import_batches.sheet": TextLimit("tên trang tính", 200),
    "import_batches.actor": _ACTOR,
    "column_mappings.header_key": TextLimit("tên cột", 200),
    "column_mappings.header": TextLimit("tên cột", 200),
    "column_mappings.field": TextLimit("tên trường", 40),
    "dossiers.code": TextLimit("mã hồ sơ", 64),
    "dossiers.procedure": TextLimit("tên thủ tục", 500),
    "dossiers.procedure_code": TextLimit("mã thủ tục", 64),
    "dossiers.field": TextLimit("lĩnh vực", 200),
    "dossiers.applicant": TextLimit("chủ hồ sơ", 300),
    "dossiers.applicant_address": TextLimit("địa chỉ", 500),
    "dossiers.applicant_phone": TextLimit("số điện thoại", 40),
    "dossiers.applicant_email": TextLimit("thư điện tử", 200),
    "dossiers.applicant_id_number": TextLimit("số giấy tờ tùy thân", 40),
    "dossiers.period": _PERIOD,
    "dossiers.onestop_status": TextLimit("trạng thái trên hệ thống một cửa", 120),
    "dossiers.reason": _REASON,  # Text column
    # Text column, derived: fold() of the code, applicant and procedure (at most 866 characters).
    "dossiers.search_key": TextLimit("khóa tìm kiếm", PARAGRAPH),
    "dossiers.source": TextLimit("nguồn hồ sơ", 16),
    "letters.status": _STATUS,
    "letters.kind": _STATUS,
    "letters.regime": TextLimit("mã chế độ pháp lý", 32),
    "letters.form": TextLimit("mã mẫu thư", 64),
    "letters.reason": _REASON,  # Text column
    "letters.signer_name": TextLimit("tên người ký", 200),
    "letters.signer_title": TextLimit("chức vụ người ký", 200),
    "letters.force_why": TextLimit("lý do hẹn lại lần hai", PARAGRAPH),  # Text column
    "letters.number": TextLimit("số thư", 64),
    "letters.issued_by": _ACTOR,
    "letter_files.path": TextLimit("đường dẫn tệp", 1000),
    "letter_files.sha256": _SHA256,
    "letter_files.template_sha256": _SHA256,
    "letter_files.actor": _ACTOR,
    "publications.channel": _STATUS,
    "publications.url": TextLimit("địa chỉ bài đăng", 2000),
    "publications.ref": TextLimit("số tham chiếu", 200),
    "publications.actor": _ACTOR,
    "publications.withdrawn_why": TextLimit("lý do sửa hoặc gỡ", PARAGRAPH),  # Text column
    "events.actor": _ACTOR,
    "events.entity": TextLimit("loại bản ghi", 32),
    "events.action": TextLimit("thao tác", 64),
    # Text column: a note quotes at most one paragraph (a why) with a sentence around it.
    "events.note": TextLimit("ghi chú nhật ký", 2 * PARAGRAPH),
    "calendar_overrides.kind": TextLimit("loại ngày", 8),
    "calendar_overrides.why": TextLimit("căn cứ", PARAGRAPH),  # Text column
    "calendar_overrides.actor": _ACTOR,
    "index_figures.period": _PERIOD,
    "index_figures.metric": TextLimit("tên chỉ số", 64),
    "index_figures.scope": TextLimit("phạm vi chỉ số", 32),
    "index_figures.kind": TextLimit("loại số liệu", 8),
    "index_figures.actor": _ACTOR,
    "accounts.username": TextLimit("tên đăng nhập", 64),
    "accounts.display_name": TextLimit("tên hiển thị", 200),
    "accounts.role": _STATUS,
    "accounts.password_hash": TextLimit("mã băm mật khẩu", 255),
    "sign_in_failures.username": TextLimit("tên đăng nhập", 64),
    "sign_in_failures.client": TextLimit("địa chỉ máy", 64),
}


def chars(column: str) -> int:
    """The most characters `table.column` may hold: what a model's `String(n)` is given."""
    return TEXT_LIMITS[column].chars


def _forbidden(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cs")


def first_forbidden(value: str) -> str | None:
    """The first control character or lone surrogate in `value`, or None."""
    if value.isprintable():  # the fast path: every Vietnamese letter is printable
        return None
    return next((char for char in value if _forbidden(char)), None)


def without_forbidden(value: str) -> str:
    """`value` without its control characters and lone surrogates: for a value only looked up,
    never stored (a user name typed at sign-in)."""
    if value.isprintable():
        return value
    return "".join(char for char in value if not _forbidden(char))


def _capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]


def _count(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def check_text(value: str, limit: TextLimit) -> str:
    """`value` if it fits `limit` and holds no forbidden character, else one sentence."""
    if len(value) > limit.chars:
        raise InvalidInput(
            f"{_capitalised(limit.label)} dài {_count(len(value))} ký tự, quá giới hạn "
            f"{_count(limit.chars)} ký tự: hãy rút gọn."
        )
    char = first_forbidden(value.replace("\n", " ") if limit.lines else value)
    if char is not None:
        kind = "byte không phải UTF-8" if unicodedata.category(char) == "Cs" else "ký tự điều khiển"
        raise InvalidInput(
            f"{_capitalised(limit.label)} chứa {kind} (U+{ord(char):04X}) không in được: "
            "hãy nhập lại mà không có ký tự đó."
        )
    return value
