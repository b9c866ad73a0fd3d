"""The administrator's door to the services: accounts, units and their heads, the calendar.

A mixin of `tracker.web.queries.Services`, as lead_queries.py is. Each method checks the
signed-in account through tracker.services.access, then calls the very services of
`tracker users`, `tracker units`, `tracker heads` and `tracker calendar`, with the account as
the actor of the event log. What a service hands back as a database object is turned into its
plain dataclass before the transaction ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.services import access, accounts, heads, units
from tracker.services.calendar import add_override, calendar_year, remove_override
from tracker.services.unit_headers import HeaderData
from tracker.web.lead_queries import Transactions

if TYPE_CHECKING:
    from tracker.services.access import Viewer
    from tracker.services.accounts import AccountInfo
    from tracker.services.calendar import CalendarChange, CalendarDay
    from tracker.services.heads import HeadInfo
    from tracker.services.units import UnitInfo

Header = HeaderData  # what the unit page's header form fills in
KIND_LABELS = units.KIND_LABELS


@dataclass(frozen=True)
class NewAccount:
    username: str
    password: str
    role: str
    head_id: int | None  # a head's account: the head picked from the list
    display_name: str


@dataclass(frozen=True)
class UnitPage:
    """One unit as its administration page shows it: the unit and every head it has had."""

    unit: UnitInfo
    heads: list[HeadInfo]  # oldest first


@dataclass(frozen=True)
class NewHead:
    unit: str
    full_name: str
    title: str | None
    start_on: dt.date | None


class AdminQueries:
    # --- accounts ----------------------------------------------------------------------

    def current_heads(self: Transactions, viewer: Viewer) -> list[HeadInfo]:
        """The heads an account can be bound to, in the order of their units."""
        access.check_manage_accounts(viewer)
        with self._reading() as session:
            return heads.list_heads(session)

    def add_account(self: Transactions, viewer: Viewer, new: NewAccount) -> AccountInfo:
        access.check_manage_accounts(viewer)
        with self._writing() as session:
            return accounts.create_account(
                session,
                new.username,
                new.password,
                role=new.role,
                head=new.head_id,
                display_name=new.display_name or None,
                actor=viewer.actor,
            )

    def set_account_active(
        self: Transactions, viewer: Viewer, username: str, active: bool
    ) -> AccountInfo:
        access.check_manage_accounts(viewer)
        access.check_not_own_account(viewer, username, active)
        with self._writing() as session:
            return accounts.set_active(session, username, active, actor=viewer.actor)

    def reset_password(
        self: Transactions, viewer: Viewer, username: str, password: str
    ) -> AccountInfo:
        access.check_manage_accounts(viewer)
        with self._writing() as session:
            return accounts.reset_password(session, username, password, actor=viewer.actor)

    # --- units and heads ---------------------------------------------------------------

    def units(self: Transactions, viewer: Viewer) -> list[UnitInfo]:
        """Every unit, ended ones and those yet to begin too, with their validity."""
        access.check_manage_organisation(viewer)
        with self._reading() as session:
            return units.list_units(session)

    def unit_page(self: Transactions, viewer: Viewer, code: str) -> UnitPage:
        access.check_manage_organisation(viewer)
        with self._reading() as session:
            found = units.resolve_unit(session, code)
            codes = {u.id: u.code for u in units.list_units(session)}
            history = [
                head_info
                for head_info in heads.list_heads(session, include_past=True)
                if head_info.unit == found.code
            ]
            return UnitPage(units.unit_info(found, codes), history)

    def add_unit(
        self: Transactions,
        viewer: Viewer,
        code: str,
        name: str,
        *,
        kind: str,
        abbreviation: str | None,
        valid_from: dt.date | None,
    ) -> UnitInfo:
        access.check_manage_organisation(viewer)
        with self._writing(office_wide=True) as session:
            unit = units.add_unit(
                session,
                code,
                name,
                kind=kind,
                abbreviation=abbreviation,
                valid_from=valid_from,
                actor=viewer.actor,
            )
            return units.unit_info(unit, {})

    def add_alias(self: Transactions, viewer: Viewer, code: str, alias: str) -> bool:
        """Whether the alias was new (the same alias twice changes nothing)."""
        access.check_manage_organisation(viewer)
        with self._writing(office_wide=True) as session:
            _unit, added = units.add_alias(session, code, alias, actor=viewer.actor)
            return added

    def set_header(
        self: Transactions, viewer: Viewer, code: str, header: Header, why: str | None
    ) -> int:
        """The number of issued letters whose reprint now carries the new header."""
        access.check_manage_organisation(viewer)
        with self._writing(office_wide=True) as session:
            _unit, issued = units.set_header(session, code, header, actor=viewer.actor, why=why)
            return issued

    def set_head(self: Transactions, viewer: Viewer, new: NewHead, *, today: dt.date) -> HeadInfo:
        """Appoint a head; the previous one's term ends that day, and the unit's open
        dossiers pass to the new head (history kept, as `tracker heads set`)."""
        access.check_manage_organisation(viewer)
        with self._writing(office_wide=True) as session:
            head = heads.set_head(
                session,
                new.unit,
                new.full_name,
                title=new.title,
                start_on=new.start_on,
                today=today,
                actor=viewer.actor,
            )
            return heads.head_info(head)

    # --- the working-day calendar ------------------------------------------------------

    def calendar_year(self: Transactions, viewer: Viewer, year: int) -> list[CalendarDay]:
        access.check_manage_organisation(viewer)
        with self._reading() as session:
            return calendar_year(session, year)

    def add_calendar_day(
        self: Transactions, viewer: Viewer, day: dt.date, kind: str, why: str, *, today: dt.date
    ) -> CalendarChange:
        """A day off ("off") or a working day ("work"); says which open dossiers it moves."""
        access.check_manage_organisation(viewer)
        with self._writing(office_wide=True) as session:
            return add_override(session, day, kind, why, today=today, actor=viewer.actor)

    def remove_calendar_day(
        self: Transactions, viewer: Viewer, day: dt.date, *, today: dt.date
    ) -> CalendarChange:
        access.check_manage_organisation(viewer)
        with self._writing(office_wide=True) as session:
            return remove_override(session, day, today=today, actor=viewer.actor)
