"""A head's printout (`warn`, `remind` as DOCX): its `--out` and the file it is written to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from tracker.cli.context import AppContext
    from tracker.documents.template import Printout

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")


def docx_out_option(stem: str) -> Callable[[F], F]:
    """`--out` of a printout whose file is named after the day unless given (`write_printout`)."""
    return click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"Tệp kết quả (DOCX: mặc định {stem}-YYYY-MM-DD.docx ở thư mục hiện tại).",
    )


def write_printout(
    app: AppContext,
    printout: Printout[R],
    report: R,
    org: dict[str, str],
    out: Path | None,
    stem: str,
    *,
    overwrite: bool,
) -> Path:
    """A head's printout (warn, remind) written to `out`, or to STEM-YYYY-MM-DD.docx of today
    (`docx_out_option`), through the office's own template when it has one."""
    path = out or Path(f"{stem}-{app.today.isoformat()}.docx")
    return printout(
        report, org, path, templates_dir=app.settings.templates_dir, overwrite=overwrite
    )
