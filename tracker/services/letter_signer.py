"""Who signs a letter and the return date it may promise: the unit's current head with the
authority line the signature block prints, and a new date that is a working day after both
today and the old due date."""

from __future__ import annotations

import datetime as dt
import re

from tracker.calendar import WorkCalendar
from tracker.errors import InvalidInput, NotFound
from tracker.models import Unit
from tracker.next_steps import Action, NextStep
from tracker.services.heads import default_title
from tracker.services.units import current_head
from tracker.text import clean, fold

# "Chủ tịch UBND", "Chủ tịch Ủy ban nhân dân xã …": the authority line names the office only.
_GOVERNING_SUFFIX = re.compile(r"\s+(ubnd|uy ban nhan dan)\b.*$")


def authority_title(title: str) -> str:
    """The head's office as the signature block prints it: `Chánh Văn phòng` → `CHÁNH VĂN
    PHÒNG`; a commune's `Chủ tịch UBND` → `CHỦ TỊCH` (the header already names the UBND)."""
    text = clean(title)
    folded = fold(text)
    match = _GOVERNING_SUFFIX.search(folded)
    if match:
        # fold() keeps one character per character of the NFC text, so offsets carry over.
        text = text[: match.start()]
    return text.upper()


def signer_of(unit: Unit, signer: str | None, acting: bool) -> tuple[str, str]:
    """(name, office title in capitals) of the person who signs for the unit: `signer` when
    typed (a deputy, with `acting`), else the unit's current head."""
    head = current_head(unit)
    title = head.title if head else default_title(unit)
    if signer:
        name = clean(signer)
    elif acting:
        raise InvalidInput("--acting cần --signer «Họ tên» của cấp phó ký thay.")
    elif head is None:
        raise NotFound(
            f"Đơn vị {unit.code} ({unit.name}) chưa có người đứng đầu.",
            NextStep(Action.SET_HEAD_OR_SIGNER, unit.code),
        )
    else:
        name = head.full_name
    return name, authority_title(title)


def check_new_date(
    calendar: WorkCalendar, new_date: dt.date, *, today: dt.date, old_due: dt.date, code: str
) -> None:
    """Refuse a new return date that is not a working day after both today and the old due date."""
    shown = new_date.strftime("%d/%m/%Y")
    info = calendar.info(new_date)
    if not info.working:
        raise InvalidInput(
            f"Hồ sơ {code}: ngày hẹn trả mới {shown} là {info.reason}, không phải ngày làm việc; "
            f"hãy chọn ngày khác (ngày làm việc kế tiếp: "
            f"{calendar.next_working_day(new_date):%d/%m/%Y})."
        )
    if new_date <= today:
        raise InvalidInput(
            f"Hồ sơ {code}: ngày hẹn trả mới {shown} phải sau hôm nay ({today:%d/%m/%Y})."
        )
    if new_date <= old_due:
        raise InvalidInput(
            f"Hồ sơ {code}: ngày hẹn trả mới {shown} phải sau ngày hẹn trả cũ {old_due:%d/%m/%Y}.",
            NextStep(Action.LATER_NEW_DATE),
        )
