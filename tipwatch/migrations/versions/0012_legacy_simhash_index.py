"""a partial index on the articles that only SimHash can compare (issue 15)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 18:00:00

Near-duplicate lookup compares a new article with the stored articles that share a MinHash LSH
band (indexed), and by SimHash with articles fingerprinted before MinHash existed (migration
0009). That second query scanned every stored article (SQLite plan `SCAN articles`: 16 ms per
new article at 20,000 stored). The partial index holds only those legacy rows, so the lookup
reads them alone, and finds at once when there are none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LEGACY = "minhash IS NULL AND simhash IS NOT NULL"


def upgrade() -> None:
    op.create_index(
        "ix_articles_legacy_simhash",
        "articles",
        ["simhash"],
        unique=False,
        sqlite_where=sa.text(_LEGACY),
        postgresql_where=sa.text(_LEGACY),
    )


def downgrade() -> None:
    op.drop_index("ix_articles_legacy_simhash", table_name="articles")
