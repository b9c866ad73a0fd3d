"""Dossiers, the imports that brought them, the saved column mappings, and the history of every change."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, utcnow
from tracker.text_limits import chars

if TYPE_CHECKING:
    from tracker.models.letters import ApologyLetter
    from tracker.models.organisation import Head, Unit


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
