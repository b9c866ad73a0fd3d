"""Accounts of the browser: create, list, disable and enable, reset a password, sign in (with
the rate limit's state), and the key that signs browser sessions.

A password never leaves this module except as its Argon2id hash (tracker.passwords), and never
enters the event log: the log says who changed which account, not to what.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload

from tracker.errors import InvalidInput, NotFound, Refused
from tracker.models import ROLES, Account, Head, Setting, SignInFailure
from tracker.next_steps import Action, NextStep
from tracker.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    spend_a_check,
    verify_password,
)
from tracker.services import audit
from tracker.services.access import appointment_over
from tracker.services.heads import current_head_by_id, resolve_head
from tracker.sign_in_limits import PER_CLIENT, PER_USERNAME, WINDOW, wait_in_words, wait_needed
from tracker.text import clean
from tracker.text_limits import chars, without_forbidden

ROLE_LABELS = {
    "head": "Người đứng đầu đơn vị",
    "clerk": "Văn thư, Bộ phận Một cửa",
    "leader": "Lãnh đạo",
    "admin": "Quản trị",
}

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
_SIGNING_KEY = "web.signing_key"
WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."


@dataclass(frozen=True)
class AccountInfo:
    id: int
    username: str
    display_name: str
    role: str
    head_name: str | None
    unit: str | None
    unit_name: str | None
    active: bool
    created_at: dt.datetime

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def _info(account: Account) -> AccountInfo:
    head = account.head
    return AccountInfo(
        id=account.id,
        username=account.username,
        display_name=account.display_name,
        role=account.role,
        head_name=head.full_name if head else None,
        unit=head.unit.code if head else None,
        unit_name=head.unit.name if head else None,
        active=account.active,
        created_at=account.created_at,
    )


def normalise_username(text: str) -> str:
    return clean(text).lower()


def _check_password(password: str, username: str) -> None:
    if problem := password_problem(password, username):
        raise InvalidInput(problem)


def _find(session: Session, name: str, *, for_update: bool = False) -> Account | None:
    query = (
        select(Account)
        .options(joinedload(Account.head).joinedload(Head.unit))
        .where(Account.username == name)
    )
    if for_update:
        # Two administrators changing one account: the second starts from the first's result
        # (its session version raised once per change, never once for both). The row alone is
        # locked, then read afresh with its head (as services.cases.lock_dossiers explains).
        session.execute(select(Account.id).where(Account.username == name).with_for_update())
        query = query.execution_options(populate_existing=True)
    return session.scalars(query).one_or_none()


def _get(session: Session, username: str) -> Account:
    """The account to change, locked for this transaction (tracker.db)."""
    account = _find(session, normalise_username(username), for_update=True)
    if account is None:
        raise NotFound(f"Không có tài khoản «{clean(username)}».", NextStep(Action.LIST_ACCOUNTS))
    return account


def create_account(
    session: Session,
    username: str,
    password: str,
    *,
    role: str,
    actor: str,
    head: str | int | None = None,
    display_name: str | None = None,
) -> AccountInfo:
    """A new account; a head's is bound to the current head named by `head` (name or unit,
    or the head's id when picked from a list)."""
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise InvalidInput(
            f"Tên đăng nhập «{name}» không hợp lệ: 3–64 ký tự gồm chữ thường không dấu, số, "
            "dấu chấm, gạch ngang, gạch dưới."
        )
    if role not in ROLES:
        raise InvalidInput(f"Vai trò «{role}» không hợp lệ: {', '.join(ROLES)}.")
    if role == "head" and not head:
        raise InvalidInput(
            "Tài khoản người đứng đầu cần gắn với một người đứng đầu.", NextStep(Action.CHOOSE_HEAD)
        )
    if role != "head" and head:
        raise InvalidInput("Chỉ tài khoản vai trò head mới gắn với người đứng đầu (--head).")
    _check_password(password, name)
    if session.scalar(select(Account.id).where(Account.username == name)) is not None:
        raise Refused(f"Tài khoản «{name}» đã có.", NextStep(Action.LIST_ACCOUNTS))
    if isinstance(head, int):
        bound: Head | None = current_head_by_id(session, head)
    else:
        bound = resolve_head(session, head) if head else None
    account = Account(
        username=name,
        display_name=clean(display_name) or (bound.full_name if bound else name),
        role=role,
        head=bound,
        password_hash=hash_password(password),
    )
    session.add(account)
    session.flush()
    info = _info(account)
    audit.record(
        session,
        actor=actor,
        action="account.add",
        entity="account",
        entity_id=account.id,
        after={
            "username": name,
            "display_name": info.display_name,
            "role": role,
            "head": info.head_name,
            "unit": info.unit,
        },
    )
    return info


def list_accounts(session: Session) -> list[AccountInfo]:
    accounts = session.scalars(
        select(Account).options(joinedload(Account.head).joinedload(Head.unit))
    ).all()
    return sorted((_info(a) for a in accounts), key=lambda a: (ROLES.index(a.role), a.username))


def set_active(session: Session, username: str, active: bool, *, actor: str) -> AccountInfo:
    """Disable (every browser where it is signed in is signed out) or enable an account."""
    account = _get(session, username)
    if account.active != active:
        account.active = active
        if not active:
            account.session_version += 1
        audit.record(
            session,
            actor=actor,
            action="account.enable" if active else "account.disable",
            entity="account",
            entity_id=account.id,
            before={"active": not active},
            after={"active": active},
        )
    return _info(account)


def reset_password(session: Session, username: str, password: str, *, actor: str) -> AccountInfo:
    """A new password; every browser where the account was signed in is signed out."""
    account = _get(session, username)
    _check_password(password, account.username)
    account.password_hash = hash_password(password)
    account.session_version += 1
    session.execute(delete(SignInFailure).where(SignInFailure.username == account.username))
    audit.record(
        session,
        actor=actor,
        action="account.reset_password",
        entity="account",
        entity_id=account.id,
    )
    return _info(account)


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: an account and its session version, or why not."""

    account_id: int | None = None
    session_version: int = 0
    refusal: str | None = None
    throttled: bool = False


def _failures(
    session: Session, column: InstrumentedAttribute[str], value: str, now: dt.datetime
) -> list[dt.datetime]:
    return list(
        session.scalars(
            select(SignInFailure.at).where(column == value, SignInFailure.at > now - WINDOW)
        )
    )


def _refusal_for(account: Account, today: dt.date) -> str | None:
    if not account.active:
        return "Tài khoản này đã bị vô hiệu hóa: liên hệ người quản trị."
    head = account.head
    if head is not None and appointment_over(account, today):
        return (
            f"{head.full_name} không còn là người đứng đầu {head.unit.name}: "
            "tài khoản không còn quyền xem hồ sơ của đơn vị."
        )
    return None


def authenticate(
    session: Session,
    username: str,
    password: str,
    *,
    client: str,
    now: dt.datetime,
    today: dt.date,
) -> SignIn:
    """Check a password under the rate limit. Returns instead of raising, so that the caller
    commits the failure it records (a raised error would roll the count back)."""
    # Only looked up and counted, never stored as typed: what no account name can hold (a
    # control character, NUL) is dropped, so a crafted name is refused like any wrong one.
    name = without_forbidden(normalise_username(username))[: chars("sign_in_failures.username")]
    client = without_forbidden(client)[: chars("sign_in_failures.client")]
    # Old failures only ever serve the limit: forget them once they leave its window.
    session.execute(delete(SignInFailure).where(SignInFailure.at <= now - WINDOW))
    waits = [
        wait_needed(
            _failures(session, SignInFailure.username, name, now), limit=PER_USERNAME, now=now
        ),
        wait_needed(
            _failures(session, SignInFailure.client, client, now), limit=PER_CLIENT, now=now
        ),
    ]
    if longest := max((w for w in waits if w is not None), default=None):
        return SignIn(refusal=wait_in_words(longest), throttled=True)
    account = _find(session, name) if name else None
    if account is None:
        spend_a_check(password)
    if account is None or not verify_password(account.password_hash, password):
        session.add(SignInFailure(username=name, client=client, at=now))
        return SignIn(refusal=WRONG_CREDENTIALS)
    if refusal := _refusal_for(account, today):
        return SignIn(refusal=refusal)
    session.execute(delete(SignInFailure).where(SignInFailure.username == name))
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    return SignIn(account_id=account.id, session_version=account.session_version)


def active_admins(session: Session) -> int:
    """How many accounts can manage the others (none: `tracker serve` says how to add one)."""
    query = select(func.count(Account.id)).where(Account.active.is_(True), Account.role == "admin")
    return session.scalar(query) or 0


def signing_key(session: Session) -> str:
    """The secret that signs browser sessions, made on first use and kept in the database, so
    that every server process of one office shares it and a restart signs nobody out."""
    stored = session.get(Setting, _SIGNING_KEY)
    if stored is None:
        stored = Setting(key=_SIGNING_KEY, value=secrets.token_urlsafe(48))
        session.add(stored)
        session.flush()
    return stored.value
