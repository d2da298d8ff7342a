"""The spelling skeleton (`tipwatch.domain.names.skeleton`) runs a rule only where the letters a
match needs occur, and replaces plain-string rules as strings (issue 13, speed): its result must
be the rules of `_SKELETON_RULES` applied in order, each as a regular expression, on every
string, also where one rule's output makes another's match (tsch, dzh, doubled letters made by
a rewrite). The strings are made up: every word of a small alphabet dense in the rules'
letters, random longer ones, and made-up names written together."""

from __future__ import annotations

import itertools
import random

from tipwatch.domain.names import _SKELETON_RULES, skeleton

ALPHABET = "tscjhdzkpqwouyea"
NAMES = ["tschudin", "djordje", "khadija", "phoebe", "mccoy", "wouter", "yeoh", "seung"]


def _by_rules(form: str) -> str:
    for pattern, repl in _SKELETON_RULES:
        form = pattern.sub(repl, form)
    return form


def test_skeleton_is_the_rules_in_order() -> None:
    words = ["".join(w) for n in range(1, 5) for w in itertools.product(ALPHABET, repeat=n)]
    rnd = random.Random(2026)
    words += [
        "".join(rnd.choice(ALPHABET + "bmnr") for _ in range(rnd.randint(5, 16)))
        for _ in range(20_000)
    ]
    words += [a + b for a, b in itertools.product(NAMES, repeat=2)]
    changed = 0
    for word in words:
        assert skeleton.__wrapped__(word) == _by_rules(word), word
        changed += _by_rules(word) != word
    # The strings reach the rules: most are rewritten.
    assert changed > len(words) // 2
    # ... and the cached function gives the same.
    assert [skeleton(w) for w in NAMES] == [_by_rules(w) for w in NAMES]
