"""The administrator's accounts page: list, create, disable or enable, reset a password — the
services of `tracker users`, with the signed-in administrator as the actor. The first
administrator still comes from the CLI (`tracker users add quantri --role admin`)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for

from tracker.errors import InvalidInput
from tracker.web.admin_forms import field, submitted
from tracker.web.admin_queries import NewAccount
from tracker.web.auth import signed_in
from tracker.web.context import services, viewer
from tracker.web.queries import ROLE_LABELS

blueprint = Blueprint("admin", __name__, url_prefix="/quan-tri")

PASSWORDS_DIFFER = "Hai lần nhập mật khẩu không khớp: không có gì thay đổi."


def _accounts_page(refusal: str | None = None, *, typed: dict[str, str] | None = None) -> str:
    return render_template(
        "accounts.html",
        accounts=services().accounts(viewer()),
        heads=services().current_heads(viewer()),
        roles=ROLE_LABELS,
        refusal=refusal,
        typed=typed or {},
    )


@blueprint.route("/tai-khoan")
@signed_in
def accounts() -> Any:
    return _accounts_page()


def _password(name: str) -> str:
    """The password typed twice (`name` and `name`-lai), as the CLI asks for it. Never
    stripped: spaces are the password's own (the service refuses them at either end)."""
    password = request.form.get(name, "")
    if password != request.form.get(f"{name}-lai", ""):
        raise InvalidInput(PASSWORDS_DIFFER)
    return password


@blueprint.route("/tai-khoan", methods=["POST"])
@signed_in
def add_account() -> Any:
    def add() -> str:
        role = field("vai-tro")
        head = field("nguoi-dung-dau")
        if role == "head" and not head:
            raise InvalidInput("Tài khoản người đứng đầu cần chọn người đứng đầu mà nó gắn với.")
        account = services().add_account(
            viewer(),
            NewAccount(
                username=field("ten-dang-nhap"),
                password=_password("mat-khau"),
                role=role,
                head_id=int(head) if role == "head" and head.isdigit() else None,
                display_name=field("ho-ten"),
            ),
        )
        where = f", {account.unit_name}" if account.unit_name else ""
        return f"Đã thêm tài khoản {account.username} ({account.role_label}{where})."

    # What was typed comes back on a refusal, the passwords excepted.
    typed = {key: field(key) for key in ("ten-dang-nhap", "ho-ten", "vai-tro", "nguoi-dung-dau")}
    return submitted(
        add, lambda refusal: _accounts_page(refusal, typed=typed), url_for("admin.accounts")
    )


@blueprint.route("/tai-khoan/<username>/trang-thai", methods=["POST"])
@signed_in
def set_active(username: str) -> Any:
    def change() -> str:
        active = field("dang-dung") == "1"
        account = services().set_account_active(viewer(), username, active)
        state = "đang dùng" if active else "đã vô hiệu hóa (mọi phiên đăng nhập đã kết thúc)"
        return f"Tài khoản {account.username}: {state}."

    return submitted(change, _accounts_page, url_for("admin.accounts"))


@blueprint.route("/tai-khoan/<username>/mat-khau", methods=["POST"])
@signed_in
def reset_password(username: str) -> Any:
    def reset() -> str:
        account = services().reset_password(viewer(), username, _password("mat-khau"))
        return (
            f"Đã đặt mật khẩu mới cho {account.username}; các phiên đăng nhập của tài khoản "
            "đã kết thúc."
        )

    return submitted(reset, _accounts_page, url_for("admin.accounts"))
