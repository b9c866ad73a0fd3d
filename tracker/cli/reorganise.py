"""`tracker units reorganise`, `units orphans` and `units set`: the organisation over time and
each unit's own letter header."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import emit, format_option, info, print_json, print_table
from tracker.dates import format_date

if TYPE_CHECKING:
    from tracker.services.reorganise import Change, ReorganisationResult


def _changes_json(changes: list[Change]) -> list[dict[str, Any]]:
    return [
        {"code": c.code, "name": c.name, "to": c.to, "head": c.head, "draft_letter": c.draft_letter}
        for c in changes
    ]


def _print_result(result: ReorganisationResult) -> None:
    none = "(không có)"
    print_table(
        ["Mã", "Đơn vị mới", "Người đứng đầu"],
        [[c.code, c.name, c.head or none] for c in result.begun],
        title=f"Đơn vị bắt đầu từ {format_date(result.effective)}",
    )
    print_table(
        ["Mã", "Đơn vị kết thúc", "Đơn vị kế thừa", "Người đứng đầu thôi nhiệm vụ"],
        [[c.code, c.name, c.to or none, c.head or ""] for c in result.ended],
        title="Đơn vị kết thúc",
    )
    print_table(
        ["Mã hồ sơ", "Thủ tục", "Chuyển sang", "Người đứng đầu mới", "Thư dự thảo"],
        [
            [c.code, c.name, c.to or "", c.head or none, "chuyển theo" if c.draft_letter else ""]
            for c in result.moved
        ],
        title="Hồ sơ chưa có kết quả chuyển sang đơn vị kế thừa",
    )
    print_table(
        ["Mã hồ sơ", "Thủ tục"],
        [[c.code, c.name] for c in result.orphaned],
        title="Hồ sơ chờ giao (không có đơn vị kế thừa)",
    )


@click.command("reorganise")
@click.argument("plan", metavar="KẾ_HOẠCH")
@click.option("--dry-run", is_flag=True, help="Chỉ cho biết sẽ thay đổi gì, không ghi gì.")
@format_option("table", "json")
@pass_app
def units_reorganise(app: AppContext, plan: str, dry_run: bool, fmt: str) -> None:
    """Áp dụng kế hoạch sắp xếp đơn vị KẾ_HOẠCH (tệp .toml, hoặc tên kế hoạch có sẵn như
    go-dau-2025): đơn vị kết thúc, đơn vị mới, hồ sơ chưa có kết quả chuyển sang đơn vị kế
    thừa. Hồ sơ đã có kết quả, thư đã ban hành và các tháng trước giữ đơn vị cũ."""
    from tracker.services.reorganise import reorganise

    with app.session(office_wide=not dry_run) as session:
        result = reorganise(session, plan, today=app.today, actor=app.actor, dry_run=dry_run)
    if fmt == "json":
        print_json(
            {
                "plan": result.title,
                "from": result.effective,
                "applied": result.applied,
                "begun": _changes_json(result.begun),
                "ended": _changes_json(result.ended),
                "moved": _changes_json(result.moved),
                "orphaned": _changes_json(result.orphaned),
            }
        )
    else:
        _print_result(result)
    counts = (
        f"{len(result.ended)} đơn vị kết thúc, {len(result.begun)} đơn vị mới, "
        f"{len(result.moved)} hồ sơ chuyển, {len(result.orphaned)} hồ sơ chờ giao"
    )
    if result.applied:
        info(f"Đã áp dụng kế hoạch «{result.title}»: {counts}.")
    else:
        info(f"Chạy thử, chưa ghi gì: kế hoạch «{result.title}» sẽ làm {counts}.")


@click.command("orphans")
@format_option()
@pass_app
def units_orphans(app: AppContext, fmt: str) -> None:
    """Hồ sơ của đơn vị đã kết thúc mà không có đơn vị kế thừa: chờ giao bằng
    `tracker cases move MÃ_HỒ_SƠ --to ĐƠN_VỊ`."""
    from tracker.services.transfers import orphans

    with app.session(reading_only=True) as session:
        rows = orphans(session)
    emit(
        fmt,
        ["Mã hồ sơ", "Thủ tục", "Chủ hồ sơ", "Đơn vị cũ", "Kết thúc", "Hẹn trả", "Có kết quả"],
        [
            [
                r.code,
                r.procedure,
                r.applicant,
                r.unit_name,
                format_date(r.unit_ended),
                format_date(r.due_at),
                format_date(r.finished_at),
            ]
            for r in rows
        ],
        [
            {
                "code": r.code,
                "procedure": r.procedure,
                "applicant": r.applicant,
                "unit": r.unit,
                "unit_name": r.unit_name,
                "unit_ended": r.unit_ended,
                "due_at": r.due_at,
                "finished_at": r.finished_at,
            }
            for r in rows
        ],
        title="Hồ sơ chờ giao đơn vị",
        empty="Không có hồ sơ nào chờ giao đơn vị.",
    )


@click.command("set")
@click.argument("unit", metavar="ĐƠN_VỊ")
@click.option(
    "--governing",
    metavar="DÒNG",
    help='Dòng cơ quan chủ quản trên tiêu đề, ví dụ "UBND HUYỆN GÒ DẦU"; "" để bỏ (UBND xã).',
)
@click.option(
    "--header",
    "lines",
    metavar="DÒNG",
    multiple=True,
    help='Tên đơn vị trên tiêu đề, mỗi lần một dòng (tối đa hai): --header "ỦY BAN NHÂN DÂN" '
    '--header "XÃ HIỆP THẠNH".',
)
@click.option("--place", metavar="ĐỊA_DANH", help='Địa danh ghi ngày tháng, ví dụ "Hiệp Thạnh".')
@click.option("--why", metavar="LÝ_DO", help="Lý do, bắt buộc khi đơn vị đã ban hành thư.")
@pass_app
def units_set(
    app: AppContext,
    unit: str,
    governing: str | None,
    lines: tuple[str, ...],
    place: str | None,
    why: str | None,
) -> None:
    """Sửa tiêu đề văn bản (dòng cơ quan chủ quản, tên đơn vị, địa danh) của ĐƠN_VỊ."""
    from tracker.services.unit_headers import HeaderData
    from tracker.services.units import set_header

    header = HeaderData(governing_line=governing, lines=lines or None, place=place)
    with app.session(office_wide=True) as session:
        found, issued = set_header(session, unit, header, actor=app.actor, why=why)
        shown = " / ".join(filter(None, [found.governing_line, *found.header_name.split("\n")]))
        info(f"{found.code}: tiêu đề «{shown}», địa danh «{found.place}».")
        if issued:
            info(f"{issued} thư đã ban hành của đơn vị sẽ in lại với tiêu đề này.")
