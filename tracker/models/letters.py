"""Apology letters, their numbers, their printed files and their publications."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, utcnow
from tracker.text_limits import chars

if TYPE_CHECKING:
    from tracker.models.dossiers import Dossier
    from tracker.models.organisation import Unit


class ApologyLetter(Base):
    """Thư xin lỗi người dân: `reschedule` (with a new return date, on the form of the regime in
    force) while the dossier is open, `apology` (for the delay, no new date) once settled late.

    One dossier normally has one letter (seq 1); a further one after an issued letter needs a
    recorded reason (`force_why`) and supersedes it. Regime and form are decided when drafted and
    fixed when issued, so a reprint never changes; `returned_at` and `days_late` are what an
    apology letter states, as they were when it was drafted.
    """

    __tablename__ = "letters"
    __table_args__ = (
        CheckConstraint("kind IN ('reschedule', 'apology')", name="kind"),
        # A reschedule promises a new date; an apology states the date the result came.
        CheckConstraint("(kind = 'reschedule') = (new_due_at IS NOT NULL)", name="kind_new_due"),
        CheckConstraint("(kind = 'apology') = (returned_at IS NOT NULL)", name="kind_returned"),
        UniqueConstraint("dossier_id", "seq"),
        # Numbers run per issuing unit per calendar year; one number is used once.
        UniqueConstraint("unit_id", "number_year", "number_seq"),
        UniqueConstraint("unit_id", "number_year", "number"),
        Index("ix_letters_status", "status", "issued_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    seq: Mapped[int] = mapped_column(Integer, default=1)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    status: Mapped[str] = mapped_column(String(chars("letters.status")), default="draft")
    kind: Mapped[str] = mapped_column(String(chars("letters.kind")), default="reschedule")
    regime: Mapped[str] = mapped_column(String(chars("letters.regime")))  # a regime's code, "nd61"
    form: Mapped[str] = mapped_column(String(chars("letters.form")))  # "tt01-2018-m04"
    reason: Mapped[str] = mapped_column(Text)
    old_due_at: Mapped[dt.date] = mapped_column(Date)
    new_due_at: Mapped[dt.date | None] = mapped_column(Date)
    returned_at: Mapped[dt.date | None] = mapped_column(Date)
    days_late: Mapped[int | None] = mapped_column(Integer)
    drafted_on: Mapped[dt.date] = mapped_column(Date)
    signer_name: Mapped[str] = mapped_column(String(chars("letters.signer_name")))
    signer_title: Mapped[str] = mapped_column(String(chars("letters.signer_title")))
    acting: Mapped[bool] = mapped_column(Boolean, default=False)
    force_why: Mapped[str | None] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(String(chars("letters.number")))
    number_seq: Mapped[int | None] = mapped_column(Integer)
    number_year: Mapped[int | None] = mapped_column(Integer)
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    issued_by: Mapped[str | None] = mapped_column(String(chars("letters.issued_by")))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    dossier: Mapped[Dossier] = relationship(back_populates="letters")
    unit: Mapped[Unit] = relationship()
    files: Mapped[list[LetterFile]] = relationship(
        back_populates="letter", order_by="LetterFile.version"
    )
    publications: Mapped[list[Publication]] = relationship(
        back_populates="letter", order_by="Publication.id"
    )

    @hybrid_property
    def in_force(self) -> bool:
        """Not replaced by a second reschedule: the letter a dossier's lists, counts and
        downloads show. One rule for Python and SQL (`.where(ApologyLetter.in_force)`)."""
        return self.status != "superseded"


class LetterCounter(Base):
    """Sổ theo dõi số thư: the last number a unit gave its letters in a year. `letters issue`
    locks the row (SELECT … FOR UPDATE): clerks of one unit take numbers one after another,
    with no gap and no repeat; clerks of different units never wait for each other."""

    __tablename__ = "letter_counters"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class LetterFile(Base):
    """Bản thư đã in: an exact rendered file and its sha256. A draft is re-rendered in place; an
    issued letter rendered again with the same content is the same file, with new content a new
    version."""

    __tablename__ = "letter_files"
    __table_args__ = (UniqueConstraint("letter_id", "version", "public"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"))
    version: Mapped[int] = mapped_column(Integer)
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    path: Mapped[str] = mapped_column(String(chars("letter_files.path")))
    sha256: Mapped[str] = mapped_column(String(chars("letter_files.sha256")))
    template_sha256: Mapped[str | None] = mapped_column(
        String(chars("letter_files.template_sha256"))
    )
    # The values printed (the template's placeholders): a later version says what changed.
    content: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    rendered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(chars("letter_files.actor")))

    letter: Mapped[ApologyLetter] = relationship(back_populates="files")


class Publication(Base):
    """Công khai: the letter posted on the district portal, or recorded in the one-stop system.

    A correction or withdrawal keeps the old row (withdrawn_on + why); at most one live row
    per letter and channel, enforced by a partial unique index so two clerks cannot both publish.
    """

    __tablename__ = "publications"
    __table_args__ = (
        Index(
            "uq_publications_live",
            "letter_id",
            "channel",
            unique=True,
            # The migration gives PostgreSQL the same WHERE; naming postgresql_where here would
            # load SQLAlchemy's whole PostgreSQL dialect (≈ 30 ms) in every SQLite command.
            sqlite_where=text("withdrawn_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    channel: Mapped[str] = mapped_column(String(chars("publications.channel")))
    published_on: Mapped[dt.date] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(chars("publications.url")))
    ref: Mapped[str | None] = mapped_column(String(chars("publications.ref")))
    actor: Mapped[str] = mapped_column(String(chars("publications.actor")))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_why: Mapped[str | None] = mapped_column(Text)

    letter: Mapped[ApologyLetter] = relationship(back_populates="publications")
