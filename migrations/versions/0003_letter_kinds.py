"""Two kinds of letter and the law by date: letters.kind ("reschedule" | "apology"), the regime
and the form a letter follows, the returned date and days late an apology letter states
(new_due_at becomes empty for it), and the values each rendered file printed.

Existing letters were all drafted as reschedule letters on the form of Thông tư 01/2018 (the
only one tracker had), so they keep exactly that: kind "reschedule", form "tt01-2018-m04". Their
regime is decided by their dossier as the rule in tracker/law/book.py decides it with the
regimes shipped with this revision: "nd118" when the apology deadline (1 calendar day before the
due date) falls on or after 01/07/2025 — a due date from 02/07/2025 on — else "nd61". A draft
is re-decided (regime and form) when it is drafted again or issued; an issued letter keeps this.

Downgrading gives an apology letter its returned date as new_due_at (the older schema demands
one): an older tracker would print it as a reschedule letter — redraft such letters first.

Revision ID: 0003_letter_kinds
Revises: 0002_accounts
Create Date: 2026-12-02
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_letter_kinds"
down_revision: str | None = "0002_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The first due date whose apology deadline (1 calendar day before) falls under Nghị định
# 118/2025 (in force 01/07/2025), by the regime files shipped with this revision.
FIRST_DUE_UNDER_ND118 = dt.date(2025, 7, 2)

_letters = sa.table(
    "letters",
    sa.column("kind", sa.String),
    sa.column("regime", sa.String),
    sa.column("form", sa.String),
    sa.column("old_due_at", sa.Date),
    sa.column("new_due_at", sa.Date),
    sa.column("returned_at", sa.Date),
)


def upgrade() -> None:
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("regime", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("form", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("returned_at", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("days_late", sa.Integer(), nullable=True))
    op.execute(
        _letters.update().values(
            kind="reschedule",
            form="tt01-2018-m04",
            regime=sa.case((_letters.c.old_due_at >= FIRST_DUE_UNDER_ND118, "nd118"), else_="nd61"),
        )
    )
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.alter_column("kind", existing_type=sa.String(length=16), nullable=False)
        batch_op.alter_column("regime", existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column("form", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("new_due_at", existing_type=sa.Date(), nullable=True)
        batch_op.create_check_constraint(
            op.f("ck_letters_kind"), "kind IN ('reschedule', 'apology')"
        )
        batch_op.create_check_constraint(
            op.f("ck_letters_kind_new_due"), "(kind = 'reschedule') = (new_due_at IS NOT NULL)"
        )
        batch_op.create_check_constraint(
            op.f("ck_letters_kind_returned"), "(kind = 'apology') = (returned_at IS NOT NULL)"
        )
    with op.batch_alter_table("letter_files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("letter_files", schema=None) as batch_op:
        batch_op.drop_column("content")
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_letters_kind_returned"), type_="check")
        batch_op.drop_constraint(op.f("ck_letters_kind_new_due"), type_="check")
        batch_op.drop_constraint(op.f("ck_letters_kind"), type_="check")
    op.execute(
        _letters.update()
        .where(_letters.c.new_due_at.is_(None))
        .values(new_due_at=_letters.c.returned_at)
    )
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.alter_column("new_due_at", existing_type=sa.Date(), nullable=False)
        batch_op.drop_column("days_late")
        batch_op.drop_column("returned_at")
        batch_op.drop_column("form")
        batch_op.drop_column("regime")
        batch_op.drop_column("kind")
