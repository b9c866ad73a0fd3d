"""A clerk in the browser (HTTP, Flask's test client): the upload checked exactly as `tracker
import` checks a file, with the same report; hostile and oversized files refused in one
sentence with nothing written; batches shown, then kept only as shown; the letter files, the
printouts and the publications; the pending and the late lists."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from tests.conftest import Invoke
from tests.docx_text import docx_text
from tests.import_files import code as import_code
from tests.import_files import (
    csv_bytes,
    dossier,
    raw_xlsx_table,
    write_dtd_xlsx,
    write_raw_xlsx,
)
from tests.web import CLERK, HEAD_A, LATE_A, LATE_B, LEADER, Office, page, post_form, upload
from tracker.config import resolve_settings
from tracker.web.app import UPLOAD_LIMIT, create_app

REASON_A = "Chờ xác minh nguồn gốc đất"
REASON_B = "Chờ trích lục hộ tịch từ Sở Tư pháp"


def cli_json(run: Invoke, *args: str) -> Any:
    return json.loads(run(*args, "--format", "json").stdout)


def unchanged(run: Invoke, cases_before: Any) -> None:
    assert cli_json(run, "imports", "list") == []
    assert cli_json(run, "cases", "list") == cases_before


def alerts(html: str) -> list[str]:
    return re.findall(r'role="alert">([^<]*)<', html)


def write_docx(tmp_path: Path, name: str, data: bytes) -> str:
    (tmp_path / name).write_bytes(data)
    return docx_text(tmp_path / name)


def hidden_fields(html: str) -> dict[str, str]:
    """The fields a confirmation page posts back, as the browser would send them."""
    form = html[html.index('<form method="post" action="/thu/hang-loat/') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))


def batch(client: Any, action: str, **fields: str) -> Any:
    return post_form(client, f"/thu/hang-loat/{action}", {"ky": "2024-11", **fields})


def confirm(client: Any, action: str, preview: Any) -> Any:
    fields = hidden_fields(page(preview))
    fields.pop("csrf_token")
    return post_form(client, f"/thu/hang-loat/{action}", fields)


def with_reasons(run: Invoke) -> None:
    run("cases", "reason", LATE_A, REASON_A)
    run("cases", "reason", LATE_B, REASON_B)


def issued(run: Invoke) -> None:
    """The two late dossiers' letters drafted and issued from the CLI."""
    with_reasons(run)
    run("letters", "draft", LATE_A, LATE_B)
    run("letters", "issue", LATE_A, LATE_B, "--auto-number")


# --- the upload -------------------------------------------------------------------------


def test_the_upload_reports_what_the_cli_reports(
    office: Office, run: Invoke, tmp_path: Path
) -> None:
    data = csv_bytes(
        [dossier(1), dossier(2, unit="Phòng Không Có Thật"), dossier(3, due="31/11/2024")]
    )
    (tmp_path / "export.csv").write_bytes(data)
    expected = json.loads(
        run(
            "import", str(tmp_path / "export.csv"), "--dry-run", "--format", "json", ok=False
        ).stdout
    )
    response = upload(office.client(CLERK), "DS trễ hạn T11.csv", data, ky="2024-11")
    assert response.status_code == 200
    body = page(response)
    assert "Các dòng hợp lệ đã được ghi (lần nhập #1); 2 dòng bị từ chối" in body
    counts = expected["counts"]
    assert (counts["new"], counts["rejected"]) == (1, 2)
    assert f"<td>{counts['new']}</td>" in body and f"<td>{counts['rejected']}</td>" in body
    for rejected in expected["rejected"]:
        row = f"<tr><td>{rejected['row']}</td><td>{escape(rejected['column'] or '')}</td>"
        assert row in body
        # The same fault; its next step is worded for the browser (tests/test_web_words.py).
        fault = rejected["reason"].split(": xem `tracker units list`", 1)[0]
        assert str(escape(fault)) in body
    assert "`tracker " not in body
    [batch_info] = cli_json(run, "imports", "list")
    assert batch_info["file_name"] == "DS trễ hạn T11.csv" and batch_info["actor"] == "thu.vanthu"
    assert batch_info["period"] == "2024-11"
    assert import_code(1) in [c["code"] for c in cli_json(run, "cases", "list")]
    assert "DS trễ hạn T11.csv" in page(office.client(CLERK).get("/nhap"))  # `imports list`


def test_a_dry_run_writes_nothing(office: Office, run: Invoke) -> None:
    before = cli_json(run, "cases", "list")
    response = upload(
        office.client(CLERK), "export.csv", csv_bytes([dossier(1)]), **{"chay-thu": "1"}
    )
    assert response.status_code == 200
    assert "Chạy thử: cơ sở dữ liệu không thay đổi. 1 dòng hợp lệ sẽ vào" in page(response)
    unchanged(run, before)


def _far_cell(tmp_path: Path) -> bytes:
    table = raw_xlsx_table([dossier(1)]) + (
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    return write_raw_xlsx(tmp_path / "xa.xlsx", table).read_bytes()


HOSTILE = {
    # name sent, bytes (built in tmp_path), what the one sentence says
    "anh.xlsx": (lambda _t: b"\x89PNG\r\n\x1a\n" + bytes(200), "là một ảnh PNG"),
    "rong.csv": (lambda _t: b"", "rỗng"),
    "dtd.xlsx": (lambda t: write_dtd_xlsx(t / "dtd.xlsx").read_bytes(), "DTD"),
    "xa.xlsx": (_far_cell, "giới hạn 256 cột"),
    "o-dai.csv": (lambda _t: csv_bytes([dossier(1, applicant="A" * 40_000)]), "32.767 ký tự"),
    "khong-dong-nao.csv": (
        lambda _t: csv_bytes([dossier(1, unit="Không Có"), dossier(2, unit="Cũng Không")]),
        "Không nhập được dòng nào: cả 2 dòng đều bị từ chối; cơ sở dữ liệu không thay đổi.",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_uploads_give_one_sentence_and_change_nothing(
    office: Office, run: Invoke, tmp_path: Path, name: str
) -> None:
    before = cli_json(run, "cases", "list")
    make, message = HOSTILE[name]
    response = upload(office.client(CLERK), name, make(tmp_path))
    assert response.status_code == 400
    [sentence] = alerts(page(response))
    assert str(escape(message)) in sentence
    assert "Traceback" not in page(response)
    unchanged(run, before)


def test_the_office_import_limits_hold_for_uploads(
    office: Office, run: Invoke, tmp_path: Path, db_url: str
) -> None:
    (tmp_path / "no-config.toml").write_text("[import]\nmax_rows = 5\n", encoding="utf-8")
    limited = Office(create_app(resolve_settings(db=db_url)), run)
    try:
        before = cli_json(run, "cases", "list")
        data = csv_bytes([dossier(n) for n in range(1, 11)])
        response = upload(limited.client(CLERK), "nhieu.csv", data)
        assert response.status_code == 400
        [sentence] = alerts(page(response))
        assert "hơn 5 dòng" in sentence and "max_rows" in sentence
        unchanged(run, before)
    finally:
        limited.app.extensions["tracker"].services.close()


def test_an_upload_over_the_size_limit_is_refused(office: Office, run: Invoke) -> None:
    before = cli_json(run, "cases", "list")
    client = office.client(CLERK)
    oversized = csv_bytes([dossier(1)]) + b"x" * UPLOAD_LIMIT
    response = upload(client, "lon.csv", oversized)
    assert response.status_code == 413
    assert "Tệp gửi lên quá lớn: tối đa 20 MB; không có gì được ghi." in page(response)
    unchanged(run, before)


@pytest.mark.parametrize("user", [HEAD_A, LEADER], ids=["head", "leader"])
def test_only_a_clerk_uploads_and_runs_batches(office: Office, run: Invoke, user: Any) -> None:
    with_reasons(run)
    before = cli_json(run, "cases", "list")
    client = office.client(user)
    assert client.get("/nhap").status_code == 403
    refused = upload(client, "export.csv", csv_bytes([dossier(1)]))
    assert refused.status_code == 403 and "không có quyền nhập tệp" in page(refused)
    for action in ("soan", "in", "ban-hanh", "mot-cua"):
        response = batch(client, action)
        assert response.status_code == 403, action
    assert "Việc hàng loạt" not in page(client.get("/thu?ky=2024-11"))
    unchanged(run, before)


# --- batches ----------------------------------------------------------------------------


def test_a_batch_is_shown_first_and_kept_only_as_shown(office: Office, run: Invoke) -> None:
    with_reasons(run)
    client = office.client(CLERK)
    preview = batch(client, "soan")
    assert preview.status_code == 200
    assert "Sẽ thực hiện cho 2 thư" in page(preview)
    assert "chưa có lý do trễ hạn" in page(preview)  # the dossier settled late, no reason yet
    assert all(c["letter"] is None for c in cli_json(run, "cases", "list"))  # nothing kept
    done = confirm(client, "soan", preview)
    assert "Đã thực hiện: 2 thư" in page(done)
    drafted = {c["code"]: c["letter"] for c in cli_json(run, "cases", "list") if c["letter"]}
    assert set(drafted) == {LATE_A, LATE_B}
    events = [e for e in cli_json(run, "history", LATE_B) if e["action"] == "letter.draft"]
    assert [e["actor"] for e in events] == ["thu.vanthu"]

    issue = batch(client, "ban-hanh", on="26/11/2024")
    body = page(issue)
    assert "Sẽ thực hiện cho 2 thư" in body and "<td>01/PXL-TNMT</td>" in body
    # Meanwhile another clerk issues one of them from the CLI: what was shown no longer holds.
    run("letters", "issue", LATE_B, "--auto-number")
    stale = confirm(client, "ban-hanh", issue)
    assert "Danh sách đã thay đổi từ lúc xem trước" in page(stale)
    assert "Sẽ thực hiện cho 1 thư" in page(stale)
    assert cli_json(run, "cases", "show", LATE_A)["letter"]["status"] == "draft"
    kept = confirm(client, "ban-hanh", stale)
    assert "Đã thực hiện: 1 thư" in page(kept)
    letter = cli_json(run, "cases", "show", LATE_A)["letter"]
    assert letter["status"] == "issued" and letter["number"] == "01/PXL-TNMT"
    issued = [e for e in cli_json(run, "history", LATE_A) if e["action"] == "letter.issue"]
    assert [e["actor"] for e in issued] == ["thu.vanthu"]
    # Nothing left to issue: nothing to confirm.
    empty = batch(client, "ban-hanh")
    assert "Không có thư nào cho việc này" in page(empty) and "fingerprint" not in page(empty)


def test_rendered_letters_printouts_and_masked_copies(
    office: Office, run: Invoke, tmp_path: Path
) -> None:
    issued(run)
    client = office.client(CLERK)
    rendered = confirm(client, "in", batch(client, "in", issued_only="1"))
    assert "Đã thực hiện: 2 thư" in page(rendered)
    listing = page(client.get("/thu?ky=2024-11"))
    ids = [int(i) for i in re.findall(r'href="/tep/(\d+)" title="[^"]+">Bản gửi dân', listing)]
    assert len(ids) == 2
    texts = [write_docx(tmp_path, f"{i}.docx", client.get(f"/tep/{i}").data) for i in ids]
    assert any("Số: 01/PXL-TNMT" in t for t in texts)

    combined = client.get("/tep/in/ban-gop?ky=2024-11")
    assert combined.status_code == 200
    assert "thu-xin-loi-2024-11-tat-ca-da-ban-hanh.docx" in combined.headers["Content-Disposition"]
    text = write_docx(tmp_path, "gop.docx", combined.data)
    assert "Nguyễn Văn An" in text and "Trần Thị Bích Hiệp" in text
    notices = client.get("/tep/in/thong-bao?ky=2024-11&don-vi=tnmt")
    assert notices.status_code == 200
    notice = write_docx(tmp_path, "thong-bao.docx", notices.data)
    assert LATE_A in notice and LATE_B not in notice

    masked = confirm(client, "in", batch(client, "in", public="1", issued_only="1"))
    assert "Đã thực hiện: 2 thư" in page(masked)
    listing = page(client.get("/thu?ky=2024-11&don-vi=tnmt"))
    [public_id] = re.findall(r'href="/tep/(\d+)" title="[^"]+">Bản công khai', listing)
    public = write_docx(tmp_path, "cong-khai.docx", client.get(f"/tep/{public_id}").data)
    assert "Nguyễn V. A." in public and "Nguyễn Văn An" not in public


def test_publishing_from_the_pending_list(office: Office, run: Invoke) -> None:
    issued(run)
    client = office.client(CLERK)
    pending = page(client.get("/cho-cong-khai"))
    assert LATE_A in pending and LATE_B in pending and "2 thư đã ban hành" in pending
    form = {"channel": "portal", "where": "godau.tayninh.gov.vn/xin-loi", "next": "cho-cong-khai"}
    refused = post_form(client, f"/ho-so/{LATE_A}/cong-khai", form)
    cli = run("letters", "publish", LATE_A, "--portal", "--url", form["where"], ok=False)
    assert refused.status_code == 400
    assert alerts(page(refused)) == [str(escape(cli.stderr.strip().removeprefix("Lỗi: ")))]
    url = "https://godau.tayninh.gov.vn/xin-loi/1"
    done = post_form(client, f"/ho-so/{LATE_A}/cong-khai", {**form, "where": url})
    assert done.status_code == 302 and done.headers["Location"] == "/cho-cong-khai"
    onestop = {"channel": "onestop", "where": "MC-2024-77", "next": "cho-cong-khai"}
    assert post_form(client, f"/ho-so/{LATE_A}/cong-khai", onestop).status_code == 302
    letter = cli_json(run, "cases", "show", LATE_A)["letter"]
    assert letter["status"] == "published" and letter["portal"]["url"] == url
    assert letter["onestop"]["ref"] == "MC-2024-77"
    published = [e for e in cli_json(run, "history", LATE_A) if e["action"] == "letter.publish"]
    assert [e["actor"] for e in published] == ["thu.vanthu", "thu.vanthu"]
    assert "public_copy" in published[0]["after"]  # the masked copy it posted, recorded
    after = page(client.get("/cho-cong-khai"))
    assert f">{LATE_A}</a></td>" not in after and f">{LATE_B}</a></td>" in after
    again = post_form(client, f"/ho-so/{LATE_A}/cong-khai", {**form, "where": url})
    assert again.status_code == 409 and "đã được đăng trên" in page(again)
    assert (
        post_form(office.client(LEADER), f"/ho-so/{LATE_B}/cong-khai", onestop).status_code == 403
    )


def test_batch_publication_on_both_channels(office: Office, run: Invoke) -> None:
    issued(run)
    client = office.client(CLERK)
    confirm(client, "mot-cua", batch(client, "mot-cua"))
    template = "https://godau.tayninh.gov.vn/xin-loi/{code}"
    portal = batch(client, "cong", url_template=template)
    assert f"https://godau.tayninh.gov.vn/xin-loi/{LATE_A}" in page(portal)
    confirm(client, "cong", portal)
    for code in (LATE_A, LATE_B):
        assert cli_json(run, "cases", "show", code)["letter"]["status"] == "published"
    assert "Mọi thư đã ban hành đều đã công khai đủ." in page(client.get("/cho-cong-khai"))


def test_the_late_apologies(office: Office, run: Invoke) -> None:
    with_reasons(run)
    run("letters", "draft", LATE_A)  # deadline 18/11, drafted today 26/11: late
    body = page(office.client(CLERK).get("/thu-muon"))
    assert LATE_A in body and "Thư muộn</strong> — soạn sau hạn, 6 ngày làm việc" in body
    assert "Nghị định 61/2018/NĐ-CP" in body
