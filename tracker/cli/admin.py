"""`tracker init` and `tracker db …`: create, upgrade and back up the database."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.lazy import TrackerGroup
from tracker.cli.output import info


@click.command()
@click.option(
    "--preset",
    metavar="TÊN|TỆP",
    help="Nạp đơn vị và người đứng đầu từ mẫu: phuoc-thanh (một xã từ 01/07/2025), go-dau "
    "(một huyện trước 01/07/2025), hoặc đường dẫn tệp .toml của văn phòng.",
)
@pass_app
def init(app: AppContext, preset: str | None) -> None:
    """Tạo (hoặc nâng cấp) cơ sở dữ liệu và nạp mẫu đơn vị. Chạy lại không thay đổi gì."""
    from tracker.db import database_label
    from tracker.maintenance import upgrade

    engine = app.engine(create=True)
    result = upgrade(engine, create=True)
    if result.before is None:
        info(f"Đã tạo {database_label(engine.url)}.")
    elif result.before != result.after:
        info(
            f"Đã nâng cấp cấu trúc {result.before} → {result.after} (bản sao lưu: {result.backup})."
        )
    if preset:
        from tracker.services.presets import apply_preset

        with app.session(office_wide=True) as session:
            loaded = apply_preset(session, preset, today=app.today, actor=app.actor)
        if loaded.units_added or loaded.heads_set or loaded.aliases_added:
            info(
                f"Đã nạp mẫu «{preset}»: {loaded.units_added} đơn vị, {loaded.aliases_added} tên khác, "
                f"{loaded.heads_set} người đứng đầu (tên minh họa — thay bằng `tracker heads set`)."
            )
        else:
            info(f"Mẫu «{preset}» đã được nạp trước đó: không có gì thay đổi.")
    info("Sẵn sàng. Xem `tracker --help`.")


@click.group(cls=TrackerGroup)
def db() -> None:
    """Cơ sở dữ liệu: nâng cấp cấu trúc, xem phiên bản, sao lưu, khôi phục."""


@db.command()
@pass_app
def upgrade(app: AppContext) -> None:
    """Nâng cấp cấu trúc cơ sở dữ liệu (tệp SQLite được sao lưu trước)."""
    from tracker.maintenance import upgrade as run_upgrade

    result = run_upgrade(app.engine(), create=False)
    if result.before == result.after:
        info(f"Cấu trúc đã ở phiên bản mới nhất ({result.after}).")
    else:
        info(f"Đã nâng cấp {result.before} → {result.after}. Bản sao lưu: {result.backup}")


@db.command()
@pass_app
def current(app: AppContext) -> None:
    """Phiên bản cấu trúc hiện tại của cơ sở dữ liệu."""
    from tracker.db import HEAD_REVISION, stored_revision

    revision = stored_revision(app.engine())
    state = "mới nhất" if revision == HEAD_REVISION else f"cần nâng cấp lên {HEAD_REVISION}"
    click.echo(f"{revision or 'chưa khởi tạo'} ({state})")


@db.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def backup(app: AppContext, path: Path) -> None:
    """Sao lưu trực tuyến (nhất quán cả khi người khác đang ghi) ra TỆP."""
    from tracker.maintenance import backup_sqlite

    target = backup_sqlite(app.engine(), path)
    info(f"Đã sao lưu vào {target}")


@db.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Khôi phục cả khi cơ sở dữ liệu hiện tại có thay đổi mới hơn bản sao lưu.",
)
@pass_app
def restore(app: AppContext, path: Path, force: bool) -> None:
    """Thay cơ sở dữ liệu bằng bản sao lưu TỆP (bản hiện tại được sao lưu lại bên cạnh)."""
    from tracker.maintenance import restore_sqlite

    result = restore_sqlite(app.engine(create=True), path, force=force)
    if result.safety_copy:
        info(f"Bản trước khi khôi phục được giữ tại {result.safety_copy}.")
    info(f"Đã khôi phục từ {path.resolve()}.")
    if result.needs_upgrade:
        info("Bản sao lưu có cấu trúc cũ: hãy chạy `tracker db upgrade`.")
