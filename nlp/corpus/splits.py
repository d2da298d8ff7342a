"""Split the corpus by outlet: no publisher in two splits, and an outlet's split never changes.

An outlet keeps the split the labels already give it, so the test split stays text that no
rule or setting was tuned on however the corpus grows. Outlets new to the labels are placed
one by one, largest first (ties by a hash of the key, so the order does not depend on file
order), each into the split that leaves the splits closest to their shares (60% train, 15%
dev, 25% test) of records, of case reports and of case reports naming the accused.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from tipwatch.nlp.corpus.schema import CorpusRecord, Split

SHARES: dict[Split, float] = {"train": 0.60, "dev": 0.15, "test": 0.25}


def _counts(rec: CorpusRecord) -> tuple[float, float, float]:
    """What a split is balanced on: records, case reports, case reports naming the accused."""
    return (1.0, float(rec.is_case), float(rec.is_case and bool(rec.named_accused)))


def _tiebreak(outlet: str) -> str:
    return hashlib.sha256(f"tipwatch-corpus-split-v1:{outlet}".encode()).hexdigest()


def _cost(filled: dict[Split, list[float]], totals: list[float]) -> float:
    """How far the splits are from their shares: squared relative gaps, summed."""
    return sum(
        ((filled[s][k] - SHARES[s] * totals[k]) / totals[k]) ** 2
        for s in SHARES
        for k in range(len(totals))
        if totals[k]
    )


def assign(records: Iterable[CorpusRecord]) -> list[CorpusRecord]:
    """The records with `split` set: the outlet's recorded split, else a new placement."""
    records = list(records)
    known: dict[str, Split] = {}
    for rec in records:
        if rec.split is not None:
            known.setdefault(rec.outlet, rec.split)
    counts: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for rec in records:
        for k, v in enumerate(_counts(rec)):
            counts[rec.outlet][k] += v
    totals = [sum(c[k] for c in counts.values()) for k in range(3)]
    filled: dict[Split, list[float]] = {s: [0.0, 0.0, 0.0] for s in SHARES}
    for outlet, split in known.items():
        filled[split] = [a + b for a, b in zip(filled[split], counts[outlet], strict=True)]
    new = sorted((o for o in counts if o not in known), key=lambda o: (-counts[o][0], _tiebreak(o)))
    for outlet in new:

        def cost_in(split: Split, outlet: str = outlet) -> tuple[float, float]:
            trial = dict(filled)
            trial[split] = [a + b for a, b in zip(filled[split], counts[outlet], strict=True)]
            return (_cost(trial, totals), -SHARES[split])

        best = min(SHARES, key=cost_in)
        known[outlet] = best
        filled[best] = [a + b for a, b in zip(filled[best], counts[outlet], strict=True)]
    return [rec.model_copy(update={"split": known[rec.outlet]}) for rec in records]
