"""imported lists carry a keys version (issue 13: key postings)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05 15:10:00

`datasets.keys_version` is raised by `tipwatch db rekey` once it has recomputed every imported
entity's keys. The key postings a serving process reads (`tipwatch.screening.postings`) are
stamped with it and with the import time, so postings made from older keys are not used.
A plain add-column statement with a default: no table copy on SQLite or PostgreSQL.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "datasets",
        sa.Column("keys_version", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_column("datasets", "keys_version")
