"""`tracker units …` and `tracker heads …`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from tracker.cli.columns import Column
from tracker.cli.context import AppContext, pass_app
from tracker.cli.lazy import TrackerGroup
from tracker.cli.output import emit, format_option, info
from tracker.cli.params import DATE
from tracker.cli.reorganise import units_orphans, units_reorganise, units_set
from tracker.cli.take_over import units_take_over
from tracker.dates import format_date

if TYPE_CHECKING:
    from tracker.services.units import UnitInfo


@click.group(cls=TrackerGroup)
def units() -> None:
    """Đơn vị (cơ quan chuyên môn, UBND xã) và tên gọi khác trong tệp xuất."""


def _validity(u: UnitInfo) -> str:
    """`từ 01/07/2025`, `đến 30/06/2025 → xa-phuoc-thanh`, or nothing for a unit of always."""
    parts = []
    if u.valid_from:
        parts.append(f"từ {format_date(u.valid_from)}")
    if u.valid_to:
        parts.append(f"đến {format_date(u.valid_to)} → {u.successor or 'không có kế thừa'}")
    return ", ".join(parts)


@units.command("list")
@click.option(
    "--all", "include_ended", is_flag=True, help="Cả đơn vị đã kết thúc hoặc chưa bắt đầu."
)
@format_option()
@pass_app
def units_list(app: AppContext, include_ended: bool, fmt: str) -> None:
    """Danh sách đơn vị đang hoạt động theo thứ tự chữ cái tiếng Việt."""
    from tracker.services.units import KIND_LABELS, list_units

    with app.session(reading_only=True) as session:
        rows = list_units(session, on=None if include_ended else app.today)
    emit(
        fmt,
        [
            Column("Mã", "code"),
            Column("Tên đơn vị", "name"),
            Column("Loại", "kind"),
            Column("Viết tắt", "abbreviation"),
            Column("Người đứng đầu", "head_name"),
            Column("Tên khác", "aliases"),
            Column("Hiệu lực", "validity"),
        ],
        [
            [
                u.code,
                u.name,
                KIND_LABELS[u.kind],
                u.abbreviation,
                (u.head_name or "") + (" (tên minh họa)" if u.head_placeholder else "") or None,
                "; ".join(u.aliases) or None,
                _validity(u),
            ]
            for u in rows
        ],
        [
            {
                "id": u.id,
                "code": u.code,
                "name": u.name,
                "kind": u.kind,
                "abbreviation": u.abbreviation,
                "aliases": list(u.aliases),
                "head_name": u.head_name,
                "head_title": u.head_title,
                "head_placeholder": u.head_placeholder,
                "valid_from": u.valid_from,
                "valid_to": u.valid_to,
                "successor": u.successor,
                "governing_line": u.governing_line,
                "header_lines": list(u.header_lines),
                "place": u.place,
            }
            for u in rows
        ],
        title="Đơn vị",
    )


@units.command("add")
@click.argument("code")
@click.argument("name")
@click.option(
    "--kind",
    type=click.Choice(["department", "commune", "other"]),
    required=True,
    help="department: phòng chuyên môn; commune: UBND xã, thị trấn.",
)
@click.option("--abbr", help="Chữ viết tắt dùng trong số thư (ví dụ TNMT).")
@click.option("--parent", help="Đơn vị cấp trên (mã hoặc tên).")
@pass_app
def units_add(
    app: AppContext, code: str, name: str, kind: str, abbr: str | None, parent: str | None
) -> None:
    """Thêm đơn vị có mã MÃ và tên TÊN."""
    from tracker.services.units import add_unit

    with app.session(office_wide=True) as session:
        unit = add_unit(
            session, code, name, kind=kind, abbreviation=abbr, actor=app.actor, parent=parent
        )
    info(f"Đã thêm đơn vị {unit.code}: {unit.name}.")


@units.command("alias")
@click.argument("unit")
@click.argument("alias")
@pass_app
def units_alias(app: AppContext, unit: str, alias: str) -> None:
    """Thêm TÊN_KHÁC cho ĐƠN_VỊ (để nhận ra tên đó trong tệp xuất của hệ thống một cửa)."""
    from tracker.services.units import add_alias

    with app.session(office_wide=True) as session:
        found, added = add_alias(session, unit, alias, actor=app.actor)
        which = f"{found.code} ({found.name})"
    if added:
        info(f"Đã thêm tên khác «{alias}» cho {which}.")
    else:
        info(f"«{alias}» đã là tên của {which}: không có gì thay đổi.")


units.add_command(units_set)
units.add_command(units_reorganise)
units.add_command(units_orphans)
units.add_command(units_take_over)


@click.group(cls=TrackerGroup)
def heads() -> None:
    """Người đứng đầu đơn vị: Trưởng phòng, Chủ tịch UBND xã."""


@heads.command("list")
@click.option("--all", "include_past", is_flag=True, help="Cả những người đã thôi giữ chức.")
@format_option()
@pass_app
def heads_list(app: AppContext, include_past: bool, fmt: str) -> None:
    """Người đứng đầu hiện tại của từng đơn vị."""
    from tracker.services.heads import list_heads

    with app.session(reading_only=True) as session:
        rows = list_heads(session, include_past=include_past)
    emit(
        fmt,
        [
            Column("Đơn vị", "unit"),
            Column("Họ tên", "full_name"),
            Column("Chức vụ", "title"),
            Column("Từ ngày", "start_on"),
            Column("Đến ngày", "end_on"),
        ],
        [
            [
                h.unit_name,
                h.full_name + (" (tên minh họa)" if h.placeholder else ""),
                h.title,
                h.start_on,
                h.end_on,
            ]
            for h in rows
        ],
        [
            {
                "id": h.id,
                "full_name": h.full_name,
                "title": h.title,
                "unit": h.unit,
                "unit_name": h.unit_name,
                "start_on": h.start_on,
                "end_on": h.end_on,
                "placeholder": h.placeholder,
            }
            for h in rows
        ],
        title="Người đứng đầu",
    )


@heads.command("set")
@click.argument("unit")
@click.argument("name")
@click.option("--title", help='Chức vụ, ví dụ "Trưởng phòng", "Chủ tịch UBND".')
@click.option("--from", "start_on", type=DATE, help="Ngày nhận nhiệm vụ (mặc định hôm nay).")
@pass_app
def heads_set(
    app: AppContext, unit: str, name: str, title: str | None, start_on: dt.date | None
) -> None:
    """Giao ĐƠN_VỊ cho người đứng đầu TÊN; người trước thôi từ cùng ngày (lịch sử được giữ)."""
    from tracker.services.heads import set_head

    with app.session(office_wide=True) as session:
        head = set_head(
            session, unit, name, title=title, today=app.today, actor=app.actor, start_on=start_on
        )
        done = f"{head.unit.name}: {head.title} {head.full_name} từ {format_date(head.start_on)}."
    info(done)
