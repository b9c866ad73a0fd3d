"""`tracker letters render` through the CLI: files, names, versions, public copy, history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.docx_text import docx_text
from tests.dossiers import CONTACT, add_late
from tests.letter_data import template_with
from tracker.letters import pdf
from tracker.letters.files import unique_stem
from tracker.letters.render import sha256_of

CODE = "000.00.19.H53-241101-0001"


@pytest.fixture
def drafted(run: Invoke) -> Invoke:
    add_late(run, CODE, "tnmt", "15/11/2024", *CONTACT, reason="Chờ đo đạc lại ranh giới thửa đất")
    run("letters", "draft", CODE, "--new-date", "05/12/2024")
    return run


def render(run: Invoke, *args: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(run("letters", "render", *args, "--format", "json").stdout)
    return data


def test_render_one_letter(drafted: Invoke, tmp_path: Path) -> None:
    result = render(drafted, CODE, "--out", str(tmp_path / "out"))
    [file] = result["files"]  # type: ignore[misc]
    path = Path(file["path"])
    assert path == (tmp_path / "out" / f"{CODE}.docx").resolve()
    text = docx_text(path)
    assert "Kính gửi: Ông/Bà Nguyễn Văn An" in text
    assert "Điện thoại: 0912345678" in text
    assert "Lý do: Chờ đo đạc lại ranh giới thửa đất." in text
    assert "hẹn lại ngày trả kết quả là ngày 05 tháng 12 năm 2024" in text
    assert "Số:       /PXL-TNMT" in text.replace("\u00a0", " ")  # a draft has no number yet
    history = json.loads(drafted("history", CODE, "--format", "json").stdout)
    event = history[-1]
    assert event["action"] == "letter.render"
    assert event["after"]["sha256"] == file["sha256"]
    assert event["after"]["version"] == 1


def test_public_copy_has_no_full_name_and_no_phone(drafted: Invoke, tmp_path: Path) -> None:
    result = render(drafted, CODE, "--out", str(tmp_path), "--public")
    [file] = result["files"]  # type: ignore[misc]
    assert file["path"].endswith("-cong-khai.docx")
    text = docx_text(Path(file["path"]))
    assert "Nguyễn V. A." in text
    for private in ("Nguyễn Văn An", "0912345678", "Trần Phú"):
        assert private not in text


def test_a_code_with_separators_stays_inside_the_directory(run: Invoke, tmp_path: Path) -> None:
    run(
        "cases", "add", "../../x", "--procedure", "Thủ tục", "--applicant", "A & B <C>",
        "--unit", "tnmt", "--due", "15/11/2024", "--reason", "Chờ",
    )  # fmt: skip
    run("letters", "draft", "../../x")
    work = tmp_path / "w"
    out = work / "a" / "b"
    [file] = render(run, "../../x", "--out", str(out))["files"]  # type: ignore[misc]
    # The stored code is `../../X`; made safe it reads `X`, so its hash keeps it apart from a
    # dossier whose code really is `X`.
    name = f"{unique_stem('../../X')}.docx"
    assert name.startswith("X-") and len(name) == len("X-12345678.docx")
    assert Path(file["path"]) == (out / name).resolve()
    written = sorted(p.relative_to(work) for p in work.rglob("*") if p.is_file())
    assert written == [Path("a/b") / name, Path("a/b/thong-bao-mot-cua-tnmt-du-thao-nd61.docx")]
    assert "Kính gửi: Ông/Bà A & B <C>" in docx_text(Path(file["path"]))


def test_rendering_a_draft_again_replaces_its_file(drafted: Invoke, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    first = render(drafted, CODE, "--out", str(tmp_path))["files"][0]  # type: ignore[index]
    drafted("letters", "draft", CODE, "--new-date", "06/12/2024")
    second = render(drafted, CODE, "--out", str(tmp_path))["files"][0]  # type: ignore[index]
    assert (second["version"], second["path"]) == (1, first["path"])
    assert second["sha256"] != first["sha256"]
    # The draft's file, and beside it the notice to the one-stop desk for the unit's drafts.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"{CODE}.docx",
        "thong-bao-mot-cua-tnmt-du-thao-nd61.docx",
    ]


def test_rerender_after_issue_makes_a_new_version(drafted: Invoke, tmp_path: Path) -> None:
    draft_file = render(drafted, CODE, "--out", str(tmp_path))["files"][0]  # type: ignore[index]
    drafted("letters", "issue", CODE, "--number", "05/PXL-TNMT", "--on", "26/11/2024")
    issued = drafted("letters", "render", CODE, "--out", str(tmp_path), "--format", "json")
    [file] = json.loads(issued.stdout)["files"]
    assert (file["version"], file["new_version"]) == (2, True)
    assert Path(file["path"]).name == f"{CODE}-v2.docx"
    assert "phiên bản 2" in issued.stderr
    assert "Số: 05/PXL-TNMT" in docx_text(Path(file["path"]))
    assert "Gò Dầu, ngày 26 tháng 11 năm 2024" in docx_text(Path(file["path"]))
    # The draft's file is kept as it was; rendering the unchanged issued letter again gives
    # the same file, byte for byte, and no new version.
    assert (tmp_path / f"{CODE}.docx").is_file()
    again = render(drafted, CODE, "--out", str(tmp_path))["files"][0]  # type: ignore[index]
    assert (again["version"], again["unchanged"], again["new_version"]) == (2, True, False)
    assert (again["path"], again["sha256"]) == (file["path"], file["sha256"])
    # Changed content (here an edited template) is a third version, and history says why.
    edited = template_with(tmp_path, "Trân trọng./.", "Trân trọng cảm ơn./.")
    third = json.loads(
        drafted(
            "letters", "render", CODE, "--out", str(tmp_path), "--template", str(edited),
            "--format", "json",
        ).stdout
    )["files"][0]  # fmt: skip
    assert Path(third["path"]).name == f"{CODE}-v3.docx"
    assert "Trân trọng cảm ơn./." in docx_text(Path(third["path"]))
    assert draft_file["version"] == 1
    history = json.loads(drafted("history", CODE, "--format", "json").stdout)
    notes = [e["note"] for e in history if e["action"] == "letter.render"]
    assert len(notes) == 3 and notes[0] is None
    assert notes[1] == "Phiên bản 2: khác phiên bản 1 ở: số, ngày ban hành"
    assert notes[2] == "Phiên bản 3: mẫu thư đã được sửa"
    # Every file the database records still has the bytes of its recorded sha256.
    for entry in (file, third):
        assert sha256_of(Path(entry["path"]).read_bytes()) == entry["sha256"]


def test_a_second_reschedule_gets_its_own_file(drafted: Invoke, tmp_path: Path) -> None:
    render(drafted, CODE, "--out", str(tmp_path))
    drafted("letters", "issue", CODE, "--number", "05/PXL-TNMT")
    issued = render(drafted, CODE, "--out", str(tmp_path))["files"][0]  # type: ignore[index]
    drafted(
        "letters", "draft", CODE, "--new-date", "10/12/2024", "--force", "--why", "Chờ giám định"
    )
    [second] = render(drafted, CODE, "--out", str(tmp_path))["files"]  # type: ignore[misc]
    assert (Path(second["path"]).name, second["version"]) == (f"{CODE}-lan2.docx", 1)
    assert Path(issued["path"]).read_bytes()  # the issued letter's file is untouched
    assert "ngày 10 tháng 12 năm 2024" in docx_text(Path(second["path"]))


def test_batch_and_combined_file(drafted: Invoke, tmp_path: Path) -> None:
    other = "000.00.19.H53-241101-0002"
    drafted(
        "cases", "add", other, "--procedure", "Cấp đổi giấy chứng nhận", "--applicant",
        "Trần Thị Bình", "--unit", "hiep thanh", "--due", "18/11/2024", "--reason", "Thiếu hồ sơ",
    )  # fmt: skip
    drafted("letters", "draft", other)
    combined = tmp_path / "tat-ca.docx"
    result = render(
        drafted, "--period", "2024-11", "--out", str(tmp_path), "--combined", str(combined)
    )
    assert len(result["files"]) == 2  # type: ignore[arg-type]
    text = docx_text(combined)
    assert text.count("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ") == 2
    # Each letter in its own unit's header: the People's Committee names itself in full.
    assert "UBND HUYỆN GÒ DẦU\nPHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG\n" in text
    assert "ỦY BAN NHÂN DÂN\nXÃ HIỆP THẠNH\n" in text and "Hiệp Thạnh, ngày" in text


def test_letter_missing_or_template_missing(drafted: Invoke, tmp_path: Path) -> None:
    drafted(
        "cases", "add", "000.00.19.H53-241101-0009", "--procedure", "Thủ tục",
        "--applicant", "Lê C", "--unit", "tnmt", "--due", "15/11/2024",
    )  # fmt: skip
    result = drafted("letters", "render", "000.00.19.H53-241101-0009", ok=False)
    assert result.exit_code == 1
    assert "chưa có thư xin lỗi" in result.stderr
    result = drafted(
        "letters", "render", CODE, "--template", str(tmp_path / "khong-co.docx"), ok=False
    )
    assert "Không tìm thấy mẫu thư" in result.stderr


def test_pdf_without_libreoffice_says_how_to_install(
    drafted: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    result = drafted("letters", "render", CODE, "--out", str(tmp_path), "--pdf", ok=False)
    assert result.exit_code == 1
    assert "apt install libreoffice-writer" in result.stderr
    assert "libreoffice.org" in result.stderr


@pytest.mark.soffice
@pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice is not installed")
def test_pdf_through_libreoffice(drafted: Invoke, tmp_path: Path) -> None:
    result = render(drafted, CODE, "--out", str(tmp_path), "--pdf")
    [made] = result["pdfs"]  # type: ignore[misc]
    assert Path(made).read_bytes().startswith(b"%PDF")
