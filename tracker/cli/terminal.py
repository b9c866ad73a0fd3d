"""Tables on a terminal that never break a code or a date.

A cell without a space (a dossier code, a date, a number, a letter number) is one token: a
clerk copies it from the screen, so it is never split across lines. Text with spaces wraps at
its spaces. When the tokens and the longest words cannot all fit the terminal's width, the
table folds into one block per record (label: value lines) instead of breaking anything.

Stored text is printed as text: every cell and title goes to rich as a `Text`, and the console
parses neither markup nor emoji, so `Nguyễn [/] Văn` or `[link=…]` prints as typed.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from typing import IO, Any

# A text column is never squeezed below this (or its longest word): narrower, the table folds.
TEXT_MIN = 10
# Redirected to a file, a table is as wide as this unless COLUMNS says otherwise.
FILE_WIDTH = 200
LABEL_MAX = 26


def console(stderr: bool = False, file: IO[str] | None = None, width: int | None = None) -> Any:
    """A rich console that prints stored text literally (no markup, no emoji, no highlight)."""
    from rich.console import Console

    stream = file or (sys.stderr if stderr else sys.stdout)
    if width is None and not os.environ.get("COLUMNS") and not stream.isatty():
        width = _piped_width(stream) or FILE_WIDTH  # a table in a file is not cut at 80
    return Console(
        file=stream, width=width, highlight=False, soft_wrap=False, markup=False, emoji=False
    )


def _piped_width(stream: IO[str]) -> int | None:
    """Piped to `less` or `head` at a terminal, a table is as wide as that terminal."""
    import stat

    try:
        if not stat.S_ISFIFO(os.fstat(stream.fileno()).st_mode):
            return None
    except (OSError, ValueError, io.UnsupportedOperation):
        return None  # not a real file (a test's buffer): as a file
    for other in (sys.stderr, sys.stdin):
        try:
            if other is not None and other.isatty():
                return os.get_terminal_size(other.fileno()).columns
        except (OSError, ValueError):
            continue
    return None


def _words(text: str) -> list[str]:
    return text.split() or [""]


def _minimum(header: str, cells: Sequence[str], whole: bool) -> int:
    """The narrowest a column may be. A column of tokens (or `whole`: dates with their time,
    numbers) is as wide as its widest cell, so no cell of it ever wraps; only its header may,
    at its spaces. A text column may wrap at spaces, down to its longest word."""
    from rich.cells import cell_len

    header_word = max(cell_len(w) for w in _words(header))
    if whole or all(len(_words(c)) <= 1 for c in cells):
        return max([header_word, *(cell_len(c) for c in cells)])
    longest_word = max(cell_len(w) for c in cells for w in _words(c))
    widest = max(cell_len(c) for c in cells)
    return max(header_word, longest_word, min(widest, TEXT_MIN))


def widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], width: int, whole: Sequence[bool]
) -> list[int] | None:
    """Each column's width for a table `width` cells wide, or None when it cannot fit.

    Every column gets its widest cell if the table fits; else the widest columns are cut
    down to one level (never below their minimum), as a person would narrow a spreadsheet.
    (rich's own shrinking would end by cutting every column alike, tokens included.)"""
    from rich.cells import cell_len

    columns = [[r[i] for r in rows] for i in range(len(headers))]
    least = [_minimum(h, c, w) for h, c, w in zip(headers, columns, whole, strict=True)]
    most = [
        max([m, cell_len(h), *(cell_len(c) for c in cells)])
        for m, h, cells in zip(least, headers, columns, strict=True)
    ]
    # A space each side of every cell and a rule between columns; no outer edge.
    room = width - (3 * len(headers) - 1)
    if sum(least) > room:
        return None

    def at(level: int) -> list[int]:
        return [max(low, min(high, level)) for low, high in zip(least, most, strict=True)]

    low, high = 0, max(most)
    while low < high:  # the highest level that fits
        middle = (low + high + 1) // 2
        low, high = (middle, high) if sum(at(middle)) <= room else (low, middle - 1)
    chosen = at(low)
    spare = room - sum(chosen)
    for i, (size, top) in enumerate(zip(chosen, most, strict=True)):
        if spare > 0 and size < top:  # what the level left over, one cell each
            chosen[i], spare = size + 1, spare - 1
    return chosen


def _table(
    title: str | None, headers: Sequence[str], rows: Sequence[Sequence[str]], sizes: list[int]
) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title) if title else None, title_justify="left", show_edge=False)
    for header, size in zip(headers, sizes, strict=True):
        table.add_column(Text(header), width=size, overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _records(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[Any]:
    """One block per record: the header on the left, its value on the right."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    label_width = min(max(cell_len(h) for h in headers), LABEL_MAX)
    blocks: list[Any] = []
    for number, row in enumerate(rows, start=1):
        blocks.append(Text(f"── {number}/{len(rows)} ──", style="dim"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(width=label_width, style="bold")
        grid.add_column(overflow="fold")
        for header, cell in zip(headers, row, strict=True):
            grid.add_row(Text(header), Text(cell))
        blocks.append(grid)
    return blocks


def print_rows(
    out: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None,
    whole: Sequence[bool] | None = None,
) -> None:
    """A table on `out` (a rich console) if it fits its width, else one block per record.
    `whole` marks the columns never to wrap although their cells have spaces (a time)."""
    from rich.text import Text

    sizes = widths(headers, rows, out.width, whole or [False] * len(headers))
    if sizes is not None:
        out.print(_table(title, headers, rows, sizes))
        return
    if title:
        out.print(Text(title))
    for block in _records(headers, rows):
        out.print(block)
