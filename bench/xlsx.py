"""`--format xlsx` of a big list: tracker's writer against openpyxl's write-only mode fed the
same rows as plain values (the floor: no kinds, no widths, no number formats, no header style).

Goal: a list of N dossiers written within 2× the floor, memory flat (write-only).

    .venv/bin/python bench/xlsx.py [--rows 20000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import figures, print_table, turn_about, verdict

GOAL = 2.0
HEADERS = ["Mã hồ sơ", "Thủ tục", "Chủ hồ sơ", "Đơn vị", "Người chịu trách nhiệm", "Hẹn trả",
           "Có kết quả", "Ngày trễ", "Lý do", "Thư xin lỗi"]  # fmt: skip


def rows_of(count: int) -> list[list[Any]]:
    """Rows shaped as `cases list` hands them to the writer: raw dates, ints, None."""
    return [
        [
            f"000.00.19.H53-2411{n % 28 + 1:02d}-{n:06d}",
            "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
            f"Nguyễn Văn {n}",
            "Phòng Tài nguyên và Môi trường",
            "Nguyễn Hoàng Phúc",
            dt.date(2024, 11, n % 28 + 1),
            None if n % 3 else dt.date(2024, 12, 2),
            n % 30,
            None if n % 5 == 0 else "Chờ xác minh nguồn gốc đất từ UBND xã",
            "dự thảo",
        ]
        for n in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    rows = rows_of(options.rows)
    folder = Path(tempfile.mkdtemp(prefix="tracker-xlsx-"))

    def tracker() -> float:
        from tracker.cli.xlsx import write_workbook

        start = time.perf_counter()
        write_workbook(folder / "tracker.xlsx", [("Hồ sơ", HEADERS, rows)])
        return time.perf_counter() - start

    def floor() -> float:
        from openpyxl import Workbook

        start = time.perf_counter()
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Hồ sơ")
        sheet.append(HEADERS)
        for row in rows:
            sheet.append(row)
        book.save(folder / "floor.xlsx")
        return time.perf_counter() - start

    name = f"tracker write_workbook, {options.rows:,} rows"
    times = turn_about({"openpyxl write-only, plain values": floor, name: tracker},
                       rounds=options.rounds)  # fmt: skip
    table = figures(
        times, baseline="openpyxl write-only, plain values", targets={name: f"≤ {GOAL}×"}
    )
    print_table(f"XLSX of a {options.rows:,}-dossier list", table, rounds=options.rounds)
    print(verdict(table[-1], GOAL))


if __name__ == "__main__":
    main()
