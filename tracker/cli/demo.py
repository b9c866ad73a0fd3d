"""`tracker demo`: one database through the reform of 1 July 2025 — the whole job on the invented
November 2024 sample of huyện Gò Dầu, the reorganisation plan, then the whole job again on an
invented October 2026 at xã Phước Thạnh — ending with the files to open for both months.
The steps live in `tracker.demo` and return what they did; this module only prints."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.demo_month import MonthDone, Steps, part, print_month
from tracker.cli.invocation import activation_hint, tracker_command
from tracker.cli.output import print_table
from tracker.dates import format_date
from tracker.setting_labels import setting_labels

if TYPE_CHECKING:
    from tracker.demo.reform import Reform, Reprint


@click.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("tracker-demo"),
    show_default=True,
    help="Thư mục chứa cơ sở dữ liệu mẫu, thư và báo cáo của từng tháng.",
)
@pass_app
def demo(app: AppContext, directory: Path) -> None:
    """Tạo cơ sở dữ liệu mới DIR/tracker.db và chạy toàn bộ công việc trên hai tháng mẫu (dữ
    liệu BỊA): tháng 11/2024 ở UBND huyện Gò Dầu (46 hồ sơ, khớp số liệu công văn, chế độ
    pháp lý cũ), sắp xếp đơn vị từ 01/07/2025, rồi tháng 10/2026 ở UBND xã Phước Thạnh (chế độ
    pháp lý mới; xem `tracker regimes list`)."""
    from tracker.demo import steps
    from tracker.demo.data import NOVEMBER_2024
    from tracker.demo.phuoc_thanh import OCTOBER_2026
    from tracker.demo.reform import reform as reorganise
    from tracker.demo.reform import reprint
    from tracker.maintenance import upgrade
    from tracker.services.organisation import month_organisation
    from tracker.services.presets import apply_preset

    months = (NOVEMBER_2024, OCTOBER_2026)
    steps.fresh_directory(directory, months)
    first_files = NOVEMBER_2024.files(directory)
    demo_app = app.elsewhere(
        str(first_files.database), today=format_date(NOVEMBER_2024.today), actor="demo"
    )
    step = Steps()
    click.secho(
        "tracker demo — một cơ sở dữ liệu qua cuộc sắp xếp đơn vị hành chính 01/07/2025: "
        "tháng 11/2024 ở UBND huyện Gò Dầu, tháng 10/2026 ở UBND xã Phước Thạnh",
        bold=True,
    )
    click.echo(
        "LƯU Ý: mọi hồ sơ dưới đây là BỊA (tên, địa chỉ, số điện thoại, mã hồ sơ). 46 hồ sơ tháng "
        "11/2024 chỉ khớp với số liệu công bố: 44 hồ sơ ở các cơ quan chuyên môn, 01 ở xã Hiệp "
        "Thạnh, 01 ở xã Thạnh Đức; tháng 10/2026 bịa hoàn toàn. Tên người đứng đầu cũng là tên "
        "minh họa."
    )

    part("Phần 1 — Tháng 11/2024, UBND huyện Gò Dầu")
    step("Tạo cơ sở dữ liệu và nạp mẫu đơn vị go-dau")
    upgrade(demo_app.engine(create=True), create=True)
    with demo_app.session() as session:
        apply_preset(session, "go-dau", today=NOVEMBER_2024.today, actor=demo_app.actor)
        district = month_organisation(session, NOVEMBER_2024.period)["name"]
    click.echo(f"Cơ sở dữ liệu: {first_files.database}")
    done = [print_month(demo_app, NOVEMBER_2024, first_files, step, organisation=district)]

    part("Phần 2 — Sắp xếp đơn vị hành chính từ 01/07/2025")
    with demo_app.session() as session:
        reform = reorganise(session, actor=demo_app.actor)
        commune = month_organisation(session, OCTOBER_2026.period)["name"]
    print_reform(reform, step)

    part(f"Phần 3 — Tháng {OCTOBER_2026.period.label}, {commune}")
    second_files = OCTOBER_2026.files(directory)
    done.append(print_month(demo_app, OCTOBER_2026, second_files, step, organisation=commune))

    step(f"In lại một thư tháng {NOVEMBER_2024.period.label} sau khi sắp xếp")
    printed = next(f for f in done[0].letters if f.status != "draft")
    with demo_app.session() as session:
        again = reprint(
            session, demo_app.settings, printed, today=OCTOBER_2026.today, actor=demo_app.actor
        )
    print_reprint(again)

    step("Xong — mở những tệp sau")
    print_files(done, reform)
    click.echo(
        f"Thử tiếp: {tracker_command()} --db {first_files.database} --today "
        f"{format_date(OCTOBER_2026.today)} cases list --period {OCTOBER_2026.period}"
    )
    if hint := activation_hint():
        click.echo(hint)
    browser_hint(first_files.database, format_date(OCTOBER_2026.today))
    demo_app.close()


def print_reform(reform: Reform, step: Steps) -> None:
    from tracker.demo.phuoc_thanh import BRIDGE_SETTLED, COMMUNE_PRESET, REFORM_PLAN

    plan = reform.plan
    step(f"Áp dụng kế hoạch sắp xếp {REFORM_PLAN} (tracker units reorganise {REFORM_PLAN})")
    click.echo(
        f"{plan.title}: từ {format_date(plan.effective)}, {len(plan.ended)} đơn vị kết thúc, "
        f"{len(plan.begun)} đơn vị mới."
    )
    print_table(
        ["Mã", "Đơn vị mới", "Người đứng đầu (tên minh họa)"],
        [[c.code, c.name, c.head or ""] for c in plan.begun],
        title=f"Đơn vị bắt đầu từ {format_date(plan.effective)}",
    )
    for moved in plan.moved:
        click.echo(
            f"Hồ sơ chưa có kết quả chuyển sang đơn vị kế thừa: {moved.code} ({moved.name}) → "
            f"{moved.to}, người đứng đầu {moved.head}. Hồ sơ này (BỊA) được trả kết quả đúng hạn "
            f"ngày {format_date(BRIDGE_SETTLED)}."
        )
    by_unit: dict[str, int] = {}
    for orphan in reform.orphans:
        by_unit[orphan.unit_name] = by_unit.get(orphan.unit_name, 0) + 1
    click.echo(
        f"{len(reform.orphans)} hồ sơ chưa có kết quả của phòng cấp huyện đã kết thúc (không có "
        "đơn vị kế thừa) chờ giao, xem `tracker units orphans`: "
        + "; ".join(f"{name}: {count}" for name, count in by_unit.items())
        + "."
    )
    click.echo("Hồ sơ đã có kết quả, thư đã ban hành và các tháng trước 01/07/2025 giữ đơn vị cũ.")

    step(f"Các phòng của xã Phước Thạnh (mẫu cấu hình {COMMUNE_PRESET}) và cơ quan dùng tiếp")
    print_table(
        ["Mã", "Đơn vị", "Người đứng đầu (tên minh họa)"],
        [[u.code, u.name, u.head or ""] for u in reform.commune.added],
        title=f"Thêm từ {format_date(plan.effective)}, thuộc UBND xã Phước Thạnh",
    )
    for unit in reform.commune.added:
        if unit.aliases_left:
            click.echo(
                f"Tên khác {', '.join(f'«{a.alias}»' for a in unit.aliases_left)} vẫn thuộc "
                f"đơn vị cũ cùng tên với {unit.name}: tệp xuất ghi tên đầy đủ, tracker chọn đơn "
                "vị có vào ngày tiếp nhận hồ sơ."
            )
    click.echo(
        "Giả định của bản chạy thử: UBND xã Phước Thạnh dùng tiếp cơ sở dữ liệu này. Thiết lập "
        f"cơ quan ({setting_labels(reform.commune.settings_changed)}) từ {format_date(plan.effective)} là của "
        f"xã, theo mẫu cấu hình {COMMUNE_PRESET}: báo cáo và công văn các tháng từ đó mang tiêu "
        "đề của xã, các tháng trước vẫn mang tiêu đề của huyện."
    )


def print_reprint(again: Reprint) -> None:
    same = again.file.sha256 == again.sha256_before and again.file.unchanged
    click.echo(
        f"Thư số {again.number} (hồ sơ {again.code}) in lại sau khi đơn vị ban hành đã kết thúc "
        f"và cơ quan đã đổi: {again.file.path}"
    )
    click.echo(f"  sha256 khi in năm 2024: {again.sha256_before}")
    click.echo(f"  sha256 khi in lại:      {again.file.sha256}")
    click.echo(
        "  → giống hệt từng byte: không có phiên bản mới, tiêu đề vẫn của đơn vị khi ban hành."
        if same
        else "  → KHÁC: xem `tracker history " + again.code + "`."
    )


def print_files(done: list[MonthDone], reform: Reform) -> None:
    from tracker.demo.phuoc_thanh import REFORM_PLAN

    for index, month in enumerate(done):
        files = month.files
        click.echo(
            f"Tháng {month.month.period.label} — {month.organisation}; "
            + "; ".join(month.laws)
            + ":"
        )
        outputs = [
            ("Thư xin lỗi đã ban hành, gộp để in", files.combined),
            ("Từng thư (đã ban hành có số; dự thảo chờ ký)", files.letters),
            ("Bản công khai đã đăng Cổng thông tin", files.public_letters),
            *(("Thông báo gửi Bộ phận Một cửa", notice) for notice in month.notices),
            ("Báo cáo tháng cho lãnh đạo", files.monthly),
            ("Dự thảo công văn tháng", files.notice),
            ("Nhắc việc từng người đứng đầu", files.reminders),
            ("Tệp xuất mẫu của hệ thống một cửa", files.export),
        ]
        for label, path in outputs:
            if path.exists():
                click.echo(f"  {label}: {path}")
        if index == 0:
            click.echo(
                f"Sắp xếp đơn vị từ {format_date(reform.plan.effective)}: kế hoạch {REFORM_PLAN} "
                f"— {reform.plan.title}."
            )


def browser_hint(database: Path, today: str) -> None:
    """How to open the demo in the browser. No account is made: there is no default password,
    and the first administrator comes from the CLI with a password typed twice, unseen. Its own
    heading (not a numbered step): it stands after the demo's last step, whatever they are."""
    click.echo()
    click.secho("━━ Mở bản chạy thử trong trình duyệt", bold=True)
    db = f"{tracker_command()} --db {database}"
    click.echo(
        "Tài khoản quản trị đầu tiên (mật khẩu được hỏi hai lần, không có mật khẩu mặc định):"
    )
    click.echo(f"  {db} users add quantri --role admin")
    click.echo(
        "Tài khoản lãnh đạo, văn thư và người đứng đầu: thêm ở trang «Tài khoản» khi đã đăng "
        "nhập quản trị, hoặc:"
    )
    click.echo(f"  {db} users add lanhdao --role leader")
    click.echo(f"  {db} users add vanthu --role clerk")
    click.echo(f'  {db} users add phuc --role head --head "nguyen hoang phuc"')
    click.echo(f"Chạy trang web với ngày của bản chạy thử: {db} --today {today} serve")
    click.echo("rồi mở http://127.0.0.1:8000/ (Ctrl+C để dừng).")
