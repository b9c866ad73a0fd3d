"""What each head still owes: one section per head, plain data in, a printable DOCX out.

The district office hands each head their page: open late dossiers, late dossiers without a
reason (a letter cannot be drafted without one), letters not drafted, drafts not issued, and
issued letters not yet on the portal or in the one-stop system.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tracker.dates import format_date
from tracker.formats import letter_date, zero_pad


@dataclass(frozen=True)
class OwedItem:
    code: str
    procedure: str
    applicant: str
    due_at: dt.date
    note: str  # what is known and what is missing, in words


@dataclass(frozen=True)
class Category:
    key: str
    title: str
    todo: str  # what the head is asked to do


CATEGORIES = (
    Category(
        "late_open",
        "Hồ sơ đã quá hạn, chưa trả kết quả",
        "Khẩn trương giải quyết, trả kết quả cho người dân.",
    ),
    Category(
        "missing_reason",
        "Hồ sơ trễ hạn chưa có lý do",
        "Cho biết lý do trễ hạn để ghi vào phiếu xin lỗi.",
    ),
    Category(
        "not_drafted",
        "Hồ sơ trễ hạn chưa có phiếu xin lỗi",
        "Soạn phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04).",
    ),
    Category(
        "not_issued",
        "Phiếu xin lỗi chưa ký ban hành",
        "Ký, cấp số và gửi phiếu cho người dân và Bộ phận Một cửa.",
    ),
    Category(
        "unpublished",
        "Phiếu đã ban hành chưa công khai đủ",
        "Gửi phiếu để đăng Cổng thông tin điện tử và cập nhật hệ thống một cửa.",
    ),
)
ITEM_HEADERS = ["Mã hồ sơ", "Thủ tục", "Chủ hồ sơ", "Hẹn trả", "Ghi chú"]
# Column widths on the 165 mm between A4's margins: the note says the most.
ITEM_WIDTHS_MM = (33, 42, 27, 23, 40)


@dataclass(frozen=True)
class HeadReminder:
    head: str | None
    head_title: str | None
    unit: str
    unit_name: str
    late_open: list[OwedItem]
    missing_reason: list[OwedItem]
    not_drafted: list[OwedItem]
    not_issued: list[OwedItem]
    unpublished: list[OwedItem]

    def items(self, category: Category) -> list[OwedItem]:
        items: list[OwedItem] = getattr(self, category.key)
        return items

    @property
    def total(self) -> int:
        return sum(len(self.items(c)) for c in CATEGORIES)


@dataclass(frozen=True)
class RemindReport:
    today: dt.date
    sections: list[HeadReminder]


def addressee(section: HeadReminder) -> str:
    if section.head is None:
        return f"{section.unit_name} (hồ sơ chưa giao người chịu trách nhiệm)"
    title = f"{section.head_title} " if section.head_title else ""
    return f"{title}{section.head} — {section.unit_name}"


def item_cells(item: OwedItem) -> list[str]:
    return [item.code, item.procedure, item.applicant, format_date(item.due_at), item.note]


def intro_text(report: RemindReport, section: HeadReminder) -> str:
    if not section.total:
        return f"Tính đến ngày {format_date(report.today)}, không còn việc nào cần xử lý."
    return (
        f"Tính đến ngày {format_date(report.today)}, còn {zero_pad(section.total)} việc cần "
        "xử lý như sau:"
    )


RULE_TEXT = (
    "Theo Nghị định 61/2018/NĐ-CP, Điều 19 khoản 9, chậm nhất 01 ngày làm việc trước ngày hẹn "
    "trả kết quả, đơn vị giải quyết phải gửi phiếu xin lỗi nêu rõ lý do và ngày hẹn trả mới; "
    "ngày hẹn trả chỉ được hẹn lại một lần."
)


def render_docx(report: RemindReport, organisation: Mapping[str, str], path: Path) -> Path:
    """One section (its own page) per head, ready to print and hand over."""
    # python-docx is loaded only when a document is written, not for the JSON or CSV list.
    from tracker.docx_layout import add_paragraph, add_table, new_document, new_page_section

    document = new_document()
    place = organisation.get("place", "")
    for index, section in enumerate(report.sections):
        if index:
            new_page_section(document)
        add_paragraph(document, organisation.get("governing_body", "").upper(), align="center")
        add_paragraph(
            document,
            f"{place}, {letter_date(report.today)}".strip(", "),
            align="right",
            italic=True,
        )
        add_paragraph(document, "NHẮC VIỆC XỬ LÝ HỒ SƠ TRỄ HẠN", align="center", bold=True, size=14)
        add_paragraph(document, f"Kính gửi: {addressee(section)}", bold=True)
        add_paragraph(document, intro_text(report, section), align="justify")
        number = 0
        for category in CATEGORIES:
            items = section.items(category)
            if not items:
                continue
            number += 1
            add_paragraph(
                document, f"{number}. {category.title}: {zero_pad(len(items))}", bold=True
            )
            add_paragraph(document, category.todo, italic=True)
            add_table(
                document,
                ITEM_HEADERS,
                [item_cells(item) for item in items],
                widths_mm=ITEM_WIDTHS_MM,
            )
        add_paragraph(document, RULE_TEXT, align="justify", italic=True, size=12)
    if not report.sections:
        add_paragraph(document, "Không có người đứng đầu nào còn việc cần xử lý.")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
