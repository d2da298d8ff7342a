"""`nlp/fast_lemmas.py`: the lemma index as sets and each distinct token lemmatized once give
every token the lemma spaCy's own lemmatizer gives, on real texts through the real English and
French pipelines; the Spanish lemmatizer, which reads a token's sentence position, is left as
it is."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.pipeline import Lemmatizer

from tests.nlp import test_french, test_spanish
from tests.nlp.test_fast_ruler import _english_texts
from tipwatch.nlp.fast_lemmas import (
    MemoLemmatizer,
    _IndexList,
    memoise_lemmatizer,
    speed_up_lemmatizer,
)
from tipwatch.nlp.lang import for_language
from tipwatch.nlp.model import load_base_model


def _base(code: str) -> Language:
    support = for_language(code)
    assert support is not None
    return load_base_model(support)


def _lemmas(nlp: Language, texts: list[str]) -> list[list[str]]:
    return [[t.lemma_ for t in nlp(text)] for text in texts]


@pytest.mark.parametrize("code", ["en", "fr"])
def test_the_same_lemmas_as_spacys_lemmatizer(code: str) -> None:
    texts = (
        _english_texts()
        if code == "en"
        else [test_french.TOULOUSE, test_french.BOBIGNY, test_french.RENNES, test_french.DRUGS]
    )
    plain, fast = _base(code), _base(code)
    assert speed_up_lemmatizer(fast)
    memo = fast.get_pipe("lemmatizer")
    assert isinstance(memo, MemoLemmatizer) and fast.pipe_names == plain.pipe_names
    # twice: the second pass answers from the memo
    for _ in range(2):
        expected, got = _lemmas(plain, texts), _lemmas(fast, texts)
        assert got == expected
    assert memo.memo  # it did remember
    # a lemma the attribute ruler set ("gonna" -> "go") is kept, as spaCy keeps it
    if code == "en":
        assert _lemmas(fast, ["They are gonna win."]) == _lemmas(plain, ["They are gonna win."])


def test_the_spanish_lemmatizer_is_not_memoised() -> None:
    nlp = _base("es")
    assert not memoise_lemmatizer(nlp)
    assert isinstance(nlp.get_pipe("lemmatizer"), Lemmatizer)
    before = _lemmas(_base("es"), [test_spanish.REPORT])
    speed_up_lemmatizer(nlp)
    assert _lemmas(nlp, [test_spanish.REPORT]) == before


def test_index_list_answers_membership_like_a_list() -> None:
    words = ["dog", "cat", "mouse"]
    index = _IndexList(words)
    assert list(index) == words and len(index) == 3
    for probe in ["dog", "mouse", "cats", "", "Dog", 3]:
        assert (probe in index) == (probe in words)
