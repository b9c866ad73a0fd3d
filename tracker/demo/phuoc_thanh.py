"""The demo after the reform: the plan of 1 July 2025, the commune that keeps the database, and
an October 2026 at xã Phước Thạnh — every dossier, name, address, phone number and code INVENTED.

The database of huyện Gò Dầu lives on: the shipped plan `go-dau-2025` ends the district and
its communes and begins the five new ones (xã Phước Thạnh = Hiệp Thạnh + Phước Trạch + Phước
Thạnh); the demo then supposes that UBND xã Phước Thạnh keeps using it. The commune's
departments are those of the `phuoc-thanh` preset, read from that file (its units are the one
description of them), under codes of their own here: the preset's `vp` is the district's
Văn phòng, which ended but keeps its code for its 2024 letters, and the preset's `ubnd` is the
People's Committee the plan already began as `xa-phuoc-thanh`.
"""

from __future__ import annotations

import datetime as dt
import random

from tracker.dates import Period
from tracker.demo import DemoMonth
from tracker.demo.data import SampleDossier, invented_name, invented_phone
from tracker.services.dossiers import NewDossier

REFORM_PLAN = "go-dau-2025"  # tracker/presets/plans/go_dau_2025.toml
REFORM_DAY = dt.date(2025, 7, 1)  # Nghị quyết 1682/NQ-UBTVQH15 in force
COMMUNE_PRESET = "phuoc-thanh"  # tracker/presets/phuoc_thanh.toml
COMMUNE = "xa-phuoc-thanh"  # the plan's code for the new commune's People's Committee
# The preset's unit codes → the demo database's ("pt": Phước Thạnh).
COMMUNE_CODES = {
    "ubnd": COMMUNE,
    "vp": "pt-vp",
    "kt": "pt-kt",
    "vhxh": "pt-vhxh",
    "tthcc": "pt-tthcc",
}

# One INVENTED dossier of xã Phước Trạch, still open when the commune merges: the plan hands
# it to xã Phước Thạnh and its head, who settles it on time.
BRIDGE = NewDossier(
    code="000.00.19.H53-250626-0007",
    procedure="Đăng ký kết hôn",
    applicant="Lâm Thị Mỹ Duyên (tên bịa)",
    unit="phuoc-trach",
    received_at=dt.date(2025, 6, 26),
    due_at=dt.date(2025, 7, 3),
    field="Hộ tịch",
    applicant_address="ấp Phước Tân, xã Phước Trạch, huyện Gò Dầu, tỉnh Tây Ninh",
)
BRIDGE_RECORDED = dt.date(2025, 6, 30)  # recorded by xã Phước Trạch on its last day
BRIDGE_SETTLED = dt.date(2025, 7, 3)  # settled on its due date by xã Phước Thạnh

TODAY_2026 = dt.date(2026, 11, 2)  # a Monday: two dossiers fall due on 03/11 and 04/11
PERIOD_2026 = Period(2026, 10)
PORTAL_2026 = "https://phuocthanh.tayninh.example/xin-loi/{code}"

_KT, _VHXH, _UBND = "Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "UBND xã Phước Thạnh"
_BUILD, _HOUSEHOLD = "Hoạt động xây dựng", "Thành lập và hoạt động của hộ kinh doanh"
_WELFARE = "Bảo trợ xã hội"
_HOUSE_PERMIT = "Cấp giấy phép xây dựng nhà ở riêng lẻ"
_DISABILITY = "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật"
_ALLOWANCE = "Thực hiện trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã hội"
# (unit as the export writes it, procedure, field, received, due, result or None, reason)
_ROWS: tuple[tuple[str, str, str, str, str, str | None, str | None], ...] = (
    (_KT, _HOUSE_PERMIT, _BUILD, "14/09", "05/10", "09/10",
     "Phải kiểm tra thực địa vị trí xây dựng do hộ liền kề có ý kiến về ranh đất."),
    (_VHXH, _ALLOWANCE, _WELFARE, "17/09", "08/10", "14/10",
     "Phải xác minh điều kiện hưởng trợ cấp tại nơi cư trú trước đây của người đề nghị."),
    (_UBND, "Đăng ký kết hôn", "Hộ tịch", "05/10", "12/10", "14/10",
     "Phải xác minh tình trạng hôn nhân của người đăng ký tại nơi cư trú trước đây."),
    ("Phòng KT", "Đăng ký thành lập hộ kinh doanh", _HOUSEHOLD, "12/10", "15/10", "20/10",
     "Hệ thống thông tin quốc gia về đăng ký hộ kinh doanh gián đoạn, chưa cấp được mã số."),
    (_VHXH, _DISABILITY, _WELFARE, "28/09", "19/10", "23/10",
     "Hội đồng xác định mức độ khuyết tật chưa họp được do chưa đủ thành viên."),
    (_VHXH, _ALLOWANCE, _WELFARE, "01/10", "22/10", "21/10", None),  # settled on time
    (_KT, "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", _HOUSEHOLD, "19/10", "22/10",
     "28/10", "Người nộp bổ sung giấy tờ chậm so với thời hạn đã hẹn."),
    (_KT, _HOUSE_PERMIT, _BUILD, "05/10", "26/10", None,
     "Chờ ý kiến của Sở Xây dựng về chỉ giới xây dựng dọc tuyến đường tỉnh."),
    ("Ủy ban nhân dân xã Phước Thạnh", "Chứng thực hợp đồng, giao dịch liên quan đến tài "
     "sản là động sản", "Chứng thực", "26/10", "28/10", None,
     "Phải xác minh quyền sở hữu tài sản của bên chuyển nhượng."),
    # Open, due this week: the heads foresee they will not make it (EXPECTED_LATE).
    ("Phòng KT", _HOUSE_PERMIT, _BUILD, "13/10", "03/11", None,
     "Bản vẽ phải điều chỉnh theo quy hoạch chung xã vừa được phê duyệt."),
    ("Phòng VH-XH", _DISABILITY, _WELFARE, "14/10", "04/11", None,
     "Chờ kết quả khám giám định của cơ sở y tế tuyến tỉnh."),
)  # fmt: skip
_HAMLETS = ("ấp Phước Đức", "ấp Hiệp Trường", "ấp Trâm Vàng", "ấp Phước Hòa", "ấp Xóm Đồng")


def _day(text: str) -> dt.date:
    day, month = (int(part) for part in text.split("/"))
    return dt.date(2026, month, day)


def sample_dossiers(seed: int = 102026) -> list[SampleDossier]:
    """The 11 INVENTED dossiers of the export of 02/11/2026: 9 due in October 2026 (8 late,
    1 on time) and 2 in progress due this week."""
    rng = random.Random(seed)
    sequence: dict[dt.date, int] = {}
    result = []
    for unit_name, procedure, field, received_text, due_text, done, reason in _ROWS:
        received, due = _day(received_text), _day(due_text)
        finished = _day(done) if done else None
        sequence[received] = sequence.get(received, 0) + 1
        result.append(
            SampleDossier(
                # 000.00.60.H53: an INVENTED electronic ID for the commune's one-stop desk.
                code=f"000.00.60.H53-{received:%y%m%d}-{sequence[received]:04d}",
                procedure=procedure,
                field=field,
                applicant=invented_name(rng),
                address=f"{rng.choice(_HAMLETS)}, xã Phước Thạnh, tỉnh Tây Ninh",
                phone=invented_phone(rng),
                unit_name=unit_name,
                unit_code="",
                received_at=dt.datetime.combine(received, dt.time(rng.randint(7, 16), 10)),
                due_at=dt.datetime.combine(due, dt.time(17, 0)),
                finished_at=dt.datetime.combine(finished, dt.time(15, 30)) if finished else None,
                status="Đã trả kết quả" if finished else "Đang xử lý",
                reason=reason,
            )
        )
    return result


EXPECTED_LATE = tuple(
    s.code for s in sample_dossiers() if s.finished_at is None and s.due_at.date() > TODAY_2026
)


OCTOBER_2026 = DemoMonth(
    period=PERIOD_2026,
    today=TODAY_2026,
    samples=sample_dossiers,
    export_titles=(
        "UBND XÃ PHƯỚC THẠNH — HỆ THỐNG THÔNG TIN GIẢI QUYẾT TTHC TỈNH TÂY NINH",
        "DANH SÁCH HỒ SƠ TRỄ HẠN VÀ HỒ SƠ SẮP ĐẾN HẠN",
        "Hồ sơ hẹn trả từ ngày 01/10/2026 đến ngày 04/11/2026 (dữ liệu BỊA để chạy thử)",
    ),
    import_as_month=False,
    expected_late=EXPECTED_LATE,
    filler=None,
    portal=PORTAL_2026,
    reminded_unit=COMMUNE_CODES["kt"],
    figures=(),
)
