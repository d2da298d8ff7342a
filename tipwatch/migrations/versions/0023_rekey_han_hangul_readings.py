"""screening keys of every person recomputed again (issue 13: Han and Hangul readings)

A name part written as a Han character or a Hangul syllable now also gets keys for its Latin
spellings in pinyin, Wade-Giles, Hong Kong Cantonese, Korean readings, Revised Romanization
and McCune-Reischauer (`tipwatch.domain.readings`), so that "Hui Chi-fung" finds 許智峯 and
"Chung Mi-kyung" finds 정미경; and transliteration skeletons read Dutch and German spellings
of Cyrillic names (tsj, tsch, oe, a final j: Gontsjar = Gonchar). Every person is listed in `name_keys_pending`; the next pipeline
run (or `tipwatch db rekey`, which also rekeys imported entities and their stored analyses)
recomputes their keys.
"""

from collections.abc import Sequence

from tipwatch.migrations.rekey import list_every_person

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    list_every_person()


def downgrade() -> None:
    """Nothing to undo: recomputing keys is always safe."""
