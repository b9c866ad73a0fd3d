"""Passwords: hashed with Argon2id, and the few rules a new password must meet.

Argon2id is memory-hard (each guess costs an attacker 64 MiB as well as time), the first choice
of OWASP's password storage guidance; argon2-cffi is its well-kept binding, with wheels for
Windows and Linux. The stored string carries its own parameters, so raising them later only
re-hashes each password at its owner's next sign-in (`needs_rehash`).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from tracker.errors import TrackerError
from tracker.text import nfc

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_LENGTH = 10
MAX_LENGTH = 200


@cache
def _hasher() -> PasswordHasher:
    try:
        from argon2 import PasswordHasher
    except ModuleNotFoundError:
        raise TrackerError(
            "Thiếu thư viện băm mật khẩu: cài `pip install 'tracker[web]'`."
        ) from None
    # argon2-cffi's defaults: Argon2id, 3 passes over 64 MiB, 4 lanes (RFC 9106's second profile).
    return PasswordHasher()


def _canonical(password: str) -> str:
    # One keyboard sends "ệ" as one character, another as e + two combining marks: both are the
    # same password to the person typing it.
    return nfc(password)


def password_problem(password: str, username: str) -> str | None:
    """Why a new password cannot be used, in Vietnamese, or None."""
    value = _canonical(password)
    if len(value) < MIN_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự."
    if len(value) > MAX_LENGTH:
        return f"Mật khẩu không được dài quá {MAX_LENGTH} ký tự."
    if value.strip() != value:
        return "Mật khẩu không được bắt đầu hay kết thúc bằng khoảng trắng."
    if username and username.lower() in value.lower():
        return "Mật khẩu không được chứa tên đăng nhập."
    if len(set(value)) < 4:
        return "Mật khẩu quá đơn giản: cần ít nhất 4 ký tự khác nhau."
    return None


def hash_password(password: str) -> str:
    return _hasher().hash(_canonical(password))


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether the password matches; a wrong or malformed one is simply False."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored_hash, _canonical(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)


@cache
def _stand_in_hash() -> str:
    return _hasher().hash("tracker: no such account")


def spend_a_check(password: str) -> None:
    """Take as long as a real check, so that the time of a refusal does not tell whether a
    user name exists."""
    verify_password(_stand_in_hash(), password)
