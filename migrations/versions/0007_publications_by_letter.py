"""An index of publications by letter: every list that shows a letter's publications, and every
check of a letter's live record, looks its publications up by letter. The partial unique index
(uq_publications_live) serves only queries that also ask for live rows, so the others made
SQLite build a temporary index, or scan the table, each time.

Revision ID: 0007_publications_by_letter
Revises: 0006_organisation_over_time
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007_publications_by_letter"
down_revision: str | None = "0006_organisation_over_time"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_publications_letter_id"), "publications", ["letter_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_publications_letter_id"), table_name="publications")
