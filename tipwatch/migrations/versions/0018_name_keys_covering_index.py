"""screening at 1M people: keys read from one covering index, names' analysis kept (issue 13)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 15:20:00

Screening reads, for each key of the query, the subjects holding it. With an index on `key`
alone every row read was a second lookup in the table; the index on (key, subject_type,
subject_id) answers from the index. It replaces the index on `key` (its prefix) and the one on
`subject_id` (deletes by subject use the unique constraint, which starts with subject_type and
subject_id), so an import of 1M people maintains two indexes on the keys table, not three.

Imported entities also keep their names' analysis (`external_entities.analysis`), so screening
scores candidates without analysing their names again; rows imported before have none until the
next import or `tipwatch db rekey`, and are analysed when screened.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain index and column statements (SQLite has them): no table copy.
    op.create_index(
        "ix_name_keys_key_subject", "name_keys", ["key", "subject_type", "subject_id"]
    )
    op.drop_index("ix_name_keys_key", table_name="name_keys")
    op.drop_index("ix_name_keys_subject_id", table_name="name_keys")
    op.add_column("external_entities", sa.Column("analysis", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("external_entities", schema=None) as batch_op:
        batch_op.drop_column("analysis")
    op.create_index("ix_name_keys_subject_id", "name_keys", ["subject_id"])
    op.create_index("ix_name_keys_key", "name_keys", ["key"])
    op.drop_index("ix_name_keys_key_subject", table_name="name_keys")
