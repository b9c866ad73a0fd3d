"""The organisation's settings over time: a month's printout and notice carry the office of that
month, not the one that keeps the database now.

The `org.*` rows of `settings` (name, place, governing body… loaded from a preset) move to the new
table organisation_settings, one row per key and first day; a reorganisation adds rows from its
day instead of overwriting. The settings a database holds are valid from the beginning
(01/01/1995, the first date tracker accepts): until now they were the only ones, so every month
keeps printing what it printed. `settings` keeps tracker's own settings (the web's signing key).

Downgrading puts back, for each key, its latest value (the older tracker has one office: the
newest), and drops the history.

Revision ID: 0006_organisation_over_time
Revises: 0005_letter_counters
Create Date: 2026-12-01
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_organisation_over_time"
down_revision: str | None = "0005_letter_counters"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREFIX = "org."
# tracker.dates.EARLIEST when this revision was written; kept here so the revision never moves.
BEGINNING = dt.date(1995, 1, 1)

SETTINGS = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))
HISTORY = sa.table(
    "organisation_settings",
    sa.column("key", sa.String),
    sa.column("valid_from", sa.Date),
    sa.column("value", sa.Text),
)
OF_THE_ORGANISATION = SETTINGS.c.key.like(f"{PREFIX}%")


def upgrade() -> None:
    op.create_table(
        "organisation_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", "valid_from", name=op.f("pk_organisation_settings")),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(SETTINGS).where(OF_THE_ORGANISATION)).all()
    if rows:
        op.bulk_insert(
            HISTORY,
            [
                {"key": key.removeprefix(PREFIX), "valid_from": BEGINNING, "value": value}
                for key, value in rows
            ],
        )
    op.execute(SETTINGS.delete().where(OF_THE_ORGANISATION))


def downgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(HISTORY.c.key, HISTORY.c.value).order_by(HISTORY.c.key, HISTORY.c.valid_from)
    ).all()
    latest = {key: value for key, value in rows}  # the last row of each key wins
    values = [{"key": f"{PREFIX}{k}", "value": v} for k, v in latest.items() if v is not None]
    if values:
        op.bulk_insert(SETTINGS, values)
    op.drop_table("organisation_settings")
