"""updated articles: versions, fetch times, the text an extraction was made from (C23)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 10:00:00

- `urls.fetched_at`: when the URL's response was archived (a feed or sitemap date later than it
  sends a stored URL back to `pending`). Rows fetched before this migration get their
  `updated_at`, which is never earlier than their fetch.
- `articles.warc_offset`: the byte offset of the stored version's WARC record (from the ledger).
- `extractions.content_hash`: the article text an extraction was made from.
- `article_versions`: one row per superseded version of an article (content hash, WARC path and
  offset, fetch time, when it was superseded, its extractions as they were); the text stays
  readable in its WARC record.

Only columns are added (SQLite adds them in place): no table that others refer to is rebuilt.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("urls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE urls SET fetched_at = updated_at WHERE warc_path IS NOT NULL")

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("warc_offset", sa.BigInteger(), nullable=True))
    op.execute(
        "UPDATE articles SET warc_offset = (SELECT min(urls.warc_offset) FROM urls "
        "WHERE urls.article_id = articles.id AND urls.state = 'stored' "
        "AND urls.warc_path = articles.warc_path)"
    )

    with op.batch_alter_table("extractions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content_hash", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE extractions SET content_hash = (SELECT articles.content_hash FROM articles "
        "WHERE articles.id = extractions.article_id)"
    )

    op.create_table(
        "article_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("warc_path", sa.Text(), nullable=True),
        sa.Column("warc_offset", sa.BigInteger(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_by", sa.String(length=64), nullable=False),
        sa.Column("extractions", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_versions_article_id"), ["article_id"], unique=False
        )


def _drop_column(table: str, column: str) -> None:
    # SQLite (3.35+) drops a plain column in place; batch mode would rebuild tables that others
    # refer to, which fails its foreign key check at commit once they hold rows.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)


def downgrade() -> None:
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_versions_article_id"))
    op.drop_table("article_versions")
    _drop_column("extractions", "content_hash")
    _drop_column("articles", "warc_offset")
    _drop_column("urls", "fetched_at")
