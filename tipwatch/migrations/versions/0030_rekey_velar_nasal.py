"""screening keys of every person recomputed (issue 13: the velar nasal in Devanagari and Bengali)

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-08 02:20:00

The velar nasal (ङ, ঙ) is read as ng, as Latin spellings write it (गुरुङ Gurung, सिङ् Singh),
where ICU's ṅ folded to a plain n. Every person is listed in `name_keys_pending`; the next
pipeline run (or `tipwatch db rekey`, which also rekeys imported entities and their stored
analyses) recomputes their keys.
"""

from collections.abc import Sequence

from tipwatch.migrations.rekey import list_every_person

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    list_every_person()


def downgrade() -> None:
    """Nothing to undo: recomputing keys is always safe."""
