"""`nlp/fast_ruler.py`: the attribute ruler's matching step without spaCy's `Matcher` finds the
same matches, so every token gets the same tag, part of speech, morphology and lemma, on real
texts through the real pipelines of every language tipwatch reads."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from tests.conftest import shared_dir
from tests.nlp import test_french, test_spanish
from tipwatch.nlp.fast_ruler import (
    FastRulerMatch,
    UnsupportedPattern,
    spacy_matches,
    speed_up_attribute_ruler,
)
from tipwatch.nlp.lang import for_language
from tipwatch.nlp.model import load_base_model


def _english_texts() -> list[str]:
    path = shared_dir() / "datasets" / "cases-dev" / "cases.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [str(r["text"]) for r in rows][:40]


def _texts(code: str) -> list[str]:
    if code == "en":
        return _english_texts()
    if code == "fr":
        return [
            test_french.TOULOUSE,
            test_french.BOBIGNY,
            test_french.DAKAR,
            test_french.RENNES,
            test_french.DRUGS,
        ]
    return [test_spanish.REPORT]


def _up_to_ruler(nlp: Language, text: str) -> Doc:
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "attribute_ruler":
            break
        doc = proc(doc)
    return doc


def _token_attrs(doc: Doc) -> list[tuple[str, str, str, str]]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in doc]


@pytest.fixture(scope="module", params=["en", "fr", "es"])
def base(request: pytest.FixtureRequest) -> Iterator[tuple[str, Language]]:
    support = for_language(request.param)
    assert support is not None
    yield request.param, load_base_model(support)


def test_same_matches_and_same_tokens_as_spacys_matcher(base: tuple[str, Language]) -> None:
    code, nlp = base
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    fast = FastRulerMatch(ruler)
    texts = _texts(code)
    tokens = 0
    for text in texts:
        doc = _up_to_ruler(nlp, text)
        expected = spacy_matches(ruler, doc)
        got = fast(doc)
        # spaCy's list holds no duplicate here; compare it whole, order included
        assert got == list(expected), text[:80]
        tokens += len(doc)
    assert tokens > 50
    # and through the whole pipeline: the same annotations with the fast step as without it
    fresh = load_base_model(for_language(code))  # type: ignore[arg-type]
    assert speed_up_attribute_ruler(fresh)
    for text in texts:
        assert _token_attrs(fresh(text)) == _token_attrs(nlp(text))


def test_later_rules_win_and_each_kind_of_test_is_read() -> None:
    """Rules of each kind the small pipelines use (equality, IN, NOT_IN, REGEX, a boolean, two
    tokens, an index), several matching one token: the last one added sets the attribute, as
    with spaCy's matcher."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"LOWER": {"IN": ["gon", "wan"]}}, {"LOWER": "na"}]], {"LEMMA": "go"})
    ruler.add([[{"LOWER": {"IN": ["gon", "wan"]}}, {"LOWER": "na"}]], {"LEMMA": "to"}, index=1)
    ruler.add([[{"LOWER": {"REGEX": r"^n'?t$"}}]], {"POS": "PART"})
    ruler.add([[{"IS_SPACE": True}]], {"POS": "SPACE"})
    ruler.add([[{"LOWER": {"NOT_IN": ["na", "nt"]}, "IS_SPACE": False}]], {"POS": "X"})
    ruler.add([[{"LOWER": "gon"}]], {"POS": "VERB"})
    ruler.add([[{"LOWER": "he"}, {"LOWER": {"REGEX": "^gon$"}}]], {"POS": "PRON"})
    doc = nlp.make_doc("he gon na win ,  he ca nt  stop gon")
    expected = spacy_matches(ruler, doc)
    fast = FastRulerMatch(ruler)
    assert fast(doc) == list(expected)
    ruler(doc)
    slow_attrs = _token_attrs(doc)
    doc2 = nlp.make_doc("he gon na win ,  he ca nt  stop gon")
    assert speed_up_attribute_ruler(nlp)
    ruler(doc2)
    assert _token_attrs(doc2) == slow_attrs
    # the later rule won where two matched: "gon" is VERB (rule 5) over X (rule 4), "nt" PART
    assert [t.pos_ for t in doc2][1] == "VERB"
    assert [t.lemma_ for t in doc2][1:3] == ["go", "to"]
    assert [t.pos_ for t in doc2 if t.lower_ == "nt"] == ["PART"]


def test_a_pattern_it_cannot_read_keeps_spacys_matcher() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"LOWER": "a"}, {"IS_PUNCT": True, "OP": "?"}]], {"POS": "DET"})
    with pytest.raises(UnsupportedPattern):
        FastRulerMatch(ruler)
    assert not speed_up_attribute_ruler(nlp)
    assert "match" not in vars(ruler)
