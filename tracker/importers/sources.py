"""Open an exported file, whatever it is and wherever it comes from, as bytes read exactly once.

The kind is decided by the bytes, not the extension (offices rename files): a zip or OLE2
container is a spreadsheet; text is CSV in UTF-8 (with or without BOM), UTF-16 (with or
without BOM) or Windows-1258. A regular file, a FIFO or standard input (`-`) are all read
the same way; every byte read is counted against `max_file_mb` and hashed as it passes, so the
sha256 recorded for an import is always the hash of the very bytes imported. A spreadsheet
(which must be read at random) is first copied into a private temporary file while hashed; a
regular file that changes while it is being read is refused, never imported half.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tracker.errors import FileProblem, InvalidInput
from tracker.failures import os_reason
from tracker.importers.limits import ImportLimits, number

STDIN = Path("-")
STDIN_NAME = "đầu vào chuẩn"
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_KNOWN_BINARY = {
    b"\x89PNG": "một ảnh PNG",
    b"\xff\xd8\xff": "một ảnh JPEG",
    b"GIF8": "một ảnh GIF",
    b"%PDF": "một tệp PDF",
}
_CONTROL_BYTES = (*range(0x00, 0x09), *range(0x0E, 0x20))
_CHUNK = 1 << 20
HEAD = 1 << 20  # bytes looked at to tell the kind and the encoding
_ENOUGH = 1 << 16
ENCODINGS_HINT = "utf-8, utf-16, cp1258"


class Stream(io.RawIOBase):
    """The input's bytes, once, in order: counted against the limit, hashed, errors in Vietnamese."""

    def __init__(self, handle: IO[bytes], name: str, limits: ImportLimits) -> None:
        self._handle = handle
        self.name = name
        self._limit = limits.file_bytes
        self._mb = limits.max_file_mb
        self._digest = hashlib.sha256()
        self.count = 0
        self.regular = False  # a regular file (else a pipe, a terminal, a device)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            size = self._handle.readinto(buffer)  # type: ignore[attr-defined]
        except OSError as exc:
            raise FileProblem(
                f"Không đọc được tệp «{self.name}»: {os_reason(exc, writing=False)}."
            ) from None
        if not size:
            return 0
        self.count += size
        if self.count > self._limit:
            raise FileProblem(
                f"Tệp «{self.name}» lớn quá {number(self._mb)} MB, giới hạn của một lần nhập "
                "(max_file_mb trong mục [import] của tệp cấu hình)."
            )
        self._digest.update(memoryview(buffer)[:size])
        return size

    def hexdigest(self) -> str:
        return self._digest.hexdigest()

    def close(self) -> None:
        self._handle.close()
        super().close()


class _Replay(io.RawIOBase):
    """The first bytes again, then the rest of the stream: the kind is told without seeking."""

    def __init__(self, head: bytes, rest: Stream) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._head:
            return self._rest.readinto(buffer)
        size = min(len(buffer), len(self._head))
        buffer[:size] = self._head[:size]
        self._head = self._head[size:]
        return size


@dataclass(frozen=True)
class Source:
    """An opened input: all its bytes from the start (`data`), its first bytes, its kind."""

    name: str
    path: Path
    stream: Stream
    data: IO[bytes]  # the bytes from the start: buffered over `stream`, or a private spool
    head: bytes
    kind: str  # "csv" | "spreadsheet"
    encoding: str | None
    stat: os.stat_result | None  # of a regular file when opened: a change is refused

    def finish(self) -> tuple[str, int]:
        """sha256 and size of what was read, after making sure it is the whole, unchanged file."""
        if self.stat is not None:
            try:
                now = os.stat(self.path)
            except OSError:
                now = None
            if (
                now is None
                or (now.st_size, now.st_mtime_ns) != (self.stat.st_size, self.stat.st_mtime_ns)
                or self.stream.count != self.stat.st_size
            ):
                raise FileProblem(
                    f"Tệp «{self.name}» đã thay đổi trong lúc đọc (đang được chép hoặc ghi "
                    "dở?): không nhập gì; hãy nhập lại khi tệp đã chép xong."
                )
        return self.stream.hexdigest(), self.stream.count

    def close(self) -> None:
        self.data.close()
        self.stream.close()


def _not_a_spreadsheet(name: str, what: str) -> FileProblem:
    return FileProblem(
        f"Tệp «{name}» là {what}, không phải bảng tính hay CSV xuất từ hệ thống một cửa."
    )


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM: Latin and Vietnamese letters put a zero byte in every other
    position (the high byte of a character below U+0100), on the same side throughout."""
    sample = head[: 4096 - 4096 % 2]
    if len(sample) < 8:
        return None
    low, high = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    for zeros, other, encoding in ((high, low, "utf-16-le"), (low, high, "utf-16-be")):
        if zeros >= pairs * 0.3 and other == 0:
            try:
                head[: len(head) - len(head) % 2].decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


def _refuse_binary(name: str, head: bytes) -> None:
    for magic, what in _KNOWN_BINARY.items():
        if head.startswith(magic):
            raise _not_a_spreadsheet(name, what)
    lowered = head[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table")):
        raise FileProblem(
            f"Tệp «{name}» là trang HTML đổi tên thành bảng tính: hãy mở bằng Excel "
            "rồi lưu lại dạng .xlsx trước khi nhập."
        )
    # Text has few control bytes (a stray NUL or BEL in a cell is cleaned row by row);
    # binary data has them everywhere (one byte in nine, at random).
    controls = sum(head.count(bytes([b])) for b in _CONTROL_BYTES)
    if controls > len(head) // 20:
        raise _not_a_spreadsheet(name, "dữ liệu nhị phân")


def _codec(encoding: str) -> str:
    """A text encoding's canonical name; not a codec such as rot13 or base64, which are not one."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise InvalidInput(
            f"Không biết bảng mã «{encoding}»: dùng {ENCODINGS_HINT} (bảng mã chữ, không phải "
            "cách mã hóa khác)."
        )
    return info.name


def _decodes(head: bytes, encoding: str, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def text_encoding(name: str, head: bytes, complete: bool, encoding: str | None) -> str:
    """The encoding of a text file from its first bytes (or the one the user named)."""
    if encoding:
        chosen = _codec(encoding)
    elif head.startswith(codecs.BOM_UTF8):
        chosen = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        chosen = "utf-16"
    else:
        chosen = _utf16_without_bom(head) or ""
    if not chosen:
        _refuse_binary(name, head)
        # Not UTF-8: Vietnamese Windows writes Windows-1258.
        chosen = "utf-8" if _decodes(head, "utf-8", complete) else "cp1258"
    elif not chosen.startswith("utf-16"):
        _refuse_binary(name, head)
    if not _decodes(head, chosen, complete):
        raise FileProblem(
            f"Không đọc được chữ trong tệp «{name}» theo bảng mã {chosen}: hãy chỉ "
            f"định đúng bảng mã bằng --encoding ({ENCODINGS_HINT})."
        )
    # utf-8-sig is harmless without a BOM, and strips one when --encoding utf-8 is given.
    return "utf-8-sig" if chosen == "utf-8" else chosen


def _open(path: Path) -> tuple[IO[bytes], str, os.stat_result | None]:
    """The handle, the name messages use, and the stat of a regular file (None otherwise)."""
    if path == STDIN:
        return sys.stdin.buffer, STDIN_NAME, None
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem(f"{path} là một thư mục, không phải tệp.")
        handle = path.open("rb")
    except FileNotFoundError:
        raise FileProblem(f"Không tìm thấy tệp {path}.") from None
    except IsADirectoryError:
        raise FileProblem(f"{path} là một thư mục, không phải tệp.") from None
    except OSError as exc:
        raise FileProblem(f"Không mở được tệp {path}: {os_reason(exc, writing=False)}.") from None
    # A FIFO, a terminal or a device is read as a stream; only a regular file can be checked
    # for a change by comparing its size and time before and after.
    return handle, path.name, info if stat.S_ISREG(info.st_mode) else None


def _read_head(stream: Stream) -> bytes:
    """Up to HEAD bytes; from a pipe, as soon as 64 KB have come (the rest may take a while)."""
    head = bytearray()
    buffer = bytearray(HEAD)
    wanted = HEAD if stream.regular else _ENOUGH
    while len(head) < wanted:
        size = stream.readinto(memoryview(buffer)[: wanted - len(head)])
        if not size:
            break
        head += buffer[:size]
    return bytes(head)


def open_source(path: Path, limits: ImportLimits, encoding: str | None = None) -> Source:
    """Open the input and tell its kind; raises FileProblem/InvalidInput for what cannot be read."""
    handle, name, info = _open(path)
    stream = Stream(handle, name, limits)
    stream.regular = info is not None
    try:
        head = _read_head(stream)
        if not head.strip():
            raise FileProblem(f"Tệp «{name}» rỗng: không có dòng nào để nhập.")
        data = io.BufferedReader(_Replay(head, stream), _CHUNK)
        if head.startswith((_ZIP, _OLE2)):
            return Source(name, path, stream, _spool(data), head, "spreadsheet", None, info)
        chosen = text_encoding(name, head, len(head) < HEAD, encoding)
        return Source(name, path, stream, data, head, "csv", chosen, info)
    except BaseException:
        stream.close()
        raise


def _spool(data: IO[bytes]) -> IO[bytes]:
    """A private copy, already unlinked (gone even if the process is killed): a spreadsheet is
    read at random, and from this copy it cannot change under the reader."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the Source
    try:
        while chunk := data.read(_CHUNK):
            spool.write(chunk)
        spool.seek(0)
    except OSError as exc:
        spool.close()
        raise FileProblem(
            f"Không chép được tệp vào thư mục tạm ({tempfile.gettempdir()}): {os_reason(exc)}."
        ) from None
    except BaseException:
        spool.close()
        raise
    return spool
