"""case review flags

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 15:30:00.000000

Written beside 0009 (MinHash fingerprints, another table): the two are independent, so if 0009
is renumbered or dropped at merge, only this `down_revision` changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_flags", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("review_flags")
