"""What each head still owes: one section per head, plain data in, display-ready values out,
for the terminal and for the DOCX template `nhac-viec-tre-han.docx`.

The district office hands each head their page: open late dossiers, late dossiers without a
reason (a letter cannot be drafted without one), letters not drafted, drafts not issued, and
issued letters not yet on the portal or in the one-stop system. The categories' titles and
requests, the column headers and the opening sentences below are the terminal's; the DOCX
template was built from the same phrases (letter_templates/builders/remind.py) and is what an
office edits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tracker.dates import format_date
from tracker.documents.template import Printout
from tracker.formats import zero_pad
from tracker.reports.heading import list_heading

REMIND_TEMPLATE = "nhac-viec-tre-han.docx"


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
        "Cho biết lý do trễ hạn để ghi vào thư xin lỗi.",
    ),
    Category(
        "not_drafted",
        "Hồ sơ trễ hạn chưa có thư xin lỗi",
        "Soạn thư xin lỗi người dân (hẹn lại ngày trả nếu hồ sơ chưa có kết quả).",
    ),
    Category(
        "not_issued",
        "Thư xin lỗi chưa ký ban hành",
        "Ký, cấp số và gửi thư cho người dân và Bộ phận Một cửa.",
    ),
    Category(
        "unpublished",
        "Thư đã ban hành chưa công khai đủ",
        "Gửi thư để đăng Cổng thông tin điện tử và cập nhật hệ thống một cửa.",
    ),
)
ITEM_HEADERS = ["Mã hồ sơ", "Thủ tục", "Chủ hồ sơ", "Hẹn trả", "Ghi chú"]
# The template's name for each column's value (`{{ i.code }}` …), in ITEM_HEADERS' order.
ITEM_FIELDS = ("code", "procedure", "applicant", "due_at", "note")
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
    # The rule of each regime the listed dossiers fall under, as its file words it.
    rules: list[str] = field(default_factory=list)


def addressee(section: HeadReminder) -> str:
    if section.head is None:
        return f"{section.unit_name} (hồ sơ chưa giao người chịu trách nhiệm)"
    title = f"{section.head_title} " if section.head_title else ""
    return f"{title}{section.head} — {section.unit_name}"


def item_cells(item: OwedItem) -> list[str]:
    return [item.code, item.procedure, item.applicant, format_date(item.due_at), item.note]


INTRO_OWED = "Tính đến ngày {today}, còn {count} việc cần xử lý như sau:"
INTRO_NOTHING = "Tính đến ngày {today}, không còn việc nào cần xử lý."


def intro_text(report: RemindReport, section: HeadReminder) -> str:
    if not section.total:
        return INTRO_NOTHING.format(today=format_date(report.today))
    return INTRO_OWED.format(today=format_date(report.today), count=zero_pad(section.total))


def _categories(section: HeadReminder) -> dict[str, dict[str, Any] | None]:
    """Each category's block, numbered among those that hold something; None when empty."""
    blocks: dict[str, dict[str, Any] | None] = {}
    number = 0
    for category in CATEGORIES:
        items = section.items(category)
        if not items:
            blocks[category.key] = None
            continue
        number += 1
        blocks[category.key] = {
            "no": str(number),
            "count": zero_pad(len(items)),
            "dossiers": [dict(zip(ITEM_FIELDS, item_cells(item), strict=True)) for item in items],
        }
    return blocks


def docx_context(report: RemindReport, organisation: Mapping[str, str]) -> dict[str, Any]:
    """Every placeholder of nhac-viec-tre-han.docx (letter_templates/canh-bao-va-nhac-viec.md)."""
    return {
        **list_heading(organisation, report.today),
        "rules": list(report.rules),
        "sections": [
            {
                "addressee": addressee(section),
                "total": zero_pad(section.total) if section.total else "",
                **_categories(section),
            }
            for section in report.sections
        ],
    }


# One section (its own page) per head, ready to print and hand over.
render_docx = Printout(REMIND_TEMPLATE, docx_context)
