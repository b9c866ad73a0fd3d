"""`tracker cases …`: list, show, add, assign, reason, resolve."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from tracker.cli.case_rows import (
    APOLOGY_COLUMN,
    CASE_COLUMNS,
    LETTER_LABELS,
    case_cells,
    case_json,
    letter_json,
)
from tracker.cli.context import AppContext, pass_app
from tracker.cli.lazy import TrackerGroup
from tracker.cli.output import emit, emit_json_stream, format_option, info, print_json
from tracker.cli.params import DATE, PERIOD
from tracker.dates import Period, format_date
from tracker.formats import vn_number
from tracker.law.regime import KIND_LABELS

if TYPE_CHECKING:
    from tracker.services.case_rows import CaseRow


def _list_title(
    rows: list[CaseRow], unit: str | None, head: str | None, status: str
) -> tuple[str, tuple[str, ...]]:
    """The title, and the columns a filter made the same on every row (said once, above;
    an open dossier has no result date)."""
    title = f"Hồ sơ ({vn_number(len(rows))})"
    pending = ("finished_at",) if status in ("open", "due-soon") else ()
    if rows and head:
        title += f" — {rows[0].head or 'chưa giao'}, {rows[0].unit_name}"
        return title, ("unit", "head", *pending)
    if rows and unit:
        return f"{title} — {rows[0].unit_name}", ("unit", *pending)
    return title, pending


@click.group(cls=TrackerGroup)
def cases() -> None:
    """Hồ sơ trễ hạn (và sắp đến hạn): liệt kê, xem, thêm, giao, ghi lý do, trả kết quả."""


@cases.command("list")
@click.option("--unit", help='Đơn vị: mã, tên hoặc một phần tên không dấu ("tai nguyen").')
@click.option("--head", help="Người đứng đầu (tên, không cần dấu).")
@click.option("--period", type=PERIOD, help="Kỳ (tháng) YYYY-MM hoặc MM/YYYY.")
@click.option(
    "--status",
    type=click.Choice(["all", "open", "resolved", "late", "due-soon"]),
    default="all",
    show_default=True,
    help="open: chưa trả kết quả; late: đã trễ hạn; due-soon: sắp đến hạn.",
)
@click.option("--within", type=click.IntRange(min=0), help="Với due-soon: số ngày làm việc tới.")
@click.option(
    "--letter",
    type=click.Choice(["none", "draft", "issued", "published"]),
    help="Lọc theo tình trạng thư xin lỗi.",
)
@click.option("--search", help="Tìm trong mã, chủ hồ sơ, thủ tục (không cần dấu).")
@format_option()
@pass_app
def cases_list(
    app: AppContext,
    unit: str | None,
    head: str | None,
    period: Period | None,
    status: str,
    within: int | None,
    letter: str | None,
    search: str | None,
    fmt: str,
) -> None:
    """Danh sách hồ sơ, hạn trả sớm nhất trước."""
    from tracker.services.case_list import CaseFilter, iter_cases

    filters = CaseFilter(
        unit=unit,
        head=head,
        period=period,
        status=status,
        letter=letter,
        search=search,
        within=within,
    )
    with app.session(reading_only=True) as session:
        found = iter_cases(
            session, filters, today=app.today, default_within=app.settings.due_soon_within
        )
        if fmt == "json":  # streamed: a unit's 33,000 open dossiers in constant memory
            return emit_json_stream(map(case_json, found))
        rows = list(found)
    columns, cells = CASE_COLUMNS, [case_cells(r) for r in rows]
    if status == "due-soon":
        # Before the due date what matters is the day the apology must go out (its regime's).
        columns = [*CASE_COLUMNS, APOLOGY_COLUMN]
        cells = [[*c, r.apology_deadline] for c, r in zip(cells, rows, strict=True)]
    title, hide = _list_title(rows, unit, head, status)
    emit(
        fmt,
        columns,
        cells,
        None,
        title=title,
        empty="Không có hồ sơ nào khớp điều kiện.",
        hide=hide,
    )


@cases.command("show")
@click.argument("code")
@format_option("text", "json", default="text")
@click.option(
    "--explain",
    is_flag=True,
    help="Cách tính hạn, hạn gửi thư xin lỗi, số ngày trễ và ngày hẹn mới, từng ngày một.",
)
@pass_app
def cases_show(app: AppContext, code: str, fmt: str, explain: bool) -> None:
    """Toàn bộ thông tin một hồ sơ, thư xin lỗi và việc công khai."""
    from tracker.services.cases import case_detail
    from tracker.services.explain import explain_dates

    with app.session(reading_only=True) as session:
        detail = case_detail(session, code, today=app.today)
        explanation = (
            explain_dates(session, code, today=app.today, letter_days=app.settings.letter_days)
            if explain
            else None
        )
    row = detail.case
    if fmt == "json":
        data = case_json(row)
        data["letters"] = [letter_json(letter) for letter in detail.letters]
        data["source"] = detail.source
        if explanation is not None:
            from tracker.cli.explain import explain_json

            data["explain"] = explain_json(explanation)
        print_json(data)
        return
    lines = [
        ("Mã hồ sơ", row.code),
        (
            "Thủ tục",
            row.procedure + (f" (mã {detail.procedure_code})" if detail.procedure_code else ""),
        ),
        ("Lĩnh vực", detail.field or ""),
        ("Chủ hồ sơ", row.applicant),
        ("Địa chỉ", detail.applicant_address or ""),
        ("Điện thoại", detail.applicant_phone or ""),
        ("Đơn vị", f"{row.unit_name} ({row.unit})"),
        ("Người chịu trách nhiệm", row.head or "— chưa giao —"),
        ("Kỳ", row.period),
        ("Ngày tiếp nhận", format_date(row.received_at)),
        ("Ngày hẹn trả", format_date(row.due_at)),
        ("Hạn gửi thư xin lỗi", f"{format_date(row.apology_deadline)} (chế độ {row.regime})"),
        ("Ngày có kết quả", format_date(row.finished_at) or "đang xử lý"),
        ("Số ngày làm việc trễ", str(row.days_late)),
        ("Lý do trễ hạn", row.reason or "— chưa có —"),
        (
            "Nguồn",
            "nhập tay"
            if detail.source == "manual"
            else f"lần nhập #{detail.import_batch_id}, dòng {detail.import_row}",
        ),
    ]
    letter = row.letter
    lines.append(("Thư xin lỗi", LETTER_LABELS[letter.status if letter else None]))
    if letter:
        promise = (
            ("  Ngày hẹn trả mới", format_date(letter.new_due_at))
            if letter.new_due_at
            else ("  Ngày có kết quả (thư nêu)", format_date(letter.returned_at))
        )
        lines += [
            ("  Loại thư", f"{KIND_LABELS[letter.kind]}, chế độ {letter.regime}"),
            ("  Số", letter.number or "— chưa cấp số —"),
            (
                "  Ngày soạn / ban hành",
                f"{format_date(letter.drafted_on)} / {format_date(letter.issued_on) or '—'}",
            ),
            promise,
            ("  Người ký", letter.signer),
            (
                "  Gửi đúng hạn (trước hạn gửi thư xin lỗi)",
                "không — thư muộn" if letter.late_apology else "có",
            ),
            (
                "  Cổng thông tin",
                f"{format_date(letter.portal.published_on)} {letter.portal.url}"
                if letter.portal
                else "chưa đăng",
            ),
            (
                "  Hệ thống một cửa",
                f"{format_date(letter.onestop.published_on)} {letter.onestop.ref or ''}".strip()
                if letter.onestop
                else "chưa cập nhật",
            ),
        ]
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        click.echo(f"{label.ljust(width)}  {value}")
    if explanation is not None:
        from tracker.cli.explain import print_explanation

        print_explanation(explanation)


@cases.command("add")
@click.argument("code")
@click.option("--procedure", required=True, help="Tên thủ tục hành chính.")
@click.option("--applicant", required=True, help="Chủ hồ sơ (cá nhân, tổ chức).")
@click.option("--unit", required=True, help="Đơn vị giải quyết.")
@click.option("--received", type=DATE, help="Ngày tiếp nhận.")
@click.option("--due", type=DATE, required=True, help="Ngày hẹn trả kết quả (trên phiếu hẹn).")
@click.option("--finished", type=DATE, help="Ngày có kết quả, nếu đã có.")
@click.option("--period", type=PERIOD, help="Kỳ theo dõi (mặc định: tháng của ngày hẹn trả).")
@click.option("--address", help="Địa chỉ chủ hồ sơ (dữ liệu cá nhân).")
@click.option("--phone", help="Số điện thoại chủ hồ sơ (dữ liệu cá nhân).")
@click.option("--reason", help="Lý do trễ hạn.")
@pass_app
def cases_add(
    app: AppContext,
    code: str,
    procedure: str,
    applicant: str,
    unit: str,
    received: dt.date | None,
    due: dt.date,
    finished: dt.date | None,
    period: Period | None,
    address: str | None,
    phone: str | None,
    reason: str | None,
) -> None:
    """Thêm một hồ sơ nhập tay; hồ sơ được giao cho người đứng đầu đơn vị."""
    from tracker.cli.next_steps import said
    from tracker.services.dossiers import NewDossier, add_dossier

    new = NewDossier(
        code=code,
        procedure=procedure,
        applicant=applicant,
        unit=unit,
        received_at=received,
        due_at=due,
        finished_at=finished,
        period=period,
        applicant_address=address,
        applicant_phone=phone,
        reason=reason,
    )
    with app.session() as session:
        dossier, warnings = add_dossier(session, new, today=app.today, actor=app.actor)
        head = dossier.head.full_name if dossier.head else "chưa có người đứng đầu"
        done = f"Đã thêm hồ sơ {dossier.code} ({dossier.unit.name}, giao cho {head})."
    for warning, step in warnings:
        info(f"Lưu ý: {said(warning, step)}")
    info(done)


@cases.command("assign")
@click.argument("codes", nargs=-1, required=True)
@click.option("--head", required=True, help="Người chịu trách nhiệm (tên hoặc đơn vị).")
@pass_app
def cases_assign(app: AppContext, codes: tuple[str, ...], head: str) -> None:
    """Giao các hồ sơ MÃ cho người chịu trách nhiệm."""
    from tracker.services.dossiers import assign

    with app.session() as session:
        found, changed = assign(session, codes, head, actor=app.actor)
        name = found.full_name
    info(
        f"Đã giao {len(changed)} hồ sơ cho {name}; {len(codes) - len(changed)} hồ sơ đã giao từ trước."
    )


@cases.command("move")
@click.argument("codes", nargs=-1, required=True)
@click.option("--to", "unit", required=True, help="Đơn vị nhận hồ sơ (mã hoặc tên).")
@pass_app
def cases_move(app: AppContext, codes: tuple[str, ...], unit: str) -> None:
    """Chuyển các hồ sơ MÃ sang đơn vị khác và người đứng đầu của đơn vị đó (hồ sơ chờ giao
    sau khi sắp xếp đơn vị: `tracker units orphans`)."""
    from tracker.services.transfers import move_dossiers

    with app.session() as session:
        found, moved = move_dossiers(session, codes, unit, today=app.today, actor=app.actor)
        info(
            f"Đã chuyển {len(moved)} hồ sơ sang {found.name}; {len(codes) - len(moved)} hồ sơ đã ở đó."
        )


@cases.command("reason")
@click.argument("code")
@click.argument("text")
@pass_app
def cases_reason(app: AppContext, code: str, text: str) -> None:
    """Ghi lý do trễ hạn LÝ_DO của hồ sơ MÃ (lý do được in vào thư xin lỗi)."""
    from tracker.services.dossiers import set_reason

    with app.session() as session:
        dossier = set_reason(session, code, text, actor=app.actor)
    info(f"Đã ghi lý do cho hồ sơ {dossier.code}.")


@cases.command("resolve")
@click.argument("code")
@click.option("--on", "on", type=DATE, help="Ngày trả kết quả cho người dân (mặc định hôm nay).")
@pass_app
def cases_resolve(app: AppContext, code: str, on: dt.date | None) -> None:
    """Ghi nhận hồ sơ MÃ đã trả kết quả cho người dân."""
    from tracker.services.dossiers import resolve

    with app.session() as session:
        dossier = resolve(session, code, on or app.today, today=app.today, actor=app.actor)
    info(f"Hồ sơ {dossier.code} đã trả kết quả ngày {format_date(dossier.finished_at)}.")
