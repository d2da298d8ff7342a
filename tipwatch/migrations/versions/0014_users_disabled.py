"""review UI accounts can be disabled (issue 13: `tipwatch users disable`)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 09:10:00

A disabled account keeps its row (the audit log names it) but can no longer log in, and its
sessions end when it is disabled.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("disabled_at")
