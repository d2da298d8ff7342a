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

from collections.abc import Iterable
from re import Pattern

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


def mentions_trafficking(lang: LanguageSupport, text: str) -> bool:
    """Does `text` hold any trafficking or smuggling wording, charge or statute of `lang`?"""
    return any(rx.search(text) for rx in _vocabulary(lang))


def could_be_case(lang: LanguageSupport, text: str) -> bool:
    """False only for a text the case classifier cannot score above `SAFE_THRESHOLD`."""
    return mentions_trafficking(lang, text)
