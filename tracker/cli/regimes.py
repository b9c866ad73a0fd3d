"""`tracker regimes list` and `tracker regimes show CODE`: the legal regimes by date, read from
the files in regimes/ (and the office's `regimes_dir`), with their dates and readings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.lazy import TrackerGroup
from tracker.cli.output import emit, format_option, print_json
from tracker.dates import format_date

if TYPE_CHECKING:
    from tracker.law.regime import Form, PersonalDataLaw, Regime

UNIT_NAMES = {"working": "ngày làm việc", "calendar": "ngày theo lịch"}


def _span(valid_from: Any, valid_to: Any) -> str:
    start = format_date(valid_from) or "…"
    return f"{start} – {format_date(valid_to)}" if valid_to else f"từ {start}"


def form_json(form: Form) -> dict[str, Any]:
    return {
        "code": form.code,
        "valid_from": form.valid_from,
        "valid_to": form.valid_to,
        "circular": form.circular,
        "name": form.name,
        "annex": form.annex or None,
        "citation": form.citation,
        "reading": form.reading or None,
        "letters": [
            {
                "kind": kind.kind,
                "template": kind.template,
                "title": kind.title,
                "number_format": kind.number_format,
            }
            for kind in form.kinds.values()
        ],
    }


def regime_json(regime: Regime) -> dict[str, Any]:
    return {
        "code": regime.code,
        "title": regime.title,
        "valid_from": regime.valid_from,
        "valid_to": regime.valid_to,
        "decree": regime.decree,
        "article": regime.article,
        "amended_by": list(regime.amended_by),
        "deadline": {
            "days": regime.deadline.days,
            "unit": regime.deadline.unit,
            "text": regime.deadline.text,
            "reading": regime.deadline.reading or None,
        },
        "reschedules": regime.reschedules,
        "citations": {
            "document": regime.citations.document,
            "short": regime.citations.short,
            "rule": regime.citations.rule,
            "desk": regime.citations.desk,
            "deadline": regime.citations.deadline,
        },
        "forms": [form_json(form) for form in regime.forms],
        "notes": regime.notes or None,
        "source": str(regime.source),
    }


def personal_data_json(law: PersonalDataLaw) -> dict[str, Any]:
    return {
        "code": law.code,
        "valid_from": law.valid_from,
        "valid_to": law.valid_to,
        "citation": law.citation,
        "short": law.short,
    }


@click.group(cls=TrackerGroup)
def regimes() -> None:
    """Chế độ pháp lý theo ngày (thư mục regimes/ và thư mục riêng của cơ quan, khóa
    regimes_dir trong tệp cấu hình): nghị định, hạn gửi thư xin lỗi và cách đọc, mẫu thư."""


@regimes.command("list")
@format_option()
@pass_app
def regimes_list(app: AppContext, fmt: str) -> None:
    """Các chế độ pháp lý với ngày áp dụng, hạn gửi thư, cách đọc và mẫu thư; và căn cứ về dữ
    liệu cá nhân theo ngày."""
    from tracker.services.regimes import list_regimes

    found = list_regimes(app.settings.regimes_dir)
    emit(
        fmt,
        ["Mã", "Chế độ", "Áp dụng", "Hạn gửi thư xin lỗi", "Đếm theo", "Hẹn lại tối đa", "Mẫu thư"],
        [
            [
                r.code,
                r.title,
                _span(r.valid_from, r.valid_to),
                r.deadline.text,
                UNIT_NAMES[r.deadline.unit],
                f"{r.reschedules} lần",
                "; ".join(f"{f.citation} ({_span(f.valid_from, f.valid_to)})" for f in r.forms),
            ]
            for r in found.regimes
        ],
        {
            "regimes": [regime_json(r) for r in found.regimes],
            "personal_data": [personal_data_json(law) for law in found.personal_data],
            "shipped_folder": str(found.shipped_folder),
            "office_folder": str(found.office_folder) if found.office_folder else None,
        },
        title="Chế độ pháp lý về thư xin lỗi (chọn theo hạn gửi thư của hồ sơ)",
    )
    if fmt != "table":
        return
    emit(
        fmt,
        ["Mã", "Căn cứ về dữ liệu cá nhân", "Áp dụng"],
        [
            [law.code, law.citation, _span(law.valid_from, law.valid_to)]
            for law in found.personal_data
        ],
        None,
        title="Dữ liệu cá nhân (bản công khai của thư ghi căn cứ của ngày thư)",
    )
    for regime in found.regimes:
        if regime.deadline.reading:
            click.echo(f"Cách đọc của {regime.code}: {regime.deadline.reading}")
    folder = found.office_folder or "chưa đặt (khóa regimes_dir trong tệp cấu hình)"
    click.echo(f"Tệp gốc: {found.shipped_folder}; thư mục của cơ quan: {folder}.")


@regimes.command("show")
@click.argument("code")
@format_option("table", "json")
@pass_app
def regimes_show(app: AppContext, code: str, fmt: str) -> None:
    """Mọi thông tin của chế độ pháp lý MÃ (ví dụ nd118): căn cứ, hạn gửi thư và cách đọc,
    số lần hẹn lại, các mẫu thư theo ngày, cách ghi số, các câu trích dẫn."""
    from tracker.services.regimes import show_regime

    regime = show_regime(app.settings.regimes_dir, code)
    if fmt == "json":
        print_json(regime_json(regime))
        return
    lines = [
        f"{regime.code} — {regime.title}",
        f"Áp dụng: {_span(regime.valid_from, regime.valid_to)} (theo hạn gửi thư xin lỗi của hồ sơ)",
        f"Căn cứ: {regime.article} {regime.decree}",
        *(f"Sửa đổi, bổ sung bởi: {amended}" for amended in regime.amended_by),
        f"Hạn gửi thư: {regime.deadline.text} — đếm {regime.deadline.days} "
        f"{UNIT_NAMES[regime.deadline.unit]}",
    ]
    if regime.deadline.reading:
        lines.append(f"Cách đọc: {regime.deadline.reading}")
    lines += [
        f"Số lần được hẹn lại ngày trả: {regime.reschedules}",
        f"Trích dẫn trong văn bản: {regime.citations.document}",
        f"Trích dẫn ngắn: {regime.citations.short}",
        f"Quy định (danh sách cảnh báo, nhắc việc, báo cáo): {regime.citations.rule}",
        f"Nơi nhận thông báo mặc định: {regime.citations.desk}",
    ]
    for form in regime.forms:
        lines.append(f"Mẫu {form.code}: {form.citation} — {_span(form.valid_from, form.valid_to)}")
        if form.reading:
            lines.append(f"  Cách đọc: {form.reading}")
        for kind in form.kinds.values():
            lines.append(
                f"  {kind.kind}: «{kind.title}», tệp mẫu {kind.template}, số {kind.number_format}"
            )
    if regime.notes:
        lines.append(f"Ghi chú: {regime.notes}")
    lines.append(f"Tệp: {regime.source}")
    for line in lines:
        click.echo(line)
