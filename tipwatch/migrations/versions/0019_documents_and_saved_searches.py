"""every document reachable: promoted cases and saved searches (issue 16)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 18:45:00

An analyst may send an article the machine did not take for a case to the review queue: the
case keeps who promoted it and when, so a later run of the NLP that still finds no case does
not delete it. Saved searches keep an analyst's search parameters and when they last opened
it, for the "new since your last visit" count.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("promoted_by", sa.String(length=100), nullable=True))
    op.add_column("cases", sa.Column("promoted_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_visit_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "name"),
    )
    op.create_index("ix_saved_searches_user_id", "saved_searches", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_saved_searches_user_id", table_name="saved_searches")
    op.drop_table("saved_searches")
    _drop_column("cases", "promoted_at")
    _drop_column("cases", "promoted_by")


def _drop_column(table: str, column: str) -> None:
    """A plain DROP COLUMN (SQLite 3.35+ has it): no table copy, which a table that other tables
    reference by foreign key cannot survive on SQLite when it holds rows."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)
