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

from tipwatch.migrations.rekey import list_every_person

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    list_every_person()


def downgrade() -> None:
    """Nothing to undo: recomputing keys is always safe."""
