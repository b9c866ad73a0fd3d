"""The morning list of dossiers due soon, one section per head: plain data in, display-ready
values out, for the terminal and for the DOCX template `canh-bao-den-han.docx`.

The regime of each dossier's date says how long before the due date the apology must go out
(its rule sentence is printed under the opening one), so each line says by when the letter must
go out and whether one is drafted. The column headers and the opening sentence below are the
terminal's; the DOCX template was built from the same phrases (letter_templates/builders/warn.py)
and is what an office edits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tracker.dates import format_date
from tracker.documents.template import Printout
from tracker.reports.heading import list_heading
from tracker.rules import is_issued

WARN_TEMPLATE = "canh-bao-den-han.docx"

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
    # The rule of each regime the listed dossiers fall under, as its file words it.
    rules: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(section.items) for section in self.sections)


def deadline_text(item: WarnItem) -> str:
    """How much time is left to send the apology, in words."""
    if item.letter is not None and is_issued(item.letter):
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
# The template's name for each column's value (`{{ i.code }}` …), in ITEM_HEADERS' order.
ITEM_FIELDS = (
    "code",
    "procedure",
    "applicant",
    "due_at",
    "apology_deadline",
    "time_left",
    "letter",
)
INTRO = (
    "Hồ sơ đang giải quyết có ngày hẹn trả từ {today} đến {horizon} ({within} ngày làm việc tới)."
)


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
    """The opening sentence, then the rule of each regime the list's dossiers fall under."""
    intro = INTRO.format(
        today=format_date(report.today), horizon=format_date(report.horizon), within=report.within
    )
    return " ".join([intro, *report.rules])


def docx_context(report: WarnReport, organisation: Mapping[str, str]) -> dict[str, Any]:
    """Every placeholder of canh-bao-den-han.docx (letter_templates/canh-bao-va-nhac-viec.md)."""
    return {
        **list_heading(organisation, report.today),
        "rules": list(report.rules),
        "horizon": format_date(report.horizon),
        "within": str(report.within),
        "sections": [
            {
                "title": section_title(section),
                "count": str(len(section.items)),
                "dossiers": [
                    dict(zip(ITEM_FIELDS, item_cells(item), strict=True)) for item in section.items
                ],
            }
            for section in report.sections
        ],
    }


# The list as an A4 document, one head per page, for printing or sending round.
render_docx = Printout(WARN_TEMPLATE, docx_context)
