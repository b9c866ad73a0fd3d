"""Export files for the import tests, built in code (no opaque binaries in the repository)."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.conftest import Invoke

HEADERS = [
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Chủ hồ sơ",
    "Đơn vị xử lý",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày có kết quả",
]
PROCEDURE = "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu"


def code(n: int, day: str = "241101") -> str:
    return f"000.00.19.H53-{day}-{n:04d}"


def dossier(
    n: int,
    *,
    unit: str = "Phòng TN&MT",
    applicant: str = "Nguyễn Văn Ánh",
    received: Any = "01/11/2024",
    due: Any = "15/11/2024",
    finished: Any = "",
    procedure: str = PROCEDURE,
) -> list[Any]:
    """One row in HEADERS' order."""
    return [code(n), procedure, applicant, unit, received, due, finished]


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    headers: Sequence[str] = HEADERS,
    titles: Sequence[str] = ("UBND HUYỆN GÒ DẦU", "DANH SÁCH HỒ SƠ TRỄ HẠN"),
    totals: str | None = None,
    sheet: str = "Sheet1",
    extra_sheets: Sequence[str] = (),
) -> Path:
    """Title rows merged across the table, a blank row, the header, the rows (None = blank
    row), then a totals row merged over the first columns. Returns the path."""
    from openpyxl import Workbook

    workbook = Workbook()
    for name in extra_sheets:
        workbook.create_sheet(name).append(["Ghi chú: không phải danh sách"])
    worksheet = workbook.active
    worksheet.title = sheet
    width = len(headers)
    for line, title in enumerate(titles, start=1):
        worksheet.cell(line, 1, title)
        worksheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=width)
    line = len(titles) + 2
    for column, header in enumerate(headers, start=1):
        worksheet.cell(line, column, header)
    for row in rows:
        line += 1
        for column, value in enumerate(row or [], start=1):
            if value is not None:
                worksheet.cell(line, column, value)
    if totals is not None:
        line += 1
        worksheet.cell(line, 1, totals)
        worksheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=3)
    if extra_sheets:
        workbook.move_sheet(sheet, offset=len(extra_sheets))  # the list comes last
    workbook.save(path)
    return path


def header_row_of(titles: int = 2) -> int:
    """The spreadsheet row of the header written by write_xlsx."""
    return titles + 2


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258_form(text: str) -> str:
    """Text as Vietnamese Windows writes it in code page 1258: base letters precomposed
    (â ê ô ơ ư ă đ), tone marks as separate combining characters after them."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(p for p in parts if p in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONE_MARKS))
        out.append(base + tones)
    return "".join(out)


def csv_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    headers: Sequence[str] = HEADERS,
    encoding: str = "utf-8",
    delimiter: str = ",",
    titles: Sequence[str] = (),
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for title in titles:
        writer.writerow([title])
    writer.writerow(headers)
    writer.writerows(rows)
    text = buffer.getvalue()
    if encoding == "cp1258":
        text = windows_1258_form(text)
    return text.encode(encoding)


_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
        'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def xlsx_row(number: int, values: Sequence[str], *, first_column: str = "A") -> str:
    """One <row> of inline strings, from `first_column` on (A…Z)."""
    from xml.sax.saxutils import escape

    start = ord(first_column)
    cells = "".join(
        f'<c r="{chr(start + i)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
        for i, v in enumerate(values)
        if v != ""
    )
    return f'<row r="{number}">{cells}</row>'


def write_raw_xlsx(
    path: Path,
    sheet_data: str,
    *,
    before: str = "",
    after: str = "",
    shared: Sequence[str] = (),
) -> Path:
    """An XLSX written by hand, XML as given: for files no spreadsheet program would write
    (a cell at XFD1048576, padding, a DTD). `sheet_data` is the inside of <sheetData>;
    `before`/`after` go around it inside <worksheet>; `shared`, the shared texts that cells of
    type "s" point to. Deflated: small on disk."""
    import zipfile
    from xml.sax.saxutils import escape

    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        f'.org/spreadsheetml/2006/main">{before}<sheetData>{sheet_data}</sheetData>{after}'
        "</worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _XLSX_PARTS.items():
            if shared and name == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    "</Relationships>",
                    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                    "</Relationships>",
                )
            archive.writestr(name, content)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared:
            items = "".join(f"<si><t>{escape(text)}</t></si>" for text in shared)
            archive.writestr(
                "xl/sharedStrings.xml",
                '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
                f'.org/spreadsheetml/2006/main">{items}</sst>',
            )
    return path


def write_dtd_xlsx(path: Path) -> Path:
    """One dossier in an XLSX whose sheet declares a document type with nested entities (an
    entity bomb's first step; Excel never writes a DTD)."""
    import zipfile

    write_raw_xlsx(path, raw_xlsx_table([dossier(1)]))
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    bomb = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("?>", "?>" + bomb, 1).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def raw_xlsx_table(rows: Sequence[Sequence[str]], *, first: int = 1) -> str:
    """HEADERS then `rows`, as <row> elements from row `first`."""
    return "".join(
        xlsx_row(first + i, [str(v) for v in row]) for i, row in enumerate([HEADERS, *rows])
    )


def write_ods(path: Path, table: list[list[str]]) -> Path:
    """A minimal OpenDocument spreadsheet, written by hand (no ODS writer is installed)."""
    import zipfile

    body = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
            for value in row
        )
        + "</table:table-row>"
        for row in table
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="DS">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


def soffice_convert(source: Path, to: str, out: Path) -> Path:
    """The file LibreOffice writes from `source` in format `to` (xls, ods …), in folder `out`."""
    import os
    import subprocess

    subprocess.run(
        ["soffice", "--headless", "--convert-to", to, "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(out)},
    )
    return out / source.with_suffix(f".{to}").name


def imported(run: Invoke, path: Path | str, *args: str, input: bytes | None = None) -> dict:
    """`tracker import PATH … --format json`, read back (`-` with `input`: standard input)."""
    result = run("import", str(path), "--format", "json", *args, input=input)
    return json.loads(result.stdout)
