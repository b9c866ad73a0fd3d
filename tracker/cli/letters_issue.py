"""`tracker letters issue`: a draft gets its number and its issue date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.batch import Declined, confirm_batch, count_by_unit, one_or_batch
from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import emit, format_option, info
from tracker.cli.params import DATE, PERIOD
from tracker.dates import Period, format_date

if TYPE_CHECKING:
    from tracker.services.letter_issue import IssuedLetter


def issued_json(issued: Sequence[IssuedLetter]) -> list[dict[str, Any]]:
    return [
        {
            "code": i.code,
            "unit": i.unit,
            "unit_name": i.unit_name,
            "kind": i.kind,
            "regime": i.regime,
            "form": i.form,
            "number": i.number,
            "issued_on": i.issued_on,
            "signer": i.signer,
            "late_apology": i.late_apology,
        }
        for i in issued
    ]


@click.command()
@click.argument("codes", nargs=-1)
@click.option("--number", help='Số thư gõ tay, ví dụ "05/PXL-TNMT" (chỉ cho một hồ sơ).')
@click.option(
    "--auto-number", is_flag=True, help="Cấp số kế tiếp của đơn vị trong năm của ngày ban hành."
)
@click.option("--on", "on", type=DATE, help="Ngày ban hành (mặc định hôm nay).")
@click.option("--signer", help="Người thực ký, nếu khác người ghi trong dự thảo.")
@click.option("--acting", is_flag=True, help="Với --signer: cấp phó ký thay (KT.).")
@click.option(
    "--period", type=PERIOD, help="Ban hành mọi phiếu dự thảo của kỳ (cần --auto-number)."
)
@click.option("--unit", help="Với --period: chỉ đơn vị này.")
@click.option("--yes", "-y", is_flag=True, help="Với --period: không hỏi xác nhận.")
@format_option("table", "csv", "json")
@pass_app
def issue(
    app: AppContext,
    codes: tuple[str, ...],
    number: str | None,
    auto_number: bool,
    on: dt.date | None,
    signer: str | None,
    acting: bool,
    period: Period | None,
    unit: str | None,
    yes: bool,
    fmt: str,
) -> None:
    """Cấp số và ban hành thư xin lỗi của hồ sơ MÃ (hoặc cả kỳ --period); chế độ pháp lý
    và mẫu thư được chốt lại khi ban hành, in lại không bao giờ đổi.

    Số chạy theo đơn vị ban hành và năm của ngày ban hành, dạng theo chế độ pháp lý và loại
    thư (ví dụ 05/PXL-TNMT), hoặc theo letter_number_format trong tệp cấu hình nếu có. Thư hẹn
    lại ngày trả của hồ sơ đã có kết quả bị từ chối: soạn lại thành thư xin lỗi trước.
    """
    from tracker.services.letter_issue import IssueRequest, issue_letters

    one_or_batch(codes, period, unit)
    if period and not auto_number:
        raise click.UsageError("Ban hành cả kỳ cần --auto-number.")
    if bool(number) == auto_number:
        raise click.UsageError("Hãy dùng đúng một trong --number hoặc --auto-number.")
    if number and len(codes) > 1:
        raise click.UsageError("--number chỉ dùng cho một hồ sơ; nhiều hồ sơ dùng --auto-number.")
    request = IssueRequest(
        codes=codes,
        period=period,
        unit=unit,
        number=number,
        on=on,
        signer=signer,
        acting=acting,
    )
    try:
        with app.session() as session:
            issued = issue_letters(
                session,
                request,
                number_format=app.settings.letter_number_format,
                today=app.today,
                actor=app.actor,
            )
            if period and issued:
                confirm_batch(
                    [
                        f"Sẽ ban hành {len(issued)} phiếu ngày {format_date(issued[0].issued_on)} "
                        f"({count_by_unit([i.unit for i in issued])}):",
                        *(f"  {i.number:<18} {i.code}  {i.unit_name}" for i in issued),
                    ],
                    yes=yes,
                )
    except Declined:
        info("Đã hủy: không có thay đổi nào.")
        return
    if not issued:
        info(f"Kỳ {period}: không có thư dự thảo nào để ban hành.")
        return
    emit(
        fmt,
        ["Mã hồ sơ", "Số thư", "Ngày ban hành", "Đơn vị", "Người ký", "Chế độ", "Thư muộn"],
        [
            [
                i.code,
                i.number,
                i.issued_on,
                i.unit_name,
                i.signer,
                i.regime,
                "CÓ" if i.late_apology else "không",
            ]
            for i in issued
        ],
        issued_json(issued),
        title=f"Thư đã ban hành ({len(issued)})",
    )
