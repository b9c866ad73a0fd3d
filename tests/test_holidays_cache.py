"""The on-disk copy of the `holidays` package's answer: the same days, without the import."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker import holidays_vn
from tracker.calendar import WorkCalendar

YEARS = range(2018, 2027)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(holidays_vn.ENV_CACHE, str(tmp_path))
    holidays_vn.public_holidays.cache_clear()
    yield tmp_path
    holidays_vn.public_holidays.cache_clear()


def read_back(year: int) -> holidays_vn.PublicHolidays:
    """What a later process sees: the file, not this process's memory."""
    holidays_vn.public_holidays.cache_clear()
    return holidays_vn.public_holidays(year)


def test_cached_years_equal_the_package(cache_dir: Path) -> None:
    for year in YEARS:
        holidays_vn.public_holidays(year)
    [cache_file] = cache_dir.glob("holidays-vn-*.json")
    for year in YEARS:
        package = holidays_vn._from_package(year)
        cached = read_back(year)
        assert cached == package
        assert cached.get_list(dt.date(year, 1, 1)) == ["Tết Dương lịch"]
    assert dt.date(2024, 5, 4) in read_back(2024).weekend_workdays  # the 2024 swap
    assert cache_file.stat().st_size < 50_000


def test_a_damaged_cache_is_recomputed(cache_dir: Path) -> None:
    holidays_vn.public_holidays(2024)
    [cache_file] = cache_dir.glob("holidays-vn-*.json")
    cache_file.write_text('{"2024": {"names": 3}', encoding="utf-8")
    assert read_back(2024) == holidays_vn._from_package(2024)
    cache_file.write_text('{"2024": {"names": {"x": 1}}}', encoding="utf-8")
    assert read_back(2024) == holidays_vn._from_package(2024)


def test_a_cached_year_does_not_import_holidays(cache_dir: Path) -> None:
    expected = WorkCalendar().working_days_between(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    script = (
        "import datetime as dt, sys\n"
        "from tracker.calendar import WorkCalendar\n"
        "days = WorkCalendar().working_days_between(dt.date(2024, 1, 1), dt.date(2024, 12, 31))\n"
        "print(days, 'holidays' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == [str(expected), "False"]


def test_an_unwritable_cache_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(holidays_vn.ENV_CACHE, str(blocker / "cache"))
    holidays_vn.public_holidays.cache_clear()
    assert holidays_vn.public_holidays(2025) == holidays_vn._from_package(2025)
    holidays_vn.public_holidays.cache_clear()
