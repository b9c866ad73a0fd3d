"""Who may read and change what: the permission rules of the browser, in one place.

- head: reads and changes the dossiers of their own unit only, while their appointment lasts
  (a reason, a letter's draft and its new date), and downloads that unit's letters;
- clerk: reads and changes every unit's dossiers; alone imports the one-stop export, drafts,
  renders, issues and publishes letters in batches, and records their publication; reads the
  monthly report;
- leader: reads every unit's dossiers and the monthly report, changes nothing;
- admin: manages accounts, units, heads and the calendar; reads no dossier (citizens' personal
  data, protected by the law of the day, is for those who handle the dossiers).

Every page calls these before it reads or writes, so that a guessed address or id meets the
same refusal as a hidden link. A dossier of another unit is "not found" to a head, exactly
like a code that does not exist: a refusal must not tell what exists elsewhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import Session, aliased

from tracker import rules
from tracker.errors import Forbidden, NotFound, Refused
from tracker.models import Account, ApologyLetter, Dossier, Head, LetterFile, Unit
from tracker.next_steps import Action, NextStep
from tracker.rules import normalise_code
from tracker.services.units import UnitInfo, current_head, list_units, resolve_unit
from tracker.text import clean

READERS = ("head", "clerk", "leader")
WRITERS = ("head", "clerk")
CLERKS = ("clerk",)
# The monthly report and the notice cover every unit, and the printout's appendix names each
# applicant: for the leadership and the clerks who prepare it, not for a unit's head.
REPORT_READERS = ("clerk", "leader")


@dataclass(frozen=True)
class Viewer:
    """The signed-in account as every permission check sees it."""

    account_id: int
    username: str
    display_name: str
    role: str
    unit: str | None  # a head's unit code; None for the organisation-wide roles
    unit_name: str | None

    @property
    def actor(self) -> str:
        """The name recorded in the event history for what this account changes."""
        return self.username

    # What a page offers; the checks below decide, whatever a page offers or a request asks.
    @property
    def changes_dossiers(self) -> bool:
        return self.role in WRITERS

    @property
    def does_desk_work(self) -> bool:
        return self.role in CLERKS


def appointment_over(account: Account, today: dt.date) -> bool:
    """A head's account speaks for a unit only while its head record is the unit's head."""
    head = account.head
    return head is not None and current_head(head.unit, today) is not head


# The account a browser session names, its head record's unit, and every head of that unit
# in the order they began (one row each; one row of NULLs for an account that is no head):
# one statement of plain columns, built once. Every request of a server asks it afresh after
# any write, and the account through the ORM (its head, the head's unit and the unit's heads
# as objects, two statements) was a fifth of a head's page read afresh (bench/web.py --fresh).
_UNIT_HEAD = aliased(Head)
_VIEWER = (
    select(
        Account.username,
        Account.display_name,
        Account.role,
        Account.active,
        Account.session_version,
        Account.head_id,
        Unit.code,
        Unit.name,
        _UNIT_HEAD.id,
        _UNIT_HEAD.start_on,
        _UNIT_HEAD.end_on,
    )
    .outerjoin(Head, Head.id == Account.head_id)
    .outerjoin(Unit, Unit.id == Head.unit_id)
    .outerjoin(_UNIT_HEAD, _UNIT_HEAD.unit_id == Head.unit_id)
    .where(Account.id == bindparam("account", type_=Integer))
    .order_by(_UNIT_HEAD.start_on, _UNIT_HEAD.id)
)


class _Term(NamedTuple):
    id: int
    start_on: dt.date
    end_on: dt.date | None


def viewer_for(
    session: Session, account_id: int, session_version: int, *, today: dt.date
) -> Viewer | None:
    """The account a browser session names, or None when that session no longer holds: the
    account was disabled or its password reset since, or a head's appointment has ended."""
    rows = session.connection().execute(_VIEWER, {"account": account_id}).all()
    if not rows:
        return None
    username, display_name, role, active, version, head_id, unit, unit_name = rows[0][:8]
    if not active or version != session_version:
        return None
    if head_id is not None:  # as appointment_over, on the rows
        holder = rules.in_office([_Term(*row[8:]) for row in rows], today)
        if holder is None or holder.id != head_id:
            return None
    return Viewer(
        account_id=account_id,
        username=username,
        display_name=display_name,
        role=role,
        unit=unit,
        unit_name=unit_name,
    )


def _require(viewer: Viewer, roles: tuple[str, ...], what: str) -> None:
    if viewer.role not in roles:
        raise Forbidden(f"Tài khoản {viewer.username} không có quyền {what}.")


def check_manage_accounts(viewer: Viewer) -> None:
    _require(viewer, ("admin",), "quản lý tài khoản")


def check_not_own_account(viewer: Viewer, username: str, active: bool) -> None:
    """An administrator does not disable the account they are signed in with: it could be the
    last one, and nobody could then manage accounts from the browser."""
    if not active and clean(username).lower() == viewer.username:
        raise Refused(
            f"Không thể tự vô hiệu hóa tài khoản {viewer.username} đang đăng nhập.",
            NextStep(Action.ANOTHER_ADMIN, viewer.username),
        )


def check_manage_organisation(viewer: Viewer) -> None:
    """Units, their heads and headers, and the working-day calendar."""
    _require(viewer, ("admin",), "quản trị đơn vị, người đứng đầu và lịch làm việc")


def check_read_reports(viewer: Viewer) -> None:
    _require(viewer, REPORT_READERS, "xem báo cáo tháng")


def list_scope(session: Session, viewer: Viewer, unit: str | None) -> str | None:
    """The unit code a list of dossiers must be limited to (None: every unit), for a unit
    asked for by name or code. A head gets their own unit whatever they ask for by default,
    and a refusal when they ask for another."""
    _require(viewer, READERS, "xem hồ sơ")
    asked = resolve_unit(session, unit).code if unit and clean(unit) else None
    if viewer.role != "head":
        return asked
    if asked is not None and asked != viewer.unit:
        raise Forbidden(f"Tài khoản {viewer.username} chỉ xem được hồ sơ của {viewer.unit_name}.")
    return viewer.unit


def readable_units(session: Session, viewer: Viewer) -> list[UnitInfo]:
    """The units whose dossiers the account may read, in Vietnamese order (for a unit filter)."""
    _require(viewer, READERS, "xem hồ sơ")
    return [u for u in list_units(session) if viewer.role != "head" or u.code == viewer.unit]


def _dossier_unit(session: Session, code: str) -> str | None:
    return session.scalar(
        select(Unit.code)
        .join(Dossier, Dossier.unit_id == Unit.id)
        .where(Dossier.code == normalise_code(code))
    )


def _check_dossier(
    session: Session, viewer: Viewer, code: str, roles: tuple[str, ...], what: str
) -> None:
    _require(viewer, roles, what)
    unit = _dossier_unit(session, code)
    if unit is None or (viewer.role == "head" and unit != viewer.unit):
        raise NotFound(f"Không có hồ sơ mã «{clean(code)}» trong phạm vi tài khoản được xem.")


def check_read_dossier(session: Session, viewer: Viewer, code: str) -> None:
    _check_dossier(session, viewer, code, READERS, "xem hồ sơ")


def check_change_dossier(session: Session, viewer: Viewer, code: str) -> None:
    """Before a reason, a new date or a letter of this dossier is written from the browser."""
    _check_dossier(session, viewer, code, WRITERS, "thay đổi hồ sơ")


def check_desk_work(viewer: Viewer, what: str) -> None:
    """What only the one-stop desk's clerks do: import the export, letters in batches."""
    _require(viewer, CLERKS, what)


def check_publish(session: Session, viewer: Viewer, code: str) -> None:
    """Before a letter's portal URL or one-stop reference is recorded from the browser."""
    _check_dossier(session, viewer, code, CLERKS, "ghi nhận công khai thư xin lỗi")


def check_read_letter_file(session: Session, viewer: Viewer, file_id: int) -> None:
    """Before a recorded letter file is downloaded: the dossier's unit decides, and a file of
    another unit is "not found", like an id that does not exist (an id says nothing)."""
    _require(viewer, READERS, "xem thư xin lỗi")
    unit = session.scalar(
        select(Unit.code)
        .join(Dossier, Dossier.unit_id == Unit.id)
        .join(ApologyLetter, ApologyLetter.dossier_id == Dossier.id)
        .join(LetterFile, LetterFile.letter_id == ApologyLetter.id)
        .where(LetterFile.id == file_id)
    )
    if unit is None or (viewer.role == "head" and unit != viewer.unit):
        raise NotFound("Không có tệp thư này trong phạm vi tài khoản được xem.")
