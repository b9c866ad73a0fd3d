"""Rendering letters to DOCX (and PDF): one file per letter on the template its regime names for
its kind and form, a combined file to print at once, or the public copy; and beside a batch's
reschedule letters, the written notice to the one-stop desk (`desk_notices`). Each file is
recorded with its sha256 (`letter_files`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.dates import Period
from tracker.documents.template import find_template
from tracker.errors import InvalidInput, NotFound
from tracker.law.book import RegimeBook
from tracker.letters.context import LetterData, build_context, context_fields
from tracker.letters.pdf import convert_to_pdf
from tracker.letters.render import LetterTemplate, combine
from tracker.models import ApologyLetter, Dossier
from tracker.next_steps import Action, NextStep
from tracker.output_files import OutputBatch
from tracker.rules import is_issued
from tracker.services.case_list import CaseFilter, list_cases
from tracker.services.case_rows import current_letter
from tracker.services.cases import fresh, get_dossier, lock_dossiers
from tracker.services.desk_notices import DeskNotice, write_desk_notices
from tracker.services.letter_files import KnownFiles, write_letter_file
from tracker.services.organisation import OrganisationHistory, history
from tracker.services.regimes import regime_book


@dataclass(frozen=True)
class RenderRequest:
    codes: tuple[str, ...] = ()
    period: Period | None = None
    unit: str | None = None
    out_dir: Path = Path("phieu-xin-loi")
    combined: Path | None = None
    public: bool = False
    pdf: bool = False
    issued_only: bool = False  # with a period: only letters already issued (numbered)
    # The written notices to the one-stop desk beside the letters (the browser makes them on
    # demand instead: services/letter_printouts.py).
    notices: bool = True


@dataclass(frozen=True)
class RenderedFile:
    code: str
    status: str
    kind: str  # "reschedule" | "apology"
    regime: str
    template: str  # the template's file name
    version: int
    public: bool
    path: Path
    sha256: str
    new_version: bool  # a further version of a letter already issued
    unchanged: bool  # the same content as the version already recorded: the same file


@dataclass(frozen=True)
class UsedTemplate:
    name: str
    path: Path
    sha256: str


@dataclass(frozen=True)
class RenderResult:
    files: list[RenderedFile]
    combined: Path | None
    pdfs: list[Path]
    templates: list[UsedTemplate]  # every template used, in order of first use
    notices: list[DeskNotice]  # the written notices to the one-stop desk

    @property
    def template(self) -> UsedTemplate | None:
        return self.templates[0] if self.templates else None


def letters_to_render(
    session: Session, request: RenderRequest, *, today: dt.date
) -> list[ApologyLetter]:
    if request.codes:
        lock_dossiers(session, request.codes)
        dossiers = [
            get_dossier(session, code, for_update=True) for code in dict.fromkeys(request.codes)
        ]
        missing = [d.code for d in dossiers if current_letter(d) is None]
        if missing:
            raise NotFound(
                f"Hồ sơ {', '.join(missing)} chưa có thư xin lỗi.",
                NextStep(Action.DRAFT_LETTER, missing[0]),
            )
    elif request.period:
        rows = list_cases(
            session, CaseFilter(unit=request.unit, period=request.period), today=today
        )
        codes = [
            row.code
            for row in rows
            if row.letter is not None and (not request.issued_only or is_issued(row.letter.status))
        ]
        # Locked: each file recorded is the next version of the letter as it stands.
        lock_dossiers(session, codes)
        found = session.scalars(
            fresh(
                select(Dossier)
                .where(Dossier.code.in_(codes))
                .options(joinedload(Dossier.unit), selectinload(Dossier.letters))
            )
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
    letter: ApologyLetter,
    organisation: OrganisationHistory,
    book: RegimeBook,
    number_format: str | None,
) -> LetterData:
    """The plain values the pure letters package turns into a document: the letter, its
    dossier and unit, and what its stored regime and form say (title, citation, desk).
    The header is the issuing unit's own: a unit that has ended keeps it, so its letters
    reprint unchanged."""
    dossier, unit = letter.dossier, letter.unit
    regime = book.get(letter.regime)
    kind = book.form(letter.regime, letter.form).kinds[letter.kind]
    dated = letter.issued_on or letter.drafted_on
    personal_data = book.personal_data_on(dated)
    # The desk and the province's rule of the letter's own day: a reprint after a
    # reorganisation says what the letter said when it went out.
    settings = organisation.on(dated)
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
        governing_body=unit.governing_line,
        place=unit.place,
        issuing_body=unit.header_name,
        number=letter.number,
        drafted_on=letter.drafted_on,
        issued_on=letter.issued_on,
        signer_name=letter.signer_name,
        signer_title=letter.signer_title,
        acting=letter.acting,
        number_format=number_format or kind.number_format,
        kind=letter.kind,
        returned_at=letter.returned_at,
        days_late=letter.days_late,
        letter_title=kind.title,
        legal_basis=regime.citations.document,
        desk=settings.get("onestop_desk") or regime.citations.desk,
        apology_rule=settings.get("apology_rule", ""),
        personal_data_law=personal_data.citation if personal_data else "",
    )


class _Templates:
    """The templates of a batch, each read once: the office's edited copy from its templates
    folder when it has one, else the shipped one; or one file given for every letter."""

    def __init__(self, templates_dir: Path | None, override: Path | None) -> None:
        self.templates_dir, self.override = templates_dir, override
        self._read: dict[Path, LetterTemplate] = {}
        self.used: list[UsedTemplate] = []

    def get(self, name: str) -> LetterTemplate:
        path = self.override or find_template(self.templates_dir, name)
        if path not in self._read:
            template = LetterTemplate(path, context_fields())
            self._read[path] = template
            self.used.append(UsedTemplate(path.name, path, template.sha256))
        return self._read[path]


@dataclass(frozen=True)
class Printing:
    """What every letter of a batch is printed with: the organisation's settings over time, the
    regimes, the templates and the office's number format."""

    organisation: OrganisationHistory
    book: RegimeBook
    templates: _Templates
    number_format: str | None


def printing_for(
    session: Session,
    letters: Sequence[ApologyLetter],
    templates_dir: Path | None,
    template: Path | None,
    number_format: str | None,
) -> Printing:
    """What the batch is printed with; every issuing unit must have the place its date line
    names (the header and place belong to the unit, Nghị định 30/2020)."""
    unplaced = sorted({letter.unit.code for letter in letters if not letter.unit.place})
    if unplaced:
        raise InvalidInput(
            f"Đơn vị {', '.join(unplaced)} chưa có địa danh ghi ngày tháng trên thư.",
            NextStep(Action.PLACE_UNIT, unplaced[0]),
        )
    return Printing(
        history(session),
        regime_book(session),
        _Templates(templates_dir, template),
        number_format,
    )


def printed_letter(
    letter: ApologyLetter, printing: Printing, *, public: bool
) -> tuple[LetterTemplate, dict[str, str]]:
    """The template of the letter's regime, form and kind, and the values it prints."""
    data = letter_data(letter, printing.organisation, printing.book, printing.number_format)
    kind = printing.book.form(letter.regime, letter.form).kinds[letter.kind]
    context = build_context(data, public=public).as_dict()
    return printing.templates.get(kind.template), context


def _render_one(
    session: Session,
    letter: ApologyLetter,
    printing: Printing,
    *,
    folder: Path,
    public: bool,
    known: KnownFiles,
    outputs: OutputBatch,
    actor: str,
) -> tuple[LetterTemplate, dict[str, str], RenderedFile]:
    """One letter on its template, written (or kept) in `folder` and recorded."""
    template, context = printed_letter(letter, printing, public=public)
    written = write_letter_file(
        session,
        letter,
        template.render_bytes(context),
        context,
        template_sha256=template.sha256,
        folder=folder,
        public=public,
        known=known,
        outputs=outputs,
        actor=actor,
    )
    rendered = RenderedFile(
        letter.dossier.code,
        letter.status,
        letter.kind,
        letter.regime,
        template.path.name,
        written.version,
        public,
        written.path,
        written.sha256,
        written.new_version,
        written.unchanged,
    )
    return template, context, rendered


def render_letters(
    session: Session,
    request: RenderRequest,
    *,
    templates_dir: Path | None,
    template: Path | None = None,
    number_format: str | None,
    today: dt.date,
    actor: str,
    outputs: OutputBatch,
    on_progress: Callable[[int, int], None] | None = None,
) -> RenderResult:
    """Render the letters to DOCX in `out_dir`, each on its regime's template for its kind
    (or on `template` for all), and record each file with its sha256. The files are written
    through `outputs`, which puts them in place once the caller has committed."""
    if request.combined is not None:
        outputs.check(request.combined)
    letters = letters_to_render(session, request, today=today)
    printing = printing_for(session, letters, templates_dir, template, number_format)
    known = KnownFiles(session, request.out_dir)
    printed: list[tuple[LetterTemplate, dict[str, str]]] = []
    rendered: list[RenderedFile] = []
    for done, letter in enumerate(letters, start=1):
        letter_template, context, file = _render_one(
            session,
            letter,
            printing,
            folder=request.out_dir,
            public=request.public,
            known=known,
            outputs=outputs,
            actor=actor,
        )
        printed.append((letter_template, context))
        rendered.append(file)
        if on_progress is not None:
            on_progress(done, len(letters))
    combined = None
    if request.combined is not None and printed:
        outputs.write(request.combined, combine(printed))
        combined = request.combined
    notices: list[DeskNotice] = []
    if request.notices and not request.public:
        notices = write_desk_notices(
            [(letter, context) for letter, (_t, context) in zip(letters, printed, strict=True)],
            request.out_dir,
            templates_dir=templates_dir,
            outputs=outputs,
        )
    pdfs: list[Path] = []
    if request.pdf and rendered:
        pdfs = convert_to_pdf([combined] if combined else [f.path for f in rendered], outputs)
    return RenderResult(rendered, combined, pdfs, printing.templates.used, notices)


@dataclass(frozen=True)
class PublicCopies:
    """Where and how `letters publish --portal` makes the masked copy it posts."""

    folder: Path | None  # None: `cong-khai/` beside the letter's last printed copy
    templates_dir: Path | None
    number_format: str | None


DEFAULT_FOLDER = RenderRequest().out_dir


def public_copy(
    session: Session,
    letter: ApologyLetter,
    copies: PublicCopies,
    *,
    outputs: OutputBatch,
    actor: str,
) -> RenderedFile:
    """The masked copy of an issued letter, rendered if missing (an unchanged letter keeps the
    file it already has): what is posted on the portal is never the citizen's full copy."""
    printed = [f for f in letter.files if not f.public]
    beside = Path(max(printed, key=lambda f: f.version).path).parent if printed else DEFAULT_FOLDER
    folder = copies.folder or beside / "cong-khai"
    printing = printing_for(session, [letter], copies.templates_dir, None, copies.number_format)
    known = KnownFiles(session, folder)
    return _render_one(
        session,
        letter,
        printing,
        folder=folder,
        public=True,
        known=known,
        outputs=outputs,
        actor=actor,
    )[2]
