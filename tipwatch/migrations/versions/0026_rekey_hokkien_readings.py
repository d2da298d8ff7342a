"""screening keys of every person recomputed (issue 13: Hokkien, Vietnamese and transcribed Han)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 23:55:00

A Han character now also gets keys for its Hokkien readings, literary and colloquial, as Taiwan
writes them in Church romanization (柯建銘 Koa Kiàn-bêng, 陳 Tân) and as Singapore, Malaysia and
the Philippines spell them (蔡 Chua, 吳 Goh, 許 Khoo, 冠 Guan) and its Sino-Vietnamese readings
(阮 Nguyen, 王 Vuong), and a foreign name written in
Chinese characters with a middle dot is one part per dotted word, keyed by the Latin spellings
it may stand for (恩赫包勒德 Enkhbold). Every person is listed in
`name_keys_pending`; the next pipeline run (or `tipwatch db rekey`, which also rekeys imported
entities and their stored analyses) recomputes their keys.
"""

from collections.abc import Sequence

from tipwatch.migrations.rekey import list_every_person

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    list_every_person()


def downgrade() -> None:
    """Nothing to undo: recomputing keys is always safe."""
