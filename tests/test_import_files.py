"""What files `tracker import` accepts: CSV in every Windows encoding, XLSX/XLS/ODS — and the
bad files it refuses as a whole with one sentence and the database untouched."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import Invoke
from tests.import_files import (
    HEADERS,
    code,
    csv_bytes,
    dossier,
    imported,
    soffice_convert,
    write_ods,
    write_xlsx,
)
from tracker.cli import cli

APPLICANT = "Trần Thị Ngọc Ẩn"
UNIT = "Phòng Tài nguyên và Môi trường"


def rows() -> list[list[str]]:
    return [dossier(n, applicant=APPLICANT, unit=UNIT) for n in (1, 2)]


def stored_applicants(run: Invoke) -> list[str]:
    return [row["applicant"] for row in json.loads(run("cases", "list", "--format", "json").stdout)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(
    run: Invoke, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(
        csv_bytes(
            rows(), encoding=encoding, delimiter=delimiter, titles=["DANH SÁCH HỒ SƠ TRỄ HẠN"]
        )
    )
    data = imported(run, path)
    assert data["counts"]["new"] == 2
    assert data["delimiter"] == delimiter
    assert data["header_row"] == 2
    applicants = stored_applicants(run)
    assert applicants == [APPLICANT, APPLICANT]
    assert all(unicodedata.is_normalized("NFC", a) for a in applicants)


def test_windows_1258_really_writes_combining_tone_marks() -> None:
    raw = csv_bytes([["Ẩn"]], headers=["Chủ hồ sơ"], encoding="cp1258")
    assert raw.decode("cp1258") != unicodedata.normalize("NFC", raw.decode("cp1258"))


def test_encoding_option_overrides_detection(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(rows(), encoding="cp1258"))
    assert imported(run, path, "--encoding", "cp1258")["encoding"] == "cp1258"
    wrong = run("import", str(path), "--encoding", "utf-8", ok=False)
    assert wrong.exit_code == 1
    assert "theo bảng mã utf-8" in wrong.stderr and "--encoding" in wrong.stderr
    unknown = run("import", str(path), "--encoding", "tcvn3-lạ", ok=False)
    assert unknown.exit_code == 1 and "Không biết bảng mã «tcvn3-lạ»" in unknown.stderr


def test_text_is_trimmed_and_collapsed(run: Invoke, tmp_path: Path) -> None:
    row = dossier(
        1, applicant="  Trần\u00a0 Thị   Ngọc Ẩn ", unit=" phong tai nguyen va moi truong "
    )
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([row]))
    imported(run, path)
    assert stored_applicants(run) == [APPLICANT]


def test_ods(run: Invoke, tmp_path: Path) -> None:
    path = write_ods(tmp_path / "export.ods", [["DANH SÁCH HỒ SƠ TRỄ HẠN"], HEADERS, *rows()])
    data = imported(run, path)
    assert (data["format"], data["sheet"], data["header_row"]) == ("spreadsheet", "DS", 2)
    assert data["counts"]["new"] == 2


def test_kind_is_told_by_content_not_extension(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    write_xlsx(tmp_path / "real.xlsx", rows())
    shutil.copyfile(tmp_path / "real.xlsx", path)
    assert imported(run, path)["counts"]["new"] == 2


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_xls_saved_by_libreoffice(run: Invoke, tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "export.xlsx", rows(), totals="Tổng cộng: 2 hồ sơ")
    data = imported(run, soffice_convert(source, "xls", tmp_path / "xls"))
    assert data["counts"]["new"] == 2 and data["counts"]["skipped"] == {"totals": 1}


def _png(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)


def _random(path: Path) -> None:
    path.write_bytes(bytes((n * 7919 + 13) % 256 for n in range(4096)))


def _undecodable(path: Path) -> None:
    # Neither UTF-8 nor Windows-1258: 0x81 and 0x8D have no character in code page 1258.
    path.write_bytes(",".join(HEADERS).encode() + b"\r\n\x81\x8d\x8e,x,y\r\n")


def _no_code_column(path: Path) -> None:
    path.write_bytes(csv_bytes([row[1:] for row in rows()], headers=HEADERS[1:]))


def _no_applicant_column(path: Path) -> None:
    # Every row would be rejected for the same missing owner: the file is refused once.
    path.write_bytes(
        csv_bytes([row[:2] + row[3:] for row in rows()], headers=HEADERS[:2] + HEADERS[3:])
    )


def _no_header(path: Path) -> None:
    path.write_bytes(b"a,b,c\r\n1,2,3\r\n")


def _header_only(path: Path) -> None:
    write_xlsx(path, [], totals="Tổng cộng: 0 hồ sơ")


def _broken_zip(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)


def _html(path: Path) -> None:
    path.write_bytes("<html><body><table><tr><td>Mã hồ sơ</td></tr></table></body></html>".encode())


BAD_FILES = {
    "missing.xlsx": (None, "Không tìm thấy tệp"),
    "empty.csv": (lambda p: p.write_bytes(b""), "rỗng"),
    "blank.csv": (lambda p: p.write_bytes(b" \r\n\r\n"), "rỗng"),
    "picture.xlsx": (_png, "là một ảnh PNG, không phải bảng tính"),
    "noise.xlsx": (_random, "là dữ liệu nhị phân, không phải bảng tính"),
    "noise.csv": (_random, "là dữ liệu nhị phân, không phải bảng tính"),
    "undecodable.csv": (
        _undecodable,
        "Không đọc được chữ trong tệp «undecodable.csv» theo bảng mã cp1258",
    ),
    "no-code.csv": (_no_code_column, "không có cột mã hồ sơ"),
    "no-applicant.csv": (
        _no_applicant_column,
        'thiếu cột bắt buộc: chủ hồ sơ (như «Chủ hồ sơ», --map "Tên cột=applicant")',
    ),
    "no-header.csv": (_no_header, "Không tìm thấy dòng tiêu đề"),
    "header-only.xlsx": (_header_only, "không có dòng hồ sơ nào dưới dòng tiêu đề 4"),
    "broken.xlsx": (_broken_zip, "không mở được như một bảng tính"),
    "page.xls": (_html, "là trang HTML đổi tên"),
    "folder": (lambda p: p.mkdir(), "là một thư mục"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_is_refused_whole(run: Invoke, tmp_path: Path, name: str) -> None:
    make, message = BAD_FILES[name]
    path = tmp_path / name
    if make is not None:
        make(path)
    result = run("import", str(path), ok=False)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # no traceback
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: ")
    assert message in lines[0]
    assert result.stdout == ""
    assert json.loads(run("imports", "list", "--format", "json").stdout) == []
    assert json.loads(run("cases", "list", "--format", "json").stdout) == []


def test_sheet_option_on_csv_is_refused(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(rows()))
    result = run("import", str(path), "--sheet", "DS", ok=False)
    assert result.exit_code == 1 and "bỏ tùy chọn --sheet" in result.stderr


def test_a_code_column_alone_is_no_header(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([[code(1), "x"]], headers=["Số biên nhận", "Ghi chú"]))
    result = run("import", str(path), ok=False)
    assert result.exit_code == 1
    assert "Không tìm thấy dòng tiêu đề" in result.stderr


def test_a_database_without_units_says_what_to_load_first(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new office that ran `tracker init` without a preset: every row's unit would be unknown.
    monkeypatch.setenv("TRACKER_DATABASE_URL", empty_url)
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(rows()))
    result = CliRunner().invoke(cli, ["import", str(path)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "chưa có đơn vị nào để giao hồ sơ" in result.stderr
    assert "tracker init --preset phuoc-thanh" in result.stderr
    listed = CliRunner().invoke(cli, ["imports", "list", "--format", "json"])
    assert json.loads(listed.stdout) == []
