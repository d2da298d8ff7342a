"""extractor versions name the learned models' versions too (issue 12)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 22:00:00

`extractions.extractor_version` is now `<rules version>+<case model>-<hash>+<person model>-
<hash>` (about 55 characters), so the column grows from 40 to 120 characters. PostgreSQL alters
the type in place; SQLite does not enforce the length and rebuilds the table through batch mode
so that its declared type matches the model.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("extractions", schema=None) as batch_op:
        batch_op.alter_column(
            "extractor_version",
            existing_type=sa.String(length=40),
            type_=sa.String(length=120),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("extractions", schema=None) as batch_op:
        batch_op.alter_column(
            "extractor_version",
            existing_type=sa.String(length=120),
            type_=sa.String(length=40),
            existing_nullable=False,
        )
