"""The letter files a browser may download: only those tracker rendered and recorded
(letter_files), found by their record's id — never by a path or a name from the request — and
served only while the bytes on disk are still the ones recorded (sha256)."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from tracker.errors import NotFound, Refused
from tracker.letters.render import sha256_of
from tracker.models import ApologyLetter, Dossier, LetterFile
from tracker.rules import normalise_code

# Far above any letter (tens of KB); a record pointing at something huge is not read whole.
MAX_LETTER_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class LetterFileInfo:
    id: int
    code: str
    seq: int  # the dossier's letter it belongs to (a second reschedule: 2)
    version: int
    public: bool  # the masked copy for the portal
    name: str
    rendered_at: dt.datetime
    actor: str


@dataclass(frozen=True)
class Download:
    name: str
    data: bytes


def files_of(
    session: Session, codes: Sequence[str], *, current_only: bool = False
) -> dict[str, list[LetterFileInfo]]:
    """The recorded files of every letter of these dossiers (or only of the letter in force),
    by dossier code: latest letter, then latest version, first."""
    if not codes:
        return {}
    letters = ApologyLetter.in_force if current_only else true()
    rows = session.execute(
        select(LetterFile, ApologyLetter.seq, Dossier.code)
        .join(ApologyLetter, LetterFile.letter_id == ApologyLetter.id)
        .join(Dossier, ApologyLetter.dossier_id == Dossier.id)
        .where(Dossier.code.in_([normalise_code(code) for code in codes]), letters)
        .order_by(
            Dossier.code, ApologyLetter.seq.desc(), LetterFile.version.desc(), LetterFile.public
        )
    ).all()
    found: dict[str, list[LetterFileInfo]] = {}
    for file, seq, code in rows:
        found.setdefault(code, []).append(
            LetterFileInfo(
                id=file.id,
                code=code,
                seq=seq,
                version=file.version,
                public=file.public,
                name=Path(file.path).name,
                rendered_at=file.rendered_at,
                actor=file.actor,
            )
        )
    return found


def _read_regular_file(path: Path) -> bytes | None:
    """The bytes of a regular file (not a link, not a device), or None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_LETTER_BYTES:
            return None
        return stream.read(MAX_LETTER_BYTES + 1)


def read_letter_file(session: Session, file_id: int) -> Download:
    """The recorded file `file_id`, as it was written; refused when it was changed or removed
    outside tracker since (rendering the letter again writes it back)."""
    file = session.get(LetterFile, file_id)
    if file is None:
        raise NotFound("Không có tệp thư này.")
    path = Path(file.path)
    data = _read_regular_file(path)
    if data is None or sha256_of(data) != file.sha256:
        raise Refused(
            f"Tệp {path.name} không còn như khi tracker in (đã bị xóa, di chuyển hoặc sửa): "
            "văn thư in lại thư để có tệp đúng."
        )
    return Download(path.name, data)
