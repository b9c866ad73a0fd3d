"""click's own words in Vietnamese: usage lines, help headings, usage errors, prompts.

click marks every sentence it prints with gettext (`_("No such command {name!r}.")`) and binds
`_` and `ngettext` in each of its modules when they are imported. A gettext catalogue would be
chosen by the LANGUAGE/LANG environment variables, which a Windows office does not set; so the
catalogue below is installed into those modules directly, once, when `tracker.cli` is imported.
`tests/test_help.py` reads click's source and fails when a sentence of click has no
translation here, so a click upgrade that adds one is caught.
"""

from __future__ import annotations

import re
import sys
from typing import Any

# click's gettext messages (msgid → Vietnamese). A value named by click with `!r` is shown in
# «» instead of Python's quotes (see `_Sentence`).
MESSAGES: dict[str, str] = {
    # Help pages
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "In hướng dẫn này rồi thoát.",
    "Show the version and exit.": "In phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "required": "bắt buộc",
    "(dynamic)": "(tính khi chạy)",
    "deprecated": "không còn dùng",
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Xác nhận luôn, không hỏi.",
    # Usage errors
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: {command} {option}",
    "No such command {name!r}.": "Không có lệnh «{name}».",
    "No such option {name!r}.": "Không có tùy chọn «{name}».",
    "Missing command.": "Thiếu lệnh.",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Invalid value for {param_hint}: {message}": "Giá trị của {param_hint} không hợp lệ: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Option {name!r} does not take a value.": "Tùy chọn «{name}» không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số «{name}» cần {nargs} giá trị.",
    "Invalid start character for option ({option})": "Tùy chọn bắt đầu sai ({option})",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "unknown error": "lỗi không rõ",
    "Could not open file {filename!r}: {message}": "Không mở được tệp «{filename}»: {message}",
    # Values of a type
    "{value!r} is not a valid {number_type}.": "«{value}» không phải {number_type}.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng cho phép ({range}).",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "«{value}» không phải giá trị có/không; các giá trị nhận: {states}"
    ),
    "{value!r} is not a valid UUID.": "«{value}» không phải mã UUID hợp lệ.",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "Choice({choices})": "Lựa chọn({choices})",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    # click writes the kind of path first ("File 'x' does not exist."): the sentence says it.
    "{name} {filename!r} does not exist.": "«{filename}» không tồn tại.",
    "{name} {filename!r} is a file.": "«{filename}» là một tệp, không phải thư mục.",
    "{name} {filename!r} is a directory.": "«{filename}» là một thư mục, không phải tệp.",
    "{name} {filename!r} is not readable.": "Không có quyền đọc «{filename}».",
    "{name} {filename!r} is not writable.": "Không có quyền ghi vào «{filename}».",
    "{name} {filename!r} is not executable.": "Không có quyền chạy «{filename}».",
    # Prompts and interruptions
    "Aborted!": "Đã dừng.",
    "Error: invalid input": "Lỗi: câu trả lời không hợp lệ.",
    "Error: The two entered values do not match.": "Lỗi: hai lần nhập không khớp nhau.",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Press any key to continue...": "Nhấn một phím bất kỳ để tiếp tục…",
    "d": " ngày",
    # Shell completion, the editor, Windows consoles
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "Gợi ý lệnh cần Bash 4.4 trở lên."
    ),
    "Couldn't detect Bash version, shell completion is not supported.": (
        "Không xác định được phiên bản Bash: không thể gợi ý lệnh."
    ),
    "{editor}: Editing failed": "{editor}: không sửa được",
    "{editor}: Editing failed: {e}": "{editor}: không sửa được: {e}",
    "Windows error: {error}": "Lỗi của Windows: {error}",
    # Mistakes of a programmer declaring commands: never a clerk's, Vietnamese all the same
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "Lưu ý: lệnh «{name}» không còn dùng nữa.{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "Lưu ý: {param_type} «{name}» không còn dùng nữa.{extra_message}"
    ),
    "Could not determine name for option with declarations {decls!r}": (
        "Không xác định được tên tùy chọn từ khai báo {decls}"
    ),
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?": (
        "Chưa khai báo tùy chọn nào mà đã có tên ({name}): có phải cần khai báo tham số, hoặc "
        "viết «--{name}»?"
    ),
    "Name '{name}' defined twice": "Tên «{name}» được khai báo hai lần",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": (
        "Tham số chỉ nhận đúng một khai báo, có {length}: {decls}."
    ),
    "Boolean option {decl!r} cannot use the same flag for true/false.": (
        "Tùy chọn có/không «{decl}» không thể dùng cùng một cờ cho cả hai giá trị."
    ),
    "Unknown color {colour!r}": "Không có màu «{colour}»",
    "Unknown standard stream '{name}'": "Không có luồng chuẩn «{name}»",
}

# click's ngettext messages: (singular msgid, plural msgid) → (Vietnamese for one, for many).
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Thừa tham số không dùng đến ({args})",
        "Thừa các tham số không dùng đến ({args})",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Có phải ý bạn là {possibility}?",
        "(Có phải ý bạn là một trong: {possibilities}?)",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Tùy chọn «{name}» cần một giá trị.",
        "Tùy chọn «{name}» cần {nargs} giá trị.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Cần {nargs} giá trị nhưng chỉ có 1.",
        "Cần {nargs} giá trị nhưng có {len}.",
    ),
    (
        "{value!r} is not {choice}.",
        "{value!r} is not one of {choices}.",
    ): ("«{value}» không phải {choice}.", "«{value}» không phải một trong {choices}."),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): (
        "«{value}» không đúng dạng {format}.",
        "«{value}» không đúng dạng nào trong {formats}.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "Cần {len_type} giá trị, nhưng có {len_value}.",
        "Cần {len_type} giá trị, nhưng có {len_value}.",
    ),
}

# click quotes what it names with Python's repr ('leters', '--status'); Vietnamese uses «».
_QUOTED = re.compile(r"'([^'\n]*)'")


def vietnamese_quotes(text: str) -> str:
    """`'--status'` → `«--status»`, and a doubled «'…'» left by a translation → «…»."""
    return _QUOTED.sub(r"«\1»", text).replace("««", "«").replace("»»", "»")


class _Sentence(str):
    """A translated message: formatted like the English one, then quoted the Vietnamese way."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:
        return vietnamese_quotes(str.format(self, *args, **kwargs))


def gettext(message: str) -> str:
    translated = MESSAGES.get(message)
    return message if translated is None else _Sentence(translated)


def ngettext(singular: str, plural: str, count: int) -> str:
    translated = PLURALS.get((singular, plural))
    if translated is None:
        return singular if count == 1 else plural
    return _Sentence(translated[0] if count == 1 else translated[1])


# The modules `import click` loads, and shell completion (cheap; run by `_TRACKER_COMPLETE`).
# click._termui_impl (progress bar, pager, editor: never used by tracker) costs 5 ms to import,
# a tenth of `tracker --help`; it is translated only if something has loaded it already.
CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.shell_completion",
    "click.termui",
    "click.types",
    "click.utils",
)


def install() -> None:
    """Make click speak Vietnamese: idempotent, done once when `tracker.cli` is imported."""
    import importlib

    names = [*CLICK_MODULES, *(m for m in ("click._termui_impl",) if m in sys.modules)]
    for name in names:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
