"""reviewers' "not the same person" judgements (issue 13: merges that help and protect)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 09:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_judgements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_a", sa.String(length=32), nullable=False),
        sa.Column("person_b", sa.String(length=32), nullable=False),
        sa.Column("judgement", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_a", "person_b"),
    )
    op.create_index("ix_person_judgements_person_a", "person_judgements", ["person_a"])
    op.create_index("ix_person_judgements_person_b", "person_judgements", ["person_b"])


def downgrade() -> None:
    op.drop_index("ix_person_judgements_person_b", table_name="person_judgements")
    op.drop_index("ix_person_judgements_person_a", table_name="person_judgements")
    op.drop_table("person_judgements")
