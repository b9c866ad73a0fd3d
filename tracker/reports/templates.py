"""Builds the two report templates in letter_templates/ (run `python -m tracker.reports.templates`).

The generated .docx files are committed and are what an office edits in Word: every phrase of
the printout and of the notice is here, as template text with Jinja placeholders (docxtpl),
never in the rendering code. This builder only makes the first version reproducible; a test
checks the committed templates still carry the layout it sets.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from tracker import docx_layout

MONTHLY_TEMPLATE = "bao-cao-thang.docx"
NOTICE_TEMPLATE = "cong-van-thang.docx"

CENTER = WD_ALIGN_PARAGRAPH.CENTER
BODY_WIDTH_CM = 16.5  # A4 portrait less 30 mm + 15 mm margins


def _document(size: float = 14) -> DocxDocument:
    document = Document()
    docx_layout.base_styles(document, size)
    docx_layout.add_style(
        document, "Body", align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=1.27, after=6
    )
    docx_layout.add_style(
        document, "Heading", bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=1.27
    )
    docx_layout.add_style(document, "Title Centre", bold=True, align=CENTER, after=0)
    docx_layout.add_style(document, "Cell", size=11, after=0)
    docx_layout.add_style(document, "Cell Small", size=9, after=0)
    docx_layout.add_style(document, "Cell Head", size=9, bold=True, align=CENTER, after=0)
    section = document.sections[0]
    docx_layout.page_setup(section)
    docx_layout.page_numbers_from_second_page(section)
    return document


def _line(
    container: Any,
    text: str,
    *,
    style: str | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    after: float | None = None,
) -> Paragraph:
    paragraph: Paragraph = container.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = italic
        if size is not None:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _cell_lines(cell: _Cell, lines: Sequence[tuple[str, dict[str, object]]]) -> None:
    """Fill a header cell: the first line goes into the cell's existing paragraph."""
    first = cell.paragraphs[0]
    for index, (text, options) in enumerate(lines):
        if text == "—rule—":
            paragraph = cell.add_paragraph()
            docx_layout.rule(paragraph, _number(options["width"]), _number(options["cell"]))
            continue
        paragraph = first if index == 0 else cell.add_paragraph()
        paragraph.alignment = CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold = bool(options.get("bold"))
        run.italic = bool(options.get("italic"))
        run.font.size = Pt(_number(options.get("size", 13)))


def _number(value: object) -> float:
    assert isinstance(value, (int, float))
    return float(value)


def _national_motto(cell: _Cell, width: float) -> None:
    _cell_lines(
        cell,
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"bold": True, "size": 12}),
            ("Độc lập - Tự do - Hạnh phúc", {"bold": True, "size": 13}),
            ("—rule—", {"width": 5.6, "cell": width}),
            ("", {}),
            ("{{ place }}, {{ date_text }}", {"italic": True, "size": 14}),
        ],
    )


def _header(document: DocxDocument, left: Sequence[tuple[str, dict[str, object]]]) -> None:
    widths = [7.0, 9.5]
    table = document.add_table(rows=1, cols=2)
    docx_layout.borderless(table)
    docx_layout.column_widths(table, [Cm(w) for w in widths])
    _cell_lines(table.rows[0].cells[0], left)
    _national_motto(table.rows[0].cells[1], widths[1])


def _grid(
    document: DocxDocument,
    headers: Sequence[str],
    widths: Sequence[float],
    loop: str,
    cells: Sequence[str],
    *,
    totals: Sequence[Sequence[str]] = (),
    style: str = "Cell",
) -> Table:
    """A bordered table: header row (repeated on each page), a docxtpl `{%tr for %}` row, then
    bold total rows."""
    rows = 4 + len(totals)
    table = document.add_table(rows=rows, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    docx_layout.column_widths(table, [Cm(w) for w in widths])
    docx_layout.narrow_cell_margins(table)
    docx_layout.repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].style = document.styles["Cell Head"]
        cell.paragraphs[0].add_run(text)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    docx_layout.keep_row_together(table.rows[2])
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.paragraphs[0].style = document.styles[style]
        cell.paragraphs[0].add_run(text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for row, values in zip(table.rows[4:], totals, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.paragraphs[0].style = document.styles[style]
            cell.paragraphs[0].add_run(text).bold = True
    return table


def _signature(
    document: DocxDocument,
    recipients: Sequence[str],
    authority: Sequence[str],
    signer: str,
) -> None:
    table = document.add_table(rows=1, cols=2)
    docx_layout.borderless(table)
    docx_layout.column_widths(table, [Cm(8.5), Cm(8.0)])
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    run = first.add_run("Nơi nhận:")
    run.bold = run.italic = True
    run.font.size = Pt(12)
    first.paragraph_format.space_after = Pt(0)
    for line in recipients:
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(line).font.size = Pt(11)
    lines: list[tuple[str, dict[str, object]]] = [
        (text, {"bold": True, "size": 14}) for text in authority
    ]
    lines += [("", {}), ("", {}), ("", {}), ("", {})]
    lines.append((signer, {"bold": True, "size": 14}))
    _cell_lines(right, lines)


def _chart(document: DocxDocument, key: str, caption: str) -> None:
    """A centred chart image and its caption; both paragraphs vanish when the chart is absent."""
    _line(document, f"{{%p if {key} %}}", after=0)
    _line(document, f"{{{{ {key} }}}}", align=CENTER, after=0)
    _line(document, caption, italic=True, size=12, align=CENTER)
    _line(document, "{%p endif %}", after=0)


def build_monthly(path: Path) -> None:
    """The leadership's monthly printout (bao-cao-thang.docx)."""
    document = _document()
    _header(
        document,
        [
            ("{{ governing_body }}", {"size": 13}),
            ("{{ office_name_upper }}", {"bold": True, "size": 13}),
            ("—rule—", {"width": 2.5, "cell": 7.0}),
            ("Số:       /BC-{{ office_abbr }}", {"size": 13}),
        ],
    )
    _line(document, "", after=6)
    _line(document, "BÁO CÁO", style="Title Centre")
    _line(
        document,
        "Tình hình giải quyết hồ sơ trễ hạn tháng {{ period_label }}",
        style="Title Centre",
    )
    rule = _line(document, "")
    docx_layout.rule(rule, 3.5, BODY_WIDTH_CM)
    _line(document, "Kính gửi: Lãnh đạo {{ org_name }}.", align=CENTER, after=12)
    _line(document, "I. TÌNH HÌNH CHUNG", style="Heading")
    _line(
        document,
        "Trong tháng {{ period_label }} (số liệu tính đến ngày {{ as_of }}), có {{ t.late }} hồ sơ "
        "giải quyết trễ hạn: các cơ quan chuyên môn {{ d.late }} hồ sơ, UBND các xã, thị trấn "
        "{{ c.late }} hồ sơ. Trong đó {{ t.resolved }} hồ sơ đã có kết quả, {{ t.open }} hồ sơ "
        "chưa có kết quả. Số ngày trễ (ngày làm việc): trung vị {{ t.median }}, nhiều nhất "
        "{{ t.max }}.{% if change %} So với tháng {{ previous_label }}: {{ change }}.{% endif %}",
        style="Body",
    )
    _line(
        document,
        "Thư xin lỗi và hẹn lại ngày trả kết quả: đã soạn {{ t.letters_drafted }} thư "
        "({{ t.on_time_apologies }} thư đúng hạn, {{ t.late_apologies }} thư muộn so với hạn "
        "01 ngày làm việc trước ngày hẹn trả theo Nghị định số 61/2018/NĐ-CP), đã ban hành "
        "{{ t.letters_issued }} thư; đã đăng trên Cổng thông tin điện tử {{ t.published_portal }} "
        "thư, đã cập nhật trên Hệ thống thông tin một cửa điện tử {{ t.updated_onestop }} thư; "
        "còn {{ t.outstanding }} hồ sơ trễ hạn chưa công khai thư xin lỗi.",
        style="Body",
    )
    _line(document, "II. TÌNH HÌNH THEO ĐƠN VỊ", style="Heading")
    _grid(
        document,
        [
            "STT",
            "Đơn vị",
            "Trễ hạn",
            "± tháng trước",
            "Chưa có KQ",
            "Đã có KQ",
            "Ngày trễ (trung vị / tối đa)",
            "Thư đã soạn",
            "Đã ban hành",
            "Thư muộn",
            "Đăng cổng",
            "Một cửa",
            "Chưa công khai",
        ],
        [1.0, 2.8, 1.0, 1.1, 1.1, 1.1, 1.5, 1.1, 1.2, 1.2, 1.2, 1.0, 1.2],
        "u in units",
        [
            "{{ u.no }}",
            "{{ u.name }}",
            "{{ u.late }}",
            "{{ u.change }}",
            "{{ u.open }}",
            "{{ u.resolved }}",
            "{{ u.median }} / {{ u.max }}",
            "{{ u.letters_drafted }}",
            "{{ u.letters_issued }}",
            "{{ u.late_apologies }}",
            "{{ u.published_portal }}",
            "{{ u.updated_onestop }}",
            "{{ u.outstanding }}",
        ],
        totals=[
            [
                "",
                label,
                f"{{{{ {key}.late }}}}",
                f"{{{{ {key}.change }}}}",
                f"{{{{ {key}.open }}}}",
                f"{{{{ {key}.resolved }}}}",
                f"{{{{ {key}.median }}}} / {{{{ {key}.max }}}}",
                f"{{{{ {key}.letters_drafted }}}}",
                f"{{{{ {key}.letters_issued }}}}",
                f"{{{{ {key}.late_apologies }}}}",
                f"{{{{ {key}.published_portal }}}}",
                f"{{{{ {key}.updated_onestop }}}}",
                f"{{{{ {key}.outstanding }}}}",
            ]
            for label, key in (
                ("Cơ quan chuyên môn", "d"),
                ("UBND xã, thị trấn", "c"),
                ("Tổng cộng", "t"),
            )
        ],
        style="Cell Small",
    )
    _chart(
        document, "chart_units", "Biểu đồ 1. Số hồ sơ trễ hạn theo đơn vị, tháng {{ period_label }}"
    )
    _chart(document, "chart_trend", "Biểu đồ 2. Số hồ sơ trễ hạn các tháng gần đây")
    _line(document, "III. THEO NGƯỜI ĐỨNG ĐẦU ĐƠN VỊ", style="Heading")
    _grid(
        document,
        [
            "STT",
            "Người đứng đầu",
            "Đơn vị",
            "Trễ hạn",
            "Chưa có KQ",
            "Thư đã ban hành",
            "Thư muộn",
            "Đã công khai",
            "Chưa công khai",
        ],
        [0.9, 3.6, 3.8, 1.2, 1.3, 1.5, 1.2, 1.5, 1.5],
        "h in heads",
        [
            "{{ h.no }}",
            "{{ h.head }}",
            "{{ h.unit_name }}",
            "{{ h.late }}",
            "{{ h.open }}",
            "{{ h.letters_issued }}",
            "{{ h.late_apologies }}",
            "{{ h.published }}",
            "{{ h.outstanding }}",
        ],
    )
    _line(document, "", after=0)
    _line(document, "IV. BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP", style="Heading")
    _line(document, "{%p if index %}", after=0)
    _line(
        document,
        "Tổng số điểm tháng {{ period_label }}: {{ index.score }}/100 điểm, xếp thứ "
        "{{ index.rank }}. Kết quả các chỉ số so với chỉ tiêu:",
        style="Body",
    )
    _grid(
        document,
        ["STT", "Chỉ số", "Đơn vị", "Kết quả", "Chỉ tiêu", "Đánh giá"],
        [0.9, 7.0, 3.2, 1.7, 1.7, 2.0],
        "f in index.figures",
        [
            "{{ f.no }}",
            "{{ f.label }}",
            "{{ f.scope }}",
            "{{ f.value }}",
            "{{ f.target }}",
            "{{ f.verdict }}",
        ],
    )
    _line(document, "", after=0)
    _line(document, "{%p for m in index.units_below %}", after=0)
    _line(
        document,
        "Chưa đạt chỉ tiêu {{ m.target }} về {{ m.label_lower }}: "
        "{% for u in m.units %}{{ u.name }} {{ u.value }}{% if not loop.last %}; "
        "{% endif %}{% endfor %}.",
        style="Body",
    )
    _line(document, "{%p endfor %}", after=0)
    _line(document, "{%p else %}", after=0)
    _line(
        document,
        "Chưa có số liệu Bộ chỉ số tháng {{ period_label }} "
        "(nhập bằng lệnh tracker index set hoặc tracker index import).",
        style="Body",
    )
    _line(document, "{%p endif %}", after=0)
    _line(document, "V. ĐỀ XUẤT", style="Heading")
    _line(
        document,
        "Đề nghị Thủ trưởng các cơ quan chuyên môn và Chủ tịch UBND các xã, thị trấn có hồ sơ "
        "trễ hạn chỉ đạo giải quyết dứt điểm; gửi thư xin lỗi chậm nhất 01 ngày làm việc trước "
        "ngày hẹn trả kết quả; cung cấp thư xin lỗi đã ký để đăng tải trên Cổng thông tin điện "
        "tử và cập nhật trên Hệ thống thông tin một cửa điện tử theo quy định.",
        style="Body",
    )
    _line(
        document,
        "Trên đây là báo cáo tình hình giải quyết hồ sơ trễ hạn tháng {{ period_label }}./.",
        style="Body",
    )
    _signature(
        document,
        ["- Như trên;", "- Lưu: VT, {{ office_abbr }}."],
        ["{{ office_head_title_upper }}"],
        "{{ office_head }}",
    )
    docx_layout.landscape_section(document)
    _line(document, "Phụ lục", style="Title Centre")
    _line(
        document,
        "DANH SÁCH HỒ SƠ TRỄ HẠN THÁNG {{ period_label }}",
        style="Title Centre",
    )
    _line(
        document,
        "(Kèm theo Báo cáo số       /BC-{{ office_abbr }} ngày {{ date_short }} của "
        "{{ office_name }})",
        italic=True,
        align=CENTER,
        after=6,
    )
    _grid(
        document,
        [
            "STT",
            "Mã hồ sơ",
            "Thủ tục",
            "Chủ hồ sơ",
            "Đơn vị",
            "Ngày tiếp nhận",
            "Ngày hẹn trả",
            "Ngày có kết quả",
            "Ngày trễ",
            "Lý do",
            "Người chịu trách nhiệm",
            "Thư xin lỗi (số, ngày)",
            "Đăng cổng",
            "Cập nhật một cửa",
        ],
        [1.0, 2.4, 2.6, 1.8, 1.8, 1.85, 1.85, 1.85, 1.1, 2.3, 1.7, 2.0, 1.85, 1.85],
        "r in cases",
        [
            "{{ r.no }}",
            "{{ r.code }}",
            "{{ r.procedure }}",
            "{{ r.applicant }}",
            "{{ r.unit_name }}",
            "{{ r.received_at }}",
            "{{ r.due_at }}",
            "{{ r.finished_at }}",
            "{{ r.days_late }}",
            "{{ r.reason }}",
            "{{ r.head }}",
            "{{ r.letter }}",
            "{{ r.portal }}",
            "{{ r.onestop }}",
        ],
        style="Cell Small",
    )
    _line(document, "{%p if not cases %}", after=0)
    _line(document, "Không có hồ sơ trễ hạn trong tháng.", italic=True, align=CENTER)
    _line(document, "{%p endif %}", after=0)
    document.core_properties.title = "Báo cáo tình hình giải quyết hồ sơ trễ hạn"
    document.save(str(path))


def build_notice(path: Path) -> None:
    """The monthly notice (cong-van-thang.docx), worded as the November 2024 one."""
    document = _document()
    _header(
        document,
        [
            ("{{ issuer_line1 }}", {"bold": True, "size": 13}),
            ("{{ issuer_line2 }}", {"bold": True, "size": 13}),
            ("—rule—", {"width": 2.5, "cell": 7.0}),
            ("Số:       /{{ notice_symbol }}", {"size": 13}),
            (
                "V/v công bố kết quả đánh giá Bộ chỉ số phục vụ người dân, doanh nghiệp "
                "tháng {{ period_label }}",
                {"size": 12},
            ),
        ],
    )
    _line(document, "", after=6)
    _line(document, "Kính gửi:", align=CENTER, after=0)
    for text in ("- Các cơ quan chuyên môn huyện;", "- UBND các xã, thị trấn."):
        paragraph = _line(document, text, after=0)
        paragraph.paragraph_format.left_indent = Cm(5.5)
    _line(document, "", after=0)
    body = [
        "{{ legal_basis }}",
        "Căn cứ kết quả trên Cổng Dịch vụ công quốc gia (https://dichvucong.gov.vn). Tại mục "
        "“Kết quả đánh giá Bộ chỉ số phục vụ người dân và doanh nghiệp của bộ, ngành, địa "
        "phương”. UBND huyện công bố kết quả Bộ Chỉ số phục vụ người dân và doanh nghiệp trong "
        "tháng {{ period_label }} như sau: Tổng số điểm huyện đạt: {{ score }}/100 điểm, xếp thứ "
        "{{ rank }} huyện, thị xã, thành phố. {% if score_change %}So với tháng "
        "{{ previous_label }}, tổng số điểm {{ score_change }}. {% endif %}Trong tháng "
        "{{ period_label }} ……………………………… (nhận xét xu hướng các tiêu chí) (số liệu tính đến "
        "thời điểm …… giờ …… phút ngày ……/……/……. Số liệu này có thể thay đổi theo thời gian).",
        "Qua rà soát trên hệ thống Dịch vụ công quốc gia, vẫn còn một số cơ quan chuyên môn "
        "huyện và các xã, thị trấn các tiêu chí còn thấp chưa đảm bảo theo quy định như:",
    ]
    for text in body:
        _line(document, text, style="Body")
    _line(document, "{%p for f in criteria %}", after=0)
    _line(document, "- {{ f.label }}: {{ f.value }}.", style="Body")
    _line(document, "{%p endfor %}", after=0)
    _line(
        document,
        "- Tổng số hồ sơ xử lý quá hạn: {{ late_total }} hồ sơ. (Các cơ quan chuyên môn huyện: "
        "{{ late_departments }} hồ sơ{% for c in late_communes %}; {{ c.name }}: {{ c.count }} "
        "hồ sơ{% endfor %}.)",
        style="Body",
    )
    _line(document, "{%p for m in units_below %}", after=0)
    _line(
        document,
        "- {{ m.label }}: {% for u in m.units %}{{ u.name }}: {{ u.value }};"
        "{% if not loop.last %} {% endif %}{% endfor %}",
        style="Body",
    )
    _line(document, "{%p endfor %}", after=0)
    _line(document, "(Có Phụ lục 1 kèm theo)", style="Body")
    demands = [
        "UBND huyện yêu cầu các cơ quan chuyên môn huyện và UBND các xã, thị trấn thực hiện một "
        "số nội dung sau:",
        "1. Tiếp tục thực hiện TTHC trực tuyến đảm bảo tối thiểu {{ targets.online }} trên tổng số "
        "hồ sơ tiếp nhận, giải quyết theo quy định.",
        "2. Thanh toán phí, lệ phí trực tuyến đối với tất cả TTHC có phát sinh phí, lệ phí đảm "
        "bảo tối thiểu {{ targets.online_payment }} theo quy định.",
        "3. Tăng cường khai thác, sử dụng lại thông tin, dữ liệu số hóa đảm bảo tối thiểu "
        "{{ targets.reuse }} theo quy định.",
        "4. Đảm bảo {{ targets.feedback_on_time }} tỷ lệ xử lý phản ánh, kiến nghị đúng hạn.",
        "5. Công bố, công khai TTHC đạt tỷ lệ {{ targets.procedures_published }} theo quy định.",
        "6. Mức độ hài lòng trong tiếp nhận, giải quyết TTHC của người dân, doanh nghiệp đảm bảo "
        "tối thiểu {{ targets.satisfaction }} theo quy định.",
    ]
    for text in demands:
        _line(document, text, style="Body")
    _line(document, "{%p if heads_named %}", after=0)
    _line(
        document,
        "7. {{ heads_named }} huyện tăng cường đôn đốc, nhắc nhở việc giải quyết dứt điểm tất cả "
        "hồ sơ trễ hạn trên hệ thống Dịch vụ công quốc gia và hệ thống Một cửa điện tử đảm bảo "
        "theo quy định. Đồng thời cung cấp thư xin lỗi của người dân Văn phòng HĐND và UBND "
        "huyện đăng tải trên Cổng thông tin điện tử huyện và cập nhật thư xin lỗi trên hệ thống "
        "Một cửa điện tử theo quy định. (có Phụ lục 2 kèm theo)",
        style="Body",
    )
    _line(document, "{%p endif %}", after=0)
    _line(
        document,
        "Trên đây là kết quả đánh giá Bộ Chỉ số phục vụ người dân và doanh nghiệp tháng "
        "{{ month }} năm {{ year }} trên địa bàn {{ area }}. Yêu cầu Thủ trưởng các cơ quan "
        "chuyên môn huyện và Chủ tịch UBND các xã, thị trấn thực hiện nghiêm tinh thần chỉ đạo "
        "tại công văn này./.",
        style="Body",
    )
    _signature(
        document,
        [
            "- Như trên;",
            "- Văn phòng UBND tỉnh {{ province }};",
            "- Sở Nội vụ tỉnh {{ province }};",
            "- CT, các PCT UBND huyện;",
            "- Lưu: VT, VP. HĐND và UBND huyện.",
        ],
        ["{{ leader_authority }}", "{{ leader_title }}"],
        "{{ leader_name }}",
    )
    document.core_properties.title = "Công văn công bố kết quả Bộ chỉ số tháng"
    document.save(str(path))


def main() -> None:
    from tracker.resources import resource_dir

    directory = resource_dir("letter_templates")
    build_monthly(directory / MONTHLY_TEMPLATE)
    build_notice(directory / NOTICE_TEMPLATE)
    print(f"Đã tạo {directory / MONTHLY_TEMPLATE} và {directory / NOTICE_TEMPLATE}")


if __name__ == "__main__":
    main()
