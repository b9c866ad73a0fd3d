"""The one dossier most CLI tests start from (CODE at Phòng TN&MT, due Tuesday 19/11/2024, a week
late on Tuesday 26/11/2024), how to add it and its like, and the list as JSON."""

from __future__ import annotations

import json

from tests.conftest import Invoke

CODE = "000.00.19.H53-241105-0001"


def add_case(run: Invoke, code: str = CODE, unit: str = "tai nguyen", **dates: str) -> None:
    run(
        "cases",
        "add",
        code,
        "--procedure",
        "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
        "--applicant",
        "Nguyễn Văn An",
        "--unit",
        unit,
        "--received",
        dates.get("received", "01/11/2024"),
        "--due",
        dates.get("due", "19/11/2024"),
        *(["--finished", dates["finished"]] if "finished" in dates else []),
    )


LATE_REASON = "Chờ đo đạc lại ranh giới thửa đất."
CONTACT = ("--phone", "0912345678", "--address", "12 Trần Phú, Gò Dầu")


def add_late(
    run: Invoke,
    code: str,
    unit: str,
    due: str,
    *extra: str,
    received: str = "01/11/2024",
    reason: str | None = LATE_REASON,
) -> None:
    """A «Tách thửa» dossier of Nguyễn Văn An, with its reason for being late unless `reason`
    is None; `extra` adds options (`--finished`, `*CONTACT` …)."""
    run(
        "cases", "add", code, "--procedure", "Tách thửa hoặc hợp thửa đất",
        "--applicant", "Nguyễn Văn An", "--unit", unit, "--received", received, "--due", due,
        *(("--reason", reason) if reason is not None else ()), *extra,
    )  # fmt: skip


def add_case_args(
    applicant: str = "Trần Văn Bình", *, code: str = CODE, due: str = "19/11/2024"
) -> tuple[str, ...]:
    """The arguments of `tracker cases add` for one dossier, for a test to vary one of them."""
    return (
        "cases", "add", code, "--procedure", "Cấp phép xây dựng", "--applicant", applicant,
        "--unit", "tnmt", "--received", "01/11/2024", "--due", due,
    )  # fmt: skip


def cases_json(run: Invoke, *args: str) -> list[dict]:
    return json.loads(run("cases", "list", *args, "--format", "json").stdout)


def reason_of(run: Invoke, code: str = CODE) -> str | None:
    """The dossier's reason for being late, as `cases show` tells it."""
    reason: str | None = json.loads(run("cases", "show", code, "--format", "json").stdout)["reason"]
    return reason


def populate(run: Invoke) -> None:
    """A little of everything a clerk does: dossiers, a reason, a reassignment, a result."""
    add_case(run)
    add_case(run, "000.00.19.H53-241105-0002", unit="hiep thanh", due="22/11/2024")
    run("cases", "reason", CODE, "Chờ ý kiến của Sở Tài nguyên và Môi trường")
    run("cases", "assign", "000.00.19.H53-241105-0002", "--head", "tnmt")
    run("cases", "resolve", "000.00.19.H53-241105-0002", "--on", "25/11/2024")
