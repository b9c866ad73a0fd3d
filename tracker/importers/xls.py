"""Rows of an XLS sheet (the old binary format), read by python-calamine in a child process
whose memory is capped.

calamine loads a sheet whole, as one dense range between its first and last cells: a 5 KB XLS
with cells at A1 and IV65536 takes a gigabyte. tracker has no streaming reader for the binary
format, so the reading runs in a child process limited to READER_MEMORY_MB; rows come back in
batches through a pipe. A file that needs more memory kills only the child, and the import is
refused in one sentence. The same module is the child (`python -m tracker.importers.xls`).
"""

from __future__ import annotations

import json
import pickle
import resource
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict
from typing import IO, Any

from tracker.errors import FileProblem
from tracker.failures import spreadsheet_reason
from tracker.importers.limits import ImportLimits, number
from tracker.importers.sheets import MergedCells, Row

READER_MEMORY_MB = 400
_BATCH = 2000


class XlsBook:
    """An XLS workbook: its sheet names, and a child process per sheet read."""

    def __init__(self, data: IO[bytes], name: str, limits: ImportLimits) -> None:
        self.data, self.name, self.limits = data, name, limits
        self.children: list[subprocess.Popen[bytes]] = []
        names = next(self._messages("--names"))
        self.sheets = [(sheet, sheet) for sheet in names]

    def _messages(self, *args: str) -> Iterator[Any]:
        self.data.seek(0)
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tracker.importers.xls",
                json.dumps({"limits": asdict(self.limits), "name": self.name}),
                *args,
            ],
            stdin=self.data,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.children.append(child)
        assert child.stdout is not None
        while True:
            try:
                message = pickle.load(child.stdout)
            except (EOFError, pickle.UnpicklingError):
                break
            if isinstance(message, tuple) and message and message[0] == "error":
                raise FileProblem(message[1])
            if message is None:
                return
            yield message
        child.wait()
        raise FileProblem(
            f"Tệp «{self.name}» (XLS) cần quá {number(READER_MEMORY_MB)} MB bộ nhớ để đọc, hoặc "
            "đã hỏng: hãy mở bằng Excel rồi lưu thành .xlsx trước khi nhập."
        )

    def rows(self, part: str) -> Iterator[Row]:
        for batch in self._messages(part):
            yield from batch

    def close(self) -> None:
        for child in self.children:
            if child.poll() is None:
                child.kill()
            child.wait()


def numbered_rows(sheet: Any, limits: ImportLimits, name: str) -> Iterator[Row]:
    """Rows with the number a spreadsheet shows, vertical merged ranges filled down."""
    start = sheet.start
    if start is None:
        return
    iterator = iter(sheet.iter_rows())
    first = next(iterator, None)
    if first is None:
        return
    # python-calamine yields either from the sheet's first row or from its first used row;
    # the first used row is never empty, so an empty first row means numbering from row 1.
    top = 0 if start[0] > 0 and all(c in ("", None) for c in first) else start[0]
    merged = MergedCells(
        [
            (r_top, left - start[1], bottom, right - start[1])
            for (r_top, left), (bottom, right) in sheet.merged_cell_ranges or []
        ],
        limits,
    )
    index = top
    row: list[Any] | None = first
    while row is not None:
        if merged:
            merged.fill(index, row, name)
        yield index + 1, row
        index += 1
        row = next(iterator, None)


def _child(limits: ImportLimits, name: str, request: str) -> None:
    """Read the workbook on standard input; write the sheet names, or one sheet's rows."""
    from python_calamine import CalamineError, CalamineWorkbook

    cap = READER_MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    out = sys.stdout.buffer
    try:
        workbook = CalamineWorkbook.from_filelike(sys.stdin.buffer)
        if request == "--names":
            pickle.dump(list(workbook.sheet_names), out)
        else:
            batch: list[Row] = []
            for row in numbered_rows(workbook.get_sheet_by_name(request), limits, name):
                batch.append(row)
                if len(batch) >= _BATCH:
                    pickle.dump(batch, out)
                    batch = []
            pickle.dump(batch, out)
        pickle.dump(None, out)
    except (CalamineError, ValueError, OSError) as exc:
        pickle.dump(
            (
                "error",
                f"Tệp «{name}» không mở được như một bảng tính (XLSX, XLS, ODS): "
                f"{spreadsheet_reason(exc)}.",
            ),
            out,
        )
    except FileProblem as exc:
        pickle.dump(("error", str(exc)), out)
    out.flush()


if __name__ == "__main__":
    _given = json.loads(sys.argv[1])
    _child(ImportLimits(**_given["limits"]), _given["name"], sys.argv[2])
