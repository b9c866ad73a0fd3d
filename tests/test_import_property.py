"""Whatever the cells hold, an import only ever rejects rows: never another exception."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests.conftest import Invoke
from tests.import_files import HEADERS, csv_bytes, dossier, write_xlsx
from tracker.importers.fields import FIELDS
from tracker.importers.reader import (
    REJECTION_KINDS,
    Column,
    ImportRecord,
    Layout,
    RowError,
    RowParser,
)
from tracker.rules import normalise_code
from tracker.text import clean, fold

ALL_FIELDS = Layout(
    header_row=1,
    columns=tuple(Column(i, f.aliases[0], f.name, "alias") for i, f in enumerate(FIELDS)),
    ignored=(),
)

# Text near the data it pretends to be, plus anything at all.
tricky_text = st.one_of(
    st.text(),
    st.sampled_from(
        [
            "31/11/2024",
            "2024-02-30",
            "20241105083000",
            "Tổng cộng: 3 hồ sơ",
            "(1)",
            "Mã hồ sơ",
            "Phòng TN&MT",
            "UBND xã Hiệp Thạnh",
            "=SUM(A1:A3)",
            " ",
            "1e309",
            "10",
        ]
    ),
)
any_cell = st.one_of(
    st.none(),
    tricky_text,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(any_cell, max_size=len(FIELDS) + 2))
def test_any_row_parses_to_a_record_an_error_or_a_skip(row: list[Any]) -> None:
    parser = RowParser(ALL_FIELDS)
    item = parser.parse(7, row)
    assert item is None or isinstance(item, (ImportRecord, RowError))
    if isinstance(item, ImportRecord):
        values = item.values
        assert set(values) == {f.name for f in FIELDS}
        assert all(values[f.name] for f in FIELDS if f.required)
        assert isinstance(values["due_at"], dt.date)
        assert all(
            len(values[f.name]) <= f.max_length
            for f in FIELDS
            if f.max_length is not None and values[f.name] is not None
        )
    if isinstance(item, RowError):
        assert item.row == 7 and item.reason and item.kind in REJECTION_KINDS


def _xlsx_safe(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, float) and value != value:
        return None  # a spreadsheet cell cannot hold NaN
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)) and value.year < 1900:
        return value.isoformat()  # Excel dates start in 1900
    return value


spreadsheet_cell = st.one_of(
    st.none(),
    tricky_text,
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)),
)
spreadsheet_rows = st.lists(
    st.lists(spreadsheet_cell, min_size=len(HEADERS), max_size=len(HEADERS)), max_size=6
)


def _check_report(run: Invoke, path: Path, rows: int, *, exact: bool) -> None:
    result = run("import", str(path), "--format", "json", ok=False)
    assert result.exit_code in (0, 3), result.output
    data = json.loads(result.stdout)
    counts = data["counts"]
    landed = counts["new"] + counts["updated"] + counts["unchanged"] + counts["merged"]
    assert landed >= 1  # the valid first row always lands
    # Every row is accounted for (trailing empty rows do not exist in a spreadsheet).
    accounted = landed + counts["rejected"] + sum(counts["skipped"].values())
    assert accounted == rows + 1 if exact else accounted <= rows + 1
    assert (result.exit_code == 3) == (counts["rejected"] > 0)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=spreadsheet_rows)
def test_any_xlsx_cells_only_reject_rows(
    run: Invoke, tmp_path: Path, rows: list[list[Any]]
) -> None:
    path = write_xlsx(
        tmp_path / "fuzz.xlsx",
        [dossier(1), *([_xlsx_safe(v) for v in row] for row in rows)],
    )
    _check_report(run, path, len(rows), exact=False)


csv_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(st.lists(csv_text, min_size=len(HEADERS), max_size=len(HEADERS)), max_size=6))
def test_any_csv_text_only_rejects_rows(run: Invoke, tmp_path: Path, rows: list[list[str]]) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(csv_bytes([dossier(1), *rows], delimiter=";"))
    _check_report(run, path, len(rows), exact=True)


@settings(max_examples=300, deadline=None)
@given(code=st.text(min_size=1), applicant=st.text(min_size=1), procedure=st.text(min_size=1))
def test_search_key_from_cached_parts_equals_the_whole(
    code: str, applicant: str, procedure: str
) -> None:
    from tracker.rules import search_key

    code, applicant, procedure = normalise_code(code), clean(applicant), clean(procedure)
    # Text as a cell holds it: not empty once folded, not starting with a lone accent.
    parts = (code, applicant, procedure)
    assume(all(fold(part) and not unicodedata.combining(part[0]) for part in parts))
    assert search_key(code, applicant, procedure) == fold(f"{code} {applicant} {procedure}")
