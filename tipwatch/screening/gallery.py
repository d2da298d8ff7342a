"""An in-memory gallery of named entries, found by blocking keys and ranked by `name_score`.

The store-backed screening (`tipwatch.screening.service`) uses the same two steps with keys kept
in the database; this one serves the name-variant evaluation and small lists.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from tipwatch.screening.names import (
    QueryScorer,
    analyse,
    blocking_keys,
    commonness,
    query_keys,
)


@dataclass(frozen=True)
class Ranked:
    entry_id: str
    name: str
    score: float


class NameGallery:
    def __init__(self) -> None:
        self._names: dict[str, list[str]] = defaultdict(list)
        self._keys: dict[str, set[str]] = defaultdict(set)

    def add(self, entry_id: str, name: str) -> None:
        self._names[entry_id].append(name)
        for key in blocking_keys(name):
            self._keys[key].add(entry_id)

    def __len__(self) -> int:
        return len(self._names)

    def candidates(self, query: str) -> set[str]:
        found: set[str] = set()
        for group in query_keys(query):
            for key in group:
                found |= self._keys.get(key, set())
        return found

    def common(self, query: str) -> dict[str, float]:
        """How common the query's name parts are among the entries (`commonness`)."""
        counts = {t.form: len(self._keys.get("t:" + t.form, ())) for t in analyse(query).tokens}
        return commonness(counts, len(self._names))

    def search(self, query: str, limit: int = 10, threshold: float = 0.0) -> list[Ranked]:
        """The best `limit` entries scoring above `threshold`, best first (ties by id): each
        entry scored by its best name variant (`QueryScorer.rank`)."""
        scorer = QueryScorer(analyse(query), self.common(query))
        subjects = (
            (entry_id, [analyse(n) for n in self._names[entry_id]])
            for entry_id in self.candidates(query)
        )
        floor = math.nextafter(threshold, math.inf)
        return [
            Ranked(entry_id, name, score)
            for score, entry_id, name in scorer.rank(subjects, floor=floor, keep=limit)
        ]
