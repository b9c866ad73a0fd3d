"""The administrator's reorganisation page («Tổ chức lại đơn vị», under the units): the two
steps of the 2025 reform as the CLI takes them — a shipped reorganisation plan (`tracker units
reorganise`), then the office of a shipped preset keeping the database from a day (`tracker
units take-over`) — each previewed (the service's dry run), then confirmed. The confirmation
carries the preview's fingerprint; reform_queries.py says what a stale one gets."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Blueprint, render_template

from tracker.errors import InvalidInput
from tracker.setting_labels import in_label_order, setting_label
from tracker.web.admin_forms import REFUSALS, field, optional_date, status_of
from tracker.web.auth import signed_in
from tracker.web.context import services, today, viewer
from tracker.web.next_steps import refusal_text
from tracker.web.reform_queries import Reviewed, TakeOverRequest, read_code_renames

blueprint = Blueprint("admin_reform", __name__, url_prefix="/quan-tri/don-vi/to-chuc-lai")

PLAN_FIELDS = ("ke-hoach",)
TAKE_OVER_FIELDS = ("mau", "tu-ngay", "doi-ma", "ly-do")
NO_DATE = (
    "Hãy nhập ngày cơ quan mới bắt đầu dùng cơ sở dữ liệu, dạng dd/mm/yyyy (thường là ngày "
    "hiệu lực của kế hoạch sắp xếp, ví dụ 01/07/2025)."
)


def _page(
    *,
    plan: Reviewed[Any] | None = None,
    take: Reviewed[Any] | None = None,
    refusal: str | None = None,
    typed: dict[str, str] | None = None,
) -> str:
    return render_template(
        "reorganise.html",
        choices=services().reform_choices(viewer()),
        plan=plan,
        take=take,
        refusal=refusal,
        typed=typed or {},
        setting_label=setting_label,
        in_label_order=in_label_order,
    )


@blueprint.route("/")
@signed_in
def reorganisation() -> Any:
    return _page()


def _shown_or_refused(
    step: Callable[[], Reviewed[Any]], shown: Callable[[Reviewed[Any]], str], typed: dict[str, str]
) -> Any:
    """The page `shown` around the step's preview or result — 409 when the confirmed preview
    was out of date (nothing written) — or with the services' refusal."""
    try:
        reviewed = step()
    except REFUSALS as err:
        return _page(refusal=refusal_text(err), typed=typed), status_of(err)
    return shown(reviewed), 409 if reviewed.stale else 200


@blueprint.route("/ke-hoach", methods=["POST"])
@signed_in
def reorganise() -> Any:
    typed = {key: field(key) for key in PLAN_FIELDS}

    def step() -> Reviewed[Any]:
        return services().reorganise(
            viewer(), typed["ke-hoach"], today=today(), confirmed=field("xac-nhan") or None
        )

    return _shown_or_refused(step, lambda plan: _page(plan=plan, typed=typed), typed)


@blueprint.route("/ban-giao", methods=["POST"])
@signed_in
def take_over() -> Any:
    typed = {key: field(key) for key in TAKE_OVER_FIELDS}

    def step() -> Reviewed[Any]:
        day = optional_date("tu-ngay")
        if day is None:
            raise InvalidInput(NO_DATE)
        # `vp=pt-vp, kt=pt-kt`: a code has no space, comma or semicolon in it.
        renames = [text for text in re.split(r"[\s,;]+", typed["doi-ma"]) if text]
        request = TakeOverRequest(
            typed["mau"], day, read_code_renames(renames), typed["ly-do"] or None
        )
        return services().take_over(
            viewer(), request, today=today(), confirmed=field("xac-nhan") or None
        )

    return _shown_or_refused(step, lambda take: _page(take=take, typed=typed), typed)
