"""The morning list of dossiers due soon, one section per head: plain data in, a DOCX out.

Nghị định 61/2018, Điều 19 asks for the apology no later than 1 working day before the due
date, so each line says by when the letter must go out and whether one is drafted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tracker.dates import format_date
from tracker.formats import letter_date

LETTER_STATE = {
    None: "chưa soạn",
    "draft": "đã soạn (dự thảo)",
    "issued": "đã ban hành",
    "published": "đã công khai",
}


@dataclass(frozen=True)
class WarnItem:
    code: str
    procedure: str
    applicant: str
    due_at: dt.date
    apology_deadline: dt.date
    # Working days from today to the apology deadline: 0 = today is the last day,
    # negative = the deadline has passed (a letter sent now is a late apology).
    days_to_deadline: int
    letter: str | None  # None | "draft" | "issued" | "published"
    letter_new_due: dt.date | None


@dataclass(frozen=True)
class WarnSection:
    head: str | None
    head_title: str | None
    unit: str
    unit_name: str
    items: list[WarnItem]


@dataclass(frozen=True)
class WarnReport:
    today: dt.date
    within: int
    horizon: dt.date  # the last due date the list covers
    sections: list[WarnSection]

    @property
    def total(self) -> int:
        return sum(len(section.items) for section in self.sections)


def deadline_text(item: WarnItem) -> str:
    """How much time is left to send the apology, in words."""
    if item.letter in ("issued", "published"):
        return "đã gửi thư"
    if item.days_to_deadline < 0:
        return f"đã quá hạn gửi thư {-item.days_to_deadline} ngày làm việc"
    if item.days_to_deadline == 0:
        return "hôm nay là hạn cuối"
    return f"còn {item.days_to_deadline} ngày làm việc"


def letter_text(item: WarnItem) -> str:
    text = LETTER_STATE[item.letter]
    if item.letter_new_due:
        text += f", hẹn trả mới {format_date(item.letter_new_due)}"
    return text


def section_title(section: WarnSection) -> str:
    head = section.head or "— chưa giao người chịu trách nhiệm —"
    title = f"{section.head_title} {head}" if section.head_title and section.head else head
    return f"{title} — {section.unit_name}"


ITEM_HEADERS = [
    "Mã hồ sơ",
    "Thủ tục",
    "Chủ hồ sơ",
    "Hẹn trả",
    "Hạn gửi thư xin lỗi",
    "Thời gian còn lại",
    "Thư xin lỗi",
]


def item_cells(item: WarnItem) -> list[str]:
    return [
        item.code,
        item.procedure,
        item.applicant,
        format_date(item.due_at),
        format_date(item.apology_deadline),
        deadline_text(item),
        letter_text(item),
    ]


def intro_text(report: WarnReport) -> str:
    return (
        f"Hồ sơ đang giải quyết có ngày hẹn trả từ {format_date(report.today)} đến "
        f"{format_date(report.horizon)} ({report.within} ngày làm việc tới). Theo Nghị định "
        "61/2018/NĐ-CP, Điều 19, chậm nhất 01 ngày làm việc trước ngày hẹn trả, đơn vị phải "
        "gửi văn bản xin lỗi người dân, nêu rõ lý do và ngày hẹn trả mới."
    )


def render_docx(report: WarnReport, organisation: Mapping[str, str], path: Path) -> Path:
    """The list as an A4 document, one head per page, for printing or sending round."""
    # python-docx is loaded only when a document is written, not for the JSON or CSV list.
    from tracker.docx_layout import add_paragraph, add_table, new_document

    document = new_document()
    add_paragraph(document, organisation.get("governing_body", "").upper(), align="center")
    place = organisation.get("place", "")
    add_paragraph(
        document, f"{place}, {letter_date(report.today)}".strip(", "), italic=True, align="center"
    )
    add_paragraph(
        document, "DANH SÁCH HỒ SƠ SẮP ĐẾN HẠN TRẢ KẾT QUẢ", bold=True, size=14, align="center"
    )
    add_paragraph(document, intro_text(report))
    if not report.sections:
        add_paragraph(document, "Không có hồ sơ nào sắp đến hạn.")
    for index, section in enumerate(report.sections):
        heading = add_paragraph(
            document, f"{section_title(section)}: {len(section.items)} hồ sơ", bold=True
        )
        # One head per page: each page can be handed to the head it names.
        heading.paragraph_format.page_break_before = index > 0
        add_table(document, ITEM_HEADERS, [item_cells(item) for item in section.items])
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
