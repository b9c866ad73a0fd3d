"""The printouts of a period's letters made on demand, in memory, for the browser: the combined
file to print and sign at once, and the written notices to the one-stop desk. They are built
exactly as `letters render --combined` builds them (same letters, templates and values) and are
not recorded: each letter's own file is (letter_files), by `render_letters`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from tracker.dates import Period
from tracker.documents.combine import combine
from tracker.errors import NotFound
from tracker.letters.files import safe_stem
from tracker.letters.render import LetterTemplate
from tracker.models import ApologyLetter
from tracker.services.desk_notices import notice_documents, notice_template
from tracker.services.letter_render import (
    RenderRequest,
    letters_to_render,
    printed_letter,
    printing_for,
)


@dataclass(frozen=True)
class Printout:
    name: str  # the file name a browser saves it under
    data: bytes
    letters: int  # how many letters (or, for the notices, dossiers) it holds


@dataclass(frozen=True)
class PrintoutRequest:
    period: Period
    unit: str | None  # a unit code; None for every unit
    issued_only: bool  # only letters issued (numbered), as they are signed and sent
    templates_dir: Path | None
    number_format: str | None


def _name(kind: str, request: PrintoutRequest) -> str:
    scope = safe_stem(request.unit) if request.unit else "tat-ca"
    issued = "-da-ban-hanh" if request.issued_only else ""
    return f"{kind}-{request.period}-{scope}{issued}.docx"


def _printed(
    session: Session, request: PrintoutRequest, *, today: dt.date
) -> list[tuple[ApologyLetter, tuple[LetterTemplate, dict[str, str]]]]:
    render = RenderRequest(
        period=request.period, unit=request.unit, issued_only=request.issued_only
    )
    letters = letters_to_render(session, render, today=today)
    if not letters:
        what = "đã ban hành" if request.issued_only else "đã soạn"
        raise NotFound(f"Kỳ {request.period.label} không có thư {what} nào để in.")
    printing = printing_for(session, letters, request.templates_dir, None, request.number_format)
    return [(letter, printed_letter(letter, printing, public=False)) for letter in letters]


def combined_printout(session: Session, request: PrintoutRequest, *, today: dt.date) -> Printout:
    """Every current letter of the period (and unit) in one DOCX, a letter per section."""
    printed = _printed(session, request, today=today)
    data = combine(pair for _letter, pair in printed)
    return Printout(_name("thu-xin-loi", request), data, len(printed))


def desk_notices_printout(
    session: Session, request: PrintoutRequest, *, today: dt.date
) -> Printout:
    """The written notices to the one-stop desk for the period's reschedule letters (one per
    issuing unit, letter date and regime), in one DOCX to print."""
    printed = _printed(session, request, today=today)
    documents = notice_documents([(letter, context) for letter, (_t, context) in printed])
    if not documents:
        raise NotFound(
            f"Kỳ {request.period.label} không có thư hẹn lại ngày trả nào: không có thông báo "
            "gửi Bộ phận Một cửa (thư xin lỗi cho hồ sơ đã có kết quả không đổi ngày hẹn)."
        )
    template = notice_template(request.templates_dir)
    data = combine((template, document.context) for document in documents)
    return Printout(_name("thong-bao-mot-cua", request), data, sum(len(d.codes) for d in documents))
