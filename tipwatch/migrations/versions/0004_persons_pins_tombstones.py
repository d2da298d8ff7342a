"""persons, pins, tombstones and article suppression

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 00:38:51.231373
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('persons',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('display_name', sa.String(length=300), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('merged_into', sa.String(length=32), nullable=True),
    sa.Column('suppressed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('suppressed_by', sa.String(length=100), nullable=True),
    sa.Column('suppressed_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merged_into'], ['persons.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_persons_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_persons_merged_into'), ['merged_into'], unique=False)

    op.create_table('tombstones',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('match_key', sa.String(length=128), nullable=False),
    sa.Column('object_id', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lifted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lifted_by', sa.String(length=100), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tombstones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tombstones_match_key'), ['match_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_tombstones_object_id'), ['object_id'], unique=False)

    op.create_table('person_names',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name_key', sa.String(length=300), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name_key', 'country')
    )
    with op.batch_alter_table('person_names', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_names_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_names_person_id'), ['person_id'], unique=False)

    op.create_table('person_pins',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=32), nullable=False),
    sa.Column('name_key', sa.String(length=300), nullable=False),
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'name_key')
    )
    with op.batch_alter_table('person_pins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_pins_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_pins_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suppressed_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('perpetrators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_perpetrators_person_id'), ['person_id'], unique=False)
        batch_op.create_foreign_key('fk_perpetrators_person_id', 'persons', ['person_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('perpetrators', schema=None) as batch_op:
        batch_op.drop_constraint('fk_perpetrators_person_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_perpetrators_person_id'))
        batch_op.drop_column('person_id')

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('suppressed_at')

    with op.batch_alter_table('person_pins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_pins_person_id'))
        batch_op.drop_index(batch_op.f('ix_person_pins_case_id'))

    op.drop_table('person_pins')
    with op.batch_alter_table('person_names', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_names_person_id'))
        batch_op.drop_index(batch_op.f('ix_person_names_name_key'))

    op.drop_table('person_names')
    with op.batch_alter_table('tombstones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tombstones_object_id'))
        batch_op.drop_index(batch_op.f('ix_tombstones_match_key'))

    op.drop_table('tombstones')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_persons_merged_into'))
        batch_op.drop_index(batch_op.f('ix_persons_country'))

    op.drop_table('persons')
