"""Accounts: `tracker users`, the password rules, the sign-in limit, the access rules, and the
migration that adds them to a database already holding data."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from tests.conftest import Invoke
from tests.database import snapshot
from tests.dossiers import populate
from tests.web import CLERK, HEAD_A, LATE_A, LATE_B, build_office
from tracker import migrate
from tracker.db import transaction
from tracker.errors import Forbidden, NotFound
from tracker.models import Account, Event
from tracker.services import access, accounts
from tracker.sign_in_limits import PER_USERNAME, WINDOW, wait_needed

PASSWORD = "Quản-trị-viên-2024!"
NOW = dt.datetime(2024, 11, 26, 8, 0)
TODAY = dt.date(2024, 11, 26)


def users_json(run: Invoke) -> list[dict[str, object]]:
    return list(json.loads(run("users", "list", "--format", "json").stdout))


def add_admin(run: Invoke, *extra: str, input: str, ok: bool = True) -> object:
    return run("users", "add", "quantri", "--role", "admin", *extra, input=input, ok=ok)


# --- tracker users ----------------------------------------------------------------------


def test_the_first_admin_comes_from_a_hidden_prompt(run: Invoke) -> None:
    assert users_json(run) == []  # no account, hence no default password, after init
    result = run("users", "add", "quantri", "--role", "admin", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert "Mật khẩu mới" in result.output and "Nhập lại mật khẩu" in result.output
    assert PASSWORD not in result.output  # typed, never echoed
    assert "Đã thêm tài khoản quantri (Quản trị)." in result.output
    assert users_json(run) == [
        {
            "username": "quantri",
            "display_name": "quantri",
            "role": "admin",
            "unit": None,
            "active": True,
        }
    ]


def test_two_different_typings_change_nothing(run: Invoke) -> None:
    result = add_admin(run, input=f"{PASSWORD}\nKhác-hẳn-2024!!\n", ok=False)
    assert result.exit_code == 1
    assert "Lỗi: Hai lần nhập mật khẩu không khớp" in result.stderr
    assert users_json(run) == []


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("ngan-qua", "ít nhất 10 ký tự"),
        ("quantri-2024-mat-khau", "không được chứa tên đăng nhập"),
        ("aaaaaaaaaaaa", "quá đơn giản"),
        (" co-khoang-trang-dau", "khoảng trắng"),
    ],
)
def test_weak_passwords_are_refused(run: Invoke, password: str, reason: str) -> None:
    result = add_admin(run, "--password-stdin", input=f"{password}\n", ok=False)
    assert result.exit_code == 1 and reason in result.stderr
    assert password.strip() not in result.output
    assert users_json(run) == []


def test_roles_and_heads_must_agree(run: Invoke) -> None:
    def refused(*args: str) -> str:
        result = run("users", "add", *args, "--password-stdin", input=f"{PASSWORD}\n", ok=False)
        assert result.exit_code == 1
        return str(result.stderr)

    assert "đứng đầu: thêm --head với tên người hoặc đơn vị." in refused("phuc", "--role", "head")
    assert "Chỉ tài khoản vai trò head" in refused("thu", "--role", "clerk", "--head", "tnmt")
    assert "Không tìm thấy người đứng đầu" in refused("ai.do", "--role", "head", "--head", "xyz")
    assert "không hợp lệ" in refused("Tên Có Dấu", "--role", "clerk")
    assert users_json(run) == []
    run("users", "add", "phuc", "--role", "head", "--head", "nguyen hoang phuc",
        "--password-stdin", input=f"{PASSWORD}\n")  # fmt: skip
    [phuc] = users_json(run)
    assert phuc["unit"] == "tnmt" and phuc["display_name"] == "Nguyễn Hoàng Phúc"
    assert "đã có" in refused("PHUC", "--role", "clerk")  # user names ignore case


def test_passwords_are_stored_as_argon2id_and_never_listed(run: Invoke, engine: Engine) -> None:
    add_admin(run, "--password-stdin", input=f"{PASSWORD}\n")
    with transaction(engine, reading_only=True) as session:
        stored = session.scalar(select(Account.password_hash))
    assert stored is not None and stored.startswith("$argon2id$")
    for fmt in ("table", "csv", "json"):
        listing = run("users", "list", "--format", fmt).output
        assert "$argon2" not in listing and PASSWORD not in listing


def test_account_changes_are_in_the_event_history(run: Invoke, engine: Engine) -> None:
    add_admin(run, "--password-stdin", input=f"{PASSWORD}\n")
    run("users", "disable", "quantri")
    run("users", "disable", "quantri")  # already disabled: nothing to record
    run("users", "enable", "quantri")
    run("users", "reset-password", "quantri", "--password-stdin", input="Mật-khẩu-khác-2025\n")
    with transaction(engine, reading_only=True) as session:
        events = session.scalars(select(Event).where(Event.entity == "account")).all()
        recorded = [(e.actor, e.action) for e in events]
        logged = json.dumps([[e.before, e.after, e.note] for e in events], ensure_ascii=False)
    assert recorded == [
        ("kiem-thu", "account.add"),
        ("kiem-thu", "account.disable"),
        ("kiem-thu", "account.enable"),
        ("kiem-thu", "account.reset_password"),
    ]
    assert PASSWORD not in logged and "Mật-khẩu-khác" not in logged and "argon2" not in logged


def test_unknown_account_is_one_sentence(run: Invoke) -> None:
    result = run("users", "disable", "khong-co", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == "Lỗi: Không có tài khoản «khong-co»: xem `tracker users list`."


# --- signing in (the service) -----------------------------------------------------------


def sign_in(engine: Engine, username: str, password: str, *, now: dt.datetime = NOW,
            client: str = "10.0.0.1") -> accounts.SignIn:  # fmt: skip
    with transaction(engine) as session:
        return accounts.authenticate(
            session, username, password, client=client, now=now, today=TODAY
        )


def test_a_password_typed_with_combining_marks_is_the_same_password(
    run: Invoke, engine: Engine
) -> None:
    add_admin(run, "--password-stdin", input=f"{PASSWORD}\n")
    decomposed = unicodedata.normalize("NFD", PASSWORD)
    assert decomposed != PASSWORD
    assert sign_in(engine, "quantri", decomposed).account_id is not None
    assert sign_in(engine, "QuanTri", PASSWORD).account_id is not None


def test_the_limit_lifts_when_the_window_has_passed(run: Invoke, engine: Engine) -> None:
    add_admin(run, "--password-stdin", input=f"{PASSWORD}\n")
    for minute in range(PER_USERNAME):
        failed = sign_in(engine, "quantri", "sai", now=NOW + dt.timedelta(minutes=minute))
        assert failed.refusal == accounts.WRONG_CREDENTIALS
    later = NOW + dt.timedelta(minutes=10)
    held = sign_in(engine, "quantri", PASSWORD, now=later)
    assert held.account_id is None and held.throttled
    assert held.refusal == "Đăng nhập sai quá nhiều lần: hãy thử lại sau 5 phút."
    # Once the first failure is 15 minutes old, one more try is allowed, and success
    # forgets the failures.
    lifted = sign_in(engine, "quantri", PASSWORD, now=NOW + WINDOW + dt.timedelta(seconds=1))
    assert lifted.account_id is not None
    again = sign_in(engine, "quantri", "sai", now=NOW + WINDOW + dt.timedelta(seconds=2))
    assert again.refusal == accounts.WRONG_CREDENTIALS and not again.throttled


def test_wait_needed_counts_only_failures_inside_the_window() -> None:
    now = NOW
    old = [now - WINDOW - dt.timedelta(seconds=1)] * 10
    assert wait_needed(old, limit=5, now=now) is None
    recent = [now - dt.timedelta(minutes=m) for m in (14, 10, 3, 2, 1)]
    assert wait_needed(recent, limit=5, now=now) == dt.timedelta(minutes=1)
    assert wait_needed(recent[1:], limit=5, now=now) is None


# --- the access rules -------------------------------------------------------------------


def viewer(role: str, unit: str | None = None) -> access.Viewer:
    unit_name = {"tnmt": "Phòng Tài nguyên và Môi trường"}.get(unit or "")
    return access.Viewer(1, f"tk-{role}", "Người thử", role, unit, unit_name)


def test_who_may_change_a_dossier(run: Invoke, engine: Engine) -> None:
    build_office(run)
    with transaction(engine, reading_only=True) as session:
        access.check_change_dossier(session, viewer("head", "tnmt"), LATE_A)
        access.check_change_dossier(session, viewer("clerk"), LATE_B)
        with pytest.raises(NotFound, match="trong phạm vi tài khoản"):
            access.check_change_dossier(session, viewer("head", "tnmt"), LATE_B)
        for role in ("leader", "admin"):
            with pytest.raises(Forbidden, match="không có quyền thay đổi hồ sơ"):
                access.check_change_dossier(session, viewer(role), LATE_A)
        with pytest.raises(Forbidden, match="không có quyền xem hồ sơ"):
            access.list_scope(session, viewer("admin"), None)
        assert access.list_scope(session, viewer("head", "tnmt"), None) == "tnmt"
        assert access.list_scope(session, viewer("leader"), "tai nguyen") == "tnmt"
        assert access.list_scope(session, viewer("clerk"), "  ") is None
        assert [u.code for u in access.readable_units(session, viewer("head", "tnmt"))] == ["tnmt"]
        assert len(access.readable_units(session, viewer("leader"))) == 21


# --- the migration ----------------------------------------------------------------------


def test_upgrade_to_accounts_keeps_every_row_and_then_signs_in(run: Invoke, engine: Engine) -> None:
    populate(run)
    migrate.downgrade(engine, "0001")
    before = snapshot(engine)
    assert before["dossiers"] and before["events"] and "accounts" not in before
    migrate.upgrade(engine, "0002_accounts")
    after = snapshot(engine)
    assert {table: after[table] for table in before} == before
    assert after["accounts"] == [] and after["sign_in_failures"] == []
    migrate.upgrade(engine)  # the later revisions too, so that the commands below may run
    run("users", "add", CLERK.username, "--role", "clerk", "--password-stdin",
        input=f"{CLERK.password}\n")  # fmt: skip
    run("users", "add", HEAD_A.username, "--role", "head", "--head", "tnmt",
        "--password-stdin", input=f"{HEAD_A.password}\n")  # fmt: skip
    assert sign_in(engine, HEAD_A.username, HEAD_A.password).account_id is not None
