"""The legal regimes a command works under: the shipped files plus the office's folder, which
the command's surroundings (CLI settings, the web server's) hand in through `session.info`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from tracker.law.book import RegimeBook
from tracker.law.loading import load_book, shipped_folder
from tracker.law.regime import PersonalDataLaw, Regime

REGIMES_DIR = "regimes_dir"


def session_info(regimes_dir: Path | None) -> dict[str, Any]:
    """What a command's session carries for the services: the office's regimes folder."""
    return {REGIMES_DIR: regimes_dir}


def regime_book(session: Session) -> RegimeBook:
    """Every regime this session's command knows (read once per process and folder)."""
    folder = session.info.get(REGIMES_DIR)
    return load_book(Path(folder) if folder else None)


@dataclass(frozen=True)
class RegimeList:
    regimes: tuple[Regime, ...]
    personal_data: tuple[PersonalDataLaw, ...]
    shipped_folder: Path
    office_folder: Path | None


def list_regimes(regimes_dir: Path | None) -> RegimeList:
    """The regimes and personal-data laws, from the files alone (no database needed)."""
    book = load_book(regimes_dir)
    return RegimeList(book.regimes, book.personal_data, shipped_folder(), regimes_dir)


def show_regime(regimes_dir: Path | None, code: str) -> Regime:
    return load_book(regimes_dir).get(code)
