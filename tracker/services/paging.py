"""A long list one page at a time, as the browser shows it: which page a request gets, where its
rows start in the whole list, and how many pages there are. The head's list (worklist.py) and
the clerk's pending letters (chase.py) are paged alike; the CLI prints every row."""

from __future__ import annotations

from dataclasses import dataclass

PAGE_SIZE = 50  # rows a page shows: a head's day of work, and a few milliseconds to serve


@dataclass(frozen=True)
class Paging:
    """Where one page stands in the whole list."""

    number: int  # this page, from 1
    pages: int  # at least 1, even when nothing is listed
    size: int
    total: int  # the rows of every page

    @property
    def start(self) -> int:
        """How many rows the pages before this one hold."""
        return (self.number - 1) * self.size

    @property
    def first(self) -> int:
        """The position in the whole list of this page's first row, from 1."""
        return self.start + 1


def paging(total: int, asked: int, size: int = PAGE_SIZE) -> Paging:
    """Page `asked` (from 1) of a list of `total` rows: a number before the first page gives
    the first, one after the last gives the last (a stale link still shows a page)."""
    pages = max(1, -(-total // size))
    return Paging(number=min(max(asked, 1), pages), pages=pages, size=size, total=total)
