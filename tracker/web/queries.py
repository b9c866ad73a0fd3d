"""The web's one door to the services: every service call a page makes is a method here.

Each method is one transaction (read-only unless it changes something: a page never waits
behind a clerk's import) that checks the signed-in account through tracker.services.access,
then calls the same services as the CLI and returns their plain dataclasses. No query is built
here or anywhere in tracker.web; when a service moves or is renamed, this file is the only one
of the web to re-point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.db import check_schema, make_engine, read_only, transaction
from tracker.db_changes import ChangeWatch, Remembered
from tracker.services import access, accounts
from tracker.services.regimes import session_info
from tracker.services.worklist import WorklistPage, worklist_page
from tracker.web.admin_queries import AdminQueries
from tracker.web.lead_queries import LeadQueries
from tracker.web.reform_queries import ReformQueries

if TYPE_CHECKING:
    from tracker.services.accounts import AccountInfo, SignIn
    from tracker.services.units import UnitInfo

Viewer = access.Viewer
ROLE_LABELS = accounts.ROLE_LABELS


class Services(LeadQueries, AdminQueries, ReformQueries):
    """Every service call of the pages; the leadership's and the administrator's are in
    lead_queries.py, admin_queries.py and reform_queries.py."""

    def __init__(
        self,
        database_url: str,
        regimes_dir: Path | None = None,
        *,
        connect_timeout: int = 10,
        pool_size: int = 5,
    ) -> None:
        self.engine = make_engine(
            database_url, connect_timeout=connect_timeout, pool_size=pool_size
        )
        # Made once: a new engine of options for every request's transactions was ≈ 2 % of a
        # page read afresh.
        self._reader = read_only(self.engine)
        # What every session tells the services: the office's own regimes folder.
        self.info = session_info(regimes_dir)
        # Once at start: a server must not come up on a database whose schema is not its own.
        check_schema(self.engine)
        # Every request asks who is signed in, and heads come back to their list: what they
        # read is kept until anything is written (tracker.db_changes), then read afresh.
        self.changes = ChangeWatch(self.engine)
        self._viewers: Remembered[tuple[int, int, dt.date], Viewer | None] = Remembered()
        self._worklists: Remembered[tuple[str | None, dt.date, int, int], WorklistPage] = (
            Remembered()
        )
        self._units: Remembered[tuple[str, str | None], list[UnitInfo]] = Remembered()

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        """A read-only transaction with its change marker (what it reads may be kept)."""
        with transaction(self._reader, info=self.info) as session:
            self.changes.mark(session)
            yield session

    @contextmanager
    def _writing(self, *, office_wide: bool = False) -> Iterator[Any]:
        """`office_wide` for what changes the organisation (units, heads, the calendar): on
        PostgreSQL it waits for every other writer, as the CLI's commands for them do."""
        with transaction(self.engine, office_wide=office_wide, info=self.info) as session:
            yield session

    def close(self) -> None:
        self.changes.close()
        self.engine.dispose()

    # --- signing in --------------------------------------------------------------------

    def signing_key(self) -> str:
        with self._writing() as session:
            return accounts.signing_key(session)

    def sign_in(
        self, username: str, password: str, *, client: str, now: dt.datetime, today: dt.date
    ) -> SignIn:
        with self._writing() as session:
            return accounts.authenticate(
                session, username, password, client=client, now=now, today=today
            )

    def viewer(self, account_id: int, session_version: int, *, today: dt.date) -> Viewer | None:
        with self._reading() as session:
            return self._viewers.get(
                session,
                (account_id, session_version, today),
                lambda: access.viewer_for(session, account_id, session_version, today=today),
            )

    # --- dossiers ----------------------------------------------------------------------

    def worklist(
        self, viewer: Viewer, unit: str | None, *, today: dt.date, within: int, page: int = 1
    ) -> WorklistPage:
        """One page of the dossiers to act on, of the unit the account may list."""
        with self._reading() as session:
            scope = access.list_scope(session, viewer, unit)
            return self._worklists.get(
                session,
                (scope, today, within, page),
                lambda: worklist_page(session, scope, today=today, within=within, page=page),
            )

    def unit_choices(self, viewer: Viewer) -> list[UnitInfo]:
        with self._reading() as session:
            return self._units.get(
                session,
                (viewer.role, viewer.unit),
                lambda: access.readable_units(session, viewer),
            )

    # --- administration ----------------------------------------------------------------

    def accounts(self, viewer: Viewer) -> list[AccountInfo]:
        access.check_manage_accounts(viewer)
        with self._reading() as session:
            return accounts.list_accounts(session)
