"""Settings, resolved in one place: command-line option > environment > user config file > default."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.errors import InvalidInput
from tracker.failures import text_file_reason
from tracker.resources import resource_dir

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


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


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
    letter_number_format: str = "{n:02d}/PXL-{abbr}"
    extra: dict[str, Any] = field(default_factory=dict)
    # Whether `today` was set (option, environment, config file) rather than read from the
    # clock: a long-running server must otherwise take each day's date as it comes.
    today_is_fixed: bool = False


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getpass raises various errors when no user name can be found
        return "unknown"


def resolve_settings(
    db: str | None = None,
    today: str | None = None,
    actor: str | None = None,
    templates_dir: str | None = None,
) -> Settings:
    """Option > environment > user config file > default, for every setting."""
    from tracker.dates import parse_date

    file_settings = _read_config_file()

    database_url = db or os.environ.get(ENV_DATABASE) or file_settings.get("database_url")
    if not database_url:
        database_url = sqlite_url(_default_data_dir() / "tracker.db")
    elif "://" not in database_url:
        # A bare path is friendlier than a URL for a clerk: `--db D:\\hoso\\tracker.db`.
        database_url = sqlite_url(Path(database_url))

    today_text = today or os.environ.get(ENV_TODAY) or file_settings.get("today")
    today_value = parse_date(today_text) if today_text else dt.date.today()

    templates = templates_dir or os.environ.get(ENV_TEMPLATES) or file_settings.get("templates_dir")
    try:
        letter_days = int(file_settings.get("letter_days", 5))
        due_soon_within = int(file_settings.get("due_soon_within", 2))
    except (TypeError, ValueError):
        raise InvalidInput(
            f"Tệp cấu hình {config_file_path()}: letter_days và due_soon_within phải là số nguyên."
        ) from None
    return Settings(
        database_url=database_url,
        today=today_value,
        actor=actor or os.environ.get(ENV_USER) or file_settings.get("actor") or _os_user(),
        templates_dir=Path(templates) if templates else resource_dir("letter_templates"),
        letter_days=letter_days,
        due_soon_within=due_soon_within,
        letter_number_format=str(file_settings.get("letter_number_format", "{n:02d}/PXL-{abbr}")),
        extra=file_settings,
        today_is_fixed=bool(today_text),
    )
