"""The written notices to the one-stop desk, made beside a batch's letters: one per issuing
unit, letter date (a draft batch: one for the drafts) and regime, listing its reschedule letters
— the desk changes the return date in the one-stop system and tells the citizen. An apology
letter for a dossier already settled changes no date and is not listed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.documents.template import DocumentTemplate, find_template, sha256_of
from tracker.letters.files import inside
from tracker.letters.notice import (
    DESK_NOTICE_TEMPLATE,
    NoticeLine,
    notice_context,
    notice_fields,
    notice_file_name,
)
from tracker.models import ApologyLetter
from tracker.output_files import OutputBatch


@dataclass(frozen=True)
class DeskNotice:
    unit: str
    unit_name: str
    day: dt.date | None  # the letters' issue date; None for drafts
    regime: str
    path: Path
    sha256: str
    codes: tuple[str, ...]


def _line(letter: ApologyLetter) -> NoticeLine:
    assert letter.new_due_at is not None  # a reschedule letter promises a date
    dossier = letter.dossier
    return NoticeLine(
        code=dossier.code,
        applicant=dossier.applicant,
        procedure=dossier.procedure,
        old_due_at=letter.old_due_at,
        reason=letter.reason,
        new_due_at=letter.new_due_at,
        letter_number=letter.number,
    )


@dataclass(frozen=True)
class NoticeDocument:
    """One notice before it is written: its file name and the values it prints."""

    unit: str
    unit_name: str
    day: dt.date | None
    regime: str
    name: str
    context: dict[str, Any]
    codes: tuple[str, ...]


def notice_documents(
    printed: Sequence[tuple[ApologyLetter, dict[str, str]]],
) -> list[NoticeDocument]:
    """The notices for the reschedule letters among `printed` (each with the values its
    letter printed: the notice takes its header, signer and citation from the first)."""
    groups: dict[tuple[int, dt.date | None, str], list[tuple[ApologyLetter, dict[str, str]]]]
    groups = {}
    for letter, context in printed:
        if letter.kind == "reschedule":
            groups.setdefault((letter.unit_id, letter.issued_on, letter.regime), []).append(
                (letter, context)
            )
    documents = []
    for (_unit_id, day, regime), members in groups.items():
        first, context = members[0]
        documents.append(
            NoticeDocument(
                unit=first.unit.code,
                unit_name=first.unit.name,
                day=day,
                regime=regime,
                name=notice_file_name(first.unit.code, day, regime),
                context=notice_context(context, [_line(m) for m, _ in members]),
                codes=tuple(letter.dossier.code for letter, _ in members),
            )
        )
    return documents


def notice_template(templates_dir: Path | None) -> DocumentTemplate:
    """The notice's template: the office's edited copy when it has one, else the shipped one."""
    return DocumentTemplate(
        find_template(templates_dir, DESK_NOTICE_TEMPLATE), known_fields=notice_fields()
    )


def write_desk_notices(
    printed: Sequence[tuple[ApologyLetter, dict[str, str]]],
    folder: Path,
    *,
    templates_dir: Path | None,
    outputs: OutputBatch,
) -> list[DeskNotice]:
    """Write the notices for the reschedule letters among `printed` into `folder`."""
    documents = notice_documents(printed)
    if not documents:
        return []
    template = notice_template(templates_dir)
    notices = []
    for document in documents:
        path = inside(folder, document.name)
        data = template.render_bytes(document.context)
        outputs.write(path, data)
        notices.append(
            DeskNotice(
                unit=document.unit,
                unit_name=document.unit_name,
                day=document.day,
                regime=document.regime,
                path=path,
                sha256=sha256_of(data),
                codes=document.codes,
            )
        )
    return notices
