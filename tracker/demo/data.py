"""The November 2024 sample: 46 INVENTED late dossiers consistent with the seed notice.

The notice (UBND huyện Gò Dầu, 09/12/2024) gives only counts — 44 at district departments,
1 at xã Hiệp Thạnh, 1 at xã Thạnh Đức; its per-dossier annex is not public. Every name,
address, phone number and code below is made up, reproducibly from a fixed seed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from tracker.dates import Period
from tracker.demo import DemoMonth
from tracker.services.dossiers import NewDossier

DEMO_TODAY = dt.date(2024, 12, 9)  # the day the notice was signed
DEMO_PERIOD = Period(2024, 11)

# Reasons for the sample's dossiers that came without one: INVENTED, and marked as such.
DEMO_REASONS = (
    "Hồ sơ phải lấy ý kiến cơ quan liên quan nhưng chưa nhận được văn bản trả lời (lý do minh họa).",
    "Cán bộ thụ lý phải kiểm tra, xác minh thực địa (lý do minh họa).",
    "Hồ sơ cần bổ sung giấy tờ, người dân chưa nộp đủ (lý do minh họa).",
)
# The portal addresses of the demo's posted letters: INVENTED, on an example domain.
DEMO_PORTAL = "https://congthongtin.godau.example/xin-loi/{code}"
# The November 2024 notice's published figures (the seed), entered as a clerk would:
# (metric, value as typed, unit or None for the whole organisation).
SEED_FIGURES: tuple[tuple[str, str, str | None], ...] = (
    ("score", "87,07", None),
    ("rank", "8/9", None),
    ("digitised", "69,89", None),
    ("e_results", "70,85", None),
    ("reuse", "40,25", "cam-giang"),
    ("reuse", "41,79", "thanh-duc"),
    ("reuse", "4,55", "hiep-thanh"),
    ("reuse", "40,08", "bau-don"),
    ("reuse", "33,93", "go-dau"),
    ("reuse", "47,06", "phuoc-dong"),
)

# (unit name as the one-stop export writes it, unit code, count, procedures)
_UNITS: list[tuple[str, str, int, list[tuple[str, str, int]]]] = [
    (
        "Phòng Kinh tế và Hạ tầng huyện Gò Dầu",
        "ktht",
        16,
        [
            ("Cấp giấy phép xây dựng nhà ở riêng lẻ", "Hoạt động xây dựng", 15),
            ("Cấp giấy phép xây dựng sửa chữa, cải tạo công trình", "Hoạt động xây dựng", 15),
            ("Điều chỉnh giấy phép xây dựng", "Hoạt động xây dựng", 10),
            ("Cấp giấy phép xây dựng có thời hạn", "Hoạt động xây dựng", 15),
        ],
    ),
    (
        "Phòng TC-KH",
        "tckh",
        11,
        [
            ("Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh", 3),
            (
                "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
                "Thành lập và hoạt động của hộ kinh doanh",
                3,
            ),
            (
                "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh",
                "Thành lập và hoạt động của hộ kinh doanh",
                3,
            ),
            ("Đăng ký thành lập hợp tác xã", "Thành lập và hoạt động của hợp tác xã", 5),
        ],
    ),
    (
        "Phòng TN&MT",
        "tnmt",
        17,
        [
            (
                "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
                "Đất đai",
                10,
            ),
            ("Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai", 20),
            (
                "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền",
                "Đất đai",
                15,
            ),
            ("Tách thửa hoặc hợp thửa đất", "Đất đai", 15),
            ("Đính chính Giấy chứng nhận đã cấp", "Đất đai", 10),
        ],
    ),
    (
        "UBND xã Hiệp Thạnh",
        "hiep-thanh",
        1,
        [("Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", "Chứng thực", 2)],
    ),
    (
        "Ủy ban nhân dân xã Thạnh Đức",
        "thanh-duc",
        1,
        [("Đăng ký kết hôn có yếu tố nước ngoài", "Hộ tịch", 10)],
    ),
]

_FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Phan",
    "Trương",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
_MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hoàng", "Quốc", "Thị Kim", "Hữu", "Công"]
_GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trinh",
    "Tuấn",
    "Vy",
    "Yến",
    "Đạt",
    "Ánh",
]
_HAMLETS = [
    "ấp Rạch Sơn",
    "ấp Bến Mương",
    "ấp Cầu Xe",
    "ấp Trâm Vàng",
    "ấp Suối Cao",
    "khu phố Nội Ô",
    "ấp Bàu Mây",
    "ấp Phước Bình",
]
_COMMUNES = [
    "xã Thanh Phước",
    "xã Phước Đông",
    "xã Bàu Đồn",
    "thị trấn Gò Dầu",
    "xã Cẩm Giang",
    "xã Hiệp Thạnh",
    "xã Thạnh Đức",
    "xã Phước Thạnh",
]
_REASONS = [
    "Hồ sơ phải chờ kết quả xác minh nguồn gốc đất từ UBND xã.",
    "Cán bộ thụ lý nghỉ ốm đột xuất, chưa kịp bàn giao hồ sơ.",
    "Chờ ý kiến phối hợp của Chi cục Thuế khu vực về nghĩa vụ tài chính.",
    "Phải đo đạc lại ranh giới thửa đất do có tranh chấp với hộ liền kề.",
    "Hệ thống một cửa điện tử gặp sự cố, không chuyển được hồ sơ đúng hạn.",
    "Cần bổ sung ý kiến thẩm định của cơ quan chuyên môn cấp tỉnh.",
]


def invented_name(rng: random.Random) -> str:
    return f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


def invented_phone(rng: random.Random) -> str:
    return f"09{rng.randint(0, 99999999):08d}"


@dataclass(frozen=True)
class SampleDossier:
    code: str
    procedure: str
    field: str
    applicant: str
    address: str
    phone: str
    unit_name: str  # as an export writes it: full, abbreviated, with "huyện Gò Dầu"…
    unit_code: str
    received_at: dt.datetime
    due_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    reason: str | None


def _add_working_days(day: dt.date, count: int) -> dt.date:
    # Good enough for invented data in Oct–Nov 2024: no public holiday falls there.
    while count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def sample_dossiers(seed: int = 112024) -> list[SampleDossier]:
    """46 invented dossiers due in November 2024, every one settled or still open late."""
    rng = random.Random(seed)
    result: list[SampleDossier] = []
    sequence: dict[dt.date, int] = {}
    for unit_name, unit_code, count, procedures in _UNITS:
        for _ in range(count):
            procedure, field, duration = rng.choice(procedures)
            due = dt.date(2024, 11, rng.randint(1, 29))
            while due.weekday() >= 5:
                due += dt.timedelta(days=1)
            received = due
            for _step in range(duration):
                received -= dt.timedelta(days=1)
                while received.weekday() >= 5:
                    received -= dt.timedelta(days=1)
            finished: dt.date | None = _add_working_days(due, rng.randint(1, 6))
            if finished is not None and (finished >= DEMO_TODAY or rng.random() < 0.35):
                finished = None
            sequence[received] = sequence.get(received, 0) + 1
            code = f"000.00.19.H53-{received:%y%m%d}-{sequence[received]:04d}"
            name = invented_name(rng)
            address = (
                f"{rng.choice(_HAMLETS)}, {rng.choice(_COMMUNES)}, huyện Gò Dầu, tỉnh Tây Ninh"
            )
            phone = invented_phone(rng)
            hour = rng.randint(7, 16)
            result.append(
                SampleDossier(
                    code=code,
                    procedure=procedure,
                    field=field,
                    applicant=name,
                    address=address,
                    phone=phone,
                    unit_name=unit_name,
                    unit_code=unit_code,
                    received_at=dt.datetime.combine(received, dt.time(hour, rng.randint(0, 59))),
                    due_at=dt.datetime.combine(due, dt.time(17, 0)),
                    finished_at=(
                        dt.datetime.combine(finished, dt.time(rng.randint(8, 16), 30))
                        if finished
                        else None
                    ),
                    status="Đã trả kết quả" if finished else "Đang xử lý",
                    reason=rng.choice(_REASONS) if rng.random() < 0.6 else None,
                )
            )
    return sorted(result, key=lambda d: d.code)


def due_soon_filler(received: dt.date, due: dt.date) -> NewDossier:
    """Every dossier of the sample is late by 09/12/2024: this INVENTED one, in progress, shows
    the warning."""
    return NewDossier(
        code=f"000.00.19.H53-{received:%y%m%d}-9001",
        procedure="Cấp giấy phép xây dựng nhà ở riêng lẻ",
        applicant="Đặng Thị Bích Ngọc (tên bịa)",
        unit="ktht",
        received_at=received,
        due_at=due,
        field="Hoạt động xây dựng",
    )


NOVEMBER_2024 = DemoMonth(
    period=DEMO_PERIOD,
    today=DEMO_TODAY,
    samples=sample_dossiers,
    export_titles=(
        "UBND HUYỆN GÒ DẦU — HỆ THỐNG THÔNG TIN GIẢI QUYẾT TTHC",
        "DANH SÁCH HỒ SƠ TRỄ HẠN",
        "Từ ngày 01/11/2024 đến ngày 30/11/2024 (dữ liệu BỊA để chạy thử)",
    ),
    import_as_month=True,
    expected_late=(),
    filler=due_soon_filler,
    portal=DEMO_PORTAL,
    reminded_unit="ktht",
    figures=SEED_FIGURES,
)
