"""Vietnam's public holidays for a year, as the `holidays` package gives them, cached on disk.

Importing `holidays` loads the module of every country it knows: about 70 ms, a fifth of a
whole `tracker cases list`, paid by every command that counts working days. What the package
computes for a year never changes within one release of it, so its answer (the days off with
their names, and the weekend days worked for a swap) is kept in one small JSON file per
release in the user's cache directory (or TRACKER_CACHE_DIR); the package is imported only for
a year not seen before. The cache is only ever a copy: unreadable or unwritable, it is ignored.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import ItemsView, Mapping
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

ENV_CACHE = "TRACKER_CACHE_DIR"


@dataclass(frozen=True)
class PublicHolidays:
    """One year of `holidays` Vietnam (language "vi"): the part of it WorkCalendar reads."""

    names: Mapping[dt.date, str]  # names of one day joined by "; ", as the package joins them
    weekend_workdays: frozenset[dt.date]

    def __contains__(self, day: object) -> bool:
        return day in self.names

    def get_list(self, day: dt.date) -> list[str]:
        return self.names[day].split("; ") if day in self.names else []

    def items(self) -> ItemsView[dt.date, str]:
        return self.names.items()


@cache
def public_holidays(year: int) -> PublicHolidays:
    path = _cache_file()
    stored = _read(path) if path else {}
    entry = stored.get(str(year))
    if entry is not None:
        try:
            return _decode(entry)
        except (AttributeError, KeyError, TypeError, ValueError):
            pass  # a damaged entry is computed again and rewritten
    holidays = _from_package(year)
    if path:
        stored[str(year)] = _encode(holidays)
        _write(path, stored)
    return holidays


def _from_package(year: int) -> PublicHolidays:
    from holidays.countries.vietnam import Vietnam

    calendar = Vietnam(years=year, language="vi")
    return PublicHolidays(dict(calendar.items()), frozenset(calendar.weekend_workdays))


@cache
def _release() -> str | None:
    """The installed release of `holidays` (reading it scans the installed packages: once)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:
        return None


def _cache_file() -> Path | None:
    release = _release()
    if release is None:
        return None
    if directory := os.environ.get(ENV_CACHE):
        base = Path(directory)
    else:
        from platformdirs import user_cache_dir

        base = Path(user_cache_dir("tracker", appauthor=False))
    return base / f"holidays-vn-{release}.json"


def _encode(holidays: PublicHolidays) -> dict[str, Any]:
    return {
        "names": {day.isoformat(): name for day, name in sorted(holidays.names.items())},
        "weekend_workdays": sorted(day.isoformat() for day in holidays.weekend_workdays),
    }


def _decode(entry: dict[str, Any]) -> PublicHolidays:
    return PublicHolidays(
        {dt.date.fromisoformat(day): name for day, name in entry["names"].items()},
        frozenset(dt.date.fromisoformat(day) for day in entry["weekend_workdays"]),
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: Path, data: dict[str, Any]) -> None:
    """Replace the file whole (write a sibling, then rename): a reader never sees half of it."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
