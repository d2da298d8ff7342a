"""screening keys of every person recomputed (issue 13: spellings in other orthographies)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05 22:00:00

A Latin name part now also gets keys for its reading in other European orthographies (German
ch and j, Polish cz and sz, Hungarian cs, zs and sz, Dutch tj and sj, French ou, a Baltic or
French ending: Govoruchin finds Govorukhin, Jurij finds Yuriy), a Mandarin name's parts for
their spelling in the other romanisation (pinyin / Wade-Giles: Rongzhang finds Jung-chang), and
the skeleton reads ee and oo as i and u (Ameen / Amin); kana and Greek parts get keys for
their sounds (iburahimu / Ibrahim, Χάννα / Hanna), and Korean readings spell ㅐ as ai and 박 as
Park. Every person is listed in
`name_keys_pending`; the next pipeline run (or `tipwatch db rekey`, which also rekeys imported
entities and their stored analyses) recomputes their keys.
"""

from collections.abc import Sequence

from tipwatch.migrations.rekey import list_every_person

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    list_every_person()


def downgrade() -> None:
    """Nothing to undo: recomputing keys is always safe."""
