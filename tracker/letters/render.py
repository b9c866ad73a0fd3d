"""A letter's template: the one DOCX renderer (`tracker.documents`), its placeholders checked
against the letter's fields as it is read, and the letters of a batch combined into one
printable file. Which template a letter uses is its regime's word (regimes/*.toml)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from tracker.documents.combine import combine
from tracker.documents.template import DocumentTemplate, sha256_of
from tracker.errors import FileProblem

LETTER_TEMPLATE = "mau-04-xin-loi.docx"

__all__ = ["LETTER_TEMPLATE", "LetterTemplate", "combine", "sha256_of"]


class LetterTemplate(DocumentTemplate):
    """One letter template, read and compiled once per batch, rendered for every letter."""

    def __init__(self, path: Path, known_fields: Iterable[str]) -> None:
        if not path.exists():
            raise FileProblem(
                f"Không tìm thấy mẫu thư {path}: chỉ đường dẫn bằng --template, hoặc đặt "
                f"tệp {path.name} vào thư mục mẫu (--templates)."
            )
        super().__init__(path, known_fields=known_fields)

    def combine(self, contexts: Iterable[Mapping[str, str]]) -> bytes:
        """One printable DOCX: every letter in its own section, page numbers restarting."""
        return combine((self, context) for context in contexts)
