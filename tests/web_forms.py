"""What the tests of the leadership's and the administrator's pages share: the office as a web
application, a form posted as a browser posts it, and a page's table read back as cells."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from typing import Any

from tests.conftest import Invoke
from tests.web import Office, build_office, csrf_token
from tracker.config import resolve_settings
from tracker.web.app import create_app


@contextmanager
def web_office(
    run: Invoke, db_url: str, *, today: str | None = None, build: bool = True
) -> Iterator[Office]:
    """The office (built by tests.web.build_office unless `build` is False) served by a fresh
    application."""
    if build:
        build_office(run)
    app = create_app(resolve_settings(db=db_url, today=today))
    try:
        yield Office(app, run)
    finally:
        app.extensions["tracker"].services.close()


def text(response: Any) -> str:
    return str(response.get_data(as_text=True))


def plain(html: str) -> str:
    """The page's words as a person reads them: no tags, one space between words."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" .", ".")


def post(client: Any, path: str, data: dict[str, str], *, page: str = "/") -> Any:
    """Post `data` to `path` with the CSRF token of the signed-in browser (read from `page`)."""
    token = csrf_token(text(client.get(page, follow_redirects=True)))
    return client.post(path, data={**data, "csrf_token": token})


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows = self.tables.setdefault(dict(attrs).get("class") or "", [])
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._rows is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._rows = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table(html: str, css_class: str) -> list[list[str]]:
    """The rows of the page's table of that class (header row first), each cell's text."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables[css_class]


def codes(html: str) -> list[str]:
    """The dossier codes a paged list shows, in its order."""
    return re.findall(r'<td class="code"><a href="/ho-so/[^"]+">([^<]+)</a>', html)


def pager_links(html: str) -> dict[str, str]:
    """The pager's links by their words (the pager shows above and below the list)."""
    found = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html.split('class="pager"', 1)[-1])
    return {words: href.replace("&amp;", "&") for href, words in found if "Trang" in words}
