"""Files made to hurt, small on disk (bench/hostile.py measures them at full size): each shape
refused in one sentence naming the limit (or read correctly, within bounds), the database
untouched."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.import_files import (
    HEADERS,
    csv_bytes,
    dossier,
    imported,
    raw_xlsx_table,
    soffice_convert,
    write_dtd_xlsx,
    write_ods,
    write_raw_xlsx,
    xlsx_row,
)


def set_limits(tmp_path: Path, **limits: int) -> None:
    """The test's config file (conftest points TRACKER_CONFIG at it) with an [import] table."""
    lines = ["[import]", *(f"{name} = {value}" for name, value in limits.items())]
    (tmp_path / "no-config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def refused(run: Invoke, path: Path | str, *messages: str, args: tuple[str, ...] = ()) -> str:
    result = run("import", str(path), *args, ok=False)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: "), result.stderr
    for message in messages:
        assert message in lines[0]
    assert json.loads(run("imports", "list", "--format", "json").stdout) == []
    assert json.loads(run("cases", "list", "--format", "json").stdout) == []
    return lines[0]


def test_cell_far_beyond_the_columns_is_refused_not_allocated(run: Invoke, tmp_path: Path) -> None:
    # The one-cell-at-XFD1048576 file, with a real table above it.
    table = raw_xlsx_table([dossier(1)]) + (
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    path = write_raw_xlsx(tmp_path / "xa.xlsx", table, before='<dimension ref="A1:XFD1048576"/>')
    refused(run, path, "cột XFD", "giới hạn 256 cột", "max_columns")


def test_declared_dimension_and_huge_merged_range_allocate_nothing(
    run: Invoke, tmp_path: Path
) -> None:
    path = write_raw_xlsx(
        tmp_path / "gop.xlsx",
        raw_xlsx_table([dossier(1), dossier(2)]),
        before='<dimension ref="A1:XFD1048576"/>',
        after='<mergeCells count="1"><mergeCell ref="A10:XFD1048576"/></mergeCells>',
    )
    data = imported(run, path)
    assert data["counts"]["new"] == 2 and data["counts"]["rejected"] == 0


def test_merged_unit_cell_still_fills_down(run: Invoke, tmp_path: Path) -> None:
    rows = [dossier(1), dossier(2, unit=""), dossier(3, unit="")]
    path = write_raw_xlsx(
        tmp_path / "gop.xlsx",
        raw_xlsx_table(rows),
        after='<mergeCells count="1"><mergeCell ref="D2:D4"/></mergeCells>',
    )
    assert imported(run, path)["counts"]["new"] == 3


def test_padding_inside_the_sheet_is_refused_by_the_row_limit(run: Invoke, tmp_path: Path) -> None:
    set_limits(tmp_path, max_row_kb=64)
    padded = xlsx_row(2, dossier(1)).replace("</c><c", "</c>" + " " * 100_000 + "<c", 1)
    path = write_raw_xlsx(tmp_path / "don.xlsx", xlsx_row(1, HEADERS) + padded)
    assert path.stat().st_size < 10_000  # small on disk, large when read
    refused(run, path, "dài quá 64 KB", "max_row_kb")


def test_one_endless_csv_line_is_refused(run: Invoke, tmp_path: Path) -> None:
    set_limits(tmp_path, max_row_kb=64)
    path = tmp_path / "mot-dong.csv"
    path.write_bytes(csv_bytes([dossier(1)]) + b"x" * 200_000)
    refused(run, path, "dài quá 64 KB", "max_row_kb")


def test_a_cell_longer_than_excel_allows_is_refused(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "o-dai.csv"
    path.write_bytes(csv_bytes([dossier(1, applicant="A" * 40_000)]))
    refused(run, path, "dài quá 32.767 ký tự", "max_cell_chars")


def test_shared_texts_are_bounded_one_by_one_and_in_all(run: Invoke, tmp_path: Path) -> None:
    cells = '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>'
    table = xlsx_row(1, HEADERS) + cells
    long_one = write_raw_xlsx(tmp_path / "dai.xlsx", table, shared=["1" * 40_000, "x"])
    refused(run, long_one, "một ô dài quá 32.767 ký tự")
    set_limits(tmp_path, max_shared_strings_mb=1)
    # 200,000 empty texts weigh 1.6 MB of offsets though they hold no character.
    many = write_raw_xlsx(tmp_path / "nhieu.xlsx", table, shared=[""] * 200_000)
    refused(run, many, "bảng chữ dùng chung lớn quá 1 MB", "max_shared_strings_mb")


def test_rows_and_file_size_limits(run: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "nhieu.csv"
    path.write_bytes(csv_bytes([dossier(n) for n in range(1, 11)]))
    set_limits(tmp_path, max_rows=5)
    refused(run, path, "hơn 5 dòng", "max_rows")
    set_limits(tmp_path, max_file_mb=1)
    big = tmp_path / "lon.csv"
    big.write_bytes(csv_bytes([dossier(n, applicant="B" * 1000) for n in range(1, 1500)]))
    refused(run, big, "lớn quá 1 MB", "max_file_mb")


def test_wide_ods_run_is_refused_and_trailing_empty_rows_cost_nothing(
    run: Invoke, tmp_path: Path
) -> None:
    path = write_ods(tmp_path / "ok.ods", [HEADERS, dossier(1, unit="UBND xã Hiệp Thạnh")])
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml").decode()
    # LibreOffice's million trailing empty rows, and a run of 1,000 filled cells.
    empty = (
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row>'
    )
    wide = (
        '<table:table-row table:number-rows-repeated="90000"><table:table-cell '
        'table:number-columns-repeated="1000" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row>"
    )
    for name, extra in (("trailing.ods", empty), ("wide.ods", wide)):
        with zipfile.ZipFile(tmp_path / name, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            archive.writestr(
                "content.xml", content.replace("</table:table>", extra + "</table:table>")
            )
    refused(run, tmp_path / "wide.ods", "giới hạn 256 cột")
    assert imported(run, tmp_path / "trailing.ods")["counts"]["new"] == 1


def test_a_document_type_declaration_is_refused(run: Invoke, tmp_path: Path) -> None:
    refused(run, write_dtd_xlsx(tmp_path / "dtd.xlsx"), "DTD")


@pytest.mark.parametrize("encoding", ["bogus", "rot13", "base64"])
def test_an_encoding_that_is_not_one_is_refused(run: Invoke, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([dossier(1)]))
    refused(run, path, f"Không biết bảng mã «{encoding}»", args=("--encoding", encoding))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(run: Invoke, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([dossier(1, applicant="Trần Thị Ngọc Ẩn")], encoding=encoding))
    data = imported(run, path)
    assert (data["encoding"], data["counts"]["new"]) == (encoding, 1)


def test_standard_input_csv_and_xlsx(run: Invoke, tmp_path: Path) -> None:
    data = imported(run, "-", input=csv_bytes([dossier(1)]))
    assert (data["file"], data["counts"]["new"]) == ("đầu vào chuẩn", 1)
    xlsx = write_raw_xlsx(tmp_path / "x.xlsx", raw_xlsx_table([dossier(2)])).read_bytes()
    assert imported(run, "-", input=xlsx)["counts"]["new"] == 1


def test_unreadable_file(run: Invoke) -> None:
    # /proc/self/mem opens, and its first read fails with EIO, whoever runs the test.
    refused(run, "/proc/self/mem", "Không đọc được tệp «mem»", "lỗi đọc ghi")


def test_control_and_invisible_characters_are_removed_per_row(run: Invoke, tmp_path: Path) -> None:
    # NUL included: on PostgreSQL it once rejected the whole file.
    rows = [
        dossier(1, applicant="Nguy\x00ễn\x07 Văn\x01 An"),
        dossier(2, applicant="Lê\u202e Thị\u200b Hồng"),
    ]
    path = tmp_path / "dieu-khien.csv"
    path.write_bytes(csv_bytes(rows))
    data = imported(run, path)
    assert (data["counts"]["new"], data["counts"]["rejected"]) == (2, 0)
    listed = json.loads(run("cases", "list", "--format", "json").stdout)
    assert sorted(row["applicant"] for row in listed) == ["Lê Thị Hồng", "Nguyễn Văn An"]


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice to write an XLS")
def test_xls_whose_range_needs_a_gigabyte_is_refused(run: Invoke, tmp_path: Path) -> None:
    # A1 and IV65536: python-calamine would allocate 65,536 × 256 cells (1 GB) for 5 KB.
    corners = xlsx_row(1, ["x"]) + (
        '<row r="65536"><c r="IV65536" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    source = write_raw_xlsx(tmp_path / "goc.xlsx", corners)
    xls = soffice_convert(source, "xls", tmp_path)
    refused(run, xls, "cần quá 400 MB bộ nhớ", "lưu thành .xlsx")
