"""persons whose screening keys a pipeline run recomputes at its end (issue 15)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 23:45:00

A pipeline run no longer loads rigour's name tagger (~400 MB) in its main process while the
worker processes analyse pages: the persons its cases create or change are listed here, and
their keys are recomputed when the workers have exited.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "name_keys_pending",
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("person_id"),
    )


def downgrade() -> None:
    op.drop_table("name_keys_pending")
