"""What the web's work calls share (dossier_calls.py, desk_calls.py, import_calls.py): the
engine and settings of the application, one transaction per call, files placed only after
their transaction commits, and a batch kept only once the clerk has confirmed what it does.

Like queries.py, these modules are the web's doors to the services: every call checks the
signed-in account through tracker.services.access inside its transaction, then calls the same
services as the CLI, with the account as the actor of every change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from tracker.config import Settings
from tracker.db import transaction
from tracker.output_files import OutputBatch
from tracker.services.letter_render import PublicCopies, RenderRequest, RenderResult, render_letters
from tracker.web.fingerprints import fingerprint
from tracker.web.queries import Services, Viewer

T = TypeVar("T")

# Where the browser's rendered letters go, under the web_files_dir setting.
LETTERS_FOLDER = "thu-xin-loi"
PUBLIC_FOLDER = "cong-khai"


@dataclass(frozen=True)
class Batch(Generic[T]):
    """What a batch did (`kept`) or would do (`kept` false: rolled back, waiting for the
    clerk's confirmation of `fingerprint`). `changed`: a confirmation arrived for a batch
    that no longer does what the clerk saw, so nothing was kept."""

    result: T
    kept: bool
    fingerprint: str
    changed: bool = False


class _NotConfirmed(Exception):
    def __init__(self, result: Any, fingerprint: str) -> None:
        super().__init__("batch not confirmed")
        self.result, self.fingerprint = result, fingerprint


class Calls:
    def __init__(self, services: Services, settings: Settings) -> None:
        self.services = services
        self.engine = services.engine
        self.info = services.info
        self.settings = settings

    @property
    def letters_dir(self) -> Path:
        return self.settings.web_files_dir / LETTERS_FOLDER

    @property
    def public_dir(self) -> Path:
        return self.letters_dir / PUBLIC_FOLDER

    @property
    def public_copies(self) -> PublicCopies:
        """Where the masked copies a portal publication makes go: beside the web's letters."""
        return PublicCopies(
            self.public_dir,
            self.settings.templates_dir,
            self.settings.letter_number_format,
        )

    def _render(
        self,
        session: Any,
        outputs: OutputBatch,
        viewer: Viewer,
        request: RenderRequest,
        today: dt.date,
    ) -> RenderResult:
        """`letters render` with the office's templates and number format, by the account."""
        return render_letters(
            session,
            request,
            templates_dir=self.settings.templates_dir,
            number_format=self.settings.letter_number_format,
            today=today,
            actor=viewer.actor,
            outputs=outputs,
        )

    def _reading(self) -> AbstractContextManager[Any]:
        return self.services._reading()

    @contextmanager
    def _writing(self) -> Iterator[tuple[Any, OutputBatch]]:
        """A write transaction whose files go into place once it has committed (a failure
        leaves no file the database does not know, and no record of a file not written)."""
        with OutputBatch() as outputs, transaction(self.engine, info=self.info) as session:
            yield session, outputs

    def _batch(self, run: Callable[[Any, OutputBatch], T], confirmed: str | None) -> Batch[T]:
        """Run a batch in one transaction and keep it only when `confirmed` is the fingerprint
        of what it did: the first request (no confirmation) sees what would happen and rolls
        back, like the CLI's question asked inside the still open transaction."""
        try:
            with self._writing() as (session, outputs):
                result = run(session, outputs)
                done = fingerprint(result)
                if confirmed != done:
                    raise _NotConfirmed(result, done)
        except _NotConfirmed as waiting:
            return Batch(waiting.result, False, waiting.fingerprint, changed=confirmed is not None)
        return Batch(result, True, done)
