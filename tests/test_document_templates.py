"""The one DOCX renderer (tracker.documents) and the templates it fills: warn and remind as
editable templates, pictures drawn into a document, the builders outside the wheel."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from letter_templates.builders.shipped import BUILDERS, DIRECTORY
from tests.conftest import Invoke
from tests.docx_text import docx_text, layout
from tracker.documents.pictures import Picture
from tracker.documents.template import DocumentTemplate
from tracker.reports.remind import REMIND_TEMPLATE, HeadReminder, OwedItem, RemindReport
from tracker.reports.remind import docx_context as remind_context
from tracker.reports.remind import render_docx as render_remind
from tracker.reports.warn import WARN_TEMPLATE, WarnReport
from tracker.reports.warn import docx_context as warn_context
from tracker.resources import resource_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
ORGANISATION = {"governing_body": "UBND huyện Gò Dầu", "place": "Gò Dầu"}
TODAY = dt.date(2024, 11, 26)


@pytest.mark.parametrize("name", [WARN_TEMPLATE, REMIND_TEMPLATE])
def test_shipped_list_templates_are_what_their_builders_make(name: str, tmp_path: Path) -> None:
    rebuilt = BUILDERS[name](tmp_path / name)
    shipped = resource_dir("letter_templates") / name
    assert layout(rebuilt) == layout(shipped)
    assert len(Document(str(rebuilt)).sections) == len(Document(str(shipped)).sections)


def _owed(code: str) -> OwedItem:
    return OwedItem(code, "Cấp phép xây dựng", "Lê Văn Cường", dt.date(2024, 11, 15), "trễ 7 ngày")


def _head(name: str, unit: str, **owed: list[OwedItem]) -> HeadReminder:
    kinds = ("late_open", "missing_reason", "not_drafted", "not_issued", "unpublished")
    lists: dict[str, Any] = {kind: owed.get(kind, []) for kind in kinds}
    return HeadReminder(name, "Trưởng phòng", unit, f"Phòng {unit}", **lists)


@pytest.mark.parametrize(
    ("name", "context"),
    [
        (WARN_TEMPLATE, warn_context(WarnReport(TODAY, 2, TODAY, []), ORGANISATION)),
        (REMIND_TEMPLATE, remind_context(RemindReport(TODAY, []), ORGANISATION)),
    ],
)
def test_every_placeholder_is_offered_by_the_context(name: str, context: dict[str, Any]) -> None:
    template = DocumentTemplate(resource_dir("letter_templates") / name)
    assert template.placeholders and template.placeholders <= set(context)


def test_remind_numbers_only_the_kinds_of_work_owed_and_gives_each_head_a_section(
    tmp_path: Path,
) -> None:
    report = RemindReport(
        TODAY,
        [
            _head(
                "Trương Công Danh", "ktht", not_drafted=[_owed("X-1")], unpublished=[_owed("X-2")]
            ),
            _head("Nguyễn Hoàng Phúc", "tnmt"),
            _head("Võ Thị Thu Trang", "tckh", late_open=[_owed("Y-1"), _owed("Y-2")]),
        ],
    )
    path = render_remind(report, ORGANISATION, tmp_path / "r.docx")
    document = Document(str(path))
    assert len(document.sections) == 3
    assert all(round(s.left_margin.mm) == 30 for s in document.sections)
    text = docx_text(path)
    assert "1. Hồ sơ trễ hạn chưa có thư xin lỗi: 01" in text
    assert "2. Thư đã ban hành chưa công khai đủ: 01" in text
    assert "1. Hồ sơ đã quá hạn, chưa trả kết quả: 02" in text
    assert "Tính đến ngày 26/11/2024, còn 02 việc cần xử lý như sau:" in text
    assert "Tính đến ngày 26/11/2024, không còn việc nào cần xử lý." in text
    assert "{%" not in text and "{{" not in text
    tables = [[c.text for c in t.rows[1].cells] for t in document.tables]
    assert [row[0] for row in tables] == ["X-1", "X-2", "Y-1"]


def _edited(name: str, old: str, new: str, directory: Path) -> Path:
    document = Document(str(resource_dir("letter_templates") / name))
    [paragraph] = [p for p in document.paragraphs if p.text == old]
    paragraph.runs[0].text = new
    directory.mkdir(exist_ok=True)
    document.save(str(directory / name))
    return directory


def test_an_office_edits_the_warn_wording_in_its_own_template(run: Invoke, tmp_path: Path) -> None:
    templates = _edited(
        WARN_TEMPLATE,
        "DANH SÁCH HỒ SƠ SẮP ĐẾN HẠN TRẢ KẾT QUẢ",
        "HỒ SƠ CẦN TRẢ KẾT QUẢ TRONG HAI NGÀY TỚI",
        tmp_path / "mau",
    )
    run(
        "cases", "add", "HS-1", "--procedure", "Tách thửa", "--applicant", "Lê An",
        "--unit", "tnmt", "--received", "12/11/2024", "--due", "27/11/2024",
    )  # fmt: skip
    out = tmp_path / "canh-bao.docx"
    run("--templates", str(templates), "warn", "--format", "docx", "--out", str(out))
    text = docx_text(out)
    assert "HỒ SƠ CẦN TRẢ KẾT QUẢ TRONG HAI NGÀY TỚI" in text
    assert "DANH SÁCH HỒ SƠ SẮP ĐẾN HẠN" not in text and "HS-1" in text
    # A templates folder holding only this template still finds the shipped remind template
    # (nothing is late yet: its sentence for no head owing anything).
    remind = tmp_path / "nhac-viec.docx"
    run("--templates", str(templates), "remind", "--format", "docx", "--out", str(remind))
    assert docx_text(remind) == "Không có người đứng đầu nào còn việc cần xử lý.\n"


def test_an_office_edits_the_remind_wording(tmp_path: Path) -> None:
    templates = _edited(
        REMIND_TEMPLATE,
        "NHẮC VIỆC XỬ LÝ HỒ SƠ TRỄ HẠN",
        "PHIẾU NHẮC VIỆC",
        tmp_path / "mau",
    )
    report = RemindReport(TODAY, [_head("Trương Công Danh", "ktht", late_open=[_owed("X-1")])])
    path = render_remind(report, ORGANISATION, tmp_path / "r.docx", templates_dir=templates)
    assert "PHIẾU NHẮC VIỆC" in docx_text(path)


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_pictures_are_drawn_with_their_parts_relationships_and_unique_ids(tmp_path: Path) -> None:
    source = Document()
    for text in ("Trước {{ label }}", "{%p for x in rows %}", "{{ chart }}", "{%p endfor %}"):
        source.add_paragraph(text)
    source.save(str(tmp_path / "mau.docx"))
    template = DocumentTemplate(tmp_path / "mau.docx")
    picture = Picture(_png(300, 100), width_mm=60)
    data = template.render_bytes({"label": "A & B", "rows": [1, 2], "chart": picture})
    (tmp_path / "out.docx").write_bytes(data)
    document = Document(str(tmp_path / "out.docx"))
    shapes = document.inline_shapes
    assert len(shapes) == 2  # a picture placeholder inside a loop is drawn each time
    assert [(round(s.width.mm), round(s.height.mm)) for s in shapes] == [(60, 20), (60, 20)]
    for shape in shapes:
        related = document.part.related_parts[
            shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        ]
        assert related.content_type == "image/png" and related.blob == picture.png
    ids = [e.get("id") for e in document.element.body.iter(qn("wp:docPr"))]
    assert len(set(ids)) == len(ids) == 2
    assert docx_text(tmp_path / "out.docx").startswith("Trước A & B\n")
    # The same content gives the same bytes: a document can be compared with one made before.
    assert template.render_bytes({"label": "A & B", "rows": [1, 2], "chart": picture}) == data


def test_only_png_pictures_are_drawn(tmp_path: Path) -> None:
    source = Document()
    source.add_paragraph("{{ chart }}")
    source.save(str(tmp_path / "mau.docx"))
    with pytest.raises(ValueError, match="PNG"):
        DocumentTemplate(tmp_path / "mau.docx").render_bytes({"chart": Picture(b"GIF89a", 50)})


def test_the_wheel_ships_every_template_and_guide_but_no_builder() -> None:
    with (ROOT / "pyproject.toml").open("rb") as stream:
        force = tomllib.load(stream)["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    shipped = {source for source in force if source.startswith("letter_templates/")}
    on_disk = {
        f"letter_templates/{path.name}"
        for path in DIRECTORY.iterdir()
        if path.suffix in (".docx", ".md")
    }
    assert shipped == on_disk
    assert {f"letter_templates/{name}" for name in BUILDERS} <= shipped
    assert all(force[source] == f"tracker/_{source}" for source in shipped)
