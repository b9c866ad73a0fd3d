"""Builds `bao-cao-thang.docx`, the leadership's monthly printout: every phrase of it is here,
as template text with Jinja placeholders, never in tracker's rendering code."""

from __future__ import annotations

from pathlib import Path

from letter_templates.builders import layout
from letter_templates.builders.printout import (
    BODY_WIDTH_CM,
    CENTER,
    appendix_heading,
    chart,
    figures_table,
    grid,
    header,
    line,
    new_document,
    repeated,
    signature,
)


def build_monthly(path: Path) -> Path:
    """The leadership's monthly printout (bao-cao-thang.docx)."""
    document = new_document()
    header(
        document,
        [
            ("{{ governing_body }}", {"size": 13}),
            ("{{ office_name_upper }}", {"bold": True, "size": 13}),
            ("—rule—", {"width": 2.5, "cell": 7.0}),
        ],
        [("Số:       /BC-{{ office_abbr }}", {"size": 13})],
    )
    line(document, "", after=6)
    line(document, "BÁO CÁO", style="Title Centre")
    line(
        document,
        "Tình hình giải quyết hồ sơ trễ hạn tháng {{ period_label }}",
        style="Title Centre",
    )
    rule = line(document, "")
    layout.rule(rule, 3.5, BODY_WIDTH_CM)
    line(document, "Kính gửi: Lãnh đạo {{ org_name }}.", align=CENTER, after=12)
    line(document, "I. TÌNH HÌNH CHUNG", style="Heading")
    line(
        document,
        "Trong tháng {{ period_label }} (số liệu tính đến ngày {{ as_of }}), có {{ t.late }} hồ sơ "
        "giải quyết trễ hạn: {% if has_communes %}các cơ quan chuyên môn {{ d.late }} hồ sơ, UBND "
        "các xã, thị trấn {{ c.late }} hồ sơ{% else %}{% for u in units %}{{ u.body_name }} "
        "{{ u.late }} hồ sơ{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}. Trong đó {{ t.resolved }} hồ sơ đã có kết quả, {{ t.open }} hồ sơ "
        "chưa có kết quả.{% if cases %} Số ngày trễ (ngày làm việc): trung bình {{ t.mean }} "
        "ngày, nhiều nhất {{ t.max }} ngày.{% endif %}{% if change %} So với tháng {{ previous_label }}: {{ change }}.{% endif %}",
        style="Body",
    )
    line(
        document,
        "Thư xin lỗi: đã soạn {{ t.letters_drafted }} thư — {{ t.letters_reschedule }} thư nêu "
        "ngày hẹn trả mới cho hồ sơ chưa có kết quả, {{ t.letters_apology }} thư xin lỗi cho hồ "
        "sơ đã trả kết quả trễ hạn ({{ t.on_time_apologies }} thư đúng hạn, {{ t.late_apologies }} "
        "thư muộn so với hạn {{ deadline_basis }}), đã ban hành "
        "{{ t.letters_issued }} thư; đã đăng trên Cổng thông tin điện tử {{ t.published_portal }} "
        "thư, đã cập nhật trên Hệ thống thông tin một cửa điện tử {{ t.updated_onestop }} thư; "
        "còn {{ t.outstanding }} hồ sơ trễ hạn chưa công khai thư xin lỗi.",
        style="Body",
    )
    line(document, "II. TÌNH HÌNH THEO ĐƠN VỊ", style="Heading")
    grid(
        document,
        [
            "STT",
            "Đơn vị",
            "Trễ hạn",
            "± tháng trước",
            "Chưa có KQ",
            "Đã có KQ",
            "Số ngày trễ (trung bình / nhiều nhất)",
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
            "{{ u.mean }} / {{ u.max }}",
            "{{ u.letters_drafted }}",
            "{{ u.letters_issued }}",
            "{{ u.late_apologies }}",
            "{{ u.published_portal }}",
            "{{ u.updated_onestop }}",
            "{{ u.outstanding }}",
        ],
        totals_if="has_communes",
        totals=[
            [
                "",
                label,
                f"{{{{ {key}.late }}}}",
                f"{{{{ {key}.change }}}}",
                f"{{{{ {key}.open }}}}",
                f"{{{{ {key}.resolved }}}}",
                f"{{{{ {key}.mean }}}} / {{{{ {key}.max }}}}",
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
        centre=(0, *range(2, 13)),
    )
    line(document, "{%p if not has_previous %}", after=0)
    line(
        document,
        "Cột «± tháng trước» để trống: tháng {{ previous_label }} chưa có số liệu hồ sơ để so "
        "sánh.",
        italic=True,
        size=12,
    )
    line(document, "{%p endif %}", after=0)
    chart(
        document, "chart_units", "Biểu đồ 1. Số hồ sơ trễ hạn theo đơn vị, tháng {{ period_label }}"
    )
    chart(document, "chart_trend", "Biểu đồ 2. Số hồ sơ trễ hạn các tháng gần đây")
    line(document, "III. THEO NGƯỜI ĐỨNG ĐẦU ĐƠN VỊ", style="Heading")
    grid(
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
        centre=(0, *range(3, 9)),
    )
    line(document, "", after=0)
    line(document, "IV. BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP", style="Heading")
    line(document, "{%p if index %}", after=0)
    line(
        document,
        "{% if index.score %}Tổng số điểm tháng {{ period_label }}: {{ index.score }}/100 điểm"
        "{% if index.rank %}, xếp thứ {{ index.rank }}{% endif %}.{% else %}Chưa có tổng số "
        "điểm tháng {{ period_label }}.{% endif %} Kết quả các chỉ số so với chỉ tiêu:",
        style="Body",
    )
    figures_table(document, "index.figures")
    line(document, "", after=0)
    repeated(
        document,
        "m in index.units_below",
        "Chưa đạt chỉ tiêu {{ m.target }} về {{ m.label_lower }}: "
        "{% for u in m.units %}{{ u.name }} {{ u.value }}{% if not loop.last %}; "
        "{% endif %}{% endfor %}.",
    )
    line(document, "{%p if index.missing %}", after=0)
    line(document, "Chưa có số liệu: {{ index.missing }}.", style="Body")
    line(document, "{%p endif %}", after=0)
    line(document, "{%p else %}", after=0)
    line(
        document,
        "Chưa có số liệu Bộ chỉ số tháng {{ period_label }}: tổng số điểm, xếp hạng và các tỷ "
        "lệ công bố trên Cổng Dịch vụ công quốc gia chưa được cập nhật vào hệ thống theo dõi.",
        style="Body",
    )
    line(document, "{%p endif %}", after=0)
    line(document, "V. ĐỀ XUẤT", style="Heading")
    line(
        document,
        "Đề nghị Thủ trưởng các cơ quan chuyên môn{% if has_communes %} và Chủ tịch UBND các xã, "
        "thị trấn{% else %}, đơn vị{% endif %} có hồ sơ trễ hạn chỉ đạo giải quyết dứt điểm; gửi "
        "thư xin lỗi{% if deadline_basis %} chậm nhất {{ deadline_basis }}{% endif %}; cung cấp "
        "thư xin lỗi đã ký để đăng tải trên Cổng thông tin điện "
        "tử và cập nhật trên Hệ thống thông tin một cửa điện tử theo quy định.",
        style="Body",
    )
    line(
        document,
        "Trên đây là báo cáo tình hình giải quyết hồ sơ trễ hạn tháng {{ period_label }}./.",
        style="Body",
    )
    signature(
        document,
        ["- Như trên;", "- Lưu: VT, {{ office_abbr }}."],
        ["{{ office_head_title_upper }}"],
        "{{ office_head }}",
    )
    layout.landscape_section(document)
    appendix_heading(
        document,
        "Phụ lục",
        "DANH SÁCH HỒ SƠ TRỄ HẠN THÁNG {{ period_label }}",
        "(Kèm theo Báo cáo số       /BC-{{ office_abbr }} ngày {{ date_short }} của "
        "{{ office_name }})",
    )
    grid(
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
        [0.8, 2.5, 2.7, 1.8, 1.9, 1.8, 1.8, 1.8, 0.9, 2.9, 1.7, 2.0, 1.8, 1.8],
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
        centre=(0, 5, 6, 7, 8, 12, 13),
    )
    line(document, "{%p if not cases %}", after=0)
    line(document, "Không có hồ sơ trễ hạn trong tháng.", italic=True, align=CENTER)
    line(document, "{%p endif %}", after=0)
    document.core_properties.title = "Báo cáo tình hình giải quyết hồ sơ trễ hạn"
    document.save(str(path))
    return path
