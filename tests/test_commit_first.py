"""A writing command says it did something only after its commit succeeded: a commit that
fails (a full disk, a lost server) leaves one error line, no success line, nothing changed.
Today is Tuesday 26/11/2024."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tests.conftest import Invoke
from tests.dossiers import CODE, add_case

SECOND = "000.00.19.H53-241105-0002"


@contextmanager
def failing_commit() -> Iterator[None]:
    """Every commit from now on fails as a full disk would make it fail."""

    def refuse(_session: Session) -> None:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("disk I/O error"))

    event.listen(Session, "before_commit", refuse)
    try:
        yield
    finally:
        event.remove(Session, "before_commit", refuse)


@pytest.mark.parametrize(
    "args",
    [
        ("cases", "reason", CODE, "Chờ xác minh thực địa"),
        ("cases", "assign", CODE, "--head", "ktht"),
        ("cases", "resolve", CODE, "--on", "25/11/2024"),
        ("cases", "add", SECOND, "--procedure", "Cấp phép", "--applicant", "Lê Văn",
         "--unit", "tnmt", "--due", "15/11/2024"),
        ("units", "alias", "tnmt", "Phòng TN-MT mới"),
        ("heads", "set", "tnmt", "Lê Văn Tám"),
        ("letters", "draft", CODE, "--reason", "Chờ xác minh"),
        ("index", "set", "2024-11", "score", "87,07"),
    ],
    ids=lambda args: " ".join(args[:2]),
)  # fmt: skip
def test_no_success_line_before_the_commit(run: Invoke, args: tuple[str, ...]) -> None:
    add_case(run)
    seen = [("cases", "list"), ("units", "list"), ("heads", "list"), ("index", "list", "2024-11")]
    before = [run(*what, "--format", "json").stdout for what in seen]
    with failing_commit():
        result = run(*args, ok=False)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Lỗi: Không ghi được vào") and "ổ đĩa đầy" in line
    assert [run(*what, "--format", "json").stdout for what in seen] == before
    assert json.loads(before[0])[0]["reason"] is None
