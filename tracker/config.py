"""Settings, resolved in one place: command-line option > environment > user config file > default."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.dates import check_working_days
from tracker.errors import InvalidInput
from tracker.failures import text_file_reason
from tracker.resources import resource_dir
from tracker.text import clean
from tracker.text_limits import TextLimit, chars, check_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

APP_NAME = "tracker"
ENV_DATABASE = "TRACKER_DATABASE_URL"
ENV_TODAY = "TRACKER_TODAY"
ENV_USER = "TRACKER_USER"
ENV_CONFIG = "TRACKER_CONFIG"
ENV_TEMPLATES = "TRACKER_TEMPLATES_DIR"
ENV_REGIMES = "TRACKER_REGIMES_DIR"
# The longest wait a setting may ask for (connecting to a database server).
MAX_WAIT_SECONDS = 300


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_web_files_dir() -> Path:
    """The letters `tracker serve` renders: `web/` in the user data directory."""
    return _default_data_dir() / "web"


def config_file_path() -> Path:
    if env := os.environ.get(ENV_CONFIG):
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def _read_config_file() -> dict[str, Any]:
    path = config_file_path()
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"Không đọc được tệp cấu hình {path}: {text_file_reason(exc)}.") from exc


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve().as_posix()}"


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know about its surroundings."""

    database_url: str
    today: dt.date
    actor: str
    templates_dir: Path
    letter_days: int = 5
    due_soon_within: int = 2
    # None: each letter's number reads as its regime's file says for its kind of letter.
    letter_number_format: str | None = None
    # The office's own regime files, on top of the shipped regimes/ (None: the shipped only).
    regimes_dir: Path | None = None
    # Seconds to wait for a PostgreSQL server to answer a connection before saying so.
    connect_timeout: int = 10
    extra: dict[str, Any] = field(default_factory=dict)
    # Whether `today` was set (option, environment, config file) rather than read from the
    # clock: a long-running server must otherwise take each day's date as it comes.
    today_is_fixed: bool = False
    # Where `tracker serve` writes the letters it renders (the CLI writes where --out says).
    web_files_dir: Path = field(default_factory=default_web_files_dir)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getpass raises various errors when no user name can be found
        return "unknown"


# The longest text a setting may hold (a path or a database URL).
SETTING_CHARS = 1000


_TEXT_SETTINGS = (
    "database_url",
    "today",
    "actor",
    "templates_dir",
    "regimes_dir",
    "letter_number_format",
    "web_files_dir",
)


def _text(file_settings: dict[str, Any], key: str) -> str | None:
    """A text setting of the config file: a TOML string, bounded, without control characters."""
    value = file_settings.get(key)
    if value is None or (key == "today" and isinstance(value, dt.date)):
        return None
    if not isinstance(value, str):
        raise InvalidInput(
            f"Tệp cấu hình {config_file_path()}: {key} phải là chuỗi trong ngoặc kép "
            f'(ví dụ {key} = "…"), không phải {value!r}.'
        )
    return check_text(value, TextLimit(f"giá trị {key} trong tệp cấu hình", SETTING_CHARS))


def _days(file_settings: dict[str, Any], key: str, default: int, *, least: int) -> int:
    value = file_settings.get(key, default)
    where = f"{key} trong tệp cấu hình {config_file_path()}"
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{where} phải là số nguyên, không phải {value!r}.")
    return check_working_days(value, where, least=least)


def _seconds(file_settings: dict[str, Any], key: str, default: int) -> int:
    value = file_settings.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_WAIT_SECONDS:
        raise InvalidInput(
            f"{key} trong tệp cấu hình {config_file_path()} phải là số giây từ 1 đến "
            f"{MAX_WAIT_SECONDS}, không phải {value!r}."
        )
    return value


def _today(text_or_day: str | dt.date | None) -> dt.date | None:
    from tracker.dates import check_supported, parse_date

    if not text_or_day:
        return None
    if isinstance(text_or_day, dt.date) and not isinstance(text_or_day, dt.datetime):
        return check_supported(text_or_day)  # a TOML date: today = 2024-11-26
    return parse_date(str(text_or_day))


def _actor(name: str) -> str:
    """Who acts, as every record of a change keeps it: refused, not cut, when it cannot fit."""
    label = TextLimit("tên người thực hiện (--as, TRACKER_USER)", chars("events.actor"))
    return check_text(clean(name), label)


def resolve_settings(
    db: str | None = None,
    today: str | None = None,
    actor: str | None = None,
    templates_dir: str | None = None,
) -> Settings:
    """Option > environment > user config file > default, for every setting. Every value of
    the config file is checked, also one an option overrides: a broken file is said at once."""
    file_settings = _read_config_file()
    configured = {key: _text(file_settings, key) for key in _TEXT_SETTINGS}
    configured_day = file_settings.get("today")
    configured_today = _today(
        configured_day if isinstance(configured_day, dt.date) else configured["today"]
    )
    if configured["actor"]:
        _actor(configured["actor"])

    database_url = db or os.environ.get(ENV_DATABASE) or configured["database_url"]
    if not database_url:
        database_url = sqlite_url(_default_data_dir() / "tracker.db")
    elif "://" not in database_url:
        # A bare path is friendlier than a URL for a clerk: `--db D:\\hoso\\tracker.db`.
        database_url = sqlite_url(Path(database_url))

    typed_today = today or os.environ.get(ENV_TODAY)
    today_value = _today(typed_today) if typed_today else configured_today
    templates = templates_dir or os.environ.get(ENV_TEMPLATES) or configured["templates_dir"]
    regimes = os.environ.get(ENV_REGIMES) or configured["regimes_dir"]
    return Settings(
        database_url=database_url,
        today=today_value or dt.date.today(),
        actor=_actor(actor or os.environ.get(ENV_USER) or configured["actor"] or _os_user()),
        templates_dir=Path(templates) if templates else resource_dir("letter_templates"),
        letter_days=_days(file_settings, "letter_days", 5, least=1),
        due_soon_within=_days(file_settings, "due_soon_within", 2, least=0),
        letter_number_format=configured["letter_number_format"],
        regimes_dir=Path(regimes) if regimes else None,
        connect_timeout=_seconds(file_settings, "connect_timeout", 10),
        extra=file_settings,
        today_is_fixed=today_value is not None,
        web_files_dir=(
            Path(configured["web_files_dir"])
            if configured["web_files_dir"]
            else default_web_files_dir()
        ),
    )
