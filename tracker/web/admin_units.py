"""The administrator's units and heads: every unit with its validity, a new unit, and per unit
its other names, its letter header and place, and its heads over time — the services of
`tracker units add|alias|set` and `tracker heads set`, with the administrator as the actor."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, url_for

from tracker.web.admin_forms import field, optional_date, submitted
from tracker.web.admin_queries import KIND_LABELS, Header, NewHead
from tracker.web.auth import signed_in
from tracker.web.context import services, today, viewer

blueprint = Blueprint("admin_units", __name__, url_prefix="/quan-tri/don-vi")


def _units_page(refusal: str | None = None, *, typed: dict[str, str] | None = None) -> str:
    return render_template(
        "units.html",
        units=services().units(viewer()),
        kinds=KIND_LABELS,
        today=today(),
        refusal=refusal,
        typed=typed or {},
    )


@blueprint.route("/")
@signed_in
def units() -> Any:
    return _units_page()


@blueprint.route("/", methods=["POST"])
@signed_in
def add_unit() -> Any:
    def add() -> str:
        unit = services().add_unit(
            viewer(),
            field("ma"),
            field("ten"),
            kind=field("loai"),
            abbreviation=field("viet-tat") or None,
            valid_from=optional_date("tu-ngay"),
        )
        return f"Đã thêm đơn vị {unit.code}: {unit.name}."

    typed = {key: field(key) for key in ("ma", "ten", "loai", "viet-tat", "tu-ngay")}
    return submitted(
        add, lambda refusal: _units_page(refusal, typed=typed), url_for("admin_units.units")
    )


def _unit_page(code: str, refusal: str | None = None) -> str:
    page = services().unit_page(viewer(), code)
    return render_template(
        "unit.html", unit=page.unit, heads=page.heads, kinds=KIND_LABELS, refusal=refusal
    )


@blueprint.route("/<code>")
@signed_in
def unit(code: str) -> Any:
    return _unit_page(code)


def _on_unit(code: str, action: Any) -> Any:
    """Post a form of one unit's page; back to that page either way."""
    return submitted(
        action,
        lambda refusal: _unit_page(code, refusal),
        url_for("admin_units.unit", code=code),
    )


@blueprint.route("/<code>/ten-khac", methods=["POST"])
@signed_in
def add_alias(code: str) -> Any:
    def add() -> str:
        alias = field("ten-khac")
        if services().add_alias(viewer(), code, alias):
            return f"Đã thêm tên khác «{alias}»."
        return f"«{alias}» đã là tên của đơn vị: không có gì thay đổi."

    return _on_unit(code, add)


@blueprint.route("/<code>/tieu-de", methods=["POST"])
@signed_in
def set_header(code: str) -> Any:
    def change() -> str:
        header = Header(
            governing_line=field("co-quan-chu-quan"),
            lines=tuple(line for line in (field("dong-1"), field("dong-2")) if line),
            place=field("dia-danh"),
        )
        issued = services().set_header(viewer(), code, header, field("ly-do") or None)
        reprinted = f" {issued} thư đã ban hành sẽ in lại với tiêu đề này." if issued else ""
        return f"Đã lưu tiêu đề và địa danh của đơn vị.{reprinted}"

    return _on_unit(code, change)


@blueprint.route("/<code>/nguoi-dung-dau", methods=["POST"])
@signed_in
def set_head(code: str) -> Any:
    def appoint() -> str:
        head = services().set_head(
            viewer(),
            NewHead(
                unit=code,
                full_name=field("ho-ten"),
                title=field("chuc-vu") or None,
                start_on=optional_date("tu-ngay"),
            ),
            today=today(),
        )
        return f"{head.unit_name}: {head.title} {head.full_name} từ ngày {head.start_on:%d/%m/%Y}."

    return _on_unit(code, appoint)
