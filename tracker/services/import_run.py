"""One import from start to end, as `tracker import` and the clerk's upload page run it: staged
without the write lock, then applied in one short write transaction, both on one connection
(its temporary tables hold the staged rows, db.py). This service takes the engine rather than
a session because it is two transactions on a connection of its own."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from tracker.db import connection, transaction
from tracker.errors import Refused
from tracker.services.imports import (
    ImportOptions,
    ImportResult,
    Progress,
    RejectionSink,
    apply,
    stage,
)


def run_import(
    engine: Engine,
    path: Path,
    options: ImportOptions,
    *,
    actor: str,
    info: Mapping[str, Any] | None = None,
    rejections: RejectionSink | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the file at `path`; a file refused whole (FileProblem, InvalidInput) or a
    failure anywhere leaves the database as it was."""
    with connection(engine) as bound:
        with transaction(bound, staging=True, info=info) as session:
            staged = stage(session, path, options, actor=actor, progress=progress)
        try:
            with transaction(bound, staging=not staged.writes, info=info) as session:
                return apply(session, staged, rejections=rejections)
        except IntegrityError:
            # PostgreSQL: a clerk added a dossier with one of the file's codes meanwhile.
            raise Refused(
                "Một hồ sơ trong tệp vừa được người khác thêm trong lúc nhập: không ghi gì; "
                "hãy nhập lại tệp."
            ) from None
