"""The declarative base, its naming convention, the value lists and tracker's own settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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
    """Thiết lập: tracker's own settings (the web's signing key). The organisation's settings
    change with its reorganisations and are dated: OrganisationSetting."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(chars("settings.key")), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
