"""Where a unit's name breaks in the letter header, and what a unit prints when its data gives
no header (tracker.headers, pure)."""

from __future__ import annotations

import pytest

from tracker.headers import (
    LETTER_HEADER_EM,
    NBSP,
    break_lines,
    check_header,
    default_header,
    header_lines,
    place_of,
    soft_wrap,
    text_width_em,
)


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        # Today's bad breaks ("… VÀ HẠ / TẦNG", "… – KẾ / HOẠCH") become breaks before the joiner.
        ("PHÒNG KINH TẾ VÀ HẠ TẦNG", ("PHÒNG KINH TẾ", "VÀ HẠ TẦNG")),
        ("PHÒNG TÀI CHÍNH – KẾ HOẠCH", ("PHÒNG TÀI CHÍNH", "– KẾ HOẠCH")),
        ("PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG", ("PHÒNG TÀI NGUYÊN", "VÀ MÔI TRƯỜNG")),
        ("VĂN PHÒNG HĐND VÀ UBND", ("VĂN PHÒNG HĐND", "VÀ UBND")),
        # After a comma, as the name itself pauses there.
        ("PHÒNG KINH TẾ, HẠ TẦNG VÀ ĐÔ THỊ", ("PHÒNG KINH TẾ,", "HẠ TẦNG VÀ ĐÔ THỊ")),
        # No joiner: the most even split.
        ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", ("TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG")),
        # The only split whose lines both fit leaves VÀ at the end: better than overflowing.
        (
            "PHÒNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
            ("PHÒNG NÔNG NGHIỆP VÀ", "PHÁT TRIỂN NÔNG THÔN"),
        ),
        # Short enough for one line.
        ("PHÒNG KINH TẾ", ("PHÒNG KINH TẾ",)),
        ("PHÒNG VĂN HÓA - XÃ HỘI", ("PHÒNG VĂN HÓA - XÃ HỘI",)),
        ("THANH TRA", ("THANH TRA",)),
    ],
)
def test_a_long_name_breaks_between_words_where_it_reads_best(
    name: str, lines: tuple[str, ...]
) -> None:
    assert break_lines(name, LETTER_HEADER_EM) == lines
    assert " ".join(lines) == name  # never inside a word, nothing lost
    assert all(text_width_em(line) <= LETTER_HEADER_EM for line in lines)


def test_lines_stay_within_three_and_fit_when_they_can() -> None:
    name = "TRUNG TÂM PHÁT TRIỂN QUỸ ĐẤT VÀ DỊCH VỤ CÔNG ÍCH"
    lines = break_lines(name, LETTER_HEADER_EM)
    assert len(lines) == 3 and " ".join(lines) == name
    assert all(text_width_em(line) <= LETTER_HEADER_EM for line in lines)


def test_widths_follow_the_font() -> None:
    # Accents leave a letter's width unchanged; M is wider than I.
    assert text_width_em("ĐẦU") == text_width_em("DAU")
    assert text_width_em("M") > text_width_em("I")
    assert text_width_em("PHÒNG KINH TẾ VÀ HẠ TẦNG") > LETTER_HEADER_EM  # Word broke it today


def test_soft_wrap_keeps_the_text_and_allows_one_break() -> None:
    wrapped = soft_wrap("PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG", LETTER_HEADER_EM)
    assert wrapped.replace(NBSP, " ") == "PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG"
    assert wrapped.split(" ") == [f"PHÒNG{NBSP}TÀI{NBSP}NGUYÊN", f"VÀ{NBSP}MÔI{NBSP}TRƯỜNG"]
    assert soft_wrap("", LETTER_HEADER_EM) == ""
    assert soft_wrap("THANH", LETTER_HEADER_EM) == "THANH"


def test_a_peoples_committee_names_itself_in_full_without_a_governing_line() -> None:
    assert default_header("commune", "xã Hiệp Thạnh", "UBND HUYỆN GÒ DẦU") == (
        "",
        "ỦY BAN NHÂN DÂN\nXÃ HIỆP THẠNH",
    )
    assert default_header("commune", "UBND Thị trấn Gò Dầu", "") == (
        "",
        "ỦY BAN NHÂN DÂN\nTHỊ TRẤN GÒ DẦU",
    )
    assert default_header("department", "Phòng Kinh tế", "UBND xã Phước Thạnh") == (
        "UBND XÃ PHƯỚC THẠNH",
        "PHÒNG KINH TẾ",
    )


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("xã Hiệp Thạnh", "Hiệp Thạnh"),
        ("UBND xã Phước Thạnh", "Phước Thạnh"),
        ("Thị trấn Gò Dầu", "Gò Dầu"),
        ("phường Gia Lộc", "Gia Lộc"),
        ("Ủy ban nhân dân phường Gò Dầu", "Gò Dầu"),
    ],
)
def test_a_commune_dates_its_letters_with_its_own_place(name: str, place: str) -> None:
    assert place_of(name) == place


def test_stored_header_lines() -> None:
    assert header_lines("ỦY BAN NHÂN DÂN\n XÃ HIỆP THẠNH \n") == (
        "ỦY BAN NHÂN DÂN",
        "XÃ HIỆP THẠNH",
    )
    assert check_header(["A", "B"]) is None
    assert check_header(["A", "B", "C"]) is not None
    assert check_header([" "]) is not None
