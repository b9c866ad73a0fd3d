"""The administrator's door to the 2025 reform: a reorganisation plan, then another office's
take-over of the database — the services of `tracker units reorganise` and `tracker units
take-over`, with the signed-in administrator as the actor.

A mixin of `tracker.web.queries.Services`, as admin_queries.py is. Each step is asked twice: a
preview (the service's dry run, in a read-only transaction) and a confirmation carrying the
preview's fingerprint, which runs the service for real in one office-wide transaction and keeps
it only when it still does what the preview showed. Another administrator may have run it in
between: the plan then refuses itself (applied once), and a take-over that would now change
nothing is refused here, so a second confirmation never applies anything twice.

Only the plans and presets shipped with tracker are offered: a name posted by a form is one of
them, never a path on the server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from tracker.dates import EARLIEST, format_date
from tracker.errors import NotFound, Refused
from tracker.services import access
from tracker.services.organisation import latest_change, newest_organisation
from tracker.services.presets import PresetChoice, bundled_presets
from tracker.services.reorganise import (
    PlanChoice,
    ReorganisationResult,
    bundled_plans,
    reorganise,
)
from tracker.services.take_over import TakeOverResult, code_renames, take_over
from tracker.web.fingerprints import fingerprint
from tracker.web.lead_queries import Transactions

R = TypeVar("R", ReorganisationResult, TakeOverResult)

# The page reads the renames typed as `vp=pt-vp` exactly as the CLI reads its `--code`s.
read_code_renames = code_renames


@dataclass(frozen=True)
class ReformChoices:
    """What the page offers, and who keeps the database now."""

    plans: list[PlanChoice]
    presets: list[PresetChoice]
    office: str  # the newest office's name
    office_since: dt.date | None  # the first day of its settings (None: from the beginning)


@dataclass(frozen=True)
class TakeOverRequest:
    preset: str
    from_date: dt.date
    codes: Mapping[str, str] = field(default_factory=dict)
    why: str | None = None


@dataclass(frozen=True)
class Reviewed(Generic[R]):
    """What a step did (`result.applied`) or would do (a preview whose `fingerprint` the
    confirmation carries back). `stale`: a confirmation arrived for a preview that no longer
    says what the step does; nothing was written and `result` is what it would do now."""

    result: R
    fingerprint: str
    stale: bool = False


class _Stale(Exception):
    def __init__(self, preview: Any) -> None:
        super().__init__("preview out of date")
        self.preview = preview


def _reviewed(
    calls: Transactions, run: Callable[[Any, bool], R], confirmed: str | None
) -> Reviewed[R]:
    """`run(session, dry_run)` previewed, or — with `confirmed` — applied and kept only when
    it does what the confirmed preview said (a preview and the run it announces differ only
    in `applied`)."""
    if confirmed is None:
        with calls._reading() as session:
            preview = run(session, True)
        return Reviewed(preview, fingerprint(preview))
    try:
        with calls._writing(office_wide=True) as session:
            result = run(session, False)
            now = replace(result, applied=False)
            if fingerprint(now) != confirmed:
                raise _Stale(now)
    except _Stale as stale:
        return Reviewed(stale.preview, fingerprint(stale.preview), stale=True)
    return Reviewed(result, confirmed)


def _shipped(name: str, names: list[str], what: str) -> str:
    if name not in names:
        raise NotFound(f"Không có {what} «{name[:60]}»: có sẵn {', '.join(names)}.")
    return name


class ReformQueries:
    def reform_choices(self: Transactions, viewer: access.Viewer) -> ReformChoices:
        access.check_manage_organisation(viewer)
        with self._reading() as session:
            office = newest_organisation(session).get("name", "")
            since = latest_change(session)
        # The first office's settings hold from EARLIEST: it has had the database all along.
        first = since is None or since == EARLIEST
        return ReformChoices(bundled_plans(), bundled_presets(), office, None if first else since)

    def reorganise(
        self: Transactions,
        viewer: access.Viewer,
        plan: str,
        *,
        today: dt.date,
        confirmed: str | None = None,
    ) -> Reviewed[ReorganisationResult]:
        """`units reorganise PLAN` (a shipped plan): previewed, or applied once confirmed."""
        access.check_manage_organisation(viewer)
        name = _shipped(plan, [p.name for p in bundled_plans()], "kế hoạch sắp xếp")

        def run(session: Any, dry_run: bool) -> ReorganisationResult:
            return reorganise(session, name, today=today, actor=viewer.actor, dry_run=dry_run)

        return _reviewed(self, run, confirmed)

    def take_over(
        self: Transactions,
        viewer: access.Viewer,
        request: TakeOverRequest,
        *,
        today: dt.date,
        confirmed: str | None = None,
    ) -> Reviewed[TakeOverResult]:
        """`units take-over PRESET --from DATE [--code A=B]…` (a shipped preset): previewed,
        or applied once confirmed. Applying one that would change nothing is refused: it was
        done already (the CLI runs it again as a no-op; a page must not log it twice)."""
        access.check_manage_organisation(viewer)
        name = _shipped(request.preset, [p.name for p in bundled_presets()], "mẫu cấu hình")

        def run(session: Any, dry_run: bool) -> TakeOverResult:
            result = take_over(
                session,
                name,
                from_date=request.from_date,
                today=today,
                actor=viewer.actor,
                codes=request.codes,
                why=request.why,
                dry_run=dry_run,
            )
            if not dry_run and not result.added and not result.settings_changed:
                raise Refused(
                    f"Không có gì để thay đổi: từ ngày {format_date(result.effective)}, cơ sở "
                    f"dữ liệu đã có thiết lập và các đơn vị của {result.organisation}."
                )
            return result

        return _reviewed(self, run, confirmed)
