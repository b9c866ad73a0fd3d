"""Every shipped template and the builder that makes it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from letter_templates.builders.letter import build as build_letter
from letter_templates.builders.monthly import build_monthly
from letter_templates.builders.notice import build_notice
from letter_templates.builders.remind import build_remind
from letter_templates.builders.warn import build_warn
from tracker.letters.render import LETTER_TEMPLATE
from tracker.reports.document import MONTHLY_TEMPLATE
from tracker.reports.notice import NOTICE_TEMPLATE
from tracker.reports.remind import REMIND_TEMPLATE
from tracker.reports.warn import WARN_TEMPLATE

DIRECTORY = Path(__file__).resolve().parent.parent
BUILDERS: dict[str, Callable[[Path], Path]] = {
    LETTER_TEMPLATE: build_letter,
    MONTHLY_TEMPLATE: build_monthly,
    NOTICE_TEMPLATE: build_notice,
    WARN_TEMPLATE: build_warn,
    REMIND_TEMPLATE: build_remind,
}
