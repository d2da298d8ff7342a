"""screening keys of every person recomputed (issue 13: Thai names, the Arabic article glued on)

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 12:40:00

A name in Thai script is now spelt in the Royal Thai General System (สก อาน -> Sok An, not
sk oan) and letter by letter (วงษ์สุวรรณ -> Wongsuwan), and an Arabic-script part with the
article before it is also keyed as the one word Maghrebi spellings write (العذاري / Ladhari).
Every person is listed in `name_keys_pending`; the next pipeline run (or `tipwatch db rekey`,
which also rekeys imported entities and their stored analyses) recomputes their keys.
"""

from collections.abc import Sequence

from tipwatch.migrations.rekey import list_every_person

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    list_every_person()


def downgrade() -> None:
    """Nothing to undo: recomputing keys is always safe."""
