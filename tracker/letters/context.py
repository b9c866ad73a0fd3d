"""From plain letter data to the display-ready strings the template prints.

Every phrase of the letter lives in the DOCX template (one per kind of letter and form, named
by the regime's file); this module only turns dates, names and titles into the forms Nghị định
30/2020 asks for (capitals in the header, `ngày 05 tháng 12 năm 2024`, `Số: 05/PXL-TNMT`), and
masks personal data for the copy posted on the public portal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from tracker.formats import letter_date, zero_pad
from tracker.headers import LETTER_HEADER_EM, header_lines, soft_wrap
from tracker.text import clean, fold, mask_name

# A date or number still to be written by hand on a draft: `Số:      /PXL-TNMT`,
# `Gò Dầu, ngày      tháng      năm 2024`.
BLANK = "\u00a0" * 6
_COMMUNE_PREFIX = re.compile(r"^(ubnd|uy ban nhan dan)\b")


@dataclass(frozen=True)
class LetterData:
    """What the database knows about one letter, as plain values (no ORM objects)."""

    code: str
    procedure: str
    applicant: str
    applicant_address: str | None
    applicant_phone: str | None
    applicant_email: str | None
    received_at: dt.date | None
    old_due_at: dt.date
    new_due_at: dt.date | None  # None for an apology letter (the dossier was settled)
    reason: str
    unit_name: str
    unit_kind: str  # "department" | "commune" | "other"
    unit_abbreviation: str
    governing_body: str  # the issuing unit's governing line; "" for a People's Committee
    place: str  # the issuing unit's place name
    number: str | None  # None while the letter is a draft
    drafted_on: dt.date
    issued_on: dt.date | None
    signer_name: str
    signer_title: str  # the office in capitals: "TRƯỞNG PHÒNG", "CHỦ TỊCH"
    acting: bool
    number_format: str = "{n:02d}/PXL-{abbr}"
    # The kind of letter and what its regime and the organisation say around it.
    kind: str = "reschedule"  # "reschedule" | "apology"
    returned_at: dt.date | None = None  # an apology letter: the date of the result
    days_late: int | None = None  # an apology letter: working days late
    letter_title: str = ""  # the regime's title of this kind of letter
    legal_basis: str = ""  # the regime's article, as a document cites it
    desk: str = ""  # the one-stop desk that receives a copy (the organisation's, or the regime's)
    apology_rule: str = ""  # the province's rule on apology letters (the organisation's setting)
    personal_data_law: str = ""  # the personal-data law of the letter's date (the public copy)
    # The issuing body's header lines in capitals, "\n" where the unit breaks them; "" prints
    # the unit's name as the body names it.
    issuing_body: str = ""


@dataclass(frozen=True)
class LetterContext:
    """The template's placeholders, one field each (letter_templates/README.md lists them)."""

    governing_body: str
    issuing_unit: str
    issuing_unit_2: str  # the issuing body's second header line, if it has one
    number: str
    place: str
    letter_date: str
    applicant: str
    applicant_address: str
    applicant_phone: str
    applicant_email: str
    received_date: str
    procedure: str
    code: str
    old_due_date: str
    unit_name: str
    reason: str
    new_due_date: str
    unit_abbreviation: str
    authority_line: str
    deputy_line: str
    signer_name: str
    letter_title: str
    returned_date: str
    days_late: str
    legal_basis: str
    desk: str
    apology_rule: str
    public_note: str

    def as_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)


def context_fields() -> set[str]:
    return {f.name for f in dataclasses.fields(LetterContext)}


# What each placeholder is, in the words a history line uses to say why a reprint differs.
FIELD_LABELS = {
    "governing_body": "cơ quan chủ quản",
    "issuing_unit": "đơn vị ban hành",
    "number": "số",
    "place": "địa danh",
    "letter_date": "ngày ban hành",
    "applicant": "chủ hồ sơ",
    "applicant_address": "địa chỉ",
    "applicant_phone": "điện thoại",
    "applicant_email": "thư điện tử",
    "received_date": "ngày tiếp nhận",
    "procedure": "thủ tục",
    "code": "mã hồ sơ",
    "old_due_date": "ngày hẹn trả",
    "unit_name": "tên đơn vị",
    "reason": "lý do",
    "new_due_date": "ngày hẹn trả mới",
    "unit_abbreviation": "chữ viết tắt của đơn vị",
    "authority_line": "thẩm quyền ký",
    "deputy_line": "chức vụ cấp phó",
    "signer_name": "người ký",
    "letter_title": "tên loại thư",
    "returned_date": "ngày có kết quả",
    "days_late": "số ngày trễ",
    "legal_basis": "căn cứ pháp lý",
    "desk": "Bộ phận Một cửa",
    "apology_rule": "quy định của tỉnh",
    "public_note": "ghi chú bản công khai",
}


def what_changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The labels of the placeholders whose printed value differs, in the template's order."""
    return [FIELD_LABELS.get(key, key) for key in after if before.get(key) != after[key]]


def blank_number(number_format: str, abbreviation: str) -> str:
    """`      /PXL-TNMT`: the number's shape with the sequence left blank for the clerk."""
    example = number_format.format(n=0, abbr=abbreviation)
    return re.sub(r"^\d+", BLANK, example)


def body_unit_name(name: str, kind: str) -> str:
    """How the body names the unit: `Phòng Tài nguyên và Môi trường`, `UBND xã Hiệp Thạnh`."""
    text = clean(name)
    if kind == "commune" and not _COMMUNE_PREFIX.match(fold(text)):
        return f"UBND {text[:1].lower()}{text[1:]}"
    return text


def sentence(text: str) -> str:
    """A reason typed without a final full stop still ends the sentence once: `…lại.`"""
    value = clean(text).rstrip(" .;,")
    return f"{value}." if value else ""


def build_context(data: LetterData, *, public: bool = False) -> LetterContext:
    """The letter's strings; `public` masks the name and drops address, phone and e-mail."""
    unit_name = body_unit_name(data.unit_name, data.unit_kind)
    if data.issued_on is not None:
        date_text = letter_date(data.issued_on)
    else:  # signed by hand: the clerk writes the day and month when the number is given
        date_text = f"ngày{BLANK}tháng{BLANK}năm {data.drafted_on.year}"
    title = clean(data.signer_title).upper()
    issuing = header_lines(data.issuing_body) or (unit_name.upper(),)
    return LetterContext(
        governing_body=soft_wrap(clean(data.governing_body).upper(), LETTER_HEADER_EM),
        issuing_unit=soft_wrap(issuing[0], LETTER_HEADER_EM),
        issuing_unit_2=soft_wrap(" ".join(issuing[1:]), LETTER_HEADER_EM),
        number=clean(data.number)
        if data.number
        else blank_number(data.number_format, data.unit_abbreviation),
        place=clean(data.place),
        letter_date=date_text,
        applicant=mask_name(data.applicant) if public else clean(data.applicant),
        applicant_address="" if public else clean(data.applicant_address),
        applicant_phone="" if public else clean(data.applicant_phone),
        applicant_email="" if public else clean(data.applicant_email),
        received_date=letter_date(data.received_at)
        if data.received_at
        else f"ngày{BLANK}tháng{BLANK}năm{BLANK}",
        procedure=clean(data.procedure),
        code=clean(data.code),
        old_due_date=letter_date(data.old_due_at),
        unit_name=unit_name,
        reason=sentence(data.reason),
        new_due_date=letter_date(data.new_due_at) if data.new_due_at else "",
        unit_abbreviation=clean(data.unit_abbreviation),
        authority_line=f"KT. {title}" if data.acting else title,
        deputy_line=f"PHÓ {title}" if data.acting else "",
        signer_name=clean(data.signer_name),
        letter_title=clean(data.letter_title).upper(),
        returned_date=letter_date(data.returned_at) if data.returned_at else "",
        days_late=f"{zero_pad(data.days_late)} ngày làm việc" if data.days_late else "",
        legal_basis=clean(data.legal_basis),
        desk=clean(data.desk),
        apology_rule=sentence_part(data.apology_rule),
        public_note=public_note(data.personal_data_law) if public else "",
    )


def sentence_part(text: str) -> str:
    """A clause printed inside a sentence: no final full stop or semicolon."""
    return clean(text).rstrip(" .;,")


def public_note(personal_data_law: str) -> str:
    """Why the copy posted on the portal names the citizen by initials only."""
    law = sentence_part(personal_data_law)
    basis = f"theo {law}" if law else "để bảo vệ dữ liệu cá nhân"
    return (
        "Bản đăng công khai: họ tên người dân được viết tắt; không đăng địa chỉ, số điện "
        f"thoại, thư điện tử, {basis}."
    )
