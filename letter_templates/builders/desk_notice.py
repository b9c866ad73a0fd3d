"""Builds `thong-bao-mot-cua.docx`: the written notice to the one-stop desk that the decree asks
for beside the letters to citizens (Nghị định 118/2025 Điều 19 khoản 6; Nghị định 61/2018 Điều
19 khoản 9) — one per issuing unit, day and regime, listing each dossier, its reason and the
new return date, so that the desk changes the date in the one-stop system and tells the citizen.
It shares the letter's header and signature block (builders/letter.py)."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject

from letter_templates.builders.layout import add_table, narrow_cell_margins
from letter_templates.builders.letter import body_paragraphs, build_letter, paragraph

NOTICE_TEMPLATE = "thong-bao-mot-cua.docx"
HEADERS = (
    "STT",
    "Mã hồ sơ",
    "Chủ hồ sơ: thủ tục",
    "Ngày hẹn trả",
    "Lý do trễ hạn",
    "Ngày hẹn trả mới",
    "Văn bản xin lỗi",
)
CELLS = (
    "{{ r.no }}",
    "{{ r.code }}",
    "{{ r.applicant }}: {{ r.procedure }}",
    "{{ r.old_due_date }}",
    "{{ r.reason }}",
    "{{ r.new_due_date }}",
    "{{ r.letter_number }}",
)
# On the 165 mm between A4's margins, 10 pt: a date and a letter number never break.
WIDTHS_MM = (9, 30, 37, 19, 33, 19, 18)
TABLE_PT = 10


def _body(document: DocumentObject) -> None:
    paragraph(document, "THÔNG BÁO", size=14, bold=True, before=24)
    paragraph(
        document, "Về hồ sơ thủ tục hành chính không giải quyết được đúng hạn", size=14,
        bold=True, after=12,
    )  # fmt: skip
    paragraph(document, "Kính gửi: {{ desk }}.", after=12)
    body_paragraphs(
        document,
        "Thực hiện quy định tại {{ legal_basis }}, {{ unit_name }} thông báo {{ count }} hồ sơ"
        " dưới đây không giải quyết được đúng hạn và gửi kèm văn bản xin lỗi người dân, nêu rõ"
        " lý do và ngày hẹn trả kết quả mới. Đề nghị {{ desk }} cập nhật ngày hẹn trả trên Hệ"
        " thống thông tin giải quyết thủ tục hành chính và thông báo cho người dân.",
    )
    blank = [""] * (len(HEADERS) - 1)
    table = add_table(
        document, HEADERS, [["{%tr for r in rows %}", *blank], list(CELLS), ["{%tr endfor %}", *blank]],
        widths_mm=WIDTHS_MM, size=TABLE_PT,
    )  # fmt: skip
    narrow_cell_margins(table)
    body_paragraphs(document, "Trân trọng./.")


def build_desk_notice(out: Path) -> Path:
    return build_letter(
        out,
        _body,
        ("- Như trên;", "- Lưu: VT, {{ unit_abbreviation }}."),
        "Thông báo hồ sơ thủ tục hành chính không giải quyết được đúng hạn",
        public_copy=False,
    )
