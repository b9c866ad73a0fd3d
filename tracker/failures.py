"""What a library or the system said, as one Vietnamese sentence.

calamine, openpyxl, the csv and toml readers, SQLAlchemy, psycopg and the operating system
speak English; a clerk reads one Vietnamese sentence instead, and the original stays on the
exception (`raise … from exc`, or its context) for `tracker --verbose` to print. Pure: no
database, no settings; the importers use it too.
"""

from __future__ import annotations

import errno
import re

# errno name → why; names a platform lacks (Windows has no EDQUOT) are left out.
_OS_REASONS = {
    getattr(errno, name): reason
    for name, reason in (
        ("EACCES", "không có quyền truy cập"),
        ("EPERM", "không có quyền truy cập"),
        ("EROFS", "ổ đĩa chỉ cho phép đọc"),
        ("ENOSPC", "ổ đĩa đã đầy"),
        ("EDQUOT", "đã hết dung lượng được cấp trên ổ đĩa"),
        ("ENOTDIR", "một phần của đường dẫn là tệp, không phải thư mục"),
        ("EEXIST", "đã có tệp hoặc thư mục cùng tên"),
        ("ENOENT", "không tìm thấy tệp hoặc thư mục"),
        ("EISDIR", "đây là thư mục, không phải tệp"),
        ("ENAMETOOLONG", "tên tệp quá dài"),
        ("EMFILE", "mở quá nhiều tệp cùng lúc"),
        ("EBUSY", "tệp đang được chương trình khác dùng"),
        ("EIO", "lỗi đọc ghi của ổ đĩa"),
        ("EINVAL", "tên hoặc thao tác không hợp lệ"),
        ("ETIMEDOUT", "hết thời gian chờ"),
        ("ECONNREFUSED", "máy bên kia không nhận kết nối"),
        ("EADDRINUSE", "đã có chương trình khác dùng"),
        ("EADDRNOTAVAIL", "địa chỉ này không thuộc máy này"),
        ("EPIPE", "chương trình nhận kết quả đã đóng"),
        ("EXDEV", "không chuyển được giữa hai ổ đĩa"),
        ("ENOTEMPTY", "thư mục không trống"),
        ("ELOOP", "đường dẫn vòng lặp (liên kết trỏ vào chính nó)"),
    )
    if hasattr(errno, name)
}


_DENIED = {"EACCES", "EPERM"}


def os_reason(exc: OSError, *, writing: bool | None = None) -> str:
    """Why the system refused a file operation (strerror is English, and on Windows local);
    `writing` says which permission was missing when the caller knows."""
    denied = {getattr(errno, name) for name in _DENIED}
    if exc.errno in denied and writing is not None:
        return "không có quyền ghi" if writing else "không có quyền đọc"
    reason = _OS_REASONS.get(exc.errno or 0)
    if reason is not None:
        return reason
    if getattr(exc, "winerror", None) == 32:  # ERROR_SHARING_VIOLATION
        return "tệp đang mở trong chương trình khác (Excel, Word?)"
    return f"lỗi hệ thống số {exc.errno}" if exc.errno else "lỗi hệ thống"


def os_sentence(exc: OSError) -> str:
    where = f" {exc.filename}" if exc.filename is not None else ""
    return f"Không truy cập được{where}: {os_reason(exc)}."


_CSV_REASONS = (
    ("nul", "có ký tự NUL (tệp nhị phân?)"),
    ("field larger than field limit", "có một ô dài quá giới hạn"),
    ("new-line character seen in unquoted field", "xuống dòng giữa một ô không có ngoặc kép"),
    ("unexpected end of data", "tệp kết thúc giữa chừng một ô có ngoặc kép"),
)


def csv_reason(exc: Exception) -> str:
    """Why Python's csv reader stopped."""
    message = str(exc).lower()
    for marker, reason in _CSV_REASONS:
        if marker in message:
            return reason
    return "dòng không đúng định dạng CSV"


_TOML_AT = re.compile(r"line (\d+), column (\d+)")


def toml_reason(exc: Exception) -> str:
    """A TOML syntax error, with its place: `sai cú pháp ở dòng 3, cột 7`."""
    found = _TOML_AT.search(str(exc))
    where = f" ở dòng {found.group(1)}, cột {found.group(2)}" if found else ""
    if "end of document" in str(exc):
        where = " ở cuối tệp"
    return f"sai cú pháp TOML{where}"


def text_file_reason(exc: Exception) -> str:
    """Why a small text file (a preset, the config file) could not be read."""
    if isinstance(exc, OSError):
        return os_reason(exc, writing=False)
    if isinstance(exc, UnicodeError):
        return "không phải chữ UTF-8; hãy lưu lại với bảng mã UTF-8"
    return toml_reason(exc)


_UNDEFINED = re.compile(r"'([^']+)' is undefined")


def template_reason(exc: Exception) -> str:
    """Why Jinja could not fill a template a clerk edited."""
    found = _UNDEFINED.search(str(exc))
    if found:
        return f"chỗ điền «{found.group(1)}» không có trong dữ liệu"
    return "chỗ điền hoặc lệnh trong mẫu viết sai"


def spreadsheet_reason(exc: BaseException) -> str:
    """Why calamine (or zipfile, or openpyxl) could not read a workbook."""
    message = str(exc).lower()
    if "password" in message or "encrypt" in message:
        return "bảng tính có mật khẩu; hãy lưu lại không đặt mật khẩu"
    if "detect" in message or "format" in message or "zip" in message or "eof" in message:
        return "không nhận ra định dạng: tệp hỏng, bị cắt ngắn hoặc không phải XLSX, XLS, ODS"
    if "sheet" in message and ("not found" in message or "missing" in message):
        return "tệp thiếu trang tính được khai báo bên trong (tệp hỏng)"
    return "nội dung bên trong tệp bị hỏng"


# A database driver's words (psycopg, sqlite3), lower-cased, → why, in Vietnamese.
_DATABASE_REASONS = (
    ("password authentication failed", "sai tên đăng nhập hoặc mật khẩu của máy chủ"),
    ("no password supplied", "máy chủ cần mật khẩu nhưng địa chỉ không có"),
    ("does not exist", "máy chủ chưa có cơ sở dữ liệu hoặc tài khoản được chỉ định"),
    ("could not translate host name", "không tìm thấy tên máy chủ"),
    ("name or service not known", "không tìm thấy tên máy chủ"),
    ("connection refused", "máy chủ không nhận kết nối (chưa chạy, hoặc sai địa chỉ, cổng)"),
    ("timeout", "máy chủ không trả lời trong thời gian chờ"),
    ("timed out", "máy chủ không trả lời trong thời gian chờ"),
    ("no such file or directory", "không có máy chủ tại địa chỉ (socket) này"),
    ("server closed the connection", "máy chủ đã đóng kết nối giữa chừng"),
    ("too many connections", "máy chủ đã quá nhiều kết nối"),
    ("permission denied", "tài khoản không có quyền trên cơ sở dữ liệu này"),
    ("ssl", "kết nối bảo mật (SSL) tới máy chủ không thành công"),
)


def database_reason(detail: str) -> str | None:
    """Why a database server or file refused, from the driver's message; None if unknown."""
    lowered = detail.lower()
    for marker, reason in _DATABASE_REASONS:
        if marker in lowered:
            return reason
    return None


def library_sentence(exc: BaseException) -> str | None:
    """One Vietnamese sentence for a library's or the system's error reaching the command
    line untranslated; None for an error that is a bug of tracker's own."""
    module = type(exc).__module__
    if isinstance(exc, OSError):
        return os_sentence(exc)
    if module.startswith(("python_calamine", "openpyxl", "zipfile")):
        return f"Tệp bảng tính không đọc được: {spreadsheet_reason(exc)}."
    if isinstance(exc, UnicodeError):
        return "Tệp không đọc được theo bảng mã chữ đã chọn (hãy thử --encoding)."
    if isinstance(exc, MemoryError):
        return "Không đủ bộ nhớ để làm việc này: hãy chia nhỏ tệp hoặc danh sách."
    return None
