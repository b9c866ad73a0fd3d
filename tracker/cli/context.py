"""What every command shares: settings, the database, one transaction per command."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

    from tracker.config import Settings


class AppContext:
    def __init__(
        self,
        *,
        db_url: str | None,
        today: str | None,
        actor: str | None,
        templates_dir: str | None,
    ) -> None:
        self._options = {
            "db": db_url,
            "today": today,
            "actor": actor,
            "templates_dir": templates_dir,
        }
        self._engine: Engine | None = None

    def elsewhere(self, db_url: str, *, today: str, actor: str) -> AppContext:
        """The same options on another database; `today`/`actor` apply unless given already."""
        return AppContext(
            db_url=db_url,
            today=self._options["today"] or today,
            actor=self._options["actor"] or actor,
            templates_dir=self._options["templates_dir"],
        )

    @cached_property
    def settings(self) -> Settings:
        from tracker.config import resolve_settings

        return resolve_settings(**self._options)

    @property
    def today(self) -> dt.date:
        return self.settings.today

    @property
    def actor(self) -> str:
        return self.settings.actor

    def engine(self, *, create: bool = False) -> Engine:
        if self._engine is None:
            from tracker.db import make_engine

            _freeze_what_lives_till_exit()
            self._engine = make_engine(
                self.settings.database_url,
                create=create,
                connect_timeout=self.settings.connect_timeout,
            )
        return self._engine

    @contextmanager
    def session(
        self, *, reading_only: bool = False, office_wide: bool = False
    ) -> Iterator[Session]:
        """One transaction on an up-to-date database: committed at the end, else rolled back.
        `reading_only` for commands that change nothing: they never wait for a writer.
        `office_wide` for those that change the organisation (units, heads, the calendar):
        on PostgreSQL no clerk writes while they run (tracker.db)."""
        from tracker.db import check_schema, transaction
        from tracker.services.regimes import session_info

        engine = self.engine()
        check_schema(engine)
        info = session_info(self.settings.regimes_dir)
        with transaction(
            engine, reading_only=reading_only, office_wide=office_wide, info=info
        ) as session:
            yield session

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _freeze_what_lives_till_exit() -> None:
    """Once per process, when the first command opens its database (its modules imported):
    leave the objects made so far — modules, classes, SQLAlchemy's mappings and caches, some
    hundreds of thousands that live until the process ends — out of garbage collection. Every
    full collection walked them all, the last one at exit too: a third of the time of a
    33,854-dossier `cases list` (bench/list.py --crowd: 1,510 → 1,020 ms). What the command
    makes afterwards is collected as ever; a process that runs many commands (the demo, a
    server, the tests) freezes only once."""
    if not gc.get_freeze_count():
        gc.freeze()


pass_app = click.make_pass_decorator(AppContext)
