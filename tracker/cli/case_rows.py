"""How a dossier of a list is shown: its JSON (the public keys, docs/json.md) and its table
cells and columns. Shared by `cases list`, `cases show` and the demo."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.cli.columns import Column

if TYPE_CHECKING:
    from tracker.services.case_rows import CaseRow, LetterSummary


LETTER_LABELS = {
    None: "chưa soạn",
    "draft": "dự thảo",
    "issued": "đã ban hành",
    "published": "đã công khai",
}


def letter_json(letter: LetterSummary | None) -> dict[str, Any] | None:
    """The `letter` object of a dossier's JSON (docs/json.md)."""
    if letter is None:
        return None
    return {
        "status": letter.status,
        "kind": letter.kind,
        "regime": letter.regime,
        "number": letter.number,
        "new_due_at": letter.new_due_at,
        "returned_at": letter.returned_at,
        "drafted_on": letter.drafted_on,
        "issued_on": letter.issued_on,
        "signer": letter.signer,
        "late_apology": letter.late_apology,
        "portal": (
            {"published_on": letter.portal.published_on, "url": letter.portal.url}
            if letter.portal
            else None
        ),
        "onestop": (
            {"updated_on": letter.onestop.published_on, "ref": letter.onestop.ref}
            if letter.onestop
            else None
        ),
    }


def case_json(row: CaseRow) -> dict[str, Any]:
    """One dossier as `cases list --format json` prints it (docs/json.md: keys are only ever
    added, never renamed)."""
    return {
        "code": row.code,
        "procedure": row.procedure,
        "applicant": row.applicant,
        "unit": row.unit,
        "unit_name": row.unit_name,
        "head": row.head,
        "period": row.period,
        "received_at": row.received_at,
        "due_at": row.due_at,
        "finished_at": row.finished_at,
        "days_late": row.days_late,
        "late": row.late,
        "apology_deadline": row.apology_deadline,
        "regime": row.regime,
        "reason": row.reason,
        "status": row.status,
        "letter": letter_json(row.letter),
    }


CASE_COLUMNS = [
    Column("Mã hồ sơ", "code"),
    Column("Thủ tục", "procedure"),
    Column("Chủ hồ sơ", "applicant"),
    Column("Đơn vị", "unit"),
    Column("Người chịu trách nhiệm", "head", placeholder="— chưa giao —"),
    Column("Hẹn trả", "due_at"),
    Column("Có kết quả", "finished_at", placeholder="đang xử lý"),
    Column("Ngày trễ", "days_late"),
    Column("Lý do", "reason", placeholder="— chưa có —"),
    Column("Thư xin lỗi", "letter"),
]
APOLOGY_COLUMN = Column("Hạn gửi thư xin lỗi", "apology_deadline")


def case_cells(row: CaseRow) -> list[Any]:
    """Raw cells (dates as dates, nothing as None): the table shows the placeholders."""
    letter = row.letter
    letter_text = LETTER_LABELS[letter.status if letter else None]
    if letter and letter.number:
        letter_text += f" ({letter.number})"
    return [
        row.code,
        row.procedure,
        row.applicant,
        row.unit_name,
        row.head,
        row.due_at,
        row.finished_at,
        row.days_late,
        row.reason,
        letter_text,
    ]
