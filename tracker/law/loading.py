"""Reading the regime files: `regimes/*.toml` shipped with tracker, then the office's own folder
(a file there with the same code replaces the shipped one). A file that is wrong is named with
the key at fault, in one sentence; nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import string
import sys
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from tracker.errors import InvalidInput
from tracker.law.book import RegimeBook
from tracker.law.regime import (
    DEADLINE_UNITS,
    KINDS,
    Citations,
    Deadline,
    Form,
    LetterKind,
    PersonalDataLaw,
    Regime,
)
from tracker.resources import resource_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

NUMBER_FIELDS = ("n", "abbr", "year")


def shipped_folder() -> Path:
    return resource_dir("regimes")


def load_book(office_folder: Path | None = None) -> RegimeBook:
    """The shipped regimes, then the office's folder on top (same code: the office's wins)."""
    return _load(shipped_folder(), office_folder)


@lru_cache(maxsize=8)
def _load(shipped: Path, office: Path | None) -> RegimeBook:
    regimes: dict[str, Regime] = {}
    laws: dict[str, PersonalDataLaw] = {}
    folders = [shipped]
    if office is not None:
        if not office.is_dir():
            raise InvalidInput(
                f"Thư mục chế độ pháp lý của cơ quan {office} (regimes_dir) không có: sửa tệp "
                "cấu hình hoặc tạo thư mục."
            )
        folders.append(office)
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            data = _read(path)
            if "regime" in data:
                regime = _regime(_Keys(path, "regime", data["regime"]))
                regimes[regime.code] = regime
            for entry in _list(_Keys(path, "", data), "personal_data"):
                law = _personal_data(entry)
                laws[law.code] = law
    return RegimeBook(
        tuple(sorted(regimes.values(), key=lambda r: r.valid_from or dt.date.min)),
        tuple(sorted(laws.values(), key=lambda law: law.valid_from or dt.date.min)),
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"Không đọc được tệp chế độ pháp lý {path}: {exc}.") from None


class _Keys:
    """One table of a regime file, read key by key with a message naming the key at fault."""

    def __init__(self, path: Path, where: str, table: object) -> None:
        self.path, self.where = path, where
        if not isinstance(table, Mapping):
            raise self.error(where, "phải là một bảng")
        self.table: Mapping[str, Any] = table

    def error(self, key: str, what: str) -> InvalidInput:
        name = f"{self.where}.{key}" if self.where and key != self.where else key
        return InvalidInput(f"Tệp chế độ pháp lý {self.path}: khóa «{name}» {what}.")

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.table.get(key, None if required else "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.error(
                key, "phải là một chuỗi chữ không rỗng" if required else "phải là chuỗi"
            )
        return value.strip()

    def date(self, key: str) -> dt.date | None:
        value = self.table.get(key)
        if value is None:
            return None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise self.error(key, "phải là một ngày dạng 2025-07-01 (không có dấu ngoặc kép)")
        return value

    def integer(self, key: str, *, minimum: int) -> int:
        value = self.table.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.error(key, f"phải là một số nguyên từ {minimum} trở lên")
        return value

    def child(self, key: str) -> _Keys:
        if key not in self.table:
            raise self.error(key, "bị thiếu")
        return _Keys(self.path, f"{self.where}.{key}" if self.where else key, self.table[key])


def _list(keys: _Keys, key: str) -> list[_Keys]:
    value = keys.table.get(key, [])
    if not isinstance(value, list):
        raise keys.error(key, "phải là một danh sách bảng [[…]]")
    where = f"{keys.where}.{key}" if keys.where else key
    return [_Keys(keys.path, f"{where}[{index}]", item) for index, item in enumerate(value, 1)]


def check_number_format(template: str) -> str | None:
    """Why a letter number format cannot be used, or None: it needs {n} and may use only {n},
    {abbr}, {year} (`{n:02d}/PXL-{abbr}`)."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
        template.format(n=1, abbr="X", year=2024)
    except (ValueError, KeyError, IndexError):
        fields = []
    if "n" not in fields or any(f not in NUMBER_FIELDS for f in fields):
        return "phải có {n} (số thứ tự) và chỉ dùng {n}, {abbr}, {year}, ví dụ {n:02d}/PXL-{abbr}"
    return None


def _kind(keys: _Keys, kind: str) -> LetterKind:
    table = keys.child(kind)
    template = table.text("template")
    if not template.endswith(".docx") or "/" in template or "\\" in template:
        raise table.error("template", "phải là tên một tệp .docx trong thư mục mẫu")
    number_format = table.text("number_format")
    if (problem := check_number_format(number_format)) is not None:
        raise table.error("number_format", problem)
    return LetterKind(kind, template, table.text("title"), number_format)


def _form(keys: _Keys, regime_from: dt.date | None) -> Form:
    return Form(
        code=keys.text("code"),
        valid_from=keys.date("valid_from") or regime_from,
        valid_to=keys.date("valid_to"),
        circular=keys.text("circular"),
        name=keys.text("name"),
        annex=keys.text("annex", required=False),
        reading=keys.text("reading", required=False),
        kinds={kind: _kind(keys, kind) for kind in KINDS},
    )


def _regime(keys: _Keys) -> Regime:
    valid_from = keys.date("valid_from")
    deadline = keys.child("deadline")
    unit = deadline.text("unit")
    if unit not in DEADLINE_UNITS:
        raise deadline.error("unit", f"phải là {' hoặc '.join(DEADLINE_UNITS)}")
    amended = keys.table.get("amended_by", [])
    if not isinstance(amended, list) or not all(isinstance(a, str) for a in amended):
        raise keys.error("amended_by", "phải là một danh sách chuỗi chữ")
    citations = keys.child("citations")
    forms = tuple(_form(entry, valid_from) for entry in _list(keys, "forms"))
    if not forms:
        raise keys.error("forms", "phải có ít nhất một mẫu [[regime.forms]]")
    codes = [form.code for form in forms]
    if len(set(codes)) != len(codes):
        raise keys.error("forms", "có hai mẫu trùng mã (code)")
    return Regime(
        code=keys.text("code"),
        title=keys.text("title"),
        valid_from=valid_from,
        valid_to=keys.date("valid_to"),
        decree=keys.text("decree"),
        article=keys.text("article"),
        amended_by=tuple(a.strip() for a in amended),
        deadline=Deadline(
            days=deadline.integer("days", minimum=0),
            unit=unit,
            text=deadline.text("text"),
            reading=deadline.text("reading", required=False),
        ),
        reschedules=keys.integer("reschedules", minimum=0),
        citations=Citations(
            document=citations.text("document"),
            short=citations.text("short"),
            rule=citations.text("rule"),
            desk=citations.text("desk"),
            deadline=citations.text("deadline"),
        ),
        forms=tuple(sorted(forms, key=lambda f: f.valid_from or dt.date.min)),
        notes=keys.text("notes", required=False),
        source=keys.path,
    )


def _personal_data(keys: _Keys) -> PersonalDataLaw:
    return PersonalDataLaw(
        code=keys.text("code"),
        valid_from=keys.date("valid_from"),
        valid_to=keys.date("valid_to"),
        citation=keys.text("citation"),
        short=keys.text("short"),
    )
