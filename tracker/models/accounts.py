"""The browser's accounts and the sign-in attempts that failed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, utcnow
from tracker.text_limits import chars

if TYPE_CHECKING:
    from tracker.models.organisation import Head


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
