"""Option types that turn a user's typing into values, or one Vietnamese sentence; and the
placeholders (metavars) help shows for them.

`adapt` runs on every command when its group hands it out (tracker.cli.lazy), so an option
declared anywhere with click's own types gets the Vietnamese behaviour without asking: its
placeholder comes from `METAVARS` by its name (else from its type, else `GIÁ_TRỊ`), a
`click.Choice` suggests the closest value, a `click.IntRange` describes its range in
Vietnamese. Give `metavar=` only for a placeholder the table has no word for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    import datetime as dt

    from tracker.dates import Period

# What to type, by the option's or argument's name: one vocabulary for every command.
METAVARS: dict[str, str] = {
    "abbr": "VIẾT_TẮT",
    "address": "ĐỊA_CHỈ",
    "alias": "TÊN_KHÁC",
    "applicant": "HỌ_TÊN",
    "code": "MÃ",
    "codes": "MÃ",
    "columns": "CỘT,…",
    "combined": "TỆP",
    "correct_ref": "SỐ_THAM_CHIẾU",
    "correct_url": "URL",
    "day": "NGÀY",
    "days": "SỐ_NGÀY",
    "directory": "THƯ_MỤC",
    "file": "TỆP",
    "head": "NGƯỜI",
    "host": "ĐỊA_CHỈ",
    "metric": "CHỈ_SỐ",
    "name": "TÊN",
    "number": "SỐ_PHIẾU",
    "out": "TỆP",
    "out_dir": "THƯ_MỤC",
    "parent": "ĐƠN_VỊ",
    "path": "TỆP",
    "period": "KỲ",
    "phone": "SỐ_ĐIỆN_THOẠI",
    "port": "CỔNG",
    "procedure": "THỦ_TỤC",
    "reason": "LÝ_DO",
    "ref": "SỐ_THAM_CHIẾU",
    "search": "TỪ_KHÓA",
    "signer": "NGƯỜI_KÝ",
    "template": "TỆP",
    "text": "LÝ_DO",
    "title": "CHỨC_VỤ",
    "unit": "ĐƠN_VỊ",
    "url": "URL",
    "url_template": "MẪU_URL",
    "username": "TÊN_ĐĂNG_NHẬP",
    "value": "GIÁ_TRỊ",
    "why": "LÝ_DO",
    "within": "SỐ_NGÀY",
    "year": "NĂM",
}
ANY_VALUE = "GIÁ_TRỊ"
OPTIONS_METAVAR = "[TÙY_CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM_SỐ]..."

# A Vietnamese word typed where an English choice is expected (folded, without diacritics):
# `--status mo` → «open».
CHOICE_WORDS: dict[str, str] = {
    "mo": "open",
    "dang mo": "open",
    "chua tra": "open",
    "tre": "late",
    "tre han": "late",
    "qua han": "late",
    "da tra": "resolved",
    "xong": "resolved",
    "co ket qua": "resolved",
    "tat ca": "all",
    "sap den han": "due-soon",
    "sap tre": "due-soon",
    "bang": "table",
    "chua": "none",
    "chua soan": "none",
    "du thao": "draft",
    "ban hanh": "issued",
    "cong khai": "published",
    "cong": "portal",
    "cong thong tin": "portal",
    "mot cua": "onestop",
    "phong": "department",
    "xa": "commune",
    "van thu": "clerk",
    "lanh dao": "leader",
    "quan tri": "admin",
    "truong phong": "head",
    "word": "docx",
    "excel": "xlsx",
}


def closest(typed: str, candidates: list[str]) -> str | None:
    """The candidate the user most likely meant: a Vietnamese word for it, else the nearest
    spelling (difflib, imported only when someone mistyped)."""
    import difflib

    from tracker.text import fold

    word = fold(typed)
    if CHOICE_WORDS.get(word) in candidates:
        return CHOICE_WORDS[word]
    near = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if near:
        return near[0]
    starting = [c for c in candidates if word and c.startswith(word)]
    return starting[0] if len(starting) == 1 else None


class DateType(click.ParamType):
    name = "ngày"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "NGÀY"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        import datetime as dt

        from tracker.dates import parse_date

        if isinstance(value, dt.date):
            return value
        return parse_date(str(value))


class PeriodType(click.ParamType):
    name = "kỳ"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "KỲ"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Period:
        from tracker.dates import Period, parse_period

        if isinstance(value, Period):
            return value
        return parse_period(str(value))


class Choice(click.Choice):
    """click.Choice that names the closest allowed value (`--status mo` → «open»)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            hint = closest(str(value), [str(c) for c in self.choices])
            if not hint:
                raise
            message = f"{exc.message} Có phải ý bạn là «{hint}»?"
            raise click.BadParameter(message, ctx=ctx, param=param) from None


class Integer(click.types.IntParamType):
    name = "số nguyên"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "SỐ"


class IntegerRange(click.IntRange):
    name = "số nguyên"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "SỐ"

    def _describe_range(self) -> str:
        low = None if self.min is None else f"{'>' if self.min_open else '≥'} {self.min}"
        high = None if self.max is None else f"{'<' if self.max_open else '≤'} {self.max}"
        if low and high and not (self.min_open or self.max_open):
            return f"từ {self.min} đến {self.max}"
        return ", ".join(part for part in (low, high) if part)


DATE = DateType()
PERIOD = PeriodType()
INTEGER = Integer()


def _vietnamese_type(kind: click.ParamType) -> click.ParamType:
    """The Vietnamese-speaking twin of one of click's own types (others are kept)."""
    if type(kind) is click.Choice:
        return Choice(kind.choices, case_sensitive=kind.case_sensitive)
    if type(kind) is click.IntRange:
        return IntegerRange(kind.min, kind.max, kind.min_open, kind.max_open, kind.clamp)
    if type(kind) is click.types.IntParamType:
        return INTEGER
    return kind


def _metavar(param: click.Parameter) -> str | None:
    """The placeholder of a parameter declared without one; None where click's is right."""
    kind = param.type
    if isinstance(kind, click.Choice) or getattr(param, "is_flag", False):
        return None  # click lists the choices; a flag takes no value
    if param.name in METAVARS:
        return METAVARS[param.name]
    if isinstance(kind, click.Path):
        return "THƯ_MỤC" if not kind.file_okay else "TỆP" if not kind.dir_okay else "ĐƯỜNG_DẪN"
    if isinstance(kind, (DateType, PeriodType, Integer, IntegerRange)):
        return None  # the type names itself (NGÀY, KỲ, SỐ)
    return ANY_VALUE


def _argument_metavar(param: click.Argument, word: str) -> str:
    """click decorates an argument's own metavar ([MÃ]...) only when it makes it itself."""
    shown = word if param.required else f"[{word}]"
    return shown + ("..." if param.nargs != 1 else "")


def adapt(command: click.Command) -> None:
    """Vietnamese placeholders and types for a command's parameters (and its subcommands')."""
    command.options_metavar = OPTIONS_METAVAR
    if isinstance(command, click.Group):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
    for param in command.params:
        param.type = _vietnamese_type(param.type)
        if param.metavar is None and (word := _metavar(param)) is not None:
            if isinstance(param, click.Argument):
                word = _argument_metavar(param, word)
            param.metavar = word
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            adapt(sub)


def codes_or_period(codes: tuple[str, ...], period: Period | None) -> Period | None:
    """The batch commands take dossier codes or a whole --period, never both."""
    if codes and period:
        raise click.UsageError("Chỉ mã hồ sơ hoặc --period, không dùng cả hai.")
    return period
