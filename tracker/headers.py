"""The issuing body's header (Nghị định 30/2020): what a unit prints above its number, and
where a long unit name breaks. Pure: names in, lines out.

A header column is narrow (6,3 cm in the letter), so a long name such as PHÒNG TÀI NGUYÊN VÀ
MÔI TRƯỜNG takes two lines, and Word would break it wherever the column ends ("… VÀ MÔI /
TRƯỜNG"). The break is chosen here from the words: never inside a word, before "VÀ" or a
dash when that keeps the lines balanced, and the lines as even as possible. A unit's header
data may also give the break itself (two lines, as a People's Committee always has).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import combinations, pairwise

from tracker.text import clean, fold

NBSP = "\u00a0"
PEOPLES_COMMITTEE = "ỦY BAN NHÂN DÂN"
MAX_HEADER_LINES = 2

# Advance widths in thousandths of an em of Times Bold (Adobe's core-font metrics; Times New
# Roman Bold and Liberation Serif Bold share them): a header line is printed bold, in capitals.
_WIDTH_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -–—&,.;:()/"
# fmt: off
_WIDTH_VALUES = (
    722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722,
    556, 667, 722, 722, 1000, 722, 722, 667,
    500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444,
    389, 333, 556, 500, 722, 500, 500, 444,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500,
    250, 333, 500, 1000, 833, 250, 250, 333, 333, 333, 333, 278,
)
# fmt: on
_WIDTHS = dict(zip(_WIDTH_CHARS, _WIDTH_VALUES, strict=True))
_UNKNOWN_WIDTH = 722  # as wide as most capitals: an unknown character never makes a line fit
# Words a line had better start with than end with (folded: "VÀ" is "va").
_JOINERS = {"va", "–", "-", "&"}
_GOOD_BREAK = 0.75  # a break before "VÀ" or a dash, or after a comma, counts a quarter shorter
_DANGLING_JOINER = 1.5  # a line left hanging on "VÀ" or a dash counts half as long again
_UNIT_PREFIX = re.compile(r"^(ubnd|uy ban nhan dan)\s+", re.IGNORECASE)
_LOCALITY = re.compile(r"^(xa|phuong|thi tran|thi xa|dac khu)\s+")

# The letter's header column: 6,3 cm less the cell's margins (2 × 0,19 cm) at 12,5 pt.
LETTER_HEADER_EM = (6.3 - 0.38) / 2.54 * 72 / 12.5


def text_width_em(text: str) -> float:
    """The width of `text` set in Times Bold, in ems: accents sit above or below a letter
    and leave its width unchanged, and Đ is as wide as D."""
    total = 0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0].replace("Đ", "D").replace("đ", "d")
        total += _WIDTHS.get(base, _UNKNOWN_WIDTH)
    return total / 1000


def _cost(lines: Sequence[Sequence[str]]) -> float:
    """How bad a split looks: its widest line, less for each break where the name itself
    pauses (before "VÀ" or a dash, after a comma), more for a line left hanging on a joiner."""
    cost = max(text_width_em(" ".join(line)) for line in lines)
    for before, after in pairwise(lines):
        if fold(after[0]) in _JOINERS or before[-1].endswith(","):
            cost *= _GOOD_BREAK
        if fold(before[-1]) in _JOINERS:
            cost *= _DANGLING_JOINER
    return cost


def _splits(words: list[str], parts: int) -> list[list[list[str]]]:
    return [
        [words[start:end] for start, end in zip((0, *cuts), (*cuts, len(words)), strict=True)]
        for cuts in combinations(range(1, len(words)), parts - 1)
    ]


def break_lines(name: str, width_em: float, *, at_least: int = 1) -> tuple[str, ...]:
    """`name` on as few lines as fit `width_em` (at least `at_least`, at most three),
    broken only between words, by the split `_cost` finds best."""
    words = clean(name).split(" ")
    if len(words) < 2:
        return (clean(name),)
    best: list[list[str]] | None = None
    for parts in range(max(at_least, 1), min(3, len(words)) + 1):
        candidates = _splits(words, parts)
        fitting = [
            split
            for split in candidates
            if all(text_width_em(" ".join(line)) <= width_em for line in split)
        ]
        if fitting or parts == min(3, len(words)):
            best = min(fitting or candidates, key=_cost)
            break
    assert best is not None
    return tuple(" ".join(line) for line in best)


def soft_wrap(line: str, width_em: float) -> str:
    """`line` with no-break spaces everywhere except where it should wrap: on one line if the
    column is wide enough, else broken there and only there. The text reads the same."""
    parts = break_lines(line, width_em, at_least=2)
    return " ".join(part.replace(" ", NBSP) for part in parts)


def header_lines(header_name: str) -> tuple[str, ...]:
    """The lines a unit's stored header name gives (a line break where the unit put one)."""
    return tuple(clean(part) for part in header_name.split("\n") if clean(part))


def check_header(lines: Sequence[str]) -> str | None:
    """Why these header lines cannot be printed, or None."""
    if not [line for line in lines if clean(line)]:
        return "Tên đơn vị trên tiêu đề không được để trống."
    if len(lines) > MAX_HEADER_LINES:
        return f"Tên đơn vị trên tiêu đề chỉ chia được tối đa {MAX_HEADER_LINES} dòng."
    return None


def locality_name(name: str) -> str:
    """A commune's own name without its governing prefix: `UBND xã Hiệp Thạnh` → `xã Hiệp
    Thạnh`."""
    text = clean(name)
    match = _UNIT_PREFIX.match(fold(text))
    # fold() keeps one character per character of the NFC text, so offsets carry over.
    return text[match.end() :] if match else text


def place_of(name: str) -> str:
    """The place name a commune dates its letters with: `xã Hiệp Thạnh` → `Hiệp Thạnh`."""
    text = locality_name(name)
    match = _LOCALITY.match(fold(text))
    return text[match.end() :] if match else text


def default_header(kind: str, name: str, governing_body: str) -> tuple[str, str]:
    """(governing line, header name) of a unit whose data gives none: a People's Committee
    has no governing line and names itself in full on two lines (ỦY BAN NHÂN DÂN / XÃ HIỆP
    THẠNH); any other unit prints the organisation's governing body above its own name."""
    if kind == "commune":
        return "", f"{PEOPLES_COMMITTEE}\n{locality_name(name).upper()}"
    return clean(governing_body).upper(), clean(name).upper()
