"""A head in the browser (HTTP, Flask's test client): the list with each deadline explained,
the reason and the new return date through the same services and refusals as the CLI, the
letter downloaded and read back, the history with the account as actor — and, by direct
requests, nothing of another unit read, changed or downloaded."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.docx_text import docx_text
from tests.web import (
    CLERK,
    HEAD_A,
    HEAD_B,
    LATE_A,
    LATE_B,
    LEADER,
    SOON_A,
    Office,
    page,
    post_form,
)
from tests.web_forms import codes

REASON = "Chờ xác minh nguồn gốc đất với UBND xã Phước Thạnh"


def history(run: Invoke, code: str) -> list[dict[str, Any]]:
    return list(json.loads(run("history", code, "--format", "json").stdout))


def shown(run: Invoke, code: str) -> dict[str, Any]:
    return dict(json.loads(run("cases", "show", code, "--format", "json").stdout))


def state(run: Invoke, *codes: str) -> list[Any]:
    """What a refused change must leave as it was: each dossier, its letters and history."""
    return [(shown(run, code), history(run, code)) for code in codes]


def file_ids(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'href="/tep/(\d+)"', html)]


def draft(client: Any, code: str, new_date: str, reason: str = REASON) -> Any:
    form = {"reason": reason, "new_date": new_date, "action": "draft"}
    return post_form(client, f"/ho-so/{code}/xu-ly", form)


def alert(html: str) -> str:
    found = re.search(r'<p class="refusal" role="alert">([^<]*)</p>', html)
    assert found, "no refusal on the page"
    return found.group(1).replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")


def test_each_deadline_on_the_list_says_how_it_was_computed(office: Office) -> None:
    body = page(office.client(HEAD_A).get("/"))
    assert body.count("<details>") == 2  # one per dossier listed
    # The deadline's own lines of `cases show --explain`, and the regime that governs it.
    assert "2. Hạn gửi thư xin lỗi: 18/11/2024 (Thứ Hai) = ngày hẹn trả − 01 ngày làm việc" in body
    assert "Chế độ pháp lý: Nghị định 61/2018/NĐ-CP" in body and "(nd61)" in body
    assert "+ 18/11/2024 Thứ Hai: ngày làm việc" in body


def test_a_head_enters_the_reason_and_new_date_and_downloads_the_letter(
    office: Office, run: Invoke, tmp_path: Path
) -> None:
    client = office.client(HEAD_A)
    before = page(client.get(f"/ho-so/{LATE_A}"))
    assert 'name="new_date" value="03/12/2024"' in before  # today + 5 working days
    assert "3. Số ngày làm việc trễ: 5" in before  # the full explanation, day by day
    response = draft(client, LATE_A, "04/12/2024")
    assert response.status_code == 302
    after = page(client.get(response.headers["Location"]))
    assert "Đã soạn dự thảo thư của hồ sơ" in after and "hẹn trả ngày 04/12/2024" in after
    letter = shown(run, LATE_A)
    assert letter["reason"] == REASON
    assert letter["letter"]["status"] == "draft" and letter["letter"]["new_due_at"] == "2024-12-04"
    [file_id] = file_ids(after)
    download = client.get(f"/tep/{file_id}")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert f"{LATE_A}.docx" in download.headers["Content-Disposition"]
    (tmp_path / "thu.docx").write_bytes(download.data)
    text = docx_text(tmp_path / "thu.docx")
    assert "Kính gửi: Ông/Bà Nguyễn Văn An" in text and f"Lý do: {REASON}." in text
    assert "hẹn lại ngày trả kết quả là ngày 04 tháng 12 năm 2024" in text
    # The same history as the CLI's, the account as actor, shown on the dossier's page.
    events = {(e["actor"], e["action"]) for e in history(run, LATE_A)}
    assert {("phuc.tnmt", "dossier.reason"), ("phuc.tnmt", "letter.draft")} <= events
    assert ("phuc.tnmt", "letter.render") in events
    for label in ("Ghi lý do trễ hạn", "Soạn thư xin lỗi", "In thư xin lỗi"):
        assert label in after
    assert after.count("<td>phuc.tnmt</td>") >= 3


def test_the_reason_alone(office: Office, run: Invoke) -> None:
    client = office.client(HEAD_A)
    form = {"reason": "  Chờ ý kiến của Sở  ", "new_date": "", "action": "reason"}
    assert post_form(client, f"/ho-so/{SOON_A}/xu-ly", form).status_code == 302
    assert shown(run, SOON_A)["reason"] == "Chờ ý kiến của Sở"
    assert shown(run, SOON_A)["letter"] is None
    assert history(run, SOON_A)[-1]["actor"] == HEAD_A.username


@pytest.mark.parametrize(
    ("new_date", "reason"),
    [
        ("01/12/2024", REASON),  # a Sunday
        ("26/11/2024", REASON),  # today
        ("31/11/2024", REASON),  # no such day
        ("ngày mai", REASON),
        ("03/12/2024", "   "),  # no reason
    ],
)
def test_refusals_are_the_cli_sentences_and_change_nothing(
    office: Office, run: Invoke, new_date: str, reason: str
) -> None:
    client = office.client(HEAD_A)
    before = state(run, LATE_A)
    refused = draft(client, LATE_A, new_date, reason)
    assert refused.status_code == 400
    body = page(refused)
    cli = run("letters", "draft", LATE_A, "--reason", reason, "--new-date", new_date, ok=False)
    assert cli.exit_code != 0
    assert alert(body) == cli.stderr.strip().removeprefix("Lỗi: ")
    assert body.count('role="alert"') == 1
    assert state(run, LATE_A) == before
    assert f'value="{new_date}"' in body  # what was typed stays in the form


def test_another_units_head_reads_changes_and_downloads_nothing_of_it(
    office: Office, run: Invoke
) -> None:
    owner = office.client(HEAD_A)
    assert draft(owner, LATE_A, "03/12/2024").status_code == 302
    [file_id] = file_ids(page(owner.get(f"/ho-so/{LATE_A}")))
    before = state(run, LATE_A)
    other = office.client(HEAD_B)
    missing = other.get("/tep/999999")
    assert missing.status_code == 404
    guessed = other.get(f"/tep/{file_id}")
    # The same answer as for an id that does not exist: nothing says the file is there.
    assert guessed.status_code == 404 and page(guessed) == page(missing)
    assert "Nguyễn Văn An" not in page(guessed) and LATE_A not in page(guessed)
    for path, form in (
        (f"/ho-so/{LATE_A}/xu-ly", {"reason": "x", "new_date": "03/12/2024", "action": "draft"}),
        (f"/ho-so/{LATE_A}/xu-ly", {"reason": "x", "action": "reason"}),
        (f"/ho-so/{LATE_A}/in-thu", {}),
    ):
        response = post_form(other, path, form)
        assert response.status_code == 404, path
        assert "Nguyễn Văn An" not in page(response)
    for path in (
        "/thu?ky=2024-11&don-vi=tnmt",
        "/tep/in/ban-gop?ky=2024-11&don-vi=tnmt&du-thao=1",
        "/cho-cong-khai?don-vi=tnmt",
        "/thu-muon?don-vi=tnmt",
    ):
        response = other.get(path)
        assert response.status_code == 403, path
        assert LATE_A not in page(response)
    # Their own unit's letters page does not list the other unit's dossier either.
    own = page(other.get("/thu?ky=2024-11"))
    assert LATE_B in own and LATE_A not in own
    assert state(run, LATE_A) == before


def test_a_leader_reads_and_downloads_but_changes_nothing(office: Office, run: Invoke) -> None:
    assert draft(office.client(HEAD_A), LATE_A, "03/12/2024").status_code == 302
    leader = office.client(LEADER)
    body = page(leader.get(f"/ho-so/{LATE_A}"))
    assert 'action="/ho-so/' not in body  # no form to change anything
    [file_id] = file_ids(body)
    assert leader.get(f"/tep/{file_id}").status_code == 200
    before = state(run, LATE_A)
    refused = post_form(leader, f"/ho-so/{LATE_A}/xu-ly", {"reason": "x", "action": "reason"})
    assert refused.status_code == 403
    assert "không có quyền thay đổi hồ sơ" in page(refused)
    assert state(run, LATE_A) == before


def test_a_file_changed_outside_tracker_is_not_served(office: Office, run: Invoke) -> None:
    client = office.client(HEAD_A)
    assert draft(client, LATE_A, "03/12/2024").status_code == 302
    [file_id] = file_ids(page(client.get(f"/ho-so/{LATE_A}")))
    [recorded] = [
        e["after"]["path"] for e in history(run, LATE_A) if e["action"] == "letter.render"
    ]
    Path(recorded).write_bytes(b"not the letter")
    refused = client.get(f"/tep/{file_id}")
    assert refused.status_code == 409
    assert "không còn như khi tracker in" in page(refused)
    # Printed again, the recorded file is written back and served.
    assert post_form(client, f"/ho-so/{LATE_A}/in-thu").status_code == 302
    assert client.get(f"/tep/{file_id}").data.startswith(b"PK")


@pytest.mark.parametrize(
    "path",
    ["/tep/1", "/tep/in/ban-gop?ky=2024-11", "/thu", "/nhap", "/cho-cong-khai", "/thu-muon"],
)
def test_anonymous_gets_no_letter_and_no_list(office: Office, path: str) -> None:
    response = office.anonymous().get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/dang-nhap?next=")


def test_a_change_without_its_csrf_token_is_refused(office: Office, run: Invoke) -> None:
    before = state(run, LATE_A)
    for user in (HEAD_A, CLERK):
        client = office.client(user)
        for path in (f"/ho-so/{LATE_A}/xu-ly", f"/ho-so/{LATE_A}/in-thu", "/thu/hang-loat/soan"):
            form = {"reason": REASON, "new_date": "03/12/2024", "action": "draft", "ky": "2024-11"}
            response = client.post(path, data=form)
            assert response.status_code == 400, path
            assert "Biểu mẫu đã hết hạn hoặc không hợp lệ" in page(response)
    assert state(run, LATE_A) == before


def test_each_dossier_shows_once_with_its_letter_in_force(office: Office, run: Invoke) -> None:
    """The page's rows and their letters come in one statement, a row for each letter and
    publication: a letter published on both channels leaves its dossier one row on the list,
    with the letter's state and number; the other rows keep their order."""
    client = office.client(HEAD_A)
    before = codes(page(client.get("/")))
    run("cases", "reason", LATE_A, REASON)
    run("letters", "draft", LATE_A)
    run("letters", "issue", LATE_A, "--auto-number")
    run("letters", "publish", LATE_A, "--portal", "--url", "https://godau.example.vn/1")
    run("letters", "publish", LATE_A, "--onestop", "--ref", "MC-1")
    html = page(client.get("/"))
    assert codes(html) == before and before.count(LATE_A) == 1
    row = html.split(f">{LATE_A}</a>", 1)[1].split("</tr>", 1)[0]
    number = shown(run, LATE_A)["letter"]["number"]
    assert "Đã công khai" in row and f"số {number}" in row
