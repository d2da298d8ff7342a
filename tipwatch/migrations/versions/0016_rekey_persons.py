"""screening keys of every person recomputed (issue 13: names in scripts with no ASCII form)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 09:50:00

Name parts in Arabic, Han, Devanagari, Bengali, Thai, Ge'ez or Hebrew script got no token
before, so no key. Every person is listed in `name_keys_pending`; the next pipeline run (or
`tipwatch db rekey`) recomputes their keys.
"""

from collections.abc import Sequence

from tipwatch.migrations.rekey import list_every_person

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    list_every_person()


def downgrade() -> None:
    """Nothing to undo: recomputing keys is always safe."""
