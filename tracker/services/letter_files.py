"""Where a rendered letter goes and which version it is: each file recorded with its sha256 and
the values it printed. A draft is re-rendered in place; an issued letter rendered again with the
same content is the same file (nothing new is written), with other content a new version whose
history says what changed. A file the database records as another letter (or version) is never
replaced, and the recorded sha256 is always that of the bytes on disk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.errors import Refused
from tracker.letters.context import what_changed
from tracker.letters.files import inside, letter_file_name
from tracker.letters.render import sha256_of
from tracker.models import ApologyLetter, LetterFile, utcnow
from tracker.output_files import OutputBatch
from tracker.services import audit

# (letter id, version, public): what the database says a file is.
FileKey = tuple[int, int, bool]


@dataclass(frozen=True)
class WrittenFile:
    version: int
    path: Path
    sha256: str
    new_version: bool  # a further version of a letter already issued
    unchanged: bool  # the content of the version already recorded: no new version


class KnownFiles:
    """The letter files the database records in one output folder, by path (one query)."""

    def __init__(self, session: Session, folder: Path) -> None:
        prefix = str(folder.resolve()) + os.sep
        rows = session.execute(
            select(
                LetterFile.path, LetterFile.letter_id, LetterFile.version, LetterFile.public
            ).where(LetterFile.path.startswith(prefix, autoescape=True))
        ).all()
        self._by_path: dict[str, FileKey] = {path: (lid, v, bool(p)) for path, lid, v, p in rows}

    def holder(self, path: Path) -> FileKey | None:
        return self._by_path.get(str(path))

    def claim(self, path: Path, key: FileKey) -> None:
        self._by_path[str(path)] = key


def _latest(letter: ApologyLetter, public: bool) -> LetterFile | None:
    files = [f for f in letter.files if f.public == public]
    return max(files, key=lambda f: f.version) if files else None


def _why_new(latest: LetterFile, content: dict[str, str], template_sha256: str) -> str:
    """The history's sentence for a new version: which printed values differ, or the template."""
    reasons = []
    if latest.content is not None:
        changed = what_changed(latest.content, content)
        if changed:
            reasons.append(f"khác phiên bản {latest.version} ở: {', '.join(changed)}")
    if latest.template_sha256 and latest.template_sha256 != template_sha256:
        reasons.append("mẫu thư đã được sửa")
    return "; ".join(reasons) or f"nội dung khác phiên bản {latest.version}"


def write_letter_file(
    session: Session,
    letter: ApologyLetter,
    data: bytes,
    content: dict[str, str],
    *,
    template_sha256: str,
    folder: Path,
    public: bool,
    known: KnownFiles,
    outputs: OutputBatch,
    actor: str,
) -> WrittenFile:
    """Write (or keep) one rendered letter and record it; see the module's docstring. The
    file goes through `outputs`, which puts it in place once the caller has committed."""
    code = letter.dossier.code
    digest = sha256_of(data)
    latest = _latest(letter, public)
    issued = letter.status != "draft"
    unchanged = latest is not None and latest.sha256 == digest
    if latest is not None and (not issued or unchanged):
        version, row = latest.version, latest
    else:
        version, row = (latest.version + 1 if latest else 1), None
    path = inside(folder, letter_file_name(code, version=version, public=public, seq=letter.seq))
    key = (letter.id, version, public)
    holder = known.holder(path)
    if holder is not None and holder != key:
        raise Refused(
            f"Tệp {path} đã được ghi cho một thư khác (phiên bản {holder[1]}): không ghi đè; "
            "hãy chọn thư mục khác bằng --out."
        )
    on_disk = path.is_file()
    if holder is None and on_disk and issued:
        raise Refused(
            f"Tệp {path} đã có: thư của hồ sơ {code} đã ban hành nên không ghi đè tệp lạ; hãy "
            "chọn thư mục khác bằng --out."
        )
    kept = row is not None and row.path == str(path) and row.sha256 == digest
    if kept and on_disk and sha256_of(path.read_bytes()) == digest:
        return WrittenFile(version, path, digest, False, True)
    outputs.write(path, data, recorded=holder == key)
    known.claim(path, key)
    new_version = issued and row is None and latest is not None
    note = None
    if new_version:
        assert latest is not None
        note = f"Phiên bản {version}: {_why_new(latest, content, template_sha256)}"
    elif unchanged:
        note = f"Ghi lại tệp của phiên bản {version} (nội dung không đổi) vào {path}"
    if row is None:
        row = LetterFile(letter=letter, version=version, public=public)
        session.add(row)
    row.path, row.sha256, row.template_sha256, row.actor = str(path), digest, template_sha256, actor
    row.content, row.rendered_at = content, utcnow()
    session.flush()
    audit.record_letter(
        session,
        letter,
        "letter.render",
        actor=actor,
        after={
            "version": version,
            "public": public,
            "path": str(path),
            "sha256": digest,
            "template_sha256": template_sha256,
        },
        note=note,
    )
    return WrittenFile(version, path, digest, new_version, unchanged)
