"""The one table of the dossier fields an export can carry: everything the import derives.

Each field says its name (the Dossier attribute, also what `--map` names), how a Vietnamese
message calls it, how its cell is read (its kind), whether a row needs it, the most characters
it may hold, whether a later import may change it on a stored dossier, and the header names
vendors give it. The reader's records, the checks, the staging columns and the inserts are all
built from this table by name; nothing else lists the fields.

Headers are matched by `fold_key` (no diacritics, case, spaces or punctuation), so
`Ngày hẹn trả`, `NGAY HEN TRA` and `Ngày hẹn trả:` are one header. The aliases are the ones
seen in real one-stop exports; an unknown vendor's header is mapped with
`--map "Tên cột=field"` or a saved mapping, never guessed from a partial match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tracker.errors import InvalidInput
from tracker.text import clean, fold_key
from tracker.text_limits import chars

# How a cell becomes a value: "code" text made canonical (normalise_code), "text" clean text,
# "status" text where a national status number becomes its name, "date" a day.
Kind = Literal["code", "text", "status", "date"]


@dataclass(frozen=True)
class Field:
    name: str  # the Dossier attribute, also what `--map` names
    label: str  # how a Vietnamese message names it
    kind: Kind
    aliases: tuple[str, ...]
    required: bool = False
    max_length: int | None = None  # characters; text kinds only
    # False for the code (the key) and the reason (a local field: only a new dossier takes it
    # from the file; afterwards the office's own reason is never overwritten).
    updatable: bool = True


FIELDS: tuple[Field, ...] = (
    Field(
        "code",
        "mã hồ sơ",
        "code",
        ("Mã hồ sơ", "Số hồ sơ", "Số biên nhận"),
        required=True,
        max_length=chars("dossiers.code"),
        updatable=False,
    ),
    Field(
        "procedure",
        "tên thủ tục",
        "text",
        ("Tên thủ tục hành chính", "Tên TTHC", "Tên thủ tục", "Thủ tục", "Thủ tục hành chính"),
        required=True,
        max_length=chars("dossiers.procedure"),
    ),
    Field(
        "procedure_code",
        "mã thủ tục",
        "text",
        ("Mã TTHC", "Mã thủ tục", "Mã thủ tục hành chính"),
        max_length=chars("dossiers.procedure_code"),
    ),
    Field("field", "lĩnh vực", "text", ("Lĩnh vực",), max_length=chars("dossiers.field")),
    Field(
        "applicant",
        "chủ hồ sơ",
        "text",
        ("Chủ hồ sơ", "Người nộp", "Tên cá nhân, tổ chức", "Người nộp hồ sơ", "Tổ chức, cá nhân"),
        required=True,
        max_length=chars("dossiers.applicant"),
    ),
    Field(
        "applicant_address",
        "địa chỉ",
        "text",
        ("Địa chỉ", "Địa chỉ chủ hồ sơ"),
        max_length=chars("dossiers.applicant_address"),
    ),
    Field(
        "applicant_phone",
        "số điện thoại",
        "text",
        ("Số điện thoại", "Điện thoại", "SĐT"),
        max_length=chars("dossiers.applicant_phone"),
    ),
    Field(
        "applicant_email",
        "thư điện tử",
        "text",
        ("Email", "Thư điện tử"),
        max_length=chars("dossiers.applicant_email"),
    ),
    Field(
        "applicant_id_number",
        "số giấy tờ tùy thân",
        "text",
        ("Số CMND/CCCD", "CCCD", "Số định danh"),
        max_length=chars("dossiers.applicant_id_number"),
    ),
    Field(
        "unit",
        "đơn vị xử lý",
        "text",
        (
            "Đơn vị xử lý",
            "Đơn vị/ cá nhân giải quyết",
            "Cơ quan giải quyết",
            "Đơn vị tiếp nhận",
            "Đơn vị giải quyết",
            "Đơn vị",
        ),
        required=True,
        max_length=300,  # a name or alias to look up; longer is no unit's name
    ),
    Field(
        "received_at", "ngày tiếp nhận", "date", ("Ngày tiếp nhận", "Ngày nhận", "Ngày nộp hồ sơ")
    ),
    Field(
        "due_at",
        "ngày hẹn trả",
        "date",
        ("Ngày hẹn trả", "Hạn xử lý", "Ngày hẹn trả kết quả", "Hạn giải quyết"),
        required=True,
    ),
    Field(
        "finished_at",
        "ngày có kết quả",
        "date",
        (
            "Ngày có kết quả",
            "Ngày kết thúc xử lý",
            "Ngày hoàn thành",
            "Ngày trả",
            "Ngày trả kết quả",
        ),
    ),
    Field(
        "onestop_status",
        "trạng thái",
        "status",
        ("Trạng thái", "Tình trạng", "Trạng thái hồ sơ"),
        max_length=chars("dossiers.onestop_status"),
    ),
    Field(
        "reason",
        "lý do trễ hạn",
        "text",
        ("Lý do trễ hẹn", "Lý do trễ hạn", "Lý do"),
        max_length=chars(
            "dossiers.reason"
        ),  # a paragraph; a 10 MB reason would stall every list that shows it
        updatable=False,
    ),
)

BY_NAME = {f.name: f for f in FIELDS}
NAMES = tuple(f.name for f in FIELDS)
ALIASES: dict[str, str] = {fold_key(alias): f.name for f in FIELDS for alias in f.aliases}
# What a header typed with --map may be at most (the column_mappings table keeps 200).
MAX_HEADER_LENGTH = 200

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
    return ", ".join(NAMES)


def parse_mapping(text: str) -> tuple[str, str, str]:
    """`--map "Tên cột=field"` → (header key, header as typed, field name)."""
    header, sep, name = text.rpartition("=")
    header, name = clean(header), clean(name)
    if not sep or not fold_key(header) or not name:
        raise InvalidInput(
            f'Ánh xạ cột «{clean(text)}» không hợp lệ: hãy viết dạng "Tên cột=trường", '
            'ví dụ --map "Mã biên nhận=code".'
        )
    if len(header) > MAX_HEADER_LENGTH:
        raise InvalidInput(
            f"Tên cột trong ánh xạ dài quá {MAX_HEADER_LENGTH} ký tự: hãy chép đúng tên cột "
            "của tệp."
        )
    if name not in BY_NAME:
        raise InvalidInput(
            f"Trường «{name}» trong ánh xạ «{clean(text)}» không có: chọn một trong {field_names()}."
        )
    return fold_key(header), header, name
