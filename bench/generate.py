"""Reproducible one-stop exports: N late dossiers over the go-dau preset's 21 units and the 24
months up to November 2024, as the files clerks hand over.

    .venv/bin/python bench/generate.py --rows 100000 --seed 1 --out DIR [--formats csv,xlsx]

writes DIR/export-vV-N-seedS.csv (UTF-8 with BOM, `;`, text dates — what Excel on a Vietnamese
Windows saves) and DIR/export-vV-N-seedS.xlsx (title rows, a column-number row, real Excel dates,
a totals row — what the one-stop system exports). The same (N, seed) always gives the same rows,
in the same order, in both files. Units are written the many ways exports write them (full
name, with "huyện Gò Dầu", abbreviations, "UBND xã …"), codes have the official shape
(`000.00.19.H53-YYMMDD-XXXX`, unique, in date order of reception, not in code order).

Other benchmarks import `export_rows`, `write_csv`, `write_xlsx` and `unit_spellings`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.demo.export import DEMO_HEADERS, write_export  # noqa: E402

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PRESET = ROOT / "tracker" / "presets" / "go_dau.toml"
FIRST_DAY = dt.date(2022, 12, 1)  # 24 months: December 2022 … November 2024
LAST_DAY = dt.date(2024, 11, 30)
RECENT_DAYS = 61
# Bumped whenever the generated data changes, so that cached exports and databases are rebuilt.
DATA_VERSION = 2

# The demo export's vendor headers, without its "Lý do trễ hẹn" column.
HEADERS = DEMO_HEADERS[:-1]
PROCEDURES = (
    ("Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai"),
    ("Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", "Đất đai"),
    ("Cấp giấy phép xây dựng nhà ở riêng lẻ", "Hoạt động xây dựng"),
    ("Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh"),
    ("Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực"),
    ("Đăng ký khai sinh", "Hộ tịch"),
    ("Xác nhận tình trạng hôn nhân", "Hộ tịch"),
    ("Cấp giấy phép kinh doanh karaoke", "Văn hóa"),
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ")
MIDDLE = ("Văn", "Thị", "Minh", "Ngọc", "Hữu", "Quốc", "Thị Kim", "Hoàng")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Hạnh", "Khánh", "Lan", "Phúc", "Tâm", "Yến", "Đạt")
HAMLETS = ("ấp Rạch Sơn", "ấp Bến Mương", "ấp Cầu Xe", "khu phố Nội Ô", "ấp Bàu Mây")


def unit_spellings() -> list[tuple[str, str]]:
    """(unit code, text) for every way an export writes a preset unit — all resolvable."""
    preset = tomllib.loads(PRESET.read_text(encoding="utf-8"))
    spellings = []
    for unit in preset["units"]:
        code, name = unit["code"], unit["name"]
        names = [name, *unit.get("aliases", []), f"{name} huyện Gò Dầu"]
        if unit["kind"] == "commune":
            names += [f"UBND {name}", f"Ủy ban nhân dân {name}"]
        spellings += [(code, text) for text in names]
    return spellings


def export_rows(rows: int, seed: int) -> Iterator[tuple[object, ...]]:
    """Rows in HEADERS' order; dates as datetimes (the CSV writer formats them as text)."""
    rng = random.Random(seed)
    units = unit_spellings()
    span = (LAST_DAY - FIRST_DAY).days
    sequence: dict[dt.date, int] = {}
    for _ in range(rows):
        due = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        received = due - dt.timedelta(days=rng.randrange(3, 30))
        sequence[received] = sequence.get(received, 0) + 1
        # As in a real office: most dossiers of the last two months are still being worked
        # on, while of older months only a few stuck ones remain open.
        recent = (LAST_DAY - due).days < RECENT_DAYS
        still_open = rng.random() < (0.3 if recent else 0.01)
        finished = None if still_open else due + dt.timedelta(days=rng.randrange(1, 15))
        procedure, field = PROCEDURES[rng.randrange(len(PROCEDURES))]
        _unit, unit_text = units[rng.randrange(len(units))]
        yield (
            f"000.00.19.H53-{received:%y%m%d}-{sequence[received]:04d}",
            procedure,
            field,
            f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            f"{rng.choice(HAMLETS)}, huyện Gò Dầu, tỉnh Tây Ninh",
            f"09{rng.randrange(10**8):08d}",
            unit_text,
            dt.datetime.combine(received, dt.time(rng.randrange(7, 17), rng.randrange(60))),
            dt.datetime.combine(due, dt.time(17, 0)),
            dt.datetime.combine(finished, dt.time(9, 30)) if finished else None,
            "Đã trả kết quả" if finished else "Đang xử lý",
        )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    return str(value)


def write_csv(path: Path, rows: int, seed: int) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(["DANH SÁCH HỒ SƠ TRỄ HẠN (dữ liệu sinh ngẫu nhiên)"])
        writer.writerow(HEADERS)
        for row in export_rows(rows, seed):
            writer.writerow([_text(value) for value in row])
    return path


def write_xlsx(path: Path, rows: int, seed: int) -> Path:
    write_export(
        path,
        HEADERS,
        export_rows(rows, seed),
        titles=("UBND HUYỆN GÒ DẦU", "DANH SÁCH HỒ SƠ TRỄ HẠN (dữ liệu sinh ngẫu nhiên)"),
        totals=f"Tổng cộng: {rows} hồ sơ",
    )
    return path


def export_path(directory: Path, rows: int, seed: int, suffix: str) -> Path:
    return directory / f"export-v{DATA_VERSION}-{rows}-seed{seed}.{suffix}"


def ensure(directory: Path, rows: int, seed: int, suffix: str) -> Path:
    """The export file, generated when missing (a later run reuses it)."""
    path = export_path(directory, rows, seed, suffix)
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        print(f"generating {path} …", flush=True)
        partial = path.with_name(path.name + ".partial")
        (write_csv if suffix == "csv" else write_xlsx)(partial, rows, seed)
        partial.rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--formats", default="csv,xlsx", help="csv, xlsx or both")
    args = parser.parse_args()
    for suffix in args.formats.split(","):
        print(ensure(args.out, args.rows, args.seed, suffix.strip()))


if __name__ == "__main__":
    main()
