"""Split the corpus by outlet: no publisher in two splits, and a split never changes.

An outlet's split is a hash bucket of its key (25% test, 15% dev, 60% train), so it does not
depend on which other outlets exist: adding articles or outlets later never moves an outlet,
and the test split stays text that no rule or setting was tuned on. An outlet that already has
a split in the labels keeps it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from tipwatch.nlp.corpus.schema import CorpusRecord, Split

SALT = "tipwatch-corpus-split-v1"
TEST_SHARE = 25
DEV_SHARE = 15


def outlet_split(outlet: str) -> Split:
    bucket = int(hashlib.sha256(f"{SALT}:{outlet}".encode()).hexdigest()[:8], 16) % 100
    if bucket < TEST_SHARE:
        return "test"
    if bucket < TEST_SHARE + DEV_SHARE:
        return "dev"
    return "train"


def assign(records: Iterable[CorpusRecord]) -> list[CorpusRecord]:
    """The records with `split` set: the outlet's recorded split, else its hash bucket."""
    records = list(records)
    known: dict[str, Split] = {}
    for rec in records:
        if rec.split is not None:
            known.setdefault(rec.outlet, rec.split)
    return [
        rec.model_copy(update={"split": known.get(rec.outlet) or outlet_split(rec.outlet)})
        for rec in records
    ]
