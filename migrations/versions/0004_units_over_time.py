"""The organisation over time: each unit's own letter header, place name and successor, and
the record of dossiers a reorganisation moved.

units gains governing_line, header_name, place (Nghị định 30/2020: the header belongs to the
issuing unit) and successor_id (who takes the open dossiers when the unit ends; valid_from and
valid_to were there from the start). An existing database keeps printing exactly what it
printed: every unit gets the organisation's governing body and place, and the issuing unit's
line the letter derived from the unit's name — an office corrects a commune's header with
`tracker units set` when it wants the People's Committee's own (ỦY BAN NHÂN DÂN / XÃ …).

Revision ID: 0004_units_over_time
Revises: 0002_accounts
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tracker.text import clean, fold

revision: str = "0004_units_over_time"
down_revision: str | None = "0003_letter_kinds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _printed_unit_line(name: str, kind: str) -> str:
    """The issuing unit's header line as tracker printed it before this revision: a commune
    was `UBND` + its name, everything in capitals."""
    text = clean(name)
    if kind == "commune" and not fold(text).startswith(("ubnd", "uy ban nhan dan")):
        text = f"UBND {text[:1].lower()}{text[1:]}"
    return text.upper()


def upgrade() -> None:
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("successor_id", sa.Integer(), nullable=True))
        for column, length in (("governing_line", 200), ("header_name", 300), ("place", 100)):
            batch_op.add_column(
                sa.Column(column, sa.String(length=length), server_default="", nullable=False)
            )
        batch_op.create_foreign_key(
            batch_op.f("fk_units_successor_id_units"), "units", ["successor_id"], ["id"]
        )
    op.create_table(
        "dossier_transfers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("from_unit_id", sa.Integer(), nullable=False),
        sa.Column("from_head_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_dossier_transfers_dossier_id_dossiers")
        ),
        sa.ForeignKeyConstraint(
            ["from_head_id"], ["heads.id"], name=op.f("fk_dossier_transfers_from_head_id_heads")
        ),
        sa.ForeignKeyConstraint(
            ["from_unit_id"], ["units.id"], name=op.f("fk_dossier_transfers_from_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_transfers")),
    )
    with op.batch_alter_table("dossier_transfers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dossier_transfers_dossier_id"), ["dossier_id"], unique=False
        )
    _derive_headers()


def _derive_headers() -> None:
    """Each unit's header and place, from the organisation settings the database has."""
    connection = op.get_bind()
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))
    units = sa.table(
        "units",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("kind", sa.String),
        sa.column("governing_line", sa.String),
        sa.column("header_name", sa.String),
        sa.column("place", sa.String),
    )
    org = dict(
        connection.execute(
            sa.select(settings.c.key, settings.c.value).where(
                settings.c.key.in_(["org.governing_body", "org.place"])
            )
        ).all()
    )
    governing = clean(org.get("org.governing_body")).upper()
    place = clean(org.get("org.place"))
    for unit_id, name, kind in connection.execute(
        sa.select(units.c.id, units.c.name, units.c.kind)
    ).all():
        connection.execute(
            units.update()
            .where(units.c.id == unit_id)
            .values(
                governing_line=governing,
                header_name=_printed_unit_line(name, kind),
                place=place,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("dossier_transfers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossier_transfers_dossier_id"))
    op.drop_table("dossier_transfers")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_units_successor_id_units"), type_="foreignkey")
        for column in ("place", "header_name", "governing_line", "successor_id"):
            batch_op.drop_column(column)
