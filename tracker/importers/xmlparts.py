"""The XML inside XLSX and ODS files, read by expat in bounded chunks, never as one document.

Spreadsheets are zip archives of XML parts. Each part is inflated and parsed a chunk at a time;
nothing is expanded from a declared size, a document type declaration (the door to entity
expansion attacks) is refused outright (Excel and LibreOffice never write one), and a caller
can stop the parse early. Errors become one Vietnamese sentence.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any, Protocol
from xml.parsers import expat

from tracker.errors import FileProblem
from tracker.importers.limits import ImportLimits, number
from tracker.importers.sheets import Row

CHUNK = 1 << 16


class Done(Exception):
    """Raised by a handler when it has read all it needs from a part."""


def broken(name: str, detail: str = "") -> FileProblem:
    return FileProblem(
        f"Tệp «{name}» không mở được như một bảng tính (XLSX, XLS, ODS){detail}: tệp đã hỏng, "
        "hoặc không phải bảng tính; hãy mở bằng Excel rồi lưu lại."
    )


def parser(name: str) -> Any:
    """An expat parser that refuses a DTD and delivers text in large pieces."""
    xml = expat.ParserCreate()
    xml.buffer_text = True
    xml.buffer_size = CHUNK

    def refuse_doctype(*_args: Any) -> None:
        raise broken(name, " (có khai báo DTD, điều Excel không bao giờ ghi)")

    xml.StartDoctypeDeclHandler = refuse_doctype
    return xml


def open_archive(spool: IO[bytes], name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(spool)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise broken(name) from None


def open_part(archive: zipfile.ZipFile, part: str, name: str) -> IO[bytes]:
    try:
        return archive.open(part)
    except KeyError:
        raise broken(name, f" (thiếu phần {part})") from None
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError):
        raise broken(name) from None


def feed(
    xml: Any,
    handle: IO[bytes],
    name: str,
    *,
    limit: int | None = None,
    too_big: Callable[[], FileProblem] | None = None,
) -> None:
    """Parse a part to its end (or until a handler raises Done); at most `limit` bytes."""
    total = 0
    try:
        while chunk := handle.read(CHUNK):
            total += len(chunk)
            if limit is not None and total > limit:
                raise too_big() if too_big else broken(name)
            xml.Parse(chunk, False)
        xml.Parse(b"", True)
    except Done:
        return
    except expat.ExpatError:
        raise broken(name) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError):
        raise broken(name) from None
    finally:
        handle.close()


def attribute(attrs: dict[str, str], local: str) -> str | None:
    """An attribute by its local name, whatever prefix the writer gave it (r:id, table:name)."""
    if local in attrs:
        return attrs[local]
    for key, value in attrs.items():
        if key.rpartition(":")[2] == local:
            return value
    return None


def local_name(name: str) -> str:
    return name.rpartition(":")[2]


class SheetStream(Protocol):
    """A sheet reader's state, as its expat handlers leave it."""

    number: int  # the last row read
    row_end: int  # the byte where the last row ended

    def take(self) -> Iterator[Row]: ...


def row_too_long(name: str, row: int, limits: ImportLimits) -> FileProblem:
    return FileProblem(
        f"Tệp «{name}», sau dòng {number(row)}: một dòng của trang tính dài quá "
        f"{number(limits.max_row_kb)} KB (max_row_kb trong mục [import] của tệp cấu hình): tệp "
        "đã hỏng hoặc bị độn thêm."
    )


def stream_rows(
    reader: SheetStream,
    xml: Any,
    handle: IO[bytes],
    name: str,
    limits: ImportLimits,
    counting: Callable[[], bool] = lambda: True,
) -> Iterator[Row]:
    """Feed a sheet's XML to its reader's parser a chunk at a time and hand on the rows each
    chunk completes. Bytes since the last row end are bounded (while `counting`): padding or
    one endless row is refused before it fills memory."""
    total = 0
    try:
        while chunk := handle.read(CHUNK):
            total += len(chunk)
            xml.Parse(chunk, False)
            yield from reader.take()
            if counting() and total - reader.row_end > limits.row_bytes:
                raise row_too_long(name, reader.number, limits)
        xml.Parse(b"", True)
    except Done:
        pass
    except expat.ExpatError:
        raise broken(name) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise broken(name) from None
    finally:
        handle.close()
    yield from reader.take()
