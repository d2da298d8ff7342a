"""A population of N persons for the screening benchmark, as FollowTheMoney JSON Lines.

Every gallery person of the real evaluation set (`tipwatch.screening.realset`) is in it, under
their indexed name, so the real mate queries can be asked against the crowd and their rank read.
The rest are made by recombining real name parts of one country: the leading words of one real
person's name with the last word of another person's, in Latin script, and for a third of them an
alias in the country's other script made the same way. A combination that gives the words of any
real person's name is drawn again: the crowd holds neighbours with shared name parts, as a large
list does, not copies of the people the queries look for. Countries are drawn in proportion to their
persons in the set; birth years for half the crowd. Deterministic for a seed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tipwatch.domain.names import script_of
from tipwatch.screening.realset import Person, build, load_persons

SEED = 20261204


Words = tuple[str, ...]


@dataclass(frozen=True)
class _Pool:
    country: str
    latin: list[tuple[int, Words]]
    other: dict[str, list[tuple[int, Words]]]


def _words(name: str) -> Words:
    return tuple(name.replace(",", " ").split())


def _shape(words: Words) -> Words:
    return tuple(sorted(w.strip(".-'").casefold() for w in words))


def _pools(persons: list[Person]) -> list[_Pool]:
    by_country: dict[str, _Pool] = {}
    for index, p in enumerate(persons):
        pool = by_country.setdefault(p.country, _Pool(p.country, [], {}))
        for name in p.names:
            words = _words(name)
            if len(words) < 2:
                continue
            script = script_of(name)
            if script == "latin":
                pool.latin.append((index, words))
            else:
                pool.other.setdefault(script, []).append((index, words))
    return [p for p in by_country.values() if len({i for i, _ in p.latin}) >= 2]


def _combine(rng: random.Random, names: list[tuple[int, Words]], real: set[Words]) -> str | None:
    for _ in range(20):
        (ia, a), (ib, b) = rng.choice(names), rng.choice(names)
        words = (*a[:-1], b[-1])
        if ia != ib and _shape(words) not in real:
            return " ".join(words)
    return None


def entities(n: int, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """N Person entities: the real gallery first, then the recombined crowd."""
    real = build()
    persons, _ = load_persons()
    country_of = {p.id: p.country for p in persons}
    made = 0
    for pid, name in sorted(real.gallery.items()):
        if made >= n:
            return
        yield {
            "id": f"real-{pid.replace(':', '-')}",
            "schema": "Person",
            "properties": {"name": [name], "country": [country_of[pid].lower()]},
        }
        made += 1
    rng = random.Random(seed)
    pools = _pools(persons)
    real_names = {_shape(_words(name)) for p in persons for name in p.names}
    weights = [len(p.latin) for p in pools]
    while made < n:
        pool = rng.choices(pools, weights)[0]
        latin = _combine(rng, pool.latin, real_names)
        if latin is None:
            continue
        names = [latin]
        if pool.other and rng.random() < 1 / 3:
            script = rng.choice(sorted(pool.other))
            other = _combine(rng, pool.other[script], real_names)
            if other is not None:
                names.append(other)
        props: dict[str, list[str]] = {"name": names, "country": [pool.country.lower()]}
        if rng.random() < 0.5:
            props["birthDate"] = [str(rng.randint(1940, 2000))]
        yield {"id": f"crowd-{made}", "schema": "Person", "properties": props}
        made += 1


def write(path: Path, n: int, seed: int = SEED) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for entity in entities(n, seed):
            fh.write(json.dumps(entity, ensure_ascii=False) + "\n")
            count += 1
    return count
