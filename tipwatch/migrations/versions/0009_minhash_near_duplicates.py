"""MinHash near-duplicate fingerprints with LSH band keys (issue 14, C22)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 15:00:00

Existing rows keep their SimHash and get no MinHash: `cluster_for` still matches them by SimHash,
so clusters already assigned stay as they are, and a row gets its MinHash when it is stored again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("minhash", sa.Text(), nullable=True))

    op.create_table(
        "article_lsh_bands",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("band_key", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "band_key"),
    )
    with op.batch_alter_table("article_lsh_bands", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_lsh_bands_band_key"), ["band_key"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("article_lsh_bands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_lsh_bands_band_key"))

    op.drop_table("article_lsh_bands")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("minhash")
