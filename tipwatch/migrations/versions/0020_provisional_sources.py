"""provisional outlets: pages of hosts outside the registry kept by domain (issue 16)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 18:30:00

`ingest-warc` keeps the pages of a host that no registry source names under a provisional
outlet, one per registrable domain, instead of skipping them: `sources.provisional` marks it
(counted apart in coverage until adopted), `sources.domain` is its registrable domain (unique),
and `country_method` / `country_evidence` say how its country was inferred. Registry sources get
`provisional` false and no domain. Plain column and index statements: no table copy.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "sources",
        sa.Column("provisional", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("sources", sa.Column("domain", sa.String(length=253), nullable=True))
    op.add_column("sources", sa.Column("country_method", sa.String(length=40), nullable=True))
    op.add_column("sources", sa.Column("country_evidence", sa.Text(), nullable=True))
    op.create_index("ix_sources_provisional", "sources", ["provisional"])
    op.create_index("ix_sources_domain", "sources", ["domain"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_sources_domain", table_name="sources")
    op.drop_index("ix_sources_provisional", table_name="sources")
    _drop_column("sources", "country_evidence")
    _drop_column("sources", "country_method")
    _drop_column("sources", "domain")
    _drop_column("sources", "provisional")


def _drop_column(table: str, column: str) -> None:
    """A plain DROP COLUMN (SQLite 3.35+ has it): no table copy, which a table that other tables
    reference by foreign key cannot survive on SQLite when it holds rows."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)
