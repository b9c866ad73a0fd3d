"""`tracker units take-over`: from a day on, the office a preset describes keeps this database
(after `units reorganise`, the commune that follows the district)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import format_option, info, print_json, print_table
from tracker.cli.params import DATE
from tracker.dates import format_date
from tracker.setting_labels import setting_label

if TYPE_CHECKING:
    import datetime as dt

    from tracker.services.take_over import TakenUnit, TakeOverResult


def _codes(
    _context: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    from tracker.errors import InvalidInput
    from tracker.services.take_over import code_renames

    try:
        return code_renames(values)
    except InvalidInput as err:
        raise click.BadParameter(str(err)) from None


def _unit_json(unit: TakenUnit) -> dict[str, Any]:
    return {"code": unit.code, "preset_code": unit.preset_code, "name": unit.name}


def _json(result: TakeOverResult) -> dict[str, Any]:
    return {
        "preset": result.preset,
        "organisation": result.organisation,
        "from": result.effective,
        "applied": result.applied,
        "settings_changed": result.settings_changed,
        "added": [
            _unit_json(unit)
            | {
                "head": unit.head,
                "aliases_left": [{"alias": a.alias, "unit": a.unit} for a in unit.aliases_left],
            }
            for unit in result.added
        ],
        "kept": [_unit_json(unit) for unit in result.kept],
    }


def _print(result: TakeOverResult) -> None:
    day = format_date(result.effective)
    print_table(
        ["Mã", "Mã trong mẫu", "Đơn vị thêm", "Người đứng đầu", "Tên khác để lại cho đơn vị"],
        [
            [
                u.code,
                u.preset_code,
                u.name,
                u.head or "(không có)",
                ", ".join(f"«{a.alias}»: {a.unit}" for a in u.aliases_left),
            ]
            for u in result.added
        ],
        title=f"Đơn vị của {result.organisation} bắt đầu từ {day}",
        empty="Không thêm đơn vị nào.",
    )
    print_table(
        ["Mã", "Mã trong mẫu", "Đơn vị đã có, giữ nguyên"],
        [[u.code, u.preset_code, u.name] for u in result.kept],
        title="Đơn vị cơ sở dữ liệu đã có (cùng mã, hoặc cùng tên vào ngày đó)",
        empty="Không có đơn vị nào đã có.",
    )
    print_table(
        ["Thiết lập cơ quan", "Tên trong mẫu cấu hình"],
        [[setting_label(key), key] for key in result.settings_changed],
        title=f"Thiết lập cơ quan đổi theo mẫu từ {day}",
        empty="Không thiết lập nào đổi.",
    )


@click.command("take-over")
@click.argument("preset", metavar="MẪU_CẤU_HÌNH")
@click.option(
    "--from",
    "from_date",
    type=DATE,
    required=True,
    help="Ngày cơ quan mới bắt đầu dùng cơ sở dữ liệu (ngày hiệu lực của kế hoạch sắp xếp, "
    "ví dụ 01/07/2025).",
)
@click.option(
    "--code",
    "codes",
    metavar="MÃ_TRONG_MẪU=MÃ_MỚI",
    multiple=True,
    callback=_codes,
    help="Đặt mã khác cho một đơn vị của mẫu, mỗi lần một đơn vị: cần khi mã trong mẫu vẫn "
    "thuộc một đơn vị đã kết thúc (--code vp=pt-vp).",
)
@click.option("--why", metavar="LÝ_DO", help="Lý do ghi vào nhật ký (mặc định: tên cơ quan mới).")
@click.option("--dry-run", is_flag=True, help="Chỉ cho biết sẽ thay đổi gì, không ghi gì.")
@format_option("table", "json")
@pass_app
def units_take_over(
    app: AppContext,
    preset: str,
    from_date: dt.date,
    codes: dict[str, str],
    why: str | None,
    dry_run: bool,
    fmt: str,
) -> None:
    """Từ ngày --from, cơ quan trong MẪU_CẤU_HÌNH (tệp .toml, hoặc tên mẫu có sẵn như
    phuoc-thanh) dùng tiếp cơ sở dữ liệu này, thường sau `tracker units reorganise`: thiết lập
    cơ quan ([organisation]: tên, tiêu đề, địa danh, văn phòng viết báo cáo, người ký công văn)
    của mẫu áp dụng từ ngày đó, và các đơn vị của mẫu mà cơ sở dữ liệu chưa có bắt đầu từ ngày
    đó, với người đứng đầu của mẫu. Đơn vị đã có (cùng mã, hoặc cùng tên vào ngày đó như UBND
    xã kế hoạch đã tạo) giữ nguyên; tên khác còn thuộc đơn vị khác để lại cho đơn vị đó.
    Báo cáo, công văn các tháng trước ngày đó vẫn của cơ quan cũ; thư đã ban hành không đổi.
    Không nhận ngày trước lần đổi cơ quan gần nhất.

    Ví dụ (huyện Gò Dầu giao cơ sở dữ liệu cho xã Phước Thạnh; mã vp vẫn là của Văn phòng
    huyện đã kết thúc): tracker units reorganise go-dau-2025, rồi tracker units take-over
    phuoc-thanh --from 01/07/2025 --code vp=pt-vp."""
    from tracker.services.take_over import take_over

    with app.session(office_wide=not dry_run) as session:
        result = take_over(
            session,
            preset,
            from_date=from_date,
            today=app.today,
            actor=app.actor,
            codes=codes,
            why=why,
            dry_run=dry_run,
        )
    if fmt == "json":
        print_json(_json(result))
    else:
        _print(result)
    counts = (
        f"{len(result.added)} đơn vị thêm, {len(result.kept)} đơn vị đã có, "
        f"{len(result.settings_changed)} thiết lập cơ quan đổi"
    )
    day = format_date(result.effective)
    if result.applied:
        info(f"Từ {day}, {result.organisation} dùng tiếp cơ sở dữ liệu: {counts}.")
    else:
        info(f"Chạy thử, chưa ghi gì: từ {day}, {result.organisation} sẽ dùng tiếp: {counts}.")
