"""The data model. Class docstrings give the Vietnamese term users know.

Dates that carry legal meaning (received, due, finished, issued, published) are stored as
plain dates: lateness is decided at date level, as the one-stop systems do. Whether a dossier
is late, or a letter is a late apology, is always derived from these dates and the working-day
calendar, never stored as a flag that could go stale.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from tracker import text_columns  # noqa: F401  (checks every text column as it is assigned)
from tracker.text_limits import chars

# Named constraints let Alembic's batch mode on SQLite drop and rebuild them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

UNIT_KINDS = ("department", "commune", "other")
LETTER_STATUSES = ("draft", "issued", "superseded")
ROLES = ("head", "clerk", "leader", "admin")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Setting(Base):
    """Thông tin cơ quan: the organisation's name, place name, governing body (from the preset)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(chars("settings.key")), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Unit(Base):
    """Đơn vị: cơ quan chuyên môn (phòng) or UBND xã/thị trấn — where dossiers are handled."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(chars("units.code")), unique=True)
    name: Mapped[str] = mapped_column(String(chars("units.name")))
    name_folded: Mapped[str] = mapped_column(String(chars("units.name_folded")), index=True)
    kind: Mapped[str] = mapped_column(String(chars("units.kind")))
    abbreviation: Mapped[str] = mapped_column(String(chars("units.abbreviation")))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)  # first day it exists
    valid_to: Mapped[dt.date | None] = mapped_column(Date)  # last day; then its successor's
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    # Its letter header (NĐ 30/2020; no governing line for a People's Committee; "\n": break).
    governing_line: Mapped[str] = mapped_column(
        String(chars("units.governing_line")), default="", server_default=""
    )
    header_name: Mapped[str] = mapped_column(
        String(chars("units.header_name")), default="", server_default=""
    )
    place: Mapped[str] = mapped_column(String(chars("units.place")), default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    aliases: Mapped[list[UnitAlias]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="UnitAlias.id"
    )
    heads: Mapped[list[Head]] = relationship(back_populates="unit", order_by="Head.start_on")


class UnitAlias(Base):
    """Tên khác của đơn vị: the spellings one-stop exports use (`Phòng TN&MT`, `UBND xã …`)."""

    __tablename__ = "unit_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(chars("unit_aliases.alias")))
    # fold_key of the alias: no diacritics, case, spaces or punctuation; unique across units.
    alias_key: Mapped[str] = mapped_column(String(chars("unit_aliases.alias_key")), unique=True)

    unit: Mapped[Unit] = relationship(back_populates="aliases")


class Head(Base):
    """Người đứng đầu: Trưởng phòng or Chủ tịch UBND xã, answerable for the unit's dossiers.

    A new appointment closes the previous one (end_on) so that history is kept.
    """

    __tablename__ = "heads"
    __table_args__ = (Index("ix_heads_unit_current", "unit_id", "end_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    full_name: Mapped[str] = mapped_column(String(chars("heads.full_name")))
    name_folded: Mapped[str] = mapped_column(String(chars("heads.name_folded")), index=True)
    title: Mapped[str] = mapped_column(String(chars("heads.title")))
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date | None] = mapped_column(Date)
    placeholder: Mapped[bool] = mapped_column(Boolean, default=False)

    unit: Mapped[Unit] = relationship(back_populates="heads")


class DossierTransfer(Base):
    """Chuyển hồ sơ: moved to another unit; months before `period` count it in from_unit_id."""

    __tablename__ = "dossier_transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    on: Mapped[dt.date] = mapped_column(Date)
    period: Mapped[str] = mapped_column(String(chars("dossier_transfers.period")))  # month of `on`
    from_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    from_head_id: Mapped[int | None] = mapped_column(ForeignKey("heads.id"))


class ImportBatch(Base):
    """Lần nhập: one file imported from the one-stop system."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(chars("import_batches.file_name")))
    sha256: Mapped[str] = mapped_column(String(chars("import_batches.sha256")), index=True)
    period: Mapped[str | None] = mapped_column(String(chars("import_batches.period")))
    sheet: Mapped[str | None] = mapped_column(String(chars("import_batches.sheet")))
    rows_new: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    column_map: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(chars("import_batches.actor")))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ColumnMapping(Base):
    """Ánh xạ cột đã lưu: an unknown vendor's header mapped once to a dossier field."""

    __tablename__ = "column_mappings"

    header_key: Mapped[str] = mapped_column(
        String(chars("column_mappings.header_key")), primary_key=True
    )
    header: Mapped[str] = mapped_column(String(chars("column_mappings.header")))
    field: Mapped[str] = mapped_column(String(chars("column_mappings.field")))


class Dossier(Base):
    """Hồ sơ thủ tục hành chính: one citizen's application, tracked while late or due soon."""

    __tablename__ = "dossiers"
    __table_args__ = (
        # The department head's list: open cases of one unit by due date.
        Index("ix_dossiers_unit_open_due", "unit_id", "finished_at", "due_at"),
        # The monthly report: counts per unit for a period, covered by the index.
        Index("ix_dossiers_period_unit", "period", "unit_id", "finished_at", "due_at"),
        Index("ix_dossiers_head", "head_id", "finished_at"),
        Index("ix_dossiers_due", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(chars("dossiers.code")), unique=True)
    procedure: Mapped[str] = mapped_column(String(chars("dossiers.procedure")))
    procedure_code: Mapped[str | None] = mapped_column(String(chars("dossiers.procedure_code")))
    field: Mapped[str | None] = mapped_column(String(chars("dossiers.field")))
    applicant: Mapped[str] = mapped_column(String(chars("dossiers.applicant")))
    # Personal data (the law of each date: regimes/du-lieu-ca-nhan.toml): optional, never
    # printed on the public copy.
    applicant_address: Mapped[str | None] = mapped_column(
        String(chars("dossiers.applicant_address"))
    )
    applicant_phone: Mapped[str | None] = mapped_column(String(chars("dossiers.applicant_phone")))
    applicant_email: Mapped[str | None] = mapped_column(String(chars("dossiers.applicant_email")))
    applicant_id_number: Mapped[str | None] = mapped_column(
        String(chars("dossiers.applicant_id_number"))
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    head_id: Mapped[int | None] = mapped_column(ForeignKey("heads.id"))
    received_at: Mapped[dt.date | None] = mapped_column(Date)
    due_at: Mapped[dt.date] = mapped_column(Date)
    finished_at: Mapped[dt.date | None] = mapped_column(Date)
    period: Mapped[str] = mapped_column(String(chars("dossiers.period")))
    onestop_status: Mapped[str | None] = mapped_column(String(chars("dossiers.onestop_status")))
    reason: Mapped[str | None] = mapped_column(Text)
    # fold() of code, applicant and procedure: diacritic-free search on any engine.
    search_key: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(chars("dossiers.source")))  # "import" | "manual"
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    import_row: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship()
    head: Mapped[Head | None] = relationship()
    letters: Mapped[list[ApologyLetter]] = relationship(
        back_populates="dossier", order_by="ApologyLetter.seq"
    )


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
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"))
    channel: Mapped[str] = mapped_column(String(chars("publications.channel")))
    published_on: Mapped[dt.date] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(chars("publications.url")))
    ref: Mapped[str | None] = mapped_column(String(chars("publications.ref")))
    actor: Mapped[str] = mapped_column(String(chars("publications.actor")))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_why: Mapped[str | None] = mapped_column(Text)

    letter: Mapped[ApologyLetter] = relationship(back_populates="publications")


class Event(Base):
    """Nhật ký: append-only record of every change — when, who, what, before and after."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_dossier", "dossier_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(chars("events.actor")))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    entity: Mapped[str] = mapped_column(String(chars("events.entity")))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(chars("events.action")))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)


class CalendarOverride(Base):
    """Ngày nghỉ/ngày làm bù: days the yearly notice moves (an extra day off, a worked Saturday)."""

    __tablename__ = "calendar_overrides"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(chars("calendar_overrides.kind")))  # "off" | "work"
    why: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(chars("calendar_overrides.actor")))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class IndexFigure(Base):
    """Chỉ số phục vụ người dân, doanh nghiệp: one metric of one month, for the whole
    organisation (scope "") or one unit (scope = unit code); kind "value" or "target"."""

    __tablename__ = "index_figures"
    __table_args__ = (UniqueConstraint("period", "metric", "scope", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(chars("index_figures.period")))
    metric: Mapped[str] = mapped_column(String(chars("index_figures.metric")))
    scope: Mapped[str] = mapped_column(String(chars("index_figures.scope")), default="")
    kind: Mapped[str] = mapped_column(String(chars("index_figures.kind")), default="value")
    value: Mapped[float] = mapped_column(Float)
    actor: Mapped[str] = mapped_column(String(chars("index_figures.actor")))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Account(Base):
    """Tài khoản: who signs in to the browser, with one role. A head's account is bound to a
    head record, hence to one unit, for as long as that appointment lasts."""

    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint("role IN ('head', 'clerk', 'leader', 'admin')", name="role"),
        # Only a head is bound to a head record, and a head always is.
        CheckConstraint("(role = 'head') = (head_id IS NOT NULL)", name="head_binding"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(chars("accounts.username")), unique=True)
    display_name: Mapped[str] = mapped_column(String(chars("accounts.display_name")))
    role: Mapped[str] = mapped_column(String(chars("accounts.role")))
    head_id: Mapped[int | None] = mapped_column(ForeignKey("heads.id"))
    password_hash: Mapped[str] = mapped_column(String(chars("accounts.password_hash")))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Kept in every browser session; raised by a password reset or a disable, which thereby
    # signs out every browser where the account was signed in.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    head: Mapped[Head | None] = relationship()


class SignInFailure(Base):
    """Lần đăng nhập sai: kept only for the sign-in rate limit, per user name and per address."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (
        Index("ix_sign_in_failures_username_at", "username", "at"),
        Index("ix_sign_in_failures_client_at", "client", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(chars("sign_in_failures.username")))
    client: Mapped[str] = mapped_column(String(chars("sign_in_failures.client")))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
