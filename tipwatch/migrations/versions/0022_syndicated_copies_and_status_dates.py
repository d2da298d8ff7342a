"""syndicated copies grouped under one case; status dates taken from the text (issue 16)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 18:30:00

`cases.copy_of` is the case a syndicated copy's case is grouped under (the first-seen case of its
near-duplicate cluster) and `cases.copy_state` says how: `grouped` (one queue item with the
primary; the primary's review decision applies to it), `differs` (its extraction differs from the
primary's: its own queue item) or `separate` (an analyst reviewed it on its own). Null on primary
and unclustered cases; existing rows are grouped the next time their cluster's extraction is
saved.

`perpetrators.status_date_source` says where the status date comes from (`text`: a date the
sentence giving the status states; `publication`: the article's publication date) and
`perpetrators.status_date_evidence` is the stated date's span in the text. Existing rows have
none (their date is the publication date, as before) until the next extraction.

Plain add-column statements: no table copy on SQLite or PostgreSQL.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("copy_of", sa.String(length=32), nullable=True))
    op.add_column("cases", sa.Column("copy_state", sa.String(length=20), nullable=True))
    op.create_index("ix_cases_copy_of", "cases", ["copy_of"])
    op.add_column(
        "perpetrators", sa.Column("status_date_source", sa.String(length=20), nullable=True)
    )
    op.add_column("perpetrators", sa.Column("status_date_evidence", sa.JSON(), nullable=True))


def downgrade() -> None:
    _drop_column("perpetrators", "status_date_evidence")
    _drop_column("perpetrators", "status_date_source")
    op.drop_index("ix_cases_copy_of", table_name="cases")
    _drop_column("cases", "copy_state")
    _drop_column("cases", "copy_of")


def _drop_column(table: str, column: str) -> None:
    """A plain DROP COLUMN (SQLite 3.35+ has it): no table copy, which a table that other tables
    reference by foreign key cannot survive on SQLite when it holds rows."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)
