"""spaCy's rule lemmatizer with each distinct token lemmatized once per process.

The English and French lemmatizers give a token's lemma from its text, part of speech and
morphology alone (no neighbouring token, no sentence position: their code reads nothing else),
but spaCy runs their Python rules for every token; its own cache skips the commonest case (an
uninflected word is recomputed each time), and each rule's candidate is looked up in a *list*
of up to 57,000 words. That is 4-5 ms of a ~1,000-token news text. `index_as_sets` gives those
lists a set's membership test (2.5 ms); `MemoLemmatizer` reads the doc's (word, part of
speech, morphology) keys as arrays, asks the wrapped lemmatizer only for a key it has not
seen, and writes the lemmas back in one call (1.3 ms). Every token gets the same lemma
(`tests/nlp/test_fast_lemmas.py` compares both on real texts). Other lemmatizers (the Spanish
one reads the token's sentence position) are not memoised.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.lang.fr.lemmatizer import FrenchLemmatizer
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

# Lemmatizers whose answer depends on the token's text, part of speech and morphology only
# (exact types: a subclass may read more).
_KEYED_BY_TOKEN = (Lemmatizer, EnglishLemmatizer, FrenchLemmatizer)
_MODES = ("rule", "lookup")


class MemoLemmatizer:
    """A pipeline component wrapping a lemmatizer (`inner`, set after creation)."""

    def __init__(self) -> None:
        self.inner: Lemmatizer | None = None
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        inner = self.inner
        if inner is None:
            raise RuntimeError("MemoLemmatizer has no lemmatizer to wrap")
        if not inner._validated or not len(doc):  # noqa: SLF001 - the tables' check, once
            return inner(doc)
        values = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = values[:, 3].copy()
        todo = np.arange(len(doc)) if inner.overwrite else np.flatnonzero(lemmas == 0)
        if not len(todo):
            return doc
        keys, first, inverse = np.unique(
            values[todo, :3], axis=0, return_index=True, return_inverse=True
        )
        memo = self.memo
        strings = doc.vocab.strings
        found = np.empty(len(keys), dtype=np.uint64)
        for j, (orth, pos, morph) in enumerate(keys.tolist()):
            lemma = memo.get((orth, pos, morph))
            if lemma is None:
                token = doc[int(todo[first[j]])]
                lemma = memo[(orth, pos, morph)] = strings.add(inner.lemmatize(token)[0])
            found[j] = lemma
        lemmas[todo] = found[inverse.reshape(-1)]
        doc.from_array([LEMMA], cast(Any, lemmas))
        return doc


@Language.factory("tipwatch_memo_lemmatizer")
def make_memo_lemmatizer(nlp: Language, name: str) -> MemoLemmatizer:
    return MemoLemmatizer()


class _IndexList(list[str]):
    """A lemma index (a list of words) whose membership test is a set look-up: the rule
    lemmatizer asks `form in index` of lists of up to 57,000 English nouns, a linear scan."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._members = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._members


def index_as_sets(lemmatizer: Lemmatizer) -> None:
    """Give the lemmatizer's `lemma_index` lists a set's membership test (the same answers)."""
    if "lemma_index" not in lemmatizer.lookups:
        return
    table = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list) and not isinstance(words, _IndexList):
            table[key] = _IndexList(words)


def memoise_lemmatizer(nlp: Language, name: str = "lemmatizer") -> bool:
    """Put `MemoLemmatizer` in place of the pipeline's lemmatizer (under the same name) when
    the lemmatizer is one whose answer depends on the token alone (True); else leave it."""
    if name not in nlp.pipe_names:
        return False
    inner = nlp.get_pipe(name)
    if (
        not isinstance(inner, Lemmatizer)
        or type(inner) not in _KEYED_BY_TOKEN
        or inner.mode not in _MODES
    ):
        return False
    memo = nlp.replace_pipe(name, "tipwatch_memo_lemmatizer")
    assert isinstance(memo, MemoLemmatizer)
    memo.inner = inner
    return True


def speed_up_lemmatizer(nlp: Language, name: str = "lemmatizer") -> bool:
    """The lemma index as sets (`index_as_sets`) and each distinct token lemmatized once
    (`memoise_lemmatizer`), where the pipeline's lemmatizer allows it (True if memoised)."""
    if name not in nlp.pipe_names:
        return False
    inner = nlp.get_pipe(name)
    if isinstance(inner, Lemmatizer):
        index_as_sets(inner)
    return memoise_lemmatizer(nlp, name)
