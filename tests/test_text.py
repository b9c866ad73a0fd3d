"""tracker.text: NFC, diacritic-free folding (đ/Đ included) and Vietnamese alphabetical order."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.text import clean, fold, fold_key, mask_name, nfc, sort_key

# "Nguyễn" as Windows-1258 writes it: base letters with separate combining marks.
DECOMPOSED = "Nguye\u0302\u0303n"


def test_nfc_composes_combining_marks() -> None:
    assert DECOMPOSED != "Nguyễn"
    assert nfc(DECOMPOSED) == "Nguyễn"
    assert len(nfc(DECOMPOSED)) == 6
    assert unicodedata.is_normalized("NFC", nfc("Tha\u0323nh Đư\u0301c"))


def test_clean_trims_and_collapses_whitespace() -> None:
    assert clean("  Phòng\u00a0Tư   pháp\t\n") == "Phòng Tư pháp"
    assert clean(None) == ""
    assert clean(DECOMPOSED + "  Văn") == "Nguyễn Văn"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đặng Thị Hồng", "dang thi hong"),
        ("ĐƯỜNG 30/4", "duong 30/4"),
        ("đ Đ d D", "d d d d"),
        ("Phòng Tài nguyên và Môi trường", "phong tai nguyen va moi truong"),
        (DECOMPOSED, "nguyen"),
        ("  Xã   Hiệp Thạnh ", "xa hiep thanh"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_key_drops_punctuation_and_spaces() -> None:
    assert fold_key("Phòng TN&MT") == "phongtnmt"
    assert fold_key("Phòng TC-KH") == fold_key("phong tc kh") == "phongtckh"
    assert fold_key("Đơn vị/ cá nhân giải quyết") == "donvicanhangiaiquyet"


def test_vietnamese_alphabet_order() -> None:
    alphabet = [
        "a",
        "ă",
        "â",
        "b",
        "c",
        "d",
        "đ",
        "e",
        "ê",
        "g",
        "h",
        "i",
        "k",
        "l",
        "m",
        "n",
        "o",
        "ô",
        "ơ",
        "p",
        "q",
        "r",
        "s",
        "t",
        "u",
        "ư",
        "v",
        "x",
        "y",
    ]
    shuffled = sorted(alphabet, key=lambda letter: fold(letter) + letter[::-1])
    assert sorted(shuffled, key=sort_key) == alphabet
    assert sorted(alphabet[::-1], key=sort_key) == alphabet


def test_tones_only_break_ties() -> None:
    tones = ["a", "à", "ả", "ã", "á", "ạ"]
    assert sorted(tones[::-1], key=sort_key) == tones
    # A letter difference outweighs any tone: "ạc" < "ăa", "bà" < "bă".
    assert sorted(["ăa", "ạc"], key=sort_key) == ["ạc", "ăa"]
    assert sorted(["bă", "bà"], key=sort_key) == ["bà", "bă"]


def test_names_sort_like_a_vietnamese_register() -> None:
    # Tones are secondary: "Ân Văn…" and "Ấn Văn…" differ only by a tone, so it decides.
    names = ["Đinh Văn Bảy", "Dương Thị Ân", "Ân Văn Cường", "Ấn Văn Cường", "Anh Tú", "Ưng Hoàng"]
    assert sorted(names, key=sort_key) == [
        "Anh Tú",
        "Ân Văn Cường",
        "Ấn Văn Cường",
        "Dương Thị Ân",
        "Đinh Văn Bảy",
        "Ưng Hoàng",
    ]
    # Case and the form of the text (NFC or not) do not change the order.
    assert sort_key("đinh")[:2] == sort_key("ĐINH")[:2]
    assert sort_key(DECOMPOSED)[:2] == sort_key("Nguyễn")[:2]


def test_mask_name() -> None:
    assert mask_name("Nguyễn Văn An") == "Nguyễn V. A."
    assert mask_name("  Đặng   thị bích ngọc ") == "Đặng T. B. N."
    # An organisation's name is not personal data: the public copy prints it whole.
    assert mask_name("Công ty TNHH Minh Phát") == "Công ty TNHH Minh Phát"
    assert mask_name("CÔNG TY CỔ PHẦN Á ĐÔNG") == "CÔNG TY CỔ PHẦN Á ĐÔNG"
    assert mask_name("Hợp tác xã Nông nghiệp Thạnh Đức") == "Hợp tác xã Nông nghiệp Thạnh Đức"
    # A household business carries its owner's name; a person called Trương is a person.
    assert mask_name("Hộ kinh doanh Lê Văn Tám") == "Hộ kinh doanh Lê V. T."
    assert mask_name("Trương Thị Hoa") == "Trương T. H."
    assert mask_name("Hội Nông dân xã Hiệp Thạnh") == "Hội Nông dân xã Hiệp Thạnh"
    assert mask_name("Trường Tiểu học Hiệp Thạnh") == "Trường Tiểu học Hiệp Thạnh"
    assert mask_name("Lan") == "L."
    assert mask_name("") == ""


@given(st.text(alphabet="aăâbcdđeêioôơuưyàảãáạằẳẵắặĐĂÂÊÔƠƯ \u0301\u0300\u0323", max_size=12))
def test_fold_is_ascii_lowercase_for_vietnamese_letters(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()
    assert fold(folded) == folded
