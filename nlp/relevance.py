"""Could this text be a trafficking case report? A regex test cheap enough to run before spaCy.

The case classifier (`nlp/components/case_classifier.py`) only scores a text above a tiny floor
when it finds trafficking evidence: a human-trafficking or smuggling term, the word
"trafficking", or a charge wording or statute of the language's charge lexicon. With none of
them its score is at most sigmoid(-7.6) ~ 0.0005, whatever else the text says.
`mentions_trafficking` asks exactly that question with the classifier's own patterns, over the
whole text (a superset of the classifier's per-sentence matches), so at any case threshold above
`SAFE_THRESHOLD` it never rejects a text the classifier would accept: skipping spaCy for the
rest changes no decision. `tipwatch eval` runs through it, so the quality gate checks that too.

A second test (a legal-step word somewhere in the text) would cut a few more texts, but one
real case report of the development set (a feature on a foiled child sale) names no step in
the classifier's words: the filter keeps every case report, so it asks only about trafficking.
The same question runs on a raw page (tags stripped) before its article text is extracted.
"""

from __future__ import annotations

import re._constants as sre_c
import re._parser as sre_parse
from collections.abc import Iterable, Sequence
from functools import cache
from re import Pattern
from typing import Any

from tipwatch.nlp.lang import LanguageSupport

# Below this case threshold the filter is off: a text with no trafficking vocabulary can score up
# to ~0.0005 (see the module docstring).
SAFE_THRESHOLD = 0.001


def _vocabulary(lang: LanguageSupport) -> Iterable[Pattern[str]]:
    yield lang.case.ht_term
    yield lang.case.generic_trafficking
    yield lang.charges.bare_trafficking
    for rx, _category, _statute in lang.charges.patterns:
        yield rx
    for rx, _category, _statute in lang.charges.statutes:
        yield rx


# A required literal shorter than this says too little to be worth checking first.
_MIN_FACTOR = 3
_REPEATS = (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT)


def _choose(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    useful = [c for c in candidates if c and min(len(f) for f in c) >= _MIN_FACTOR]
    return max(useful, key=lambda c: (min(len(f) for f in c), -len(c)), default=None)


def _factors(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    """Lower-case literals of which every match of the parsed sequence `items` contains at
    least one (None: no such set found). Each element of a sequence is in every match, so any
    element's set serves; a branch needs one set per alternative; a repeat only when it must
    occur at least once."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is sre_c.LITERAL:
            run.append(chr(av).lower())
            continue
        flush()
        found: frozenset[str] | None = None
        if op is sre_c.SUBPATTERN:
            found = _factors(av[-1])
        elif op is sre_c.BRANCH:
            alternatives = [_factors(branch) for branch in av[1]]
            if all(a is not None for a in alternatives):
                found = frozenset().union(*(a for a in alternatives if a is not None))
        elif op in _REPEATS and av[0] >= 1:
            found = _factors(av[2])
        if found is not None:
            candidates.append(found)
    flush()
    return _choose(candidates)


def required_literals(rx: Pattern[str]) -> frozenset[str] | None:
    """Literals (lower case) of which every match of `rx` contains one, or None."""
    return _factors(sre_parse.parse(rx.pattern, rx.flags))


@cache
def _gated(lang: LanguageSupport) -> tuple[tuple[frozenset[str] | None, Pattern[str]], ...]:
    return tuple((required_literals(rx), rx) for rx in _vocabulary(lang))


def mentions_trafficking(lang: LanguageSupport, text: str) -> bool:
    """Does `text` hold any trafficking or smuggling wording, charge or statute of `lang`?

    Exactly `any(rx.search(text) for rx in vocabulary)`, faster: a pattern runs only when
    the lower-cased text contains one of the literals every match of it must contain
    (`required_literals`), so most pages cost a few substring scans.
    """
    low = text.lower()
    for literals, rx in _gated(lang):
        if literals is not None and not any(lit in low for lit in literals):
            continue
        if rx.search(text):
            return True
    return False


def could_be_case(lang: LanguageSupport, text: str) -> bool:
    """False only for a text the case classifier cannot score above `SAFE_THRESHOLD`."""
    return mentions_trafficking(lang, text)
