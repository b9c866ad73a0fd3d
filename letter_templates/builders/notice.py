"""Builds `cong-van-thang.docx`, the month's notice, worded as the November 2024 one of UBND
huyện Gò Dầu (the seed), with the two appendices it names in a landscape section after it:
Phụ lục 1, the index figures against their targets; Phụ lục 2, the late dossiers by unit."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Cm

from letter_templates.builders import layout, printout
from letter_templates.builders.printout import line

# The words that depend on whether communes answer to the organisation (a district) or not
# (a commune, whose notice goes to its own departments and units).
PEERS = "{% if has_communes %}huyện, thị xã, thành phố{% else %}xã, phường, đặc khu{% endif %}"
UNITS = (
    "{% if has_communes %}cơ quan chuyên môn {{ level }} và các xã, thị trấn{% else %}cơ quan "
    "chuyên môn, đơn vị thuộc UBND {{ level }}{% endif %}"
)
UNITS_AND_COMMITTEES = (
    "{% if has_communes %}cơ quan chuyên môn {{ level }} và UBND các xã, thị trấn{% else %}cơ "
    "quan chuyên môn, đơn vị thuộc UBND {{ level }}{% endif %}"
)
UNITS_AND_CHAIRS = (
    "{% if has_communes %}cơ quan chuyên môn {{ level }} và Chủ tịch UBND các xã, thị trấn"
    "{% else %}cơ quan chuyên môn, đơn vị thuộc UBND {{ level }}{% endif %}"
)
ATTACHED = (
    "(Kèm theo Công văn số       /{{ notice_symbol }} ngày {{ date_short }} của {{ org_name }})"
)


def _body(document: DocxDocument) -> None:
    line(document, "", after=6)
    line(document, "Kính gửi:", align=printout.CENTER, after=0)
    # A district writes to its departments and its communes; a commune to its own units.
    line(document, "{%p if has_communes %}", after=0)
    for text in (
        "- Các cơ quan chuyên môn {{ level }};",
        "- UBND các xã, thị trấn.",
        "{%p else %}",
        "- Các cơ quan chuyên môn, đơn vị thuộc UBND {{ level }}.",
    ):
        paragraph = line(document, text, after=0)
        paragraph.paragraph_format.left_indent = Cm(5.5)
    line(document, "{%p endif %}", after=0)
    line(document, "", after=0)
    body = [
        "{{ legal_basis }}",
        "Căn cứ kết quả trên Cổng Dịch vụ công quốc gia (https://dichvucong.gov.vn). Tại mục "
        "“Kết quả đánh giá Bộ chỉ số phục vụ người dân và doanh nghiệp của bộ, ngành, địa "
        "phương”. UBND {{ level }} công bố kết quả Bộ Chỉ số phục vụ người dân và doanh nghiệp "
        "trong tháng {{ period_label }} như sau: Tổng số điểm {{ level }} đạt: {{ score }}/100 "
        f"điểm, xếp thứ {{{{ rank }}}} {PEERS}. {{% if score_change %}}So với tháng "
        "{{ previous_label }}, tổng số điểm {{ score_change }}. {% endif %}{% if changes %}So với "
        "tháng {{ previous_label }}: {% for c in changes %}{{ c.label_lower }} {% if c.rose %}"
        "tăng từ {{ c.before }} lên {{ c.after }}{% else %}giảm từ {{ c.before }} xuống "
        "{{ c.after }}{% endif %}{% if not loop.last %}; {% endif %}{% endfor %}. {% endif %}"
        "(Số liệu trên Cổng Dịch vụ công quốc gia có thể thay đổi theo thời gian.)",
        f"Qua rà soát trên hệ thống Dịch vụ công quốc gia, vẫn còn một số {UNITS} các tiêu chí "
        "còn thấp chưa đảm bảo theo quy định như:",
    ]
    for text in body:
        line(document, text, style="Body")
    printout.repeated(document, "f in criteria", "- {{ f.label }}: {{ f.value }}.")
    line(
        document,
        "- {% if dossiers %}Tổng số hồ sơ xử lý quá hạn: {{ late_total }} hồ sơ. "
        "{% if has_communes %}(Các cơ quan chuyên môn {{ level }}: {{ late_departments }} hồ sơ"
        "{% for c in late_communes %}; {{ c.name }}: {{ c.count }} hồ sơ{% endfor %}.)"
        "{% else %}({% for u in late_units %}{{ u.name }}: {{ u.count }} hồ sơ"
        "{% if not loop.last %}; {% endif %}{% endfor %}.){% endif %}"
        "{% else %}Không có hồ sơ xử lý quá hạn.{% endif %}",
        style="Body",
    )
    printout.repeated(
        document,
        "m in units_below",
        "- {{ m.label }}: {% for u in m.units %}{{ u.name }}: {{ u.value }};"
        "{% if not loop.last %} {% endif %}{% endfor %}",
    )
    line(document, "(Có Phụ lục 1 kèm theo)", style="Body")


def _demands(document: DocxDocument) -> None:
    demands = [
        f"UBND {{{{ level }}}} yêu cầu các {UNITS_AND_COMMITTEES} thực hiện một số nội dung sau:",
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
        line(document, text, style="Body")
    line(document, "{%p if heads_named %}", after=0)
    line(
        document,
        "7. {% if heads_departments %}{{ heads_departments }}{% if has_communes %} {{ level }}"
        "{% endif %}{% if heads_others %} và "
        "{% endif %}{% endif %}{{ heads_others }} tăng cường đôn đốc, nhắc nhở việc giải quyết "
        "dứt điểm tất cả hồ sơ trễ hạn trên hệ thống Dịch vụ công quốc gia và hệ thống Một cửa "
        "điện tử đảm bảo theo quy định. Đồng thời cung cấp thư xin lỗi của người dân Văn phòng "
        "HĐND và UBND {{ level }} đăng tải trên Cổng thông tin điện tử {{ level }} và cập nhật "
        "thư xin lỗi "
        "trên hệ thống Một cửa điện tử theo quy định. (có Phụ lục 2 kèm theo)",
        style="Body",
    )
    line(document, "{%p endif %}", after=0)
    line(
        document,
        "Trên đây là kết quả đánh giá Bộ Chỉ số phục vụ người dân và doanh nghiệp tháng "
        "{{ month }} năm {{ year }} trên địa bàn {{ area }}. Yêu cầu Thủ trưởng các "
        f"{UNITS_AND_CHAIRS} thực hiện nghiêm tinh thần chỉ đạo tại công văn này./.",
        style="Body",
    )
    printout.signature(
        document,
        [
            "- Như trên;",
            "- Văn phòng UBND tỉnh {{ province }};",
            "- Sở Nội vụ tỉnh {{ province }};",
            "- CT, các PCT UBND {{ level }};",
            "- Lưu: VT, VP. HĐND và UBND {{ level }}.",
        ],
        ["{{ leader_authority }}", "{{ leader_title }}"],
        "{{ leader_name }}",
    )


def _figures_appendix(document: DocxDocument) -> None:
    """Phụ lục 1: every rate entered for the month against its target; a rate reported per
    unit has its units on the lines below it (1.1, 1.2 …)."""
    printout.appendix_heading(
        document,
        "Phụ lục 1",
        "KẾT QUẢ BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP THÁNG {{ period_label }}",
        ATTACHED,
    )
    line(
        document,
        f"Tổng số điểm: {{{{ score }}}}/100 điểm; xếp thứ {{{{ rank }}}} {PEERS}.",
        align=printout.CENTER,
    )
    line(document, "{%p if figures %}", after=0)
    printout.figures_table(document, "figures", widths=[1.4, 12.0, 3.6, 3.6, 4.0])
    line(document, "{%p else %}", after=0)
    line(
        document,
        "Chưa có số liệu các chỉ số của tháng {{ period_label }}.",
        italic=True,
        align=printout.CENTER,
    )
    line(document, "{%p endif %}", after=0)


def _dossiers_appendix(document: DocxDocument) -> None:
    """Phụ lục 2, on a page of its own: the late dossiers, grouped by unit."""
    line(document, "{%p if dossiers %}", after=0)
    printout.appendix_heading(
        document,
        "Phụ lục 2",
        "DANH SÁCH HỒ SƠ XỬ LÝ QUÁ HẠN THÁNG {{ period_label }}",
        ATTACHED,
        new_page=True,
    )
    line(
        document,
        "Tổng số: {{ late_total }} hồ sơ. Tên chủ hồ sơ chỉ ghi họ và chữ cái đầu của tên đệm, "
        "tên để bảo vệ dữ liệu cá nhân; đơn vị giải quyết tra cứu đầy đủ theo mã hồ sơ trên Hệ "
        "thống thông tin một cửa điện tử.",
        italic=True,
        size=12,
    )
    printout.grouped_grid(
        document,
        ["STT", "Mã hồ sơ", "Thủ tục hành chính", "Chủ hồ sơ", "Ngày hẹn trả",
         "Ngày có kết quả", "Số ngày trễ", "Thư xin lỗi (số, ngày)"],
        [1.2, 4.6, 7.4, 3.0, 2.3, 2.3, 1.6, 3.8],
        ("g in dossiers", ["{{ g.no }}", "{{ g.name }}: {{ g.count }} hồ sơ"]),
        ("r in g.dossiers", ["{{ r.no }}", "{{ r.code }}", "{{ r.procedure }}",
                             "{{ r.applicant }}", "{{ r.due_at }}", "{{ r.finished_at }}",
                             "{{ r.days_late }}",
                             "{% if r.letter_number %}{{ r.letter_number }} ngày "
                             "{{ r.letter_date }}{% else %}Chưa có{% endif %}"]),
        style="Cell Small",
        centre=(0, 4, 5, 6),
    )  # fmt: skip
    line(document, "{%p endif %}", after=0)


def build_notice(path: Path) -> Path:
    """The monthly notice (cong-van-thang.docx), worded as the November 2024 one."""
    document = printout.new_document()
    printout.header(
        document,
        [
            ("{{ issuer_line1 }}", {"bold": True, "size": 13}),
            ("{{ issuer_line2 }}", {"bold": True, "size": 13}),
            ("—rule—", {"width": 2.5, "cell": 7.0}),
        ],
        [
            ("Số:       /{{ notice_symbol }}", {"size": 13}),
            (
                "V/v công bố kết quả đánh giá Bộ chỉ số phục vụ người dân, doanh nghiệp "
                "tháng {{ period_label }}",
                {"size": 12},
            ),
        ],
    )
    _body(document)
    _demands(document)
    layout.landscape_section(document)
    _figures_appendix(document)
    _dossiers_appendix(document)
    document.core_properties.title = "Công văn công bố kết quả Bộ chỉ số tháng"
    document.save(str(path))
    return path
