"""The literal gates the components use to skip patterns that cannot match (issue 15):
`PatternGate` (the charge wordings, statutes and bare "trafficking" of `find_charges`) and
`LiteralPresence` (the demonyms of the nationality patterns). A gate may only rule out a
pattern that finds nothing in the text: checked against the patterns themselves on real texts
of every language and on variants built to trip a lower-casing scan."""

from __future__ import annotations

import re

import pytest

from tests.nlp.test_relevance_scan import _cases_texts, _lang_eval_texts, _variants
from tipwatch.nlp.components.charges import _gate
from tipwatch.nlp.components.people import _demonyms_in
from tipwatch.nlp.lang import LanguageSupport, registered
from tipwatch.nlp.relevance import LiteralPresence, PatternGate


def _charge_patterns(lang: LanguageSupport) -> list[re.Pattern[str]]:
    rules = lang.charges
    return (
        [rx for rx, _c, _s in rules.patterns]
        + [rx for rx, _c, _s in rules.statutes]
        + [rules.bare_trafficking]
    )


def _texts_with_variants() -> list[str]:
    texts = _cases_texts() + _lang_eval_texts()
    spans: set[str] = set()
    for lang in registered():
        for rx in _charge_patterns(lang):
            for text in texts:
                m = rx.search(text)
                if m and m.group(0).strip():
                    spans.add(m.group(0))
    return texts + [v for span in sorted(spans) for v in _variants(span)]


def test_the_charge_gate_rules_out_only_patterns_that_find_nothing() -> None:
    texts = _texts_with_variants()
    for lang in registered():
        patterns = _charge_patterns(lang)
        gate = _gate(lang)
        ruled_out = kept_and_matched = 0
        for text in texts:
            for rx, possible in zip(patterns, gate.possible(text), strict=True):
                found = rx.search(text) is not None
                if not possible:
                    assert not found, (lang.code, rx.pattern[:80], text[:120])
                    ruled_out += 1
                elif found:
                    kept_and_matched += 1
        # the gate is not vacuous: it rules most patterns out of most texts, and keeps those
        # that match
        assert ruled_out > len(texts) * len(patterns) // 2, lang.code
        assert kept_and_matched > 0, lang.code


def test_pattern_gate_refuses_ascii_patterns() -> None:
    with pytest.raises(ValueError, match="Unicode"):
        PatternGate([re.compile(r"\btrafficking\b", re.ASCII)])


def test_literal_presence_finds_what_re_ignorecase_finds() -> None:
    words = ["Russian", "Kenyan", "Filipino", "Swiss", "İzmirli"]
    presence = LiteralPresence(words)
    texts = ["a RUSSIAN national", "the kenyan man", "a Ruſſian suspect", "a \u212aenyan woman"]
    texts += ["the FİLİPİNO crew", "a Swiss citizen", "nothing here", "russia", "kenya"]
    for text in texts:
        present = presence.present(text)
        for word in words:
            if re.search(re.escape(word), text, re.I):
                assert word in present, (word, text)
    assert presence.present("nothing here") == {"İzmirli"}  # lower-casing lengthens it: kept
    assert "Russian" in presence.present("a Ruſſian suspect")
    assert "Kenyan" not in presence.present("kenya")


def test_the_demonyms_tried_are_those_a_nationality_pattern_could_match() -> None:
    """A nationality pattern holds its demonym escaped, under re.IGNORECASE, so it can match
    only where re.IGNORECASE finds the demonym: every such demonym of a real text (or of its
    variants with re's extra case equivalents) is among those `_demonyms_in` keeps, in the
    order of the full list, and most demonyms are not tried at all."""
    texts = _cases_texts() + _lang_eval_texts()
    for lang in registered():
        dem = lang.lexicon.demonyms
        ordered = sorted(dem, key=len, reverse=True)
        rules = lang.people
        for phrase in ordered:
            for rx in (rules.nationality_after(phrase), rules.nationality_before(phrase)):
                assert re.escape(phrase) in rx.pattern and rx.flags & re.I, phrase
        kept_total = 0
        for text in texts[:60] + [v for p in ordered[:20] for v in _variants(f"a {p} man")]:
            kept = _demonyms_in(lang, text)
            assert list(kept) == [p for p in ordered if p in set(kept)]
            kept_total += len(kept)
            for phrase in ordered:
                if re.search(re.escape(phrase), text, re.I):
                    assert phrase in kept, (lang.code, phrase, text[:80])
        assert kept_total < len(dem) * 60 // 4, lang.code
