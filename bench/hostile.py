"""`tracker import` of hostile files: exit code, wall time, peak RSS.

    .venv/bin/python bench/hostile.py [--only NAME,…] [--timeout 900] [--good-rows 1048575]

Each file is generated once into $TMPDIR/tracker-bench/hostile/ (most are small on disk and
huge when read: a deflated XLSX of 4 GB of spaces weighs 4 MB) and imported by a real
`tracker` process into a fresh copy of a go-dau database. Peak RSS is the process's maximum
resident size (wait4), against the 500 MB bound. A refusal must be exit 1 with one sentence
(shown); a good file exit 0 (or 3 when its rows are rejected). Nothing is asserted: the table
is the result. Python-calamine's own figure on the same files is shown beside for the
spreadsheet shapes it was used for before (`--calamine`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from generate import HEADERS, _text, export_rows, write_csv  # noqa: E402
from harness import PYTHON, TRACKER, environment, template_database  # noqa: E402

from tests.import_files import _XLSX_PARTS  # noqa: E402

CACHE = Path(os.environ.get("TRACKER_BENCH_CACHE", Path(tempfile.gettempdir()) / "tracker-bench"))
MB = 1024 * 1024
BOUND_MB = 500
ENV = environment()
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _row(number: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{_escape(v)}</t></is></c>'
        for i, v in enumerate(values)
        if v
    )
    return f'<row r="{number}">{cells}</row>'


def write_xlsx(path: Path, pieces: Callable[[], object]) -> None:
    """An XLSX whose sheet XML is the strings yielded by `pieces` (deflated, zip64)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _XLSX_PARTS.items():
            archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for piece in pieces():  # type: ignore[attr-defined]
                sheet.write(piece.encode("utf-8"))


def _table(rows: int, first: int = 1) -> object:
    yield _row(first, list(HEADERS))
    for index, row in enumerate(export_rows(rows, 1), start=first + 1):
        yield _row(index, [_text(v) for v in row])


def far_cell(path: Path) -> None:
    def pieces() -> object:
        yield f'<?xml version="1.0"?><worksheet xmlns="{NS}"><dimension ref="A1:XFD1048576"/>'
        yield '<sheetData><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is>'
        yield "</c></row></sheetData></worksheet>"

    write_xlsx(path, pieces)


def merged_range(path: Path) -> None:
    def pieces() -> object:
        yield f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>'
        yield from _table(5)  # type: ignore[misc]
        yield '</sheetData><mergeCells count="1"><mergeCell ref="A10:XFD1048576"/></mergeCells>'
        yield "</worksheet>"

    write_xlsx(path, pieces)


def padded(path: Path) -> None:
    spaces = " " * (16 * MB)

    def pieces() -> object:
        yield f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>'
        yield from _table(5)  # type: ignore[misc]
        for _ in range(256):  # 4 GB of whitespace between two rows
            yield spaces
        yield _row(8, ["000.00.19.H53-241101-9999"])
        yield "</sheetData></worksheet>"

    write_xlsx(path, pieces)


def two_far_cells(path: Path) -> None:
    """A1 and KZ60000: python-calamine allocates the 60000 × 312 range between them."""

    def pieces() -> object:
        yield f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>'
        yield '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        yield '<row r="60000"><c r="KZ60000" t="inlineStr"><is><t>x</t></is></c></row>'
        yield "</sheetData></worksheet>"

    write_xlsx(path, pieces)


def xls_corners(path: Path) -> None:
    """An XLS with cells at A1 and IV65536 (LibreOffice writes it): 5 KB, a 1 GB range."""
    source = path.with_suffix(".xlsx")

    def pieces() -> object:
        yield f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>'
        yield '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        yield '<row r="65536"><c r="IV65536" t="inlineStr"><is><t>x</t></is></c></row>'
        yield "</sheetData></worksheet>"

    write_xlsx(source, pieces)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xls", "--outdir", str(path.parent), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    source.with_suffix(".xls").rename(path)


def good_xlsx(rows: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        def pieces() -> object:
            yield f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>'
            yield from _table(rows)  # type: ignore[misc]
            yield "</sheetData></worksheet>"

        write_xlsx(path, pieces)

    return make


def ods_run(path: Path) -> None:
    """90,000 rows × 1,000 cells from an 800-byte file (python-calamine: 11 GB)."""
    body = (
        '<table:table-row table:number-rows-repeated="90000"><table:table-cell '
        'table:number-columns-repeated="1000" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:'
        'names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:'
        'xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f'<office:body><office:spreadsheet><table:table table:name="DS">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)


def rejected_csv(rows: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            handle.write(";".join(HEADERS) + "\r\n")
            for row in export_rows(rows, 1):
                values = [_text(v) for v in row]
                values[6] = "Phòng Không Có Thật"
                handle.write(";".join(values) + "\r\n")

    return make


def one_line(path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(";".join(HEADERS) + "\n")
        chunk = "x" * MB
        for _ in range(1024):  # 1 GB, no line break
            handle.write(chunk)


def small_csv(path: Path) -> None:
    write_csv(path, 3, 1)


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    make: Callable[[Path], None]
    args: tuple[str, ...] = ()
    feed: str = ""  # "stdin" | "fifo": how the file reaches tracker
    calamine: bool = False  # also time python-calamine loading it, as tracker did before


def cases(good_rows: int) -> list[Case]:
    return [
        Case("cell at XFD1048576", "far-cell.xlsx", far_cell, calamine=True),
        Case("merged range A10:XFD1048576", "merged-range.xlsx", merged_range, calamine=True),
        Case("4 GB of whitespace in the sheet", "padded-4gb.xlsx", padded),
        Case("cells at A1 and KZ60000", "two-far-cells.xlsx", two_far_cells, calamine=True),
        Case("XLS with cells at A1 and IV65536", "corners.xls", xls_corners, calamine=True),
        Case("ODS: 90,000 rows × 1,000 repeated cells", "ods-run.ods", ods_run, calamine=True),
        Case(
            f"XLSX of {good_rows:,} good rows",
            f"good-{good_rows}.xlsx",
            good_xlsx(good_rows),
            calamine=True,
        ),
        Case("100,000 rows all rejected", "rejected-100000.csv", rejected_csv(100_000)),
        Case("1,048,575 rows all rejected", "rejected-1048575.csv", rejected_csv(1_048_575)),
        Case("CSV that is one 1 GB line", "one-line-1gb.csv", one_line),
        Case("--encoding bogus", "small.csv", small_csv, ("--encoding", "bogus")),
        Case("--encoding rot13", "small.csv", small_csv, ("--encoding", "rot13")),
        Case("a FIFO as input", "small.csv", small_csv, feed="fifo"),
        Case("`-` (standard input)", "small.csv", small_csv, feed="stdin"),
        Case("/dev/stdin", "small.csv", small_csv, feed="dev-stdin"),
    ]


def ensure(case: Case) -> Path:
    folder = CACHE / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / case.file
    if not path.exists():
        print(f"generating {path} …", flush=True)
        partial = path.with_name("partial-" + path.name)
        case.make(partial)
        partial.rename(path)
    return path


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    seconds: float
    rss_mb: float
    said: str


def measure(argv: list[str], stdin_path: Path | None, fifo: Path | None, timeout: float) -> Outcome:
    with tempfile.TemporaryFile() as errors:
        stdin = stdin_path.open("rb") if stdin_path else subprocess.DEVNULL
        start = time.perf_counter()
        process = subprocess.Popen(
            argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=errors, env=ENV
        )
        feeder = None
        if fifo is not None and stdin_path is None:
            source = fifo.with_name("fifo-source")
            feeder = threading.Thread(target=lambda: fifo.write_bytes(source.read_bytes()))
            feeder.start()
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        elapsed = time.perf_counter() - start
        if feeder is not None:
            feeder.join(timeout=5)
        if stdin_path:
            stdin.close()  # type: ignore[union-attr]
        errors.seek(0)
        lines = errors.read().decode("utf-8", "replace").strip().splitlines()
    code = os.waitstatus_to_exitcode(status)
    said = lines[-1] if len(lines) == 1 else (f"{len(lines)} lines: {lines[-1]}" if lines else "")
    return Outcome(code, elapsed, usage.ru_maxrss / 1024, said[:160])


def calamine_rss(path: Path, timeout: float) -> str:
    """Peak RSS of python-calamine loading the file's first sheet, as tracker used to."""
    code = (
        "import sys; from python_calamine import CalamineWorkbook as W; "
        "w = W.from_path(sys.argv[1]); s = w.get_sheet_by_index(0); "
        "print(sum(1 for _ in s.iter_rows()))"
    )
    result = measure([PYTHON, "-c", code, str(path)], None, None, timeout)
    return f"exit {result.exit_code}, {result.seconds:.1f} s, {result.rss_mb:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated file names (see the table)")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--good-rows", type=int, default=1_048_575)
    parser.add_argument("--calamine", action="store_true", help="also measure python-calamine")
    options = parser.parse_args()
    chosen = [
        c for c in cases(options.good_rows) if not options.only or c.file in options.only.split(",")
    ]
    work = Path(tempfile.mkdtemp(prefix="hostile-", dir=CACHE if CACHE.exists() else None))
    try:
        template = template_database(work)
        print("| input | exit | wall | peak RSS | < 500 MB | what tracker said |")
        print("|---|---:|---:|---:|---|---|")
        for case in chosen:
            path = ensure(case)
            database = work / "run.db"
            for leftover in work.glob("run.db*"):
                leftover.unlink()
            shutil.copyfile(template, database)
            target, stdin_path, fifo = str(path), None, None
            if case.feed == "stdin":
                target, stdin_path = "-", path
            elif case.feed == "dev-stdin":
                target, stdin_path = "/dev/stdin", path
            elif case.feed == "fifo":
                fifo = work / "export.csv"
                if fifo.exists():
                    fifo.unlink()
                os.mkfifo(fifo)
                shutil.copyfile(path, work / "fifo-source")
                target = str(fifo)
            argv = [TRACKER, "--db", str(database), "import", target, *case.args]
            result = measure(argv, stdin_path, fifo, options.timeout)
            ok = "yes" if result.rss_mb < BOUND_MB else "**NO**"
            said = result.said.replace("|", "\\|")
            print(
                f"| {case.name} | {result.exit_code} | {result.seconds:.1f} s | "
                f"{result.rss_mb:.0f} MB | {ok} | {said} |",
                flush=True,
            )
            if options.calamine and case.calamine:
                print(
                    f"|   python-calamine alone on it | {calamine_rss(path, options.timeout)} | | | | |"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
