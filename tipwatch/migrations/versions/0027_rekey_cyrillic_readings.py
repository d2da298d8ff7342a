"""screening keys of every person recomputed (issue 13: Cyrillic Korean and Chinese; Arabic kh, dh)

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 06:40:00

A Korean name in Kontsevich Cyrillic (Кан Чханхи) and a Chinese name in Palladius Cyrillic
(Хун Сючжу) are now keyed by the Latin spellings their syllables stand for (Kang Chang-hee,
Hung Hsiu-chu, Hong Xiuzhu), a Ukrainian or Belarusian Г also by h (Гузь / Huz), and an
Arabic-script part's خ by k and its ض, ذ, ظ and ث also by d and t (رياض / Riadh). Every
person is listed in `name_keys_pending`; the next pipeline run (or `tipwatch db rekey`, which
also rekeys imported entities and their stored analyses) recomputes their keys.
"""

from collections.abc import Sequence

from tipwatch.migrations.rekey import list_every_person

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    list_every_person()


def downgrade() -> None:
    """Nothing to undo: recomputing keys is always safe."""
