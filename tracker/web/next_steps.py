"""The next step of a refusal, a rejected row or a warning, as the browser says it: words, a
link to the page that does it, and «nhờ …» for a reader whose role cannot (tracker.next_steps
has the actions; the command line names a command instead). A clerk who never opens a
terminal is never told to type one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import g, url_for
from markupsafe import Markup, escape

from tracker.errors import TrackerError
from tracker.next_steps import Action, NextStep, joined
from tracker.services.access import CLERKS, READERS, WRITERS

ADMINS = ("admin",)


@dataclass(frozen=True)
class Words:
    """What one action asks of the reader on the web."""

    text: str  # for who can do it: `{about}`, and `{page}` where the link goes
    page: str = ""  # the link's own words
    endpoint: str | None = None  # the page that does it
    argument: str | None = None  # the endpoint's argument that takes the step's `about`
    roles: tuple[str, ...] | None = None  # who can do it there; None: every reader
    otherwise: str = ""  # what the other roles read instead


def _unit_page(text: str, otherwise: str) -> Words:
    """Something the administrator changes on a unit's page."""
    return Words(text, "đơn vị {about}", "admin_units.unit", "code", ADMINS, otherwise)


def _dossier_page(text: str, roles: tuple[str, ...], otherwise: str = "") -> Words:
    return Words(text, "hồ sơ {about}", "pages.dossier", "code", roles, otherwise)


_SET_HEAD = _unit_page(
    "ghi người đứng đầu ở trang {page}",
    "nhờ quản trị viên ghi người đứng đầu của đơn vị {about}",
)

WORDS: dict[Action, Words] = {
    Action.FIND_UNIT: Words(
        "xem các đơn vị ở trang {page}, hoặc thêm «{about}» làm tên khác của đơn vị đúng "
        "(ở trang của đơn vị đó)",
        "Đơn vị",
        "admin_units.units",
        roles=ADMINS,
        otherwise="hãy chọn đơn vị trong danh sách, hoặc nhờ quản trị viên thêm «{about}» "
        "làm tên khác của đơn vị đúng",
    ),
    Action.ALIAS_AND_REIMPORT: Words(
        "thêm «{about}» làm tên khác của đơn vị đúng (trang {page}, rồi trang của đơn vị đó) "
        "và nhập lại tệp",
        "Đơn vị",
        "admin_units.units",
        roles=ADMINS,
        otherwise="nhờ quản trị viên thêm «{about}» làm tên khác của đơn vị đúng, rồi nhập lại tệp",
    ),
    Action.LOAD_UNITS: Words(
        "thêm các đơn vị ở trang {page}, rồi nhập lại tệp",
        "Đơn vị",
        "admin_units.units",
        roles=ADMINS,
        otherwise="nhờ quản trị viên thêm các đơn vị của cơ quan, rồi nhập lại tệp",
    ),
    Action.ORPHANS: Words(
        "hồ sơ chờ giao, chưa có người đứng đầu nào nhận (nhờ quản trị viên giao cho đơn vị "
        "phù hợp)"
    ),
    Action.PLACE_UNIT: _unit_page(
        "ghi địa danh ở trang {page}", "nhờ quản trị viên ghi địa danh của đơn vị {about}"
    ),
    Action.SET_HEAD: _SET_HEAD,
    Action.SET_HEAD_OR_SIGNER: _SET_HEAD,  # the web's letters are signed by the unit's head
    Action.LIST_HEADS: Words(
        "xem người đứng đầu của từng đơn vị ở trang {page}",
        "Đơn vị",
        "admin_units.units",
        roles=ADMINS,
        otherwise="hãy ghi đúng họ tên hoặc tên đơn vị, hoặc hỏi quản trị viên",
    ),
    Action.LIST_ACCOUNTS: Words(
        "xem danh sách ở trang {page}",
        "Tài khoản",
        "admin.accounts",
        roles=ADMINS,
        otherwise="nhờ quản trị viên kiểm tra tài khoản",
    ),
    Action.ANOTHER_ADMIN: Words("hãy nhờ một quản trị viên khác làm việc này"),
    Action.CALENDAR_YEAR: Words(
        "xem các ngày đã điều chỉnh của năm {about} ở trang {page}",
        "Lịch làm việc",
        "admin_calendar.calendar",
        "nam",
        ADMINS,
        "nhờ quản trị viên xem lịch làm việc năm {about}",
    ),
    Action.LIST_CASES: Words(
        "xem danh sách {page}",
        "Hồ sơ cần xử lý",
        "pages.home",
        roles=READERS,
        otherwise="hãy kiểm tra lại mã hồ sơ",
    ),
    Action.SHOW_CASE: _dossier_page("xem trang {page}", READERS, "hãy kiểm tra lại mã hồ sơ"),
    Action.RECHECK_CASE: _dossier_page(
        "hãy mở lại trang {page} rồi thử lại", READERS, "hãy thử lại sau"
    ),
    Action.GIVE_REASON: _dossier_page(
        "ghi lý do trễ hạn ở trang {page} rồi soạn thư",
        WRITERS,
        "nhờ người đứng đầu đơn vị ghi lý do trễ hạn",
    ),
    Action.REASON_THEN_REDRAFT: _dossier_page(
        "ghi lý do trễ hạn ở trang {page} rồi soạn lại thư",
        WRITERS,
        "nhờ người đứng đầu đơn vị ghi lý do trễ hạn và soạn lại thư",
    ),
    Action.DRAFT_LETTER: _dossier_page(
        "hãy soạn thư ở trang {page} trước", WRITERS, "nhờ người đứng đầu đơn vị soạn thư trước"
    ),
    Action.REDRAFT_LETTER: _dossier_page(
        "soạn lại thư ở trang {page} rồi ban hành",
        WRITERS,
        "nhờ người đứng đầu đơn vị soạn lại thư",
    ),
    Action.ISSUE_LETTER: Words(
        "hãy ban hành thư (cấp số) ở trang {page} trước khi công khai",
        "Thư xin lỗi",
        "letters.period",
        roles=CLERKS,
        otherwise="nhờ văn thư ban hành thư trước khi công khai",
    ),
    Action.LIST_REGIMES: Words(
        "nhờ quản trị viên kiểm tra thư mục chế độ pháp lý (regimes) của máy chủ"
    ),
    Action.LATER_NEW_DATE: Words("hãy chọn ngày hẹn trả mới muộn hơn"),
    Action.NO_NEW_DATE: Words("để trống ô ngày hẹn trả mới"),
    Action.FORCE_LETTER: Words(
        "nếu thật cần thư, hãy nhờ quản trị viên soạn kèm lý do (trang web không soạn thư này)"
    ),
    Action.WHY_FOR_DAY: Words("ghi vào ô «Căn cứ»"),
    Action.WHY_FOR_HEADER: Words("nếu đúng là cần, ghi vào ô «Lý do» để lưu vào nhật ký"),
    Action.PORTAL_URL: Words("ghi địa chỉ bài đăng (https://…) rồi gửi lại"),
    Action.URL_TEMPLATE: Words(
        "ghi vào ô «Địa chỉ bài đăng», ví dụ https://godau.tayninh.gov.vn/xin-loi/{{code}}"
    ),
    Action.CHOOSE_HEAD: Words("chọn ở ô «Người đứng đầu»"),
    Action.WITHDRAW: Words(
        "muốn sửa hoặc gỡ lần công khai này, hãy nhờ quản trị viên (trang web chưa làm được "
        "việc này)"
    ),
}


def _role() -> str | None:
    viewer = g.get("viewer")
    return viewer.role if viewer is not None else None


def advice(step: NextStep, role: str | None) -> Markup:
    """The step in words for a reader of `role` (None: not signed in)."""
    words = WORDS[step.action]
    if words.roles is not None and role not in words.roles:
        return escape(words.otherwise.format(about=step.about))
    link = Markup("")
    if words.endpoint is not None:
        arguments: dict[str, Any] = {words.argument: step.about} if words.argument else {}
        link = Markup('<a href="{}">{}</a>').format(
            url_for(words.endpoint, **arguments), words.page.format(about=step.about)
        )
    return escape(words.text).format(about=step.about, page=link)


def said(message: str, step: NextStep | None) -> Markup:
    """A service's sentence with its next step for the signed-in reader (a Jinja filter too:
    `{{ row.reason | said(row.step) }}`)."""
    if step is None:
        return escape(message)
    return Markup(joined(escape(message), advice(step, _role())))


def refusal_text(error: TrackerError) -> Markup:
    return said(error.message, error.step)
