"""The clerk's upload of the one-stop export: the file the browser sent is kept in a private
temporary folder under the name it was sent with (the name the report and `imports list`
show), then imported exactly as `tracker import` imports a file (services/import_run.py:
type told by content, every limit, staged then applied atomically, nothing written on a
refusal), and removed."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import IO

from tracker.dates import Period
from tracker.importers.limits import ImportLimits
from tracker.services import access
from tracker.services.import_run import run_import
from tracker.services.imports import BatchInfo, ImportOptions, ImportResult, list_batches
from tracker.text import clean
from tracker.web.calls import Calls
from tracker.web.queries import Viewer

# What no file name may hold on Windows or Linux (and a path separator from an old browser
# that sends the whole path); the name is only shown, never a path to open.
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*]+')
NAME_CHARS = 200
DEFAULT_NAME = "tep-tai-len"
COPY_CHUNK = 1024 * 1024


def upload_name(sent: str | None) -> str:
    """The name to show for an uploaded file: its last path part, cleaned, never hidden."""
    last = re.split(r"[/\\]", sent or "")[-1]
    name = _NOT_IN_NAMES.sub("-", clean(last)).strip(" .-")[:NAME_CHARS]
    return name or DEFAULT_NAME


class ImportCalls(Calls):
    def import_upload(
        self,
        viewer: Viewer,
        stream: IO[bytes],
        sent_name: str | None,
        *,
        period: Period | None,
        dry_run: bool,
    ) -> ImportResult:
        """`tracker import FILE [--period P] [--dry-run]`, with the office's [import] limits."""
        access.check_desk_work(viewer, "nhập tệp từ hệ thống một cửa")
        options = ImportOptions(
            period=period,
            dry_run=dry_run,
            limits=ImportLimits.from_config(self.settings.extra.get("import")),
        )
        with tempfile.TemporaryDirectory(prefix=".tracker-tai-len-") as folder:
            path = Path(folder) / upload_name(sent_name)
            with path.open("xb") as copy:
                while chunk := stream.read(COPY_CHUNK):
                    copy.write(chunk)
            return run_import(self.engine, path, options, actor=viewer.actor, info=self.info)

    def batches(self, viewer: Viewer) -> list[BatchInfo]:
        """`imports list`: every import, newest first."""
        access.check_desk_work(viewer, "xem các lần nhập tệp")
        with self._reading() as session:
            return list_batches(session)
