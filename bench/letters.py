"""Documents: apology letters per second against the naive way, one combined file, and the
monthly printout.

Goal: at least 50 single letters per second and at least 1.5× the naive baseline —
open the template with python-docx, fill the placeholders, save, once per letter — measured
in the same run, turn about; and a combined printable file of 500 letters in under 30 s.
docxtpl used the ordinary way (one DocxTemplate per letter) is printed for reference.
The monthly printout: `monthly_document` on the demo's month, its appendix as it is
and grown to `--appendix` rows, against docxtpl the ordinary way on the same template and
context (the way tracker rendered it before), turn about.

    .venv/bin/python bench/letters.py [--letters 500] [--rounds 5] [--appendix 500] [--pdf]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import io
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import ROOT, TRACKER, environment, turn_about

from tracker.letters.context import LetterData, build_context, context_fields
from tracker.letters.render import LetterTemplate
from tracker.output_files import OutputBatch

TEMPLATES = ROOT / "letter_templates"
TEMPLATE = TEMPLATES / "mau-04-xin-loi.docx"
DEMO_TODAY = dt.date(2024, 12, 9)  # the demo's own today
SINGLE_GOAL_PER_S = 50
RATIO_GOAL = 1.5
COMBINED_GOAL_S = 30

SAMPLE = LetterData(
    code="000.00.19.H53-241101-0001",
    procedure="Cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
    applicant="Nguyễn Văn An",
    applicant_address="ấp Suối Cao, xã Cẩm Giang, huyện Gò Dầu, tỉnh Tây Ninh",
    applicant_phone="0912345678",
    applicant_email=None,
    received_at=dt.date(2024, 11, 1),
    old_due_at=dt.date(2024, 11, 15),
    new_due_at=dt.date(2024, 12, 5),
    reason="Phải đo đạc lại ranh giới thửa đất do có tranh chấp với hộ liền kề",
    unit_name="Phòng Tài nguyên và Môi trường",
    unit_kind="department",
    unit_abbreviation="TNMT",
    governing_body="UBND huyện Gò Dầu",
    place="Gò Dầu",
    number=None,
    drafted_on=dt.date(2024, 11, 26),
    issued_on=None,
    signer_name="Nguyễn Hoàng Phúc",
    signer_title="TRƯỞNG PHÒNG",
    acting=False,
)


def contexts(count: int) -> list[dict[str, str]]:
    return [
        build_context(
            dataclasses.replace(
                SAMPLE, code=f"000.00.19.H53-241101-{i:04d}", applicant=f"Nguyễn Văn An {i}"
            )
        ).as_dict()
        for i in range(1, count + 1)
    ]


def naive(batch: list[dict[str, str]], out: Path) -> float:
    """python-docx: open the template, replace placeholders run by run, save — per letter."""
    from docx import Document

    start = time.perf_counter()
    for context in batch:
        document = Document(str(TEMPLATE))
        paragraphs = list(document.paragraphs)
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    paragraphs.extend(cell.paragraphs)
        for paragraph in paragraphs:
            if "{%p" in paragraph.text:
                paragraph._p.getparent().remove(paragraph._p)
                continue
            for run in paragraph.runs:
                if "{{" in run.text:
                    text = run.text
                    for key, value in context.items():
                        text = text.replace(f"{{{{ {key} }}}}", value)
                    run.text = text
        path = out / f"naive-{context['code']}.docx"
        document.save(str(path))
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - start


def docxtpl_each(batch: list[dict[str, str]], out: Path) -> float:
    """docxtpl the usual way: a DocxTemplate per letter, render, save."""
    from docxtpl import DocxTemplate

    start = time.perf_counter()
    for context in batch:
        document = DocxTemplate(str(TEMPLATE))
        document.render(context, autoescape=True)
        path = out / f"docxtpl-{context['code']}.docx"
        document.save(str(path))
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - start


def tracker_way(batch: list[dict[str, str]], out: Path) -> float:
    """tracker: the template read and compiled once per batch; only document.xml changes; the
    files written as `letters render` writes them (staged, then moved into place)."""
    start = time.perf_counter()
    template = LetterTemplate(TEMPLATE, context_fields())
    with OutputBatch(overwrite=True) as outputs:
        for context in batch:
            data = template.render_bytes(context)
            outputs.write(out / f"tracker-{context['code']}.docx", data)
            hashlib.sha256(data).hexdigest()
    return time.perf_counter() - start


def printout_inputs(work: Path) -> tuple[Any, dict[str, str], Any]:
    """The demo's month as `tracker report monthly` loads it: summary, organisation, office."""
    from tracker.dates import parse_period
    from tracker.db import make_engine, transaction
    from tracker.services.reports import month_office, monthly_summary

    demo = work / "demo"
    subprocess.run(
        [TRACKER, "demo", "--dir", str(demo)],
        env=environment(),
        stdout=subprocess.DEVNULL,
        check=True,
    )
    engine = make_engine(f"sqlite:///{demo / 'tracker.db'}")
    with transaction(engine, reading_only=True) as session:
        period = parse_period("2024-11")
        summary = monthly_summary(session, period, today=DEMO_TODAY, with_cases=True)
        org, office = month_office(session, period, on=DEMO_TODAY)
    engine.dispose()
    return summary, org, office


def tracker_printout(summary: Any, org: dict[str, str], office: Any, out: Path) -> float:
    """tracker: the printout, charts included, as the CLI makes and writes it."""
    from tracker.output_files import write_output
    from tracker.reports.document import monthly_document

    start = time.perf_counter()
    document = monthly_document(summary, org, office, TEMPLATES, today=DEMO_TODAY)
    write_output(out / "bao-cao.docx", document)
    return time.perf_counter() - start


def docxtpl_printout(summary: Any, org: dict[str, str], office: Any, out: Path) -> float:
    """docxtpl the ordinary way (how tracker rendered the printout before tracker/documents): the same
    template, context and charts, InlineImage for the charts."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from tracker.reports.charts import trend_chart, units_chart
    from tracker.reports.document import monthly_context

    start = time.perf_counter()
    document = DocxTemplate(str(TEMPLATES / "bao-cao-thang.docx"))
    context = monthly_context(summary, org, today=DEMO_TODAY, office=office)
    for key, data in (("chart_units", units_chart(summary)), ("chart_trend", trend_chart(summary))):
        if data is not None:
            context[key] = InlineImage(document, io.BytesIO(data), width=Mm(150))
    environment = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    document.render(context, jinja_env=environment, autoescape=True)
    document.save(str(out / "docxtpl-bao-cao.docx"))
    return time.perf_counter() - start


def bench_printout(out: Path, *, appendix: int, rounds: int) -> None:
    summary, org, office = printout_inputs(out)
    grown = [summary.cases[i % len(summary.cases)] for i in range(appendix)]
    print("\n### Monthly printout, turn about (median of the rounds)\n")
    print("| appendix rows | tracker ms | docxtpl ms | tracker ÷ docxtpl |")
    print("|---:|---:|---:|---:|")
    for month in (summary, dataclasses.replace(summary, cases=grown)):
        times = turn_about(
            {
                "tracker": lambda m=month: tracker_printout(m, org, office, out),
                "docxtpl": lambda m=month: docxtpl_printout(m, org, office, out),
            },
            rounds=rounds,
        )
        ours, theirs = (statistics.median(times[k]) for k in ("tracker", "docxtpl"))
        print(
            f"| {len(month.cases)} | {ours * 1000:.0f} | {theirs * 1000:.0f} | {ours / theirs:.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=500, help="single letters per method")
    parser.add_argument("--rounds", type=int, default=5, help="turns the letters are split into")
    parser.add_argument("--pdf", action="store_true", help="also time the combined file's PDF")
    parser.add_argument(
        "--appendix", type=int, default=500, help="late dossiers in the grown printout's appendix"
    )
    args = parser.parse_args()
    per_round = max(1, args.letters // args.rounds)
    batch = contexts(per_round)
    with tempfile.TemporaryDirectory(prefix="bench-letters-") as work:
        out = Path(work)
        methods: dict[str, Callable[[list[dict[str, str]], Path], float]] = {
            "naive python-docx": naive,
            "docxtpl per letter": docxtpl_each,
            "tracker": tracker_way,
        }
        times = turn_about(
            {name: (lambda m=method: m(batch, out)) for name, method in methods.items()},
            rounds=args.rounds,
        )
        rate = {name: per_round / statistics.median(samples) for name, samples in times.items()}
        base = rate["naive python-docx"]
        print(
            f"\n### Single letters: {per_round * args.rounds} per method in {args.rounds} "
            f"rounds of {per_round}, turn about (median round)\n"
        )
        print("| method | letters/s | ms per letter | × naive |")
        print("|---|---:|---:|---:|")
        for name, value in rate.items():
            print(f"| {name} | {value:.0f} | {1000 / value:.1f} | {value / base:.2f}× |")
        ok = rate["tracker"] >= SINGLE_GOAL_PER_S and rate["tracker"] / base >= RATIO_GOAL
        print(
            f"\ngoal ≥ {SINGLE_GOAL_PER_S} letters/s and ≥ {RATIO_GOAL}× naive: "
            f"{rate['tracker']:.0f}/s, {rate['tracker'] / base:.2f}× — "
            f"{'met' if ok else 'MISSED'}"
        )

        many = contexts(args.letters)
        start = time.perf_counter()
        template = LetterTemplate(TEMPLATE, context_fields())
        combined = out / "thu-xin-loi-tat-ca.docx"
        with OutputBatch(overwrite=True) as outputs:
            outputs.write(combined, template.combine(many))
        elapsed = time.perf_counter() - start
        state = "met" if elapsed < COMBINED_GOAL_S else "MISSED"
        print(
            f"combined file of {args.letters} letters (one section each): {elapsed:.2f} s, "
            f"{combined.stat().st_size / 1e6:.1f} MB (goal < {COMBINED_GOAL_S} s) — {state}"
        )
        if args.pdf:
            from tracker.letters.pdf import convert_to_pdf

            start = time.perf_counter()
            with OutputBatch(overwrite=True) as outputs:
                outputs.write(combined, combined.read_bytes())
                convert_to_pdf([combined], outputs)
            print(
                f"PDF of the combined file, one soffice call: {time.perf_counter() - start:.1f} s"
            )
        bench_printout(out, appendix=args.appendix, rounds=args.rounds)


if __name__ == "__main__":
    main()
