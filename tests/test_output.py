"""What a clerk gets out: CSV that Excel opens (UTF-8 with a BOM, `;`, empty cells empty),
XLSX read back with openpyxl (dates as dates, numbers as numbers, bold frozen filtered header,
one sheet per table), terminal tables that never break a code or a date at 80 and 120
columns, stored text printed literally (never as rich markup), times in local time.
Today is Tuesday 26/11/2024."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from rich.cells import cell_len

from tests.conftest import Invoke
from tests.csv_output import BOM, read_csv
from tests.import_files import csv_bytes, dossier, imported
from tests.test_cli_words import at_a_terminal, terminal_env
from tracker.cli import cli
from tracker.cli.output import SCREEN_ROWS, beyond_screen

CODES = [f"000.00.19.H53-2411{n:02d}-00{n:02d}" for n in range(1, 7)]
PROCEDURE = (
    "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất"
)
REASON = "Hồ sơ phải chờ kết quả xác minh nguồn gốc đất từ Ủy ban nhân dân xã Thạnh Đức"
MARKUP = [
    "Nguyễn [/] Văn",
    "[link=https://evil.example/phish]Nguyễn Văn Bình[/link]",
    "[bold red]Lê",
]
FORMULA = '=HYPERLINK("https://evil.example","bấm")'


def add(run: Invoke, code: str, *, unit: str = "tnmt", applicant: str = "Trần Thị Bình",
        due: str = "15/11/2024", reason: str | None = REASON, **more: str) -> None:  # fmt: skip
    extra = [item for key, value in more.items() for item in (f"--{key}", value)]
    if reason is not None:
        extra += ["--reason", reason]
    run("cases", "add", code, "--procedure", PROCEDURE, "--applicant", applicant,
        "--unit", unit, "--due", due, "--received", "01/11/2024", *extra)  # fmt: skip


@pytest.fixture
def listed(run: Invoke) -> Invoke:
    """Six late dossiers at two units; one without a reason, one finished, one formula-like."""
    add(run, CODES[0])
    add(run, CODES[1], reason=None)
    add(run, CODES[2], finished="20/11/2024")
    add(run, CODES[3], unit="ktht", applicant=FORMULA)
    add(run, CODES[4], unit="ktht")
    add(run, CODES[5], unit="vp")
    return run


def at_width(columns: int, *args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result


# --- CSV -------------------------------------------------------------------------------------


def test_csv_opens_in_excel_bom_semicolons_empty_cells(listed: Invoke, tmp_path: Path) -> None:
    printed = listed("cases", "list", "--format", "csv").stdout
    rows = read_csv(printed)
    assert rows[0][:3] == ["Mã hồ sơ", "Thủ tục", "Chủ hồ sơ"]
    by_code = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_code[CODES[1]]["Lý do"] == ""  # not "— chưa có —"
    assert by_code[CODES[0]]["Có kết quả"] == ""  # not "đang xử lý"
    assert by_code[CODES[2]]["Có kết quả"] == "20/11/2024"
    assert by_code[CODES[0]]["Hẹn trả"] == "15/11/2024"
    assert by_code[CODES[0]]["Ngày trễ"] == "7"
    assert by_code[CODES[3]]["Chủ hồ sơ"] == "'" + FORMULA  # a formula stays text
    assert "— chưa" not in printed and "đang xử lý" not in printed
    # The same as a file, written 0600 (it lists citizens' names).
    out = tmp_path / "ds.csv"
    listed("cases", "list", "--format", "csv", "--out", str(out))
    assert out.read_bytes().startswith(BOM.encode("utf-8"))
    assert read_csv(out) == rows
    assert out.stat().st_mode & 0o777 == 0o600


def test_csv_delimiter_from_the_config_file(listed: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    config = tmp_path / "config.toml"
    config.write_text('csv_delimiter = ","\n', encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    text = listed("cases", "list", "--format", "csv").stdout
    assert text.startswith(BOM + "Mã hồ sơ,Thủ tục,")


def test_columns_chooses_and_orders_them(listed: Invoke) -> None:
    rows = read_csv(
        listed("cases", "list", "--format", "csv", "--columns", "due_at,ma ho so").stdout
    )
    assert rows[0] == ["Hẹn trả", "Mã hồ sơ"]
    assert len(rows) == 7
    wrong = listed("cases", "list", "--columns", "code,ngay", ok=False)
    assert wrong.exit_code == 1
    assert "Không có cột «ngay»" in wrong.stderr and "due_at (Hẹn trả)" in wrong.stderr


# --- XLSX ------------------------------------------------------------------------------------


def test_xlsx_of_the_list_read_back(listed: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "ds.xlsx"
    result = listed("cases", "list", "--format", "xlsx", "--out", str(out))
    assert result.stdout == "" and str(out) in result.stderr
    assert out.stat().st_mode & 0o777 == 0o600
    book = load_workbook(out)
    [sheet] = book.worksheets
    assert sheet.title == "Hồ sơ (6)"
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Mã hồ sơ", "Thủ tục"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{len(CODES) + 1}"
    rows = {r[0].value: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2)}
    first = rows[CODES[0]]
    assert first["Hẹn trả"].value == dt.datetime(2024, 11, 15)
    assert first["Hẹn trả"].number_format == "DD/MM/YYYY"
    assert first["Ngày trễ"].value == 7 and first["Ngày trễ"].data_type == "n"
    assert first["Có kết quả"].value is None
    assert rows[CODES[1]]["Lý do"].value is None
    formula = rows[CODES[3]]["Chủ hồ sơ"]
    assert formula.value == FORMULA and formula.data_type == "s"
    widths = {c: sheet.column_dimensions[c].width for c in "ABJ"}
    assert widths["A"] >= len(CODES[0]) and 6 <= widths["B"] <= 52


def test_xlsx_of_the_report_one_sheet_per_table(run: Invoke, tmp_path: Path) -> None:
    add(run, CODES[0])
    add(run, CODES[1], unit="ktht", finished="20/11/2024")
    run("index", "set", "2024-11", "score", "87,07")
    out = tmp_path / "bao-cao.xlsx"
    run("report", "monthly", "2024-11", "--format", "xlsx", "--out", str(out))
    book = load_workbook(out)
    assert book.sheetnames == ["Theo đơn vị", "Theo người đứng đầu", "Bộ chỉ số"]
    units = book["Theo đơn vị"]
    total = next(r for r in units.iter_rows(min_row=2) if r[0].value == "TỔNG CỘNG")
    assert [c.value for c in total[1:3]] == [2, None]  # late 2; no previous month
    assert all(c.data_type == "n" for c in total[3:5])


def test_xlsx_needs_an_out_file(listed: Invoke) -> None:
    result = listed("cases", "list", "--format", "xlsx", ok=False)
    assert result.exit_code == 2 and "--format xlsx cần --out" in result.stderr


# --- terminal --------------------------------------------------------------------------------


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize(
    "args", [(), ("--unit", "tnmt"), ("--head", "nguyen hoang phuc"), ("--status", "open")]
)
def test_codes_and_dates_never_wrap(listed: Invoke, db_url: str, columns: int, args: tuple[str, ...]) -> None:  # fmt: skip
    text = at_width(columns, "--db", db_url, "cases", "list", *args).stdout
    assert all(cell_len(line) <= columns for line in text.splitlines())
    shown = [c for c in CODES if c in text]
    assert shown  # every code printed is printed whole, on one line
    assert len(re.findall(r"000\.00\.19\.H53-\d{6}-\d{4}", text)) == len(shown)
    for date in re.findall(r"\d{2}/\d{2}/\d{4}", text):
        assert dt.datetime.strptime(date, "%d/%m/%Y")
    assert not re.search(r"\d{2}/\d{2}/\d{1,3}\s*$", text, re.MULTILINE)  # no cut date


def test_a_narrow_terminal_gets_one_block_per_dossier(listed: Invoke, db_url: str) -> None:
    text = at_width(80, "--db", db_url, "cases", "list").stdout
    assert "── 1/6 ──" in text and "── 6/6 ──" in text
    first = text.split("── 2/6 ──")[0]
    assert re.search(rf"Mã hồ sơ\s+{re.escape(CODES[0])}", first)
    assert re.search(r"Lý do\s+— chưa có —", text)  # the placeholder is for the screen only


def test_a_wide_terminal_gets_a_table_without_the_filtered_columns(listed: Invoke, db_url: str) -> None:  # fmt: skip
    text = at_width(120, "--db", db_url, "cases", "list", "--head", "nguyen hoang phuc").stdout
    title = lines_of(text)[0]
    header = text.split("━")[0]
    assert title.startswith("Hồ sơ (3) — Nguyễn Hoàng Phúc, Phòng Tài nguyên và Môi trường")
    assert "Mã hồ sơ" in header and "Đơn vị" not in header and "Người chịu" not in header
    assert "── 1/" not in text
    unit_only = at_width(120, "--db", db_url, "cases", "list", "--unit", "ktht").stdout
    assert "Đơn vị" not in unit_only.split("━")[0] and "Người chịu" in unit_only


def test_columns_on_the_terminal(listed: Invoke, db_url: str) -> None:
    text = at_width(
        80, "--db", db_url, "cases", "list", "--columns", "code,due_at,days_late"
    ).stdout
    header = lines_of(text)[1]
    assert [h.strip() for h in header.split("┃")] == ["Mã hồ sơ", "Hẹn trả", "Ngày trễ"]
    asked = at_width(
        120, "--db", db_url, "cases", "list", "--unit", "tnmt", "--columns", "code,unit"
    )
    assert [h.strip() for h in lines_of(asked.stdout)[1].split("┃")] == ["Mã hồ sơ", "Đơn vị"]


# --- stored text is text ---------------------------------------------------------------------


@pytest.fixture
def marked(run: Invoke) -> Invoke:
    for code, name in zip(CODES, MARKUP, strict=False):
        add(run, code, applicant=name, reason="Cấp phép [/b] chờ [i]xác minh")
    return run


@pytest.mark.parametrize("columns", [80, 120, 200])
def test_markup_in_a_cell_prints_literally(marked: Invoke, db_url: str, columns: int) -> None:
    whole = at_width(columns, "--db", db_url, "cases", "list").stdout
    for token in (
        "[/]",
        "[link=https://evil.example/phish]Nguyễn",
        "Bình[/link]",
        "[/b]",
        "[i]xác",
    ):
        assert token in whole
    for wanted, texts in (("applicant", MARKUP), ("reason", ["Cấp phép [/b] chờ [i]xác minh"])):
        one = at_width(columns, "--db", db_url, "cases", "list", "--columns", wanted).stdout
        flat = re.sub(r"[\s│┃]+", " ", one)  # a cell may wrap at its spaces
        for text in texts:
            assert text in flat


def test_markup_in_reminders_warnings_and_history(marked: Invoke, db_url: str) -> None:
    for args in (("remind",), ("history", CODES[0]), ("letters", "pending")):
        result = at_width(100, "--db", db_url, *args)
        assert "MarkupError" not in result.output
    remind = re.sub(r"[\s│┃]+", " ", at_width(200, "--db", db_url, "remind").stdout)
    assert "Nguyễn [/] Văn" in remind


def test_markup_in_an_imported_unit_name_prints_in_the_rejections(run: Invoke, tmp_path: Path) -> None:  # fmt: skip
    source = tmp_path / "ds.csv"
    source.write_text(
        "Mã hồ sơ;Thủ tục;Chủ hồ sơ;Đơn vị;Ngày hẹn trả\n"
        f"{CODES[0]};Cấp phép;Trần [/] Bình;Phòng [/x];15/11/2024\n"
        f"{CODES[1]};Cấp phép;Lê Văn;tnmt;15/11/2024\n",
        encoding="utf-8",
    )
    result = run("import", str(source), ok=False)
    assert result.exit_code == 3, result.output
    assert "Phòng [/x]" in result.stdout and "Traceback" not in result.output


# --- local time ------------------------------------------------------------------------------


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("tz", "label", "hours"),
    [(None, "giờ Việt Nam", 7), ("Asia/Ho_Chi_Minh", "giờ Việt Nam", 7),
     ("Europe/Paris", "UTC+01:00", 1)],
)  # fmt: skip
def test_history_and_imports_in_local_time(
    run: Invoke, monkeypatch: pytest.MonkeyPatch, zone: None, tz: str | None, label: str, hours: int
) -> None:
    add(run, CODES[0])
    if tz is None:  # a machine left on UTC: Vietnam's time is meant
        monkeypatch.delenv("TZ", raising=False)
        monkeypatch.setattr("tracker.cli.columns.system_zone", lambda: dt.timezone.utc)
    else:
        monkeypatch.setenv("TZ", tz)
    time.tzset()
    [event] = json.loads(run("history", CODES[0], "--format", "json").stdout)
    stored = dt.datetime.fromisoformat(event["at"])  # UTC, as stored
    shown = read_csv(run("history", CODES[0], "--format", "csv").stdout)
    assert shown[0][0] == f"Thời điểm ({label})"
    assert shown[1][0] == (stored + dt.timedelta(hours=hours)).strftime("%d/%m/%Y %H:%M")


# --- a long list at a terminal ---------------------------------------------------------------


@pytest.mark.slow
def test_a_terminal_gets_the_first_screens_and_a_pipe_gets_every_row(
    run: Invoke, db_url: str, tmp_path: Path
) -> None:
    total = SCREEN_ROWS + 3
    export = tmp_path / "dai.csv"
    export.write_bytes(csv_bytes([dossier(n) for n in range(1, total + 1)]))
    assert imported(run, export)["counts"]["new"] == total
    args = ["cases", "list", "--status", "open"]

    code, screen = at_a_terminal(args, terminal_env(db_url), [])
    assert code == 0, screen[-2000:]
    listed = re.findall(r"000\.00\.19\.H53-241101-(\d{4})", screen)
    assert [int(n) for n in listed] == list(range(1, SCREEN_ROWS + 1))  # soonest due first
    assert f"Hồ sơ ({total})" in screen
    assert beyond_screen(SCREEN_ROWS, total) in " ".join(screen.split())

    piped = run(*args).stdout  # not a terminal: every row, no note
    assert len(re.findall(r"000\.00\.19\.H53-241101-\d{4}", piped)) == total
    assert "không in ra màn hình" not in piped
