"""What every refused command must show: exit 1, one NFC Vietnamese sentence `Lỗi: …`, no
traceback — and, where it matters, nothing changed."""

from __future__ import annotations

import unicodedata

from click.testing import Result

from tests.conftest import Invoke
from tests.dossiers import add_case, cases_json


def assert_user_error(result: Result, *fragments: str) -> None:
    """Exit 1, one NFC Vietnamese line `Lỗi: …` on stderr, nothing on stdout, no traceback."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: "), result.stderr
    assert unicodedata.is_normalized("NFC", lines[0])
    assert "Traceback" not in result.output and result.stdout == ""
    for fragment in fragments:
        assert fragment in lines[0]


def refused(run: Invoke, *args: str) -> str:
    """Run a command that must fail as a user error: exit 1, one `Lỗi:` line, no traceback."""
    result = run(*args, ok=False)
    assert result.exit_code == 1, result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Lỗi: ") and "Traceback" not in result.output
    return last


def refused_and_unchanged(run: Invoke, args: tuple[str, ...], *fragments: str) -> None:
    """With one dossier in the database, `args` is one sentence and changes nothing."""
    add_case(run)
    before = (cases_json(run), run("units", "list", "--format", "json").stdout)
    assert_user_error(run(*args, ok=False), *fragments)
    assert (cases_json(run), run("units", "list", "--format", "json").stdout) == before
