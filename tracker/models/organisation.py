"""The organisation over time: its dated settings, units, their other names, heads, transfers of
dossiers; the office's working-day calendar and the monthly index figures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, utcnow
from tracker.text_limits import chars


class OrganisationSetting(Base):
    """Thông tin cơ quan: one of the organisation's settings (name, place name, governing body…)
    from `valid_from` until the key's next row. A reorganisation adds rows from its day, so the
    months before it keep the office that worked them; `value` None: the setting ends there."""

    __tablename__ = "organisation_settings"

    key: Mapped[str] = mapped_column(String(chars("organisation_settings.key")), primary_key=True)
    # The first settings (a preset's) are valid from tracker's first accepted date, dates.EARLIEST.
    valid_from: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)


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
    # In the order they began (rules.in_office); the id orders two of the same day.
    heads: Mapped[list[Head]] = relationship(
        back_populates="unit", order_by="[Head.start_on, Head.id]"
    )


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
