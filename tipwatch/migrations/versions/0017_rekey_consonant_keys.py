"""screening keys of every person recomputed again (issue 13: consonant keys)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 12:20:00

Name parts now also get a consonant key (`c:`), so that a name in Arabic script, written
without most vowels, finds its Latin spelling and the reverse. Every person is listed in
`name_keys_pending`; the next pipeline run (or `tipwatch db rekey`, which also rekeys imported
entities) recomputes their keys.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "INSERT INTO name_keys_pending (person_id) "
        "SELECT id FROM persons WHERE merged_into IS NULL "
        "AND id NOT IN (SELECT person_id FROM name_keys_pending)"
    )


def downgrade() -> None:
    """Nothing to undo: recomputing keys is always safe."""
