"""screening keys, datasets, external entities, api keys

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 00:47:42.526032
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('api_keys',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('rate_per_minute', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash')
    )
    op.create_table('datasets',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entity_count', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('name_keys',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('subject_type', sa.String(length=10), nullable=False),
    sa.Column('subject_id', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('subject_type', 'subject_id', 'key')
    )
    with op.batch_alter_table('name_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_name_keys_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_name_keys_subject_id'), ['subject_id'], unique=False)

    op.create_table('external_entities',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('dataset', sa.String(length=100), nullable=False),
    sa.Column('entity_id', sa.String(length=200), nullable=False),
    sa.Column('schema', sa.String(length=40), nullable=False),
    sa.Column('caption', sa.String(length=500), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.Column('countries', sa.JSON(), nullable=False),
    sa.Column('birth_dates', sa.JSON(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('properties', sa.JSON(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dataset'], ['datasets.name'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('external_entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_entities_dataset'), ['dataset'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('external_entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_entities_dataset'))

    op.drop_table('external_entities')
    with op.batch_alter_table('name_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_name_keys_subject_id'))
        batch_op.drop_index(batch_op.f('ix_name_keys_key'))

    op.drop_table('name_keys')
    op.drop_table('datasets')
    op.drop_table('api_keys')
