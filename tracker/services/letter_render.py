"""Rendering apology letters to DOCX (and PDF): one file per letter, a combined file to print
at once, or the public copy; each file is recorded with its sha256, and an issued letter's
file is never overwritten (a re-render makes a new version)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.dates import Period
from tracker.errors import InvalidInput, NotFound, Refused
from tracker.letters.context import LetterData, build_context, context_fields
from tracker.letters.files import inside, letter_file_name
from tracker.letters.pdf import convert_to_pdf
from tracker.letters.render import LetterTemplate, sha256_of
from tracker.models import ApologyLetter, Dossier, LetterFile, utcnow
from tracker.output_files import OutputBatch
from tracker.services import audit
from tracker.services.cases import CaseFilter, current_letter, get_dossier, list_cases
from tracker.services.presets import organisation

TEMPLATE_NAME = "mau-04-xin-loi.docx"


@dataclass(frozen=True)
class RenderRequest:
    codes: tuple[str, ...] = ()
    period: Period | None = None
    unit: str | None = None
    out_dir: Path = Path("phieu-xin-loi")
    combined: Path | None = None
    public: bool = False
    pdf: bool = False


@dataclass(frozen=True)
class RenderedFile:
    code: str
    status: str
    version: int
    public: bool
    path: Path
    sha256: str
    new_version: bool  # a further version of a letter already issued


@dataclass(frozen=True)
class RenderResult:
    files: list[RenderedFile]
    combined: Path | None
    pdfs: list[Path]
    template: Path
    template_sha256: str


def _letters_to_render(
    session: Session, request: RenderRequest, *, today: dt.date
) -> list[ApologyLetter]:
    if request.codes:
        dossiers = [get_dossier(session, code) for code in dict.fromkeys(request.codes)]
        missing = [d.code for d in dossiers if current_letter(d) is None]
        if missing:
            raise NotFound(
                f"Hồ sơ {', '.join(missing)} chưa có phiếu xin lỗi: soạn bằng "
                f"`tracker letters draft {missing[0]}`."
            )
    elif request.period:
        rows = list_cases(
            session, CaseFilter(unit=request.unit, period=request.period), today=today
        )
        codes = [row.code for row in rows if row.letter is not None]
        found = session.scalars(
            select(Dossier)
            .where(Dossier.code.in_(codes))
            .options(joinedload(Dossier.unit), selectinload(Dossier.letters))
        ).all()
        order = {code: index for index, code in enumerate(codes)}
        dossiers = sorted(found, key=lambda d: order[d.code])
    else:
        raise InvalidInput("Hãy chỉ mã hồ sơ, hoặc --period (và --unit) để in hàng loạt.")
    letters = [letter for d in dossiers if (letter := current_letter(d)) is not None]
    # One query for the files of every letter (versions decide the next file name).
    session.scalars(
        select(ApologyLetter)
        .where(ApologyLetter.id.in_([letter.id for letter in letters]))
        .options(selectinload(ApologyLetter.files), joinedload(ApologyLetter.unit))
    ).all()
    return letters


def letter_data(
    letter: ApologyLetter, organisation: dict[str, str], number_format: str
) -> LetterData:
    """The plain values the pure letters package turns into a document."""
    dossier, unit = letter.dossier, letter.unit
    return LetterData(
        code=dossier.code,
        procedure=dossier.procedure,
        applicant=dossier.applicant,
        applicant_address=dossier.applicant_address,
        applicant_phone=dossier.applicant_phone,
        applicant_email=dossier.applicant_email,
        received_at=dossier.received_at,
        old_due_at=letter.old_due_at,
        new_due_at=letter.new_due_at,
        reason=letter.reason,
        unit_name=unit.name,
        unit_kind=unit.kind,
        unit_abbreviation=unit.abbreviation,
        governing_body=organisation.get("governing_body", ""),
        place=organisation.get("place", ""),
        number=letter.number,
        drafted_on=letter.drafted_on,
        issued_on=letter.issued_on,
        signer_name=letter.signer_name,
        signer_title=letter.signer_title,
        acting=letter.acting,
        number_format=number_format,
    )


def _next_file(letter: ApologyLetter, public: bool) -> tuple[int, LetterFile | None]:
    """(version, row to overwrite): a draft is re-rendered in place; once the letter is issued
    every render is a new version, so the issued file is never overwritten."""
    files = [f for f in letter.files if f.public == public]
    latest = max(files, key=lambda f: f.version) if files else None
    if letter.status == "draft":
        return (latest.version, latest) if latest else (1, None)
    return (latest.version + 1 if latest else 1), None


def render_letters(
    session: Session,
    request: RenderRequest,
    *,
    template_path: Path,
    number_format: str,
    today: dt.date,
    actor: str,
    outputs: OutputBatch,
    on_progress: Callable[[int, int], None] | None = None,
) -> RenderResult:
    """Render the letters to DOCX in `out_dir` and record each file with its sha256. The files
    are written through `outputs`, which puts them in place once the caller has committed."""
    if request.combined is not None:
        outputs.check(request.combined)
    letters = _letters_to_render(session, request, today=today)
    template = LetterTemplate(template_path, context_fields())
    org = organisation(session)
    if not org.get("governing_body") or not org.get("place"):
        raise InvalidInput(
            "Chưa có tên cơ quan chủ quản và địa danh để in phiếu: nạp mẫu cấu hình bằng "
            "`tracker init --preset go-dau` (hoặc tệp .toml của cơ quan)."
        )
    contexts: list[dict[str, str]] = []
    rendered: list[RenderedFile] = []
    for done, letter in enumerate(letters, start=1):
        context = build_context(
            letter_data(letter, org, number_format), public=request.public
        ).as_dict()
        contexts.append(context)
        rendered.append(
            _render_one(session, template, letter, context, request, actor=actor, outputs=outputs)
        )
        if on_progress is not None:
            on_progress(done, len(letters))
    combined = None
    if request.combined is not None and contexts:
        outputs.write(request.combined, template.combine(contexts))
        combined = request.combined
    pdfs: list[Path] = []
    if request.pdf and rendered:
        pdfs = convert_to_pdf([combined] if combined else [f.path for f in rendered], outputs)
    return RenderResult(rendered, combined, pdfs, template_path, template.sha256)


def _render_one(
    session: Session,
    template: LetterTemplate,
    letter: ApologyLetter,
    context: dict[str, str],
    request: RenderRequest,
    *,
    actor: str,
    outputs: OutputBatch,
) -> RenderedFile:
    code = letter.dossier.code
    version, row = _next_file(letter, request.public)
    path = inside(
        request.out_dir,
        letter_file_name(code, version=version, public=request.public, seq=letter.seq),
    )
    if letter.status != "draft" and path.exists():
        raise Refused(
            f"Tệp {path} đã có: phiếu của hồ sơ {code} đã ban hành nên không ghi đè; hãy "
            "chọn thư mục khác bằng --out."
        )
    data = template.render_bytes(context)
    outputs.write(path, data)
    digest = sha256_of(data)
    new_version = letter.status != "draft" and version > 1
    if row is None:
        row = LetterFile(letter=letter, version=version, public=request.public)
        session.add(row)
    row.path, row.sha256, row.template_sha256, row.actor = str(path), digest, template.sha256, actor
    row.rendered_at = utcnow()
    session.flush()
    audit.record_letter(
        session,
        letter,
        "letter.render",
        actor=actor,
        after={
            "version": version,
            "public": request.public,
            "path": str(path),
            "sha256": digest,
            "template_sha256": template.sha256,
        },
        note=f"Phiên bản {version}: phiếu đã ban hành, in lại thành tệp mới"
        if new_version
        else None,
    )
    return RenderedFile(code, letter.status, version, request.public, path, digest, new_version)
