"""Where rendered letters go: safe file names that can never leave the output directory."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tracker.errors import InvalidInput

_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")
_DOTS = re.compile(r"\.{2,}")


def safe_stem(code: str) -> str:
    """A file name from a dossier code: only letters, digits, `.`, `-`, `_`; no separators,
    no `..`, no leading dot (`../../x` → `x`, `000.00.19.H53-241105-0001` unchanged)."""
    stem = _DOTS.sub(".", _UNSAFE.sub("-", code))
    return stem.strip(".-_")[:120] or "phieu"


def unique_stem(code: str) -> str:
    """`safe_stem` of the code, plus 8 characters of its sha256 whenever making it safe changed
    it: `HS/2024/0001`, `HS-2024-0001` and `HS:2024:0001` are three dossiers, so three files
    (`HS-2024-0001-1a2b3c4d`, `HS-2024-0001`, `HS-2024-0001-5e6f7a8b`)."""
    stem = safe_stem(code)
    if stem == code:
        return stem
    return f"{stem}-{hashlib.sha256(code.encode('utf-8')).hexdigest()[:8]}"


def letter_file_name(code: str, *, version: int, public: bool, seq: int = 1) -> str:
    """`<code>.docx`; a later version `<code>-v2.docx`; the letter of a second reschedule
    `<code>-lan2.docx` (never the first letter's file); the portal copy `…-cong-khai.docx`.
    A code that is not already a safe file name gets its hash added (`unique_stem`)."""
    name = unique_stem(code)
    if seq > 1:
        name += f"-lan{seq}"
    if version > 1:
        name += f"-v{version}"
    if public:
        name += "-cong-khai"
    return f"{name}.docx"


def inside(directory: Path, name: str) -> Path:
    """`directory/name`, refused if it would resolve anywhere else (a last line of defence)."""
    root = directory.resolve()
    target = (root / name).resolve()
    if target.parent != root:
        raise InvalidInput(f"Tên tệp «{name}» không hợp lệ: tệp phải nằm trong {root}.")
    return target
