"""The language seam: the pipeline takes its model and every component's rules from the
registry entry of the article's language, so a second language is a folder plus one entry.

The second language here is a test-only copy of English in which one trigger word says
something else ("nab" reports a warrant, not an arrest); the pipeline built for its code is a
real spaCy pipeline over the real English model, and only that word's reading changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.lang import LanguageSupport, for_language, register, unregister
from tipwatch.nlp.lang.en import ENGLISH
from tipwatch.nlp.lang.fr import FRENCH
from tipwatch.records import LegalStatus

TEXT = (
    "Police nabbed Ramesh Kumar in Mumbai on Friday in a human trafficking case after three "
    "women were rescued from a flat in Andheri, officers said."
)
CODE = "xx"  # a code no real language has


@pytest.fixture
def test_language() -> Iterator[LanguageSupport]:
    triggers = dict(ENGLISH.lexicon.transitive_triggers)
    assert triggers["nab"] is LegalStatus.ARRESTED
    triggers["nab"] = LegalStatus.WANTED
    support = replace(
        ENGLISH, code=CODE, lexicon=replace(ENGLISH.lexicon, transitive_triggers=triggers)
    )
    register(support)
    try:
        yield support
    finally:
        unregister(CODE)


def test_english_and_french_are_registered() -> None:
    assert for_language("en") is ENGLISH
    assert for_language("fr") is FRENCH and for_language("fr-FR") is FRENCH
    assert for_language("de") is None
    assert for_language(None) is None
    assert ENGLISH.lexicon.transitive_triggers["nab"] is LegalStatus.ARRESTED


def test_a_registered_language_gets_its_own_pipeline(
    extractor: CaseExtractor, test_language: LanguageSupport
) -> None:
    assert for_language(CODE) is test_language
    nlp = extractor.pipeline(test_language)
    assert nlp is not extractor.pipeline(ENGLISH)
    # the real English model, under the name the language's record gives first
    assert f"{nlp.meta['lang']}_{nlp.meta['name']}" == test_language.model_names[0]
    assert "parser" in nlp.pipe_names and "ner" in nlp.pipe_names
    for name in ("tipwatch_zones", "tipwatch_people", "tipwatch_status", "tipwatch_case"):
        assert nlp.get_pipe(name).lang is test_language  # type: ignore[attr-defined]
        assert nlp.get_pipe_config(name)["language"] == CODE

    english = extractor.extract_text(TEXT, source="t", language="en", publication_country="IN")
    other = extractor.extract_text(TEXT, source="t", language=CODE, publication_country="IN")
    assert [(p.name, p.status) for p in english.perpetrators] == [
        ("Ramesh Kumar", LegalStatus.ARRESTED)
    ]
    assert [(p.name, p.status) for p in other.perpetrators] == [
        ("Ramesh Kumar", LegalStatus.WANTED)
    ]
    assert other.language == CODE
    # the rest of the reading is the copied English data's
    assert (other.is_case, other.case_score) == (english.is_case, english.case_score)
    assert other.charges == english.charges and other.jurisdiction == english.jurisdiction


def test_an_unregistered_language_stays_a_counted_skip(extractor: CaseExtractor) -> None:
    assert for_language(CODE) is None
    ex = extractor.extract_text(TEXT, source="t", language=CODE)
    assert ex.skipped == "unsupported_language"
    assert not ex.is_case and ex.perpetrators == []
