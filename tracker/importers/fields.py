"""The dossier fields an export can carry, and the header names vendors give them.

Headers are matched by `fold_key` (no diacritics, case, spaces or punctuation), so
`Ngày hẹn trả`, `NGAY HEN TRA` and `Ngày hẹn trả:` are one header. The aliases are the ones
seen in real one-stop exports (domain.md); an unknown vendor's header is mapped with
`--map "Tên cột=field"` or a saved mapping, never guessed from a partial match.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.errors import InvalidInput
from tracker.text import clean, fold_key


@dataclass(frozen=True)
class Field:
    name: str  # the Dossier attribute, also what `--map` names
    label: str  # how a Vietnamese message names it
    aliases: tuple[str, ...]
    required: bool = False
    date: bool = False


FIELDS: tuple[Field, ...] = (
    Field("code", "mã hồ sơ", ("Mã hồ sơ", "Số hồ sơ", "Số biên nhận"), required=True),
    Field(
        "procedure",
        "tên thủ tục",
        ("Tên thủ tục hành chính", "Tên TTHC", "Tên thủ tục", "Thủ tục", "Thủ tục hành chính"),
        required=True,
    ),
    Field("procedure_code", "mã thủ tục", ("Mã TTHC", "Mã thủ tục", "Mã thủ tục hành chính")),
    Field("field", "lĩnh vực", ("Lĩnh vực",)),
    Field(
        "applicant",
        "chủ hồ sơ",
        ("Chủ hồ sơ", "Người nộp", "Tên cá nhân, tổ chức", "Người nộp hồ sơ", "Tổ chức, cá nhân"),
        required=True,
    ),
    Field("applicant_address", "địa chỉ", ("Địa chỉ", "Địa chỉ chủ hồ sơ")),
    Field("applicant_phone", "số điện thoại", ("Số điện thoại", "Điện thoại", "SĐT")),
    Field("applicant_email", "thư điện tử", ("Email", "Thư điện tử")),
    Field("applicant_id_number", "số giấy tờ tùy thân", ("Số CMND/CCCD", "CCCD", "Số định danh")),
    Field(
        "unit",
        "đơn vị xử lý",
        (
            "Đơn vị xử lý",
            "Đơn vị/ cá nhân giải quyết",
            "Cơ quan giải quyết",
            "Đơn vị tiếp nhận",
            "Đơn vị giải quyết",
            "Đơn vị",
        ),
        required=True,
    ),
    Field(
        "received_at",
        "ngày tiếp nhận",
        ("Ngày tiếp nhận", "Ngày nhận", "Ngày nộp hồ sơ"),
        date=True,
    ),
    Field(
        "due_at",
        "ngày hẹn trả",
        ("Ngày hẹn trả", "Hạn xử lý", "Ngày hẹn trả kết quả", "Hạn giải quyết"),
        required=True,
        date=True,
    ),
    Field(
        "finished_at",
        "ngày có kết quả",
        (
            "Ngày có kết quả",
            "Ngày kết thúc xử lý",
            "Ngày hoàn thành",
            "Ngày trả",
            "Ngày trả kết quả",
        ),
        date=True,
    ),
    Field("onestop_status", "trạng thái", ("Trạng thái", "Tình trạng", "Trạng thái hồ sơ")),
    Field("reason", "lý do trễ hạn", ("Lý do trễ hẹn", "Lý do trễ hạn", "Lý do")),
)

BY_NAME = {f.name: f for f in FIELDS}
ALIASES: dict[str, str] = {fold_key(alias): f.name for f in FIELDS for alias in f.aliases}

# National status codes (Cổng Dịch vụ công quốc gia); some exports give the number only.
NATIONAL_STATUSES = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung",
    6: "Yêu cầu nghĩa vụ tài chính",
    7: "Công dân rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}


def field_names() -> str:
    return ", ".join(f.name for f in FIELDS)


def parse_mapping(text: str) -> tuple[str, str, str]:
    """`--map "Tên cột=field"` → (header key, header as typed, field name)."""
    header, sep, name = text.rpartition("=")
    header, name = clean(header), clean(name)
    if not sep or not fold_key(header) or not name:
        raise InvalidInput(
            f'Ánh xạ cột «{clean(text)}» không hợp lệ: hãy viết dạng "Tên cột=trường", '
            'ví dụ --map "Mã biên nhận=code".'
        )
    if name not in BY_NAME:
        raise InvalidInput(
            f"Trường «{name}» trong ánh xạ «{clean(text)}» không có: chọn một trong {field_names()}."
        )
    return fold_key(header), header, name
