"""The clerk's mistakes and interruptions, answered in Vietnamese: a typo gets the closest
command, option or value; a global option after the command is taken as meant; a question is
answered c/có/k/không; Ctrl-C prints one line and exits 130 with nothing half-written; a
library's English stays behind --verbose. Today is Tuesday 26/11/2024."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import TODAY, Invoke
from tests.dossiers import add_case
from tests.lifecycle_data import A, draft_three
from tracker.cli import cli
from tracker.cli.prompts import answer


def usage_error(result: Result, *fragments: str) -> str:
    """Exit 2, the usage line, the help hint and one `Lỗi:` line, all Vietnamese."""
    assert result.exit_code == 2, result.output
    text = result.stderr
    assert text.startswith("Cách dùng: tracker"), text
    assert "Xem hướng dẫn: tracker" in text
    [line] = [line for line in text.splitlines() if line.startswith("Lỗi: ")]
    for fragment in fragments:
        assert fragment in line
    assert "Error" not in text and "Usage" not in text and "'" not in line
    return line


def test_an_unknown_command_names_the_closest(run: Invoke) -> None:
    line = usage_error(run("leters", "draft", ok=False), "Không có lệnh «leters».")
    assert line.endswith("Có phải ý bạn là «letters»?")
    usage_error(run("cases", "lst", ok=False), "«lst»", "«list»")
    usage_error(run("zzz", ok=False), "Không có lệnh «zzz»; các lệnh: calendar, cases")


def test_an_unknown_option_or_value_names_the_closest(run: Invoke) -> None:
    usage_error(run("cases", "list", "--formt", "json", ok=False), "«--formt»", "«--format»")
    line = usage_error(run("cases", "list", "--status", "mo", ok=False), "«--status»", "«mo»")
    assert line.endswith("Có phải ý bạn là «open»?")  # «mở» is Vietnamese for open
    usage_error(run("cases", "list", "--status", "opne", ok=False), "«open»")
    usage_error(run("calendar", "list", "1990", ok=False), "từ 1995 đến 2100")
    usage_error(run("cases", "list", "--within", "-1", ok=False), "≥ 0")
    usage_error(run("letters", "draft", A, "--days", "năm", ok=False), "«năm»", "số nguyên")


def test_a_missing_argument_is_named_by_its_placeholder(run: Invoke) -> None:
    usage_error(run("cases", "show", ok=False), "Thiếu tham số «MÃ»")
    usage_error(run("cases", "reason", ok=False), "«MÃ»")
    usage_error(run("calendar", "add-off", ok=False), "«NGÀY»")
    usage_error(run("units", "add", "x", "y", ok=False), "Thiếu tùy chọn «--kind»")


def test_global_options_after_the_command_are_taken(run: Invoke, tmp_path: Path) -> None:
    add_case(run)
    other = tmp_path / "khac.db"
    assert run("--db", str(other), "init", "--preset", "go-dau").exit_code == 0
    # --db after the command, even after the command's own options: the other, empty database.
    listed = run("cases", "list", "--format", "json", "--db", str(other))
    assert json.loads(listed.stdout) == []
    listed = run("cases", "list", f"--db={other}", "--unit", "tnmt", "--format", "json")
    assert json.loads(listed.stdout) == []
    # --today and --as after the command.
    run("cases", "reason", "000.00.19.H53-241105-0001", "Chờ xác minh", "--as", "Văn thư Lan")
    [event] = [
        e
        for e in json.loads(run("history", "000.00.19.H53-241105-0001", "--format", "json").stdout)
        if e["action"] == "dossier.reason"
    ]
    assert event["actor"] == "Văn thư Lan"
    late = json.loads(run("cases", "list", "--format", "json", "--today", "02/12/2024").stdout)
    assert (
        late[0]["days_late"]
        > json.loads(run("cases", "list", "--format", "json").stdout)[0]["days_late"]
    )


def test_after_a_double_dash_a_global_option_is_plain_text(run: Invoke) -> None:
    add_case(run)
    run("cases", "reason", "000.00.19.H53-241105-0001", "--", "--db")
    [row] = json.loads(run("cases", "list", "--format", "json").stdout)
    assert row["reason"] == "--db"


def test_an_option_of_the_command_itself_is_not_taken_for_a_global_one(run: Invoke) -> None:
    """`users add --head NAME`: a command's own option keeps its value even if it looks like a
    global option's name."""
    add_case(run)
    result = run("cases", "list", "--search", "--today", "--format", "json")
    assert json.loads(result.stdout) == []  # searched for the text "--today"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("c", True), ("có", True), ("CÓ", True), ("co", True), ("y", True), ("yes", True),
     ("k", False), ("không", False), ("Khong", False), ("n", False), ("no", False),
     ("thế nào", None), ("", None)],
)  # fmt: skip
def test_yes_and_no_in_vietnamese(typed: str, meant: bool | None) -> None:
    assert answer(typed) is meant


@pytest.fixture
def drafted(run: Invoke) -> Invoke:
    return draft_three(run)


def statuses(run: Invoke) -> list[str]:
    rows = json.loads(run("cases", "list", "--format", "json").stdout)
    return sorted(r["letter"]["status"] for r in rows)


CTRL_C = b"\x03"


def wait_until_sleeping(pid: int) -> None:
    """Return once process `pid` is asleep (state S in /proc: blocked reading), or after 5 s."""
    deadline = time.monotonic() + 5
    stat = Path(f"/proc/{pid}/stat")
    while time.monotonic() < deadline:
        if stat.read_text().rsplit(")", 1)[1].split()[0] == "S":
            return
        time.sleep(0.01)


def at_a_terminal(args: list[str], env: dict[str, str], keys: list[bytes]) -> tuple[int, str]:
    """Run `tracker ARGS` on a pseudo-terminal, typing each of `keys` after a question (or
    pressing Ctrl-C: SIGINT); its exit code and output."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: a real terminal is its stdin, stdout and stderr
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # a background `make test` ignores it
        os.execve(sys.executable, [sys.executable, "-m", "tracker", *args], env)
    output = b""
    typed = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
        if typed < len(keys) and output.count(b"[c/K]") > typed:
            if keys[typed] == CTRL_C:
                # What the terminal does on ^C, done directly: in some sandboxes a pseudo-
                # terminal echoes ^C without signalling its foreground process. Only once the
                # child waits in read(): a signal landing between input()'s writing the
                # question and its read() is never seen (as a person is never that quick).
                wait_until_sleeping(pid)
                os.kill(pid, signal.SIGINT)
            else:
                os.write(fd, keys[typed])  # one answer per question asked
            typed += 1
    else:
        os.kill(pid, signal.SIGKILL)  # never leave a child waiting for an answer
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode("utf-8", "replace")


def terminal_env(db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return {**env, "TRACKER_DATABASE_URL": db_url, "TRACKER_TODAY": TODAY, "COLUMNS": "100"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("keys", "kept"),
    [([b"c\r"], True), ([b"c\xc3\xb3\r"], True), ([b"kh\xc3\xb4ng\r"], False),
     ([b"th\xe1\xba\xbf n\xc3\xa0o\r", b"k\r"], False), ([b"\r"], False)],
    ids=["c", "có", "không", "asked-again", "enter-means-no"],
)  # fmt: skip
def test_the_batch_question_at_a_real_terminal(
    drafted: Invoke, db_url: str, keys: list[bytes], kept: bool
) -> None:
    args = ["letters", "issue", "--period", "2024-11", "--auto-number"]
    code, output = at_a_terminal(args, terminal_env(db_url), keys)
    assert "Thực hiện? [c/K]" in output
    if len(keys) > 1:
        assert "Hãy trả lời c (có) hoặc k (không)." in output
    assert "Error" not in output and "invalid input" not in output
    assert code == 0, output
    assert statuses(drafted) == (["issued"] * 3 if kept else ["draft"] * 3)


@pytest.mark.slow
def test_ctrl_c_in_the_middle_of_a_batch_keeps_nothing(drafted: Invoke, db_url: str) -> None:
    """The batch's transaction is open while it asks; ^C rolls it back: no letter issued,
    no number used, one Vietnamese line, exit 130."""
    args = ["letters", "issue", "--period", "2024-11", "--auto-number"]
    code, output = at_a_terminal(args, terminal_env(db_url), [CTRL_C])
    assert code == 130, output
    after_question = output.split("[c/K]", 1)[1]
    lines = [line.strip() for line in after_question.splitlines() if line.strip()]
    assert lines == [
        "Đã dừng theo yêu cầu (Ctrl+C): việc đang làm dở đã được hủy, chưa có gì được lưu."
    ]
    assert "Aborted" not in output and "Traceback" not in output
    assert statuses(drafted) == ["draft"] * 3
    issued = drafted("letters", "issue", A, "--auto-number", "--format", "json").stdout
    assert json.loads(issued)[0]["number"] == "01/PXL-TNMT"  # the number was not used up


@pytest.mark.slow
def test_sigint_during_an_import_leaves_the_database_as_it_was(
    run: Invoke, db_url: str, tmp_path: Path
) -> None:
    """SIGINT while an import of many rows is under way: exit 130, one line, nothing landed."""
    source = tmp_path / "nhieu.csv"
    lines = ["Mã hồ sơ,Thủ tục,Chủ hồ sơ,Đơn vị,Ngày hẹn trả"]
    lines += [
        f"000.00.19.H53-241105-{n:04d},Cấp phép,Người thứ {n},Phòng Tài nguyên và Môi trường,"
        "15/11/2024"
        for n in range(1, 200_000)
    ]
    source.write_text("\n".join(lines), encoding="utf-8")
    env = terminal_env(db_url)
    child = subprocess.Popen(
        [sys.executable, "-m", "tracker", "import", str(source)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # As at a terminal: a background `make test` passes SIGINT on ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(2.5)  # past start-up, inside the import's transaction
    child.send_signal(signal.SIGINT)
    _out, err = child.communicate(timeout=120)
    if child.returncode == 0:
        pytest.skip("the import finished before the signal (machine too fast for this size)")
    assert child.returncode == 130, err.decode()
    assert err.decode().strip().splitlines()[-1].startswith("Đã dừng theo yêu cầu (Ctrl+C)")
    assert json.loads(run("cases", "list", "--format", "json").stdout) == []
    assert json.loads(run("imports", "list", "--format", "json").stdout) == []


def test_a_library_message_is_translated_and_the_original_kept_for_verbose(
    run: Invoke, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    whole = tmp_path / "du.xlsx"
    book = Workbook()
    book.active.append(["Mã hồ sơ", "Thủ tục"])
    book.save(whole)
    broken = tmp_path / "cat-ngang.xlsx"
    broken.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    plain = run("import", str(broken), ok=False)
    assert plain.exit_code == 1
    [line] = plain.stderr.strip().splitlines()
    assert line.startswith("Lỗi: Tệp «cat-ngang.xlsx» không mở được như một bảng tính")
    assert line.isascii() is False and "Cannot" not in line and "detect" not in line
    verbose = run("--verbose", "import", str(broken), ok=False)
    assert verbose.stderr.startswith(line)
    assert "Chi tiết kỹ thuật (--verbose):" in verbose.stderr
    assert "File is not a zip file" in verbose.stderr  # the reader's own words, kept


@pytest.mark.parametrize(
    ("content", "where"),
    [("database_url = [", "ở cuối tệp"), ("today = \nx = 1", "ở dòng 1, cột 9")],
)
def test_a_broken_config_file_is_one_sentence_with_its_place(
    tmp_path: Path, content: str, where: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["cases", "list"], env={"TRACKER_CONFIG": str(config)})
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Lỗi: Không đọc được tệp cấu hình {config}: sai cú pháp TOML {where}."
    )


def test_an_os_error_reaching_the_command_line_is_one_sentence(run: Invoke, tmp_path: Path) -> None:
    """A file a command writes cannot be written: the system's words, in Vietnamese."""
    not_a_folder = tmp_path / "ghi-chu.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    target = not_a_folder / "ds.xlsx"  # a file stands where a folder should
    result = run("cases", "list", "--format", "xlsx", "--out", str(target), ok=False)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Lỗi: ") and str(target) in line
    assert "Errno" not in line and "directory" not in line.lower()
    assert "không phải thư mục" in line


def test_the_suggested_command_runs_whether_or_not_tracker_is_on_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tracker.cli.invocation import activation_hint, tracker_command

    scripts = Path(sys.executable).parent
    monkeypatch.setenv("PATH", "/nonexistent")
    command = tracker_command()
    assert command != "tracker" and Path(command).resolve() == (scripts / "tracker").resolve()
    hint = activation_hint()
    assert hint is not None and "bin/activate" in hint and "Scripts\\activate" in hint
    assert subprocess.run([command, "--version"], capture_output=True).returncode == 0
    monkeypatch.setenv("PATH", str(scripts))
    assert tracker_command() == "tracker" and activation_hint() is None
