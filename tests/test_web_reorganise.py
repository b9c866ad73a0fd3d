"""The administrator finishes the 2025 reform in the browser («Tổ chức lại đơn vị»): the plan
`go-dau-2025`, then UBND xã Phước Thạnh keeping the database from 01/07/2025 — each previewed
(nothing written), then confirmed through the services of `tracker units reorganise` and
`tracker units take-over`, with the administrator as the actor. A second confirmation is
refused, a stale one shows what the step would do now, and a refusal is a Vietnamese sentence
on the page with the database unchanged. Today is 02/07/2025, the day after the plan's date."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from tests.conftest import Invoke, as_json
from tests.database import snapshot
from tests.docx_text import docx_text
from tests.web import ADMIN, CLERK, HEAD_A, LATE_A, LATE_B, LATER_A, SOON_A, Office
from tests.web_forms import plain, post, table, text, web_office

TODAY = "02/07/2025"
PAGE = "/quan-tri/don-vi/to-chuc-lai/"
PLAN_FORM = PAGE + "ke-hoach"
TAKE_OVER_FORM = PAGE + "ban-giao"
PLAN = {"ke-hoach": "go-dau-2025"}
TAKE_OVER = {"mau": "phuoc-thanh", "tu-ngay": "01/07/2025", "doi-ma": "vp=pt-vp", "ly-do": ""}
PLAN_TITLE = (
    "Sắp xếp đơn vị hành chính cấp xã huyện Gò Dầu từ 01/07/2025 (Nghị quyết 1682/NQ-UBTVQH15)"
)
COMMUNE = "Ủy ban nhân dân xã Phước Thạnh"


@pytest.fixture
def office(run: Invoke, db_url: str) -> Iterator[Office]:
    """The web tests' office (dossiers of tnmt and xã Hiệp Thạnh, November 2024), served on
    02/07/2025."""
    with web_office(run, db_url, today=TODAY) as built:
        yield built


@pytest.fixture
def admin(office: Office) -> Any:
    return office.client(ADMIN)


def confirmation(html: str) -> str:
    """The fingerprint the preview's confirm button carries."""
    match = re.search(r'name="xac-nhan" value="([0-9a-f]+)"', html)
    assert match, "no confirm button on the page"
    return match.group(1)


def column(html: str, css_class: str, index: int = 0) -> list[str]:
    return [row[index] for row in table(html, css_class)[1:]]


def actions_by(engine: Engine, actor: str) -> list[str]:
    return [e["action"] for e in snapshot(engine)["events"] if e["actor"] == actor]


def test_the_units_page_leads_to_the_page_that_offers_the_shipped_plans_and_presets(
    admin: Any,
) -> None:
    units = text(admin.get("/quan-tri/don-vi/"))
    assert f'href="{PAGE}"' in units and "Tổ chức lại đơn vị" in units
    html = text(admin.get(PAGE))
    assert f"{PLAN_TITLE} — hiệu lực từ 01/07/2025" in html
    assert f"{COMMUNE} (mẫu phuoc-thanh)" in html
    assert "Ủy ban nhân dân huyện Gò Dầu (mẫu go-dau)" in html
    # Offered first: an office other than the one keeping the database now.
    assert '<option value="phuoc-thanh" selected>' in html
    assert '<option value="go-dau" selected>' not in html
    shown = plain(html)
    assert "Cơ quan đang dùng cơ sở dữ liệu: Ủy ban nhân dân huyện Gò Dầu." in shown, shown[:900]
    assert 'type="date"' not in html and 'placeholder="dd/mm/yyyy"' in html


@pytest.mark.parametrize("user", [HEAD_A, CLERK], ids=["head", "clerk"])
def test_a_head_or_a_clerk_gets_403_and_changes_nothing(
    office: Office, user: Any, engine: Engine
) -> None:
    client = office.client(user)
    refused = client.get(PAGE)
    assert refused.status_code == 403 and "không có quyền" in text(refused)
    before = snapshot(engine)
    for path, form in ((PLAN_FORM, PLAN), (TAKE_OVER_FORM, TAKE_OVER)):
        for confirmed in ({}, {"xac-nhan": "0" * 32}):
            assert post(client, path, {**form, **confirmed}).status_code == 403, path
    assert snapshot(engine) == before


def test_the_plans_preview_says_what_it_would_do_and_writes_nothing(
    admin: Any, engine: Engine
) -> None:
    before = snapshot(engine)
    preview = post(admin, PLAN_FORM, PLAN, page=PAGE)
    assert preview.status_code == 200
    html = text(preview)
    assert f"Xem trước: kế hoạch «{PLAN_TITLE}»" in html
    assert "Chưa ghi gì. Nếu áp dụng, từ ngày 01/07/2025: 21 đơn vị kết thúc, 5 đơn vị mới" in html
    assert column(html, "begun") == [
        "phuong-go-dau",
        "phuong-gia-loc",
        "xa-thanh-duc",
        "xa-phuoc-thanh",
        "xa-truong-mit",
    ]
    ended = {row[0]: row for row in table(html, "ended")[1:]}
    assert ended["tnmt"][2] == "(không có)"
    assert ended["hiep-thanh"][1:3] == ["xã Hiệp Thạnh", "xa-phuoc-thanh"]
    assert table(html, "moved")[1:] == [
        [LATE_B, "Đăng ký khai sinh", "xa-phuoc-thanh", "Nguyễn Thành Công", ""]
    ]
    assert sorted(column(html, "orphaned")) == sorted([LATE_A, SOON_A, LATER_A])
    assert confirmation(html)
    assert snapshot(engine) == before


def test_confirming_applies_the_plan_once_with_the_administrator_as_actor(
    admin: Any, run: Invoke, engine: Engine
) -> None:
    fingerprint = confirmation(text(post(admin, PLAN_FORM, PLAN, page=PAGE)))
    done = post(admin, PLAN_FORM, {**PLAN, "xac-nhan": fingerprint}, page=PAGE)
    assert done.status_code == 200
    html = text(done)
    assert f"Đã áp dụng kế hoạch «{PLAN_TITLE}»" in html
    assert "Từ ngày 01/07/2025: 21 đơn vị kết thúc, 5 đơn vị mới, 1 hồ sơ chuyển" in html
    assert 'name="xac-nhan"' not in html  # nothing left to confirm
    # The second step is ready: its date field holds the plan's date.
    assert 'id="tu-ngay" name="tu-ngay" value="01/07/2025"' in html
    units = {u["code"]: u for u in as_json(run, "--today", TODAY, "units", "list", "--all")}
    assert units["tnmt"]["valid_to"] == "2025-06-30"
    assert units["xa-phuoc-thanh"]["valid_from"] == "2025-07-01"
    assert as_json(run, "--today", TODAY, "cases", "show", LATE_B)["unit"] == "xa-phuoc-thanh"
    assert {"units.reorganise", "unit.end", "unit.add"} <= set(actions_by(engine, ADMIN.username))
    # The same confirmation again (a second tab, a double click): refused, nothing written.
    before = snapshot(engine)
    again = post(admin, PLAN_FORM, {**PLAN, "xac-nhan": fingerprint}, page=PAGE)
    assert again.status_code == 409
    # (the day it was applied is the event's clock, not the office's fixed `today`)
    applied = re.escape(f"Kế hoạch «{PLAN_TITLE}» đã được áp dụng ngày ") + r"\d\d/\d\d/\d{4}\."
    assert re.search(f'<p class="refusal" role="alert">{applied}</p>', text(again))
    assert snapshot(engine) == before


def test_a_stale_preview_is_not_applied_and_the_page_shows_what_it_would_do_now(
    admin: Any, run: Invoke, engine: Engine
) -> None:
    fingerprint = confirmation(text(post(admin, PLAN_FORM, PLAN, page=PAGE)))
    # Meanwhile someone records that LATE_A was settled in 2024: it is no longer an orphan.
    run("--today", TODAY, "cases", "resolve", LATE_A, "--on", "25/11/2024")
    before = snapshot(engine)
    stale = post(admin, PLAN_FORM, {**PLAN, "xac-nhan": fingerprint}, page=PAGE)
    assert stale.status_code == 409
    html = text(stale)
    assert "Chưa áp dụng: từ lúc xem trước, dữ liệu đã thay đổi" in html
    assert sorted(column(html, "orphaned")) == sorted([SOON_A, LATER_A])
    assert snapshot(engine) == before
    fresh = confirmation(html)
    assert fresh != fingerprint
    done = post(admin, PLAN_FORM, {**PLAN, "xac-nhan": fresh}, page=PAGE)
    assert done.status_code == 200 and "Đã áp dụng kế hoạch" in text(done)


@pytest.fixture
def reorganised(admin: Any, run: Invoke) -> Any:
    """The plan applied (from the CLI, as another administrator may have done)."""
    run("--today", TODAY, "units", "reorganise", "go-dau-2025")
    return admin


def test_the_take_over_preview_names_the_settings_and_units_and_writes_nothing(
    reorganised: Any, engine: Engine
) -> None:
    before = snapshot(engine)
    preview = post(reorganised, TAKE_OVER_FORM, TAKE_OVER, page=PAGE)
    assert preview.status_code == 200
    html = text(preview)
    assert f"Xem trước: từ ngày 01/07/2025, {COMMUNE} dùng tiếp cơ sở dữ liệu" in html
    settings = dict(row for row in table(html, "settings")[1:])
    assert settings["Tên cơ quan"] == COMMUNE
    assert settings["Cơ quan chủ quản (dòng đầu tiêu đề văn bản của các phòng)"] == (
        "UBND XÃ PHƯỚC THẠNH"
    )
    assert settings["Đơn vị gửi thư, viết báo cáo và công văn"] == "pt-vp"
    assert settings["Người ký công văn"] == "Trần Thị Bích Liên (tên minh họa)"
    assert not any("_" in label for label in settings)  # every key in words
    added = {row[0]: row for row in table(html, "added")[1:]}
    assert list(added) == ["pt-vp", "kt", "vhxh", "tthcc"]
    assert added["pt-vp"][1:4] == ["vp", "Văn phòng HĐND và UBND", "Lê Minh Tâm"]
    assert added["pt-vp"][4] == "«VP HĐND-UBND»: vp; «Văn phòng HĐND - UBND»: vp"
    assert table(html, "kept")[1:] == [["xa-phuoc-thanh", "ubnd", "xã Phước Thạnh"]]
    assert snapshot(engine) == before


def test_confirming_the_take_over_makes_the_communes_notice_and_refuses_a_second_time(
    reorganised: Any, run: Invoke, engine: Engine, tmp_path: Path
) -> None:
    form = {**TAKE_OVER, "ly-do": "Quyết định số 12/QĐ-UBND ngày 30/06/2025"}
    fingerprint = confirmation(text(post(reorganised, TAKE_OVER_FORM, form, page=PAGE)))
    done = post(reorganised, TAKE_OVER_FORM, {**form, "xac-nhan": fingerprint}, page=PAGE)
    assert done.status_code == 200
    html = text(done)
    assert f"Từ ngày 01/07/2025, {COMMUNE} dùng tiếp cơ sở dữ liệu" in html
    assert "4 đơn vị đã thêm" in plain(html)
    [event] = [e for e in snapshot(engine)["events"] if e["action"] == "organisation.take_over"]
    assert event["actor"] == ADMIN.username
    assert event["note"] == form["ly-do"]
    after = event["after"] if isinstance(event["after"], dict) else json.loads(event["after"])
    assert after["added"] == ["pt-vp", "kt", "vhxh", "tthcc"]
    units = {u["code"]: u for u in as_json(run, "--today", TODAY, "units", "list", "--all")}
    assert units["pt-vp"]["valid_from"] == "2025-07-01" and units["vp"]["valid_to"] == "2025-06-30"
    # October 2026's notice is the commune's; November 2024's, dated in the district's time,
    # stays the district's.
    notice = tmp_path / "cong-van.docx"
    run("--today", "02/11/2026", "report", "notice", "2026-10", "--format", "docx",
        "--out", str(notice))  # fmt: skip
    words = docx_text(notice)
    assert words.startswith("ỦY BAN NHÂN DÂN\nXÃ PHƯỚC THẠNH\nCỘNG HÒA")
    assert "Phước Thạnh, ngày 02 tháng 11 năm 2026" in words and "HUYỆN GÒ DẦU" not in words
    run("--today", "09/12/2024", "report", "notice", "2024-11", "--out", str(notice),
        "--overwrite")  # fmt: skip
    assert docx_text(notice).startswith("ỦY BAN NHÂN DÂN\nHUYỆN GÒ DẦU\nCỘNG HÒA")
    # The same confirmation again: refused, nothing written.
    before = snapshot(engine)
    again = post(reorganised, TAKE_OVER_FORM, {**form, "xac-nhan": fingerprint}, page=PAGE)
    assert again.status_code == 409
    assert (
        "Không có gì để thay đổi: từ ngày 01/07/2025, cơ sở dữ liệu đã có thiết lập và các đơn "
        f"vị của {COMMUNE}."
    ) in text(again)
    assert snapshot(engine) == before
    # A preview now says so, and offers nothing to confirm.
    html = text(post(reorganised, TAKE_OVER_FORM, form, page=PAGE))
    assert "Không có gì để thay đổi" in html and 'name="xac-nhan"' not in html


@pytest.mark.parametrize(
    ("form", "status", "message"),
    [
        ({"tu-ngay": "31/02/2025"}, 400, "Ngày «31/02/2025» không tồn tại"),
        ({"tu-ngay": ""}, 400, "Hãy nhập ngày cơ quan mới bắt đầu dùng cơ sở dữ liệu"),
        ({"doi-ma": ""}, 409, "Mã «vp» là của đơn vị Văn phòng HĐND và UBND, đã kết thúc"),
        ({"doi-ma": "vp"}, 400, "«vp» cần dạng MÃ_TRONG_MẪU=MÃ_MỚI, ví dụ vp=pt-vp."),
        ({"doi-ma": "vp=kt"}, 400, "Hai đơn vị của mẫu cấu hình cùng mã «kt»"),
        ({"mau": "/etc/tracker.toml"}, 404, "Không có mẫu cấu hình «/etc/tracker.toml»"),
    ],
    ids=["no-such-day", "no-date", "code-held", "malformed-code", "codes-twice", "not-shipped"],
)
@pytest.mark.parametrize("confirmed", [None, "0" * 32], ids=["preview", "confirm"])
def test_a_refused_take_over_says_why_on_the_page_and_changes_nothing(
    reorganised: Any,
    engine: Engine,
    form: dict[str, str],
    status: int,
    message: str,
    confirmed: str | None,
) -> None:
    before = snapshot(engine)
    sent = {**TAKE_OVER, **form, **({"xac-nhan": confirmed} if confirmed else {})}
    refused = post(reorganised, TAKE_OVER_FORM, sent, page=PAGE)
    assert refused.status_code == status
    html = text(refused)
    assert '<p class="refusal" role="alert">' in html and message in html
    assert "Traceback" not in html
    for key in ("tu-ngay", "doi-ma"):  # what was typed comes back
        assert f'name="{key}" value="{sent[key]}"' in html
    assert snapshot(engine) == before


def test_a_date_before_the_last_change_of_office_is_refused(
    reorganised: Any, run: Invoke, engine: Engine
) -> None:
    run("--today", TODAY, "units", "take-over", "phuoc-thanh", "--from", "01/07/2025",
        "--code", "vp=pt-vp")  # fmt: skip
    before = snapshot(engine)
    refused = post(reorganised, TAKE_OVER_FORM, {**TAKE_OVER, "tu-ngay": "30/06/2025"}, page=PAGE)
    assert refused.status_code == 409
    assert "Thiết lập cơ quan đã đổi từ ngày 01/07/2025: không thể thay từ ngày 30/06/2025" in text(
        refused
    )
    assert snapshot(engine) == before


def test_a_plan_that_is_not_shipped_is_refused(admin: Any, engine: Engine) -> None:
    before = snapshot(engine)
    refused = post(admin, PLAN_FORM, {"ke-hoach": "../go_dau"}, page=PAGE)
    assert refused.status_code == 404
    assert "Không có kế hoạch sắp xếp «../go_dau»: có sẵn go-dau-2025." in text(refused)
    assert snapshot(engine) == before
