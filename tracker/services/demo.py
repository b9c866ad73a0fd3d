"""The demo's data path: the invented November 2024 sample into a fresh database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tracker.demo_data import DEMO_PERIOD, sample_dossiers
from tracker.services.dossiers import NewDossier, add_dossier


def load_sample(session: Session, *, today: dt.date, actor: str) -> int:
    """Record the 46 sample dossiers; returns how many were added."""
    samples = sample_dossiers()
    for sample in samples:
        add_dossier(
            session,
            NewDossier(
                code=sample.code,
                procedure=sample.procedure,
                applicant=sample.applicant,
                unit=sample.unit_name,
                received_at=sample.received_at.date(),
                due_at=sample.due_at.date(),
                finished_at=sample.finished_at.date() if sample.finished_at else None,
                period=DEMO_PERIOD,
                field=sample.field,
                applicant_address=sample.address,
                applicant_phone=sample.phone,
                reason=sample.reason,
            ),
            today=today,
            actor=actor,
        )
    return len(samples)
