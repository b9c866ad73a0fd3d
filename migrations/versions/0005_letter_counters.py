"""Letter numbers from a counter row per issuing unit and year (letter_counters), instead of
the largest number in letters: `letters issue` locks that one row (SELECT … FOR UPDATE), so on
PostgreSQL two clerks of one unit get consecutive numbers while clerks of different units no
longer wait for each other (tracker.db).

Each counter starts at the largest number its unit gave in that year, so the next letter
follows the last one issued before the upgrade. Downgrading drops the counters: the older
tracker counts from the letters again.

Revision ID: 0005_letter_counters
Revises: 0004_units_over_time
Create Date: 2026-12-09
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_letter_counters"
down_revision: str | None = "0004_units_over_time"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    counters = op.create_table(
        "letter_counters",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_letter_counters_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("unit_id", "year", name=op.f("pk_letter_counters")),
    )
    letters = sa.table(
        "letters",
        sa.column("unit_id", sa.Integer),
        sa.column("number_year", sa.Integer),
        sa.column("number_seq", sa.Integer),
    )
    numbered = (
        sa.select(letters.c.unit_id, letters.c.number_year, sa.func.max(letters.c.number_seq))
        .where(letters.c.number_seq.is_not(None))
        .group_by(letters.c.unit_id, letters.c.number_year)
    )
    op.execute(counters.insert().from_select(["unit_id", "year", "last_seq"], numbered))


def downgrade() -> None:
    op.drop_table("letter_counters")
