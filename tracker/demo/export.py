"""Write an XLSX shaped like a one-stop system's export of late dossiers.

Title rows above the header (merged across the table), a column-number row, the data, a
totals row at the bottom: the shape `tracker import` must read. Used by `tracker demo` (both
of its months) and the benchmarks (bench/generate.py), so all feed the importer the same kind
of file.
openpyxl stays the tool for writing XLSX (calamine only reads); write-only mode streams.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.output_files import output_path

if TYPE_CHECKING:
    from tracker.demo.data import SampleDossier


def write_export(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    titles: Sequence[str] = ("DANH SÁCH HỒ SƠ TRỄ HẠN",),
    totals: str | None = None,
    numbered: bool = True,
    sheet: str = "Danh sách",
) -> int:
    """Write the export; returns the number of data rows. A leading `STT` column is added."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    width = len(headers) + 1
    last = get_column_letter(width)
    for line, title in enumerate(titles, start=1):
        worksheet.merged_cells.add(f"A{line}:{last}{line}")
        worksheet.append([title])
    worksheet.append([])
    worksheet.append(["STT", *headers])
    if numbered:
        worksheet.append([f"({n})" for n in range(1, width + 1)])
    count = 0
    for count, row in enumerate(rows, start=1):
        worksheet.append([count, *row])
    if totals is not None:
        line = len(titles) + 3 + int(numbered) + count
        worksheet.merged_cells.add(f"A{line}:{get_column_letter(min(width, 4))}{line}")
        worksheet.append([totals])
    with output_path(path, overwrite=True) as temporary:
        workbook.save(temporary)
    return count


DEMO_HEADERS = (
    "Số hồ sơ",
    "Tên thủ tục hành chính",
    "Lĩnh vực",
    "Chủ hồ sơ",
    "Địa chỉ",
    "Số điện thoại",
    "Đơn vị/ cá nhân giải quyết",
    "Ngày tiếp nhận",
    "Ngày hẹn trả kết quả",
    "Ngày có kết quả",
    "Trạng thái",
    "Lý do trễ hẹn",
)


def write_sample_export(
    path: Path, samples: Sequence[SampleDossier], *, titles: Sequence[str]
) -> int:
    """Invented dossiers as a one-stop system would export them, under its title rows."""
    return write_export(
        path,
        DEMO_HEADERS,
        (
            (
                s.code,
                s.procedure,
                s.field,
                s.applicant,
                s.address,
                s.phone,
                s.unit_name,
                s.received_at,
                s.due_at,
                s.finished_at,
                s.status,
                s.reason,
            )
            for s in samples
        ),
        titles=titles,
        totals=f"Tổng cộng: {len(samples)} hồ sơ",
    )
