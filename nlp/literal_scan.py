"""Which of a fixed set of literal strings occur in a text: all of them in one pass.

An Aho-Corasick automaton (pyahocorasick, C) reports every occurrence of every literal,
overlapping ones included (a literal inside another's occurrence, or starting inside it and
running past it), so the answer is exactly `{t for t in literals if t in text}`. One pass costs
about as much as two or three `in` scans of the text, where the relevance gate
(`nlp/relevance.py`) used to run one scan per literal: ~350 literals for the three starter
languages.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter
from typing import Any

import ahocorasick

_VALUE = itemgetter(1)


class LiteralScan:
    """The literals of `literals` that occur in a text (case-sensitive: give lower-case
    literals and a lowered text for a case-insensitive question)."""

    def __init__(self, literals: Iterable[str]) -> None:
        self.literals = frozenset(literals)
        if "" in self.literals:
            raise ValueError("an empty literal occurs everywhere; leave it out")
        self._automaton: Any = None
        if self.literals:
            automaton = ahocorasick.Automaton()
            for text in sorted(self.literals):
                automaton.add_word(text, text)
            automaton.make_automaton()
            self._automaton = automaton

    def found(self, text: str) -> frozenset[str]:
        """Every literal that occurs in `text`."""
        if self._automaton is None:
            return frozenset()
        return frozenset(map(_VALUE, self._automaton.iter(text)))
