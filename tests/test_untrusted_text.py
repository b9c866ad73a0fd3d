"""Text that enters by a command (not an import): bounded by the one table of limits, never a
control character, the same on SQLite and PostgreSQL; and no DOCX is ever written with a
character Word refuses, even from data stored before these checks."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import String, text

from tests.checks import assert_user_error, refused_and_unchanged
from tests.conftest import Invoke
from tests.docx_text import docx_text
from tests.dossiers import CODE, add_case, add_case_args, cases_json
from tracker.db import make_engine
from tracker.models import Base
from tracker.text_limits import TEXT_LIMITS

TEN_MB = 10 * 1024 * 1024


def test_every_text_column_has_its_limit_in_the_one_table() -> None:
    columns = {
        f"{table.name}.{column.name}": column
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String)
    }
    assert set(columns) == set(TEXT_LIMITS)
    for name, column in columns.items():
        if column.type.length is not None:  # a String(n) column: n comes from the table
            assert column.type.length == TEXT_LIMITS[name].chars, name


def history_actions(run: Invoke, code: str = CODE) -> list[str]:
    return [e["action"] for e in json.loads(run("history", code, "--format", "json").stdout)]


def test_a_ten_megabyte_reason_is_refused_and_nothing_changes(run: Invoke) -> None:
    add_case(run)
    before = (cases_json(run), history_actions(run))
    huge = "Chờ bổ sung hồ sơ. " * (TEN_MB // 19)
    assert_user_error(
        run("cases", "reason", CODE, huge, ok=False),
        "Lý do trễ hạn dài 10.485.",
        "quá giới hạn 2.000 ký tự",
    )
    assert_user_error(run("letters", "draft", CODE, "--reason", huge, ok=False), "2.000 ký tự")
    assert (cases_json(run), history_actions(run)) == before


def test_a_reason_of_the_limit_is_kept_whole(run: Invoke) -> None:
    add_case(run)
    reason = "x" * TEXT_LIMITS["dossiers.reason"].chars
    run("cases", "reason", CODE, reason)
    [row] = cases_json(run)
    assert row["reason"] == reason


@pytest.mark.parametrize(
    ("args", "label"),
    [
        (("cases", "reason", CODE, "Chờ\x00 ý kiến"), "Lý do trễ hạn"),
        (("cases", "reason", CODE, "Chờ\x07 ý kiến"), "Lý do trễ hạn"),
        (("letters", "draft", CODE, "--reason", "Chờ\x01"), "Lý do trễ hạn"),
        (("letters", "draft", CODE, "--reason", "Chờ", "--signer", "Lê\x1b[31m Văn"), "người ký"),
        (("cases", "reason", CODE, "Chờ \udcff ý kiến"), "byte không phải UTF-8"),
        (("units", "alias", "tnmt", "Phòng\x7f TN"), "Tên khác của đơn vị"),
        (("heads", "set", "tnmt", "Lê Văn\x08 Bình"), "Họ tên người đứng đầu"),
        (("calendar", "add-off", "02/12/2024", "--why", "Thông báo\x0e số 5"), "Căn cứ"),
        (("units", "add", "kt2", "Phòng\x00 Kinh tế", "--kind", "department"), "Tên đơn vị"),
        (("heads", "set", "tnmt", "Lê Văn Bình", "--title", "Trưởng\x9b phòng"), "Chức vụ"),
        (("--as", "Văn thư\x07", "cases", "list"), "Tên người thực hiện"),
    ],
    ids=[
        "nul",
        "bell",
        "soh",
        "escape",
        "surrogate",
        "delete",
        "backspace",
        "shift-out",
        "unit-nul",
        "title-c1",
        "actor-bell",
    ],
)
def test_a_control_character_is_refused_on_both_engines(
    run: Invoke, args: tuple[str, ...], label: str
) -> None:
    refused_and_unchanged(run, args, label)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("units", "add", "kt2", "P" * 201, "--kind", "department"), "Tên đơn vị dài 201"),
        (("units", "alias", "tnmt", "P" * 201), "Tên khác của đơn vị dài 201"),
        (("heads", "set", "tnmt", "B" * 201), "Họ tên người đứng đầu dài 201"),
        (("heads", "set", "tnmt", "Lê Văn Bình", "--title", "T" * 121), "Chức vụ dài 121"),
        (("letters", "draft", CODE, "--reason", "Chờ", "--signer", "S" * 201), "người ký dài 201"),
        (("calendar", "add-off", "02/12/2024", "--why", "W" * 2001), "Căn cứ dài 2.001"),
        (add_case_args(code="X" * 65), "Mã hồ sơ dài 65"),
    ],
    ids=["unit", "alias", "head", "title", "signer", "why", "code"],
)
def test_every_typed_text_is_held_to_its_limit(
    run: Invoke, args: tuple[str, ...], fragment: str
) -> None:
    refused_and_unchanged(run, args, fragment)


def test_line_breaks_and_tabs_in_typed_text_become_spaces(run: Invoke) -> None:
    add_case(run)
    run("cases", "reason", CODE, "Chờ ý kiến\r\nSở Tài nguyên\tvà Môi trường")
    [row] = cases_json(run)
    assert row["reason"] == "Chờ ý kiến Sở Tài nguyên và Môi trường"


def test_an_actor_too_long_for_the_records_is_refused_the_same_on_both_engines(
    run: Invoke,
) -> None:
    before = cases_json(run)
    assert_user_error(
        run("--as", "x" * 200, *add_case_args(), ok=False),
        "Tên người thực hiện",
        "dài 200 ký tự, quá giới hạn 120 ký tự",
    )
    assert cases_json(run) == before
    run("--as", "Nguyễn Thị Văn Thư " + "x" * 101, *add_case_args())  # exactly 120
    history = json.loads(run("history", CODE, "--format", "json").stdout)
    assert history[0]["actor"] == "Nguyễn Thị Văn Thư " + "x" * 101


@pytest.fixture
def stored_before_the_checks(run: Invoke, db_url: str) -> Invoke:
    """A late dossier with a drafted letter whose applicant and reason hold a control
    character: data an older tracker (or another program) stored before text was checked."""
    add_case(run)
    run("cases", "reason", CODE, "Chờ ý kiến")
    run("letters", "draft", CODE, "--new-date", "05/12/2024")
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE dossiers SET applicant = 'Nguyễn\x07 Văn An'"))
            connection.execute(text("UPDATE letters SET reason = 'Chờ ý\x01 kiến'"))
    finally:
        engine.dispose()
    return run


def test_letters_render_never_writes_a_docx_word_refuses(
    stored_before_the_checks: Invoke, tmp_path: Path
) -> None:
    run = stored_before_the_checks
    out = tmp_path / "phieu"
    for extra in ((), ("--combined", str(tmp_path / "gop.docx"))):
        result = run("letters", "render", CODE, "--out", str(out), *extra, ok=False)
        assert_user_error(result, "ký tự điều khiển U+000", "Word không mở được")
        assert not out.exists() or not any(out.iterdir())
        assert not (tmp_path / "gop.docx").exists()
    assert "letter.render" not in history_actions(run)


def test_remind_never_writes_a_docx_word_refuses(
    stored_before_the_checks: Invoke, tmp_path: Path
) -> None:
    out = tmp_path / "nhac-viec.docx"
    result = stored_before_the_checks("remind", "--format", "docx", "--out", str(out), ok=False)
    assert_user_error(result, "ký tự điều khiển U+0007")
    assert not out.exists()


def test_a_template_holding_a_control_character_is_refused(run: Invoke, tmp_path: Path) -> None:
    from tracker.resources import resource_dir

    shipped = resource_dir("letter_templates") / "mau-04-xin-loi.docx"
    broken = tmp_path / "mau-hong.docx"
    with zipfile.ZipFile(shipped) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"</w:t>", b"\x02</w:t>", 1)
            target.writestr(item, data)
    add_case(run)
    run("letters", "draft", CODE, "--new-date", "05/12/2024", "--reason", "Chờ ý kiến")
    result = run(
        "letters", "render", CODE, "--out", str(tmp_path), "--template", str(broken), ok=False
    )
    assert_user_error(result, "mau-hong.docx", "U+0002")


def test_a_clean_letter_still_renders(run: Invoke, tmp_path: Path) -> None:
    """The guard refuses only what Word refuses: tabs of the template, & < > and quotes of the
    data go through (escaped), and the letter reads as typed."""
    run(*add_case_args('Trần "Bình" & <Con>'), "--reason", "A & B")
    run("letters", "draft", CODE, "--new-date", "05/12/2024")
    result = json.loads(
        run("letters", "render", CODE, "--out", str(tmp_path), "--format", "json").stdout
    )
    assert 'Trần "Bình" & <Con>' in docx_text(Path(result["files"][0]["path"]))
