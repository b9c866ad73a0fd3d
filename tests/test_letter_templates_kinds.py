"""The templates added beside the 2018 form — the 2025 form (Văn bản xin lỗi và đề nghị gia hạn),
the apology letter for a dossier settled late, the notice to the one-stop desk: golden text,
placeholders, layout, and what their README says."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from letter_templates.builders.shipped import BUILDERS
from tests.docx_text import blocks, docx_text, layout
from tests.golden_files import assert_golden
from tests.letter_data import DATA
from tracker.documents.template import DocumentTemplate
from tracker.law.loading import load_book
from tracker.letters.context import LetterData, build_context, context_fields
from tracker.letters.notice import NoticeLine, notice_context, notice_fields
from tracker.letters.render import LetterTemplate
from tracker.resources import resource_dir

TEMPLATES = resource_dir("letter_templates")
BOOK = load_book()
ND61, ND118 = BOOK.get("nd61"), BOOK.get("nd118")
KINDS = ("mau-04-gia-han.docx", "thu-xin-loi-tre-han.docx")

# A dossier of November 2024 settled late: the apology letter, under the regime of its date.
SETTLED_2024 = dataclasses.replace(
    DATA,
    kind="apology",
    new_due_at=None,
    returned_at=dt.date(2024, 11, 20),
    days_late=3,
    number="02/TXL-TNMT",
    letter_title=ND61.forms[0].kinds["apology"].title,
    legal_basis=ND61.citations.document,
    desk=ND61.citations.desk,
    personal_data_law="Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ về bảo vệ dữ liệu cá nhân",
)
# An October 2026 dossier of a post-reform commune department, still open: the 2025 form.
OPEN_2026 = dataclasses.replace(
    DATA,
    code="000.00.21.H53-260928-0001",
    procedure="Cấp giấy phép xây dựng nhà ở riêng lẻ",
    applicant="Trần Văn Hậu",
    applicant_address="ấp Phước Đức, xã Phước Thạnh",
    applicant_phone=None,
    applicant_email=None,
    received_at=dt.date(2026, 9, 28),
    old_due_at=dt.date(2026, 10, 22),
    new_due_at=dt.date(2026, 10, 27),
    reason="Chờ ý kiến của Sở Xây dựng về chỉ giới xây dựng",
    unit_name="Phòng Kinh tế",
    unit_abbreviation="KT",
    governing_body="UBND xã Phước Thạnh",
    place="Phước Thạnh",
    number="01/XLGH-KT",
    drafted_on=dt.date(2026, 10, 20),
    issued_on=dt.date(2026, 10, 20),
    signer_name="Đỗ Minh Quân",
    number_format="{n:02d}/XLGH-{abbr}",
    letter_title=ND118.forms[1].kinds["reschedule"].title,
    legal_basis=ND118.citations.document,
    desk="Trung tâm Phục vụ hành chính công xã Phước Thạnh",
)


def render(name: str, data: LetterData, tmp_path: Path, *, public: bool = False) -> Path:
    template = LetterTemplate(TEMPLATES / name, context_fields())
    path = tmp_path / f"out-{name}"
    path.write_bytes(template.render_bytes(build_context(data, public=public).as_dict()))
    return path


def test_golden_apology_letter_2024(tmp_path: Path) -> None:
    assert_golden("thu-xin-loi-2024.txt", docx_text(render(KINDS[1], SETTLED_2024, tmp_path)))


def test_golden_extension_letter_2026(tmp_path: Path) -> None:
    assert_golden("mau-04-gia-han-2026.txt", docx_text(render(KINDS[0], OPEN_2026, tmp_path)))


def test_golden_notice_to_the_one_stop_desk_2024(tmp_path: Path) -> None:
    letter = build_context(dataclasses.replace(DATA, legal_basis=ND61.citations.document,
                                               desk=ND61.citations.desk)).as_dict()  # fmt: skip
    lines = [
        NoticeLine(DATA.code, DATA.applicant, DATA.procedure, DATA.old_due_at, DATA.reason,
                   dt.date(2024, 12, 5), "05/PXL-TNMT"),
        NoticeLine("000.00.19.H53-241101-0007", "Lê Thị Hoa", "Cấp đổi giấy chứng nhận",
                   dt.date(2024, 11, 18), "Thiếu hồ sơ địa chính.", dt.date(2024, 12, 6), None),
    ]  # fmt: skip
    template = DocumentTemplate(TEMPLATES / "thong-bao-mot-cua.docx", known_fields=notice_fields())
    assert template.placeholders == notice_fields()
    path = tmp_path / "thong-bao.docx"
    path.write_bytes(template.render_bytes(notice_context(letter, lines)))
    assert_golden("thong-bao-mot-cua-2024.txt", docx_text(path))


def test_the_apology_letter_of_a_result_on_a_day_off(tmp_path: Path) -> None:
    """Late at date level but 0 working days (a Saturday result): no "chậm 00 ngày"."""
    saturday = dataclasses.replace(SETTLED_2024, returned_at=dt.date(2024, 11, 16), days_late=0)
    text = docx_text(render(KINDS[1], saturday, tmp_path))
    assert "có kết quả ngày 16 tháng 11 năm 2024, sau ngày hẹn trả." in text
    assert "chậm" not in text.split("Lý do")[0].split("có kết quả")[1]


def test_without_a_provincial_rule_the_apology_still_reads(tmp_path: Path) -> None:
    rule = "Quyết định số 5157/QĐ-UBND năm 2016 của UBND Thành phố Hồ Chí Minh"
    with_rule = docx_text(render(KINDS[1], dataclasses.replace(SETTLED_2024, apology_rule=rule),
                                 tmp_path))  # fmt: skip
    assert f"Thực hiện {rule}, Phòng Tài nguyên và Môi trường trân trọng xin lỗi" in with_rule
    plain = docx_text(render(KINDS[1], SETTLED_2024, tmp_path))
    assert "Thực hiện" not in plain
    assert "Phòng Tài nguyên và Môi trường trân trọng xin lỗi Ông/Bà vì sự chậm trễ" in plain


@pytest.mark.parametrize("name", KINDS)
def test_public_copy_masks_and_cites_the_personal_data_law(name: str, tmp_path: Path) -> None:
    data = SETTLED_2024 if "thu" in name else OPEN_2026
    law = "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định số 356/2025/NĐ-CP của Chính phủ"
    data = dataclasses.replace(data, personal_data_law=data.personal_data_law or law)
    public = docx_text(render(name, data, tmp_path, public=True))
    assert data.applicant not in public and "12 Trần Phú" not in public
    assert f"theo {data.personal_data_law}." in public
    assert "Bản đăng công khai" not in docx_text(render(name, data, tmp_path))


@pytest.mark.parametrize("name", [*KINDS, "thong-bao-mot-cua.docx"])
def test_shipped_template_is_what_its_builder_makes(name: str, tmp_path: Path) -> None:
    assert layout(BUILDERS[name](tmp_path / name)) == layout(TEMPLATES / name)


@pytest.mark.parametrize("name", KINDS)
def test_layout_of_the_new_letters(name: str, tmp_path: Path) -> None:
    data = SETTLED_2024 if "thu" in name else OPEN_2026
    document = Document(str(render(name, data, tmp_path)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.left_margin.mm)) == (210, 30)
    by_text = {p.text: p for p in blocks(document) if p.text}
    title = by_text[data.letter_title.upper()]
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold and run.font.size == Pt(14) for run in title.runs)
    body = [p for p in document.paragraphs if p.text.startswith("Trân trọng")]
    assert body and body[0].paragraph_format.first_line_indent == Cm(1.27)
    assert by_text["Nơi nhận:"].runs[0].italic


def test_the_readme_lists_every_placeholder_of_every_letter_template() -> None:
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    for name in ("mau-04-xin-loi.docx", *KINDS, "thong-bao-mot-cua.docx"):
        section = readme.split(f"## `{name}`", 1)[1].split("\n## ", 1)[0]
        documented = set(re.findall(r"^\| `([a-z0-9_.]+)` \|", section, flags=re.MULTILINE))
        template = DocumentTemplate(TEMPLATES / name)
        assert template.placeholders <= documented, name
        assert {key for key in documented if "." not in key} <= context_fields() | notice_fields()
