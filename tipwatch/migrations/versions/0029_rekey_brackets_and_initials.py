"""screening keys of every person recomputed (issue 13: brackets, initials, Sinhala, Taiwan)

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07 18:40:00

A name's bracketed part is now a part aside (Puspakamal Dahal (Prachanda)) and a bracketed
note ((Retd.)) is dropped; a one-letter Devanagari or Bengali word with a full stop is a Latin
initial (আ. ক. ম. = A. K. M.); Korean titles (국회의원) are dropped; a kana part also has the
consonant keys of its r read as l and its ン before b, p or m read as m; Mhd and Muhd are
Muhammad; a Sinhala consonant carries its vowel (රතන ratana); a Han character also has Taiwan's
MPS2 and Tongyong spellings, and a Chinese given name's -en, -in also -eng, -ing and back;
leading honorifics (Alhaj, Begum, Barrister, Ven.) are dropped.
Every person is listed in `name_keys_pending`; the next pipeline run (or `tipwatch db rekey`,
which also rekeys imported entities and their stored analyses) recomputes their keys.
"""

from collections.abc import Sequence

from tipwatch.migrations.rekey import list_every_person

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    list_every_person()


def downgrade() -> None:
    """Nothing to undo: recomputing keys is always safe."""
