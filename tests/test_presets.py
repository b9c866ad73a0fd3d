"""Presets: `tracker init` without one creates an empty organisation and asks nothing; the
post-reform commune preset `phuoc-thanh` gives each unit its own header, place and signer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from tests.docx_text import docx_text
from tracker.cli import cli

TODAY = "07/10/2026"
CODE = "000.00.57.H53-261001-0001"


def tracker(url: str, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", url, "--today", TODAY, *args], input=input)


def as_json(url: str, *args: str) -> Any:
    result = tracker(url, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_init_without_a_preset_asks_nothing_and_creates_an_empty_organisation(
    empty_url: str, tmp_path: Path
) -> None:
    result = tracker(empty_url, "init", input="")  # no answer to give: nothing is asked
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert as_json(empty_url, "units", "list") == []
    assert as_json(empty_url, "heads", "list") == []
    # The office then adds its own units: a department gets no governing line it was not given.
    added = tracker(empty_url, "units", "add", "kt", "Phòng Kinh tế", "--kind", "department")
    assert added.exit_code == 0, added.output
    [unit] = as_json(empty_url, "units", "list")
    assert (unit["governing_line"], unit["header_lines"], unit["place"]) == (
        "",
        ["PHÒNG KINH TẾ"],
        "",
    )
    # A letter needs the place its date line names: it says how to give one.
    for args in (
        ("heads", "set", "kt", "Võ Văn Hậu"),
        ("cases", "add", CODE, "--procedure", "Đăng ký khai sinh", "--applicant", "Nguyễn Văn An",
         "--unit", "kt", "--due", "05/10/2026", "--reason", "Chờ xác minh."),
        ("letters", "draft", CODE),
    ):  # fmt: skip
        assert tracker(empty_url, *args).exit_code == 0
    refused = tracker(empty_url, "letters", "render", CODE, "--out", str(tmp_path))
    assert refused.exit_code == 1 and "tracker units set kt --place" in refused.stderr
    assert tracker(empty_url, "units", "set", "kt", "--place", "Phước Thạnh").exit_code == 0
    assert tracker(empty_url, "letters", "render", CODE, "--out", str(tmp_path)).exit_code == 0


def test_the_commune_preset_gives_each_unit_its_header_place_and_signer(
    empty_url: str, tmp_path: Path
) -> None:
    loaded = tracker(empty_url, "init", "--preset", "phuoc-thanh")
    assert loaded.exit_code == 0, loaded.output
    units = {u["code"]: u for u in as_json(empty_url, "units", "list")}
    assert set(units) == {"ubnd", "vp", "kt", "vhxh", "tthcc"}
    assert all(
        u["valid_from"] == "2025-07-01" and u["place"] == "Phước Thạnh" for u in units.values()
    )
    assert all(u["head_placeholder"] for u in units.values())
    assert (units["ubnd"]["governing_line"], units["ubnd"]["header_lines"]) == (
        "",
        ["ỦY BAN NHÂN DÂN", "XÃ PHƯỚC THẠNH"],
    )
    assert (units["kt"]["governing_line"], units["kt"]["header_lines"]) == (
        "UBND XÃ PHƯỚC THẠNH",
        ["PHÒNG KINH TẾ"],
    )
    assert units["tthcc"]["head_title"] == "Giám đốc"
    texts = {}
    for number, (unit, extra) in enumerate(
        [("ubnd", ()), ("ubnd", ("--acting", "--signer", "Trần Thị Bích Liên")),
         ("kt", ()), ("tthcc", ())],
        start=1,
    ):  # fmt: skip
        code = f"{CODE[:-1]}{number}"
        added = tracker(
            empty_url, "cases", "add", code, "--procedure", "Đăng ký khai sinh",
            "--applicant", "Nguyễn Văn An", "--unit", unit, "--received", "01/10/2026",
            "--due", "08/10/2026", "--reason", "Chờ xác minh thông tin cư trú.",
        )  # fmt: skip
        assert added.exit_code == 0, added.output
        drafted = tracker(empty_url, "letters", "draft", code, *extra)
        assert drafted.exit_code == 0, drafted.output
        rendered = as_json(empty_url, "letters", "render", code, "--out", str(tmp_path))
        texts[number] = docx_text(Path(rendered["files"][0]["path"])).replace("\u00a0", " ")
    assert texts[1].startswith("ỦY BAN NHÂN DÂN\nXÃ PHƯỚC THẠNH\nCỘNG HÒA")
    assert "\nPhước Thạnh, ngày      tháng      năm 2026\n" in texts[1]
    assert "\nCHỦ TỊCH\nNguyễn Thành Công\n" in texts[1]
    assert "\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Thị Bích Liên\n" in texts[2]
    assert texts[3].startswith("UBND XÃ PHƯỚC THẠNH\nPHÒNG KINH TẾ\nCỘNG HÒA")
    assert "\nTRƯỞNG PHÒNG\nVõ Văn Hậu\n" in texts[3]
    assert texts[4].startswith("UBND XÃ PHƯỚC THẠNH\nTRUNG TÂM PHỤC VỤ\nHÀNH CHÍNH CÔNG\nCỘNG HÒA")
    assert "\nGIÁM ĐỐC\nHuỳnh Quốc Việt\n" in texts[4]


def test_a_preset_with_a_bad_unit_is_refused_in_one_sentence(
    empty_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "mau.toml"
    path.write_text('[[units]]\ncode = "kt"\nname = "Phòng Kinh tế"\n', encoding="utf-8")
    result = tracker(empty_url, "init", "--preset", str(path))
    assert result.exit_code == 1
    # The database is created first ("Đã tạo …"); the preset then fails as a whole.
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("Lỗi: ") and "«kind»" in line and "mau.toml" in line
    assert as_json(empty_url, "units", "list") == []


def test_another_office_takes_over_the_organisation_settings(db_url: str) -> None:
    """`replace_organisation` from 01/07/2025: from that day the commune's settings replace the
    district's, a setting the new table leaves out ends, the days before keep the district's,
    and the log keeps both sides, the day and why."""
    from sqlalchemy import select

    from tracker.cli.context import AppContext
    from tracker.models import Event
    from tracker.services.organisation import organisation, replace_organisation
    from tracker.services.presets import read_preset

    reform, eve = dt.date(2025, 7, 1), dt.date(2025, 6, 30)
    app = AppContext(db_url=db_url, today=None, actor="test", templates_dir=None)
    district = read_preset("go-dau")["organisation"]
    commune = read_preset("phuoc-thanh")["organisation"]
    try:
        with app.session() as session:
            before = organisation(session, on=reform)
            changed = replace_organisation(
                session,
                {**commune, "onestop_desk": "Trung tâm"},
                from_date=reform,
                actor="test",
                why="thử",
            )
        with app.session() as session:
            after = organisation(session, on=reform)
            later = organisation(session, on=dt.date(2026, 10, 31))
            earlier = organisation(session, on=eve)
            [event] = session.scalars(
                select(Event).where(Event.action == "organisation.replace")
            ).all()
    finally:
        app.close()
    assert before == earlier == {key: str(value) for key, value in district.items()}
    assert (
        after
        == later
        == {key: str(value) for key, value in commune.items()} | {"onestop_desk": "Trung tâm"}
    )
    assert "name" in changed and "place" in changed and "province" not in changed
    assert event.before is not None and event.before["name"] == "Ủy ban nhân dân huyện Gò Dầu"
    assert event.after is not None and event.after["name"] == "Ủy ban nhân dân xã Phước Thạnh"
    assert event.note == "Từ 01/07/2025: thử"
    # Once more on the same day with the desk left out: the setting ends that day, the day
    # before still has none (the district never had one).
    app = AppContext(db_url=db_url, today=None, actor="test", templates_dir=None)
    try:
        with app.session() as session:
            assert replace_organisation(
                session, commune, from_date=reform, actor="test", why="thử"
            ) == ["onestop_desk"]
            assert "onestop_desk" not in organisation(session, on=reform)
            assert organisation(session, on=eve)["name"] == "Ủy ban nhân dân huyện Gò Dầu"
    finally:
        app.close()
