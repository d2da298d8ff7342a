"""Victim, minor and witness names: every occurrence of every word of the name is covered by a
redaction span (the store masks those spans), and perpetrators and officers are never masked."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import Article, Extraction, redact


def _covered(text: str, spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _uncovered_words(text: str, ex: Extraction, name: str) -> list[str]:
    missed = []
    for word in name.split():
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
            if not _covered(text, ex.redactions, m.start(), m.end()):
                missed.append(f"{word}@{m.start()}")
    return missed


CASES = [
    (
        "LONDON - Daniel Okafor, 38, was jailed for nine years at Snaresbrook Crown Court on "
        "Friday for trafficking women for sexual exploitation. His victim, Zuleika Marchetti, "
        "told the court she had been forced to work in a brothel. Zuleika said she was afraid. "
        "Detective Sergeant Alan Brimble said Okafor had preyed on vulnerable women.",
        ["Zuleika Marchetti"],
        ["Daniel Okafor", "Alan Brimble"],
    ),
    (
        "Police in Pune arrested Suresh Malhotra, 41, on charges of human trafficking. One of "
        "the rescued women, identified in the FIR only as Yarrow Bellflint, told investigators "
        "she had been brought from Kolkata. Bellflint said Malhotra took her phone.",
        ["Yarrow Bellflint"],
        ["Suresh Malhotra"],
    ),
    (
        "A court in Benin City jailed Osaro Idemudia, 50, for seven years for trafficking three "
        "young women to Italy. One of the victims, who testified under the name Tamsin "
        "Brackenfold, told the court she was sold in Turin. Tamsin wept as she spoke.",
        ["Tamsin Brackenfold"],
        ["Osaro Idemudia"],
    ),
    (
        "Manjit Dhaliwal, 48, was convicted of trafficking girls as domestic workers. One of "
        "them, referred to in the judgment as Odessa Fernwhistle, escaped in 2023.",
        ["Odessa Fernwhistle"],
        ["Manjit Dhaliwal"],
    ),
    (
        "Roberto Lacson, 39, was charged with qualified trafficking. Lyra Vantablack (not her "
        "real name), 15, said Lacson sold her photos. Vantablack is now in a shelter.",
        ["Lyra Vantablack"],
        ["Roberto Lacson"],
    ),
    (
        "The witness, Corvin Halloway, said he saw the accused, Peter Mwangi, loading the girls "
        "into a lorry. Mwangi was charged with human trafficking. Halloway testified for two "
        "days.",
        ["Corvin Halloway"],
        ["Peter Mwangi"],
    ),
    (
        "The complainants who took the witness stand, one of them identified in the decision as "
        "Philippa Dunmore, were inconsistent, the court said as it acquitted Ramon Villareal "
        "of trafficking in persons.",
        ["Philippa Dunmore"],
        ["Ramon Villareal"],
    ),
]


@pytest.mark.parametrize(("text", "protected", "exposed"), CASES)
def test_protected_names_are_redacted_everywhere(
    extractor: CaseExtractor, text: str, protected: list[str], exposed: list[str]
) -> None:
    ex = extractor.extract_text(text, source="t", language="en")
    for name in protected:
        assert not _uncovered_words(text, ex, name), name
        masked = redact(text, ex.redactions)
        for word in name.split():
            assert word not in masked
        assert name not in {p.name for p in ex.perpetrators}
    for name in exposed:
        for m in re.finditer(re.escape(name), text):
            assert not any(s < m.end() and m.start() < e for s, e in ex.redactions), name
    assert not any(word in str(ex.to_cli_json()) for name in protected for word in name.split())


def test_redactions_also_on_non_cases(extractor: CaseExtractor) -> None:
    text = (
        "Hundreds marched against human trafficking on Sunday. A survivor, identified only as "
        "Marisol Quenby, spoke to the crowd. Marisol thanked the organisers."
    )
    ex = extractor.extract_text(text, source="t", language="en")
    assert not _uncovered_words(text, ex, "Marisol Quenby")


def test_demo_canaries_are_always_redacted(
    demo_key: dict[str, Any], demo_results: list[tuple[dict[str, Any], Any, Any]]
) -> None:
    """Every word of every canary name in any demo article text lies inside a redaction span."""
    words = {w for name in demo_key["canary_names"] for w in name.split()}
    seen = 0
    failures = []
    for entry, article, extraction in demo_results:
        if not isinstance(article, Article):
            continue
        text = article.text
        spans = extraction.redactions if extraction is not None else []
        for word in words:
            for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
                seen += 1
                if not _covered(text, spans, m.start(), m.end()):
                    failures.append(f"{entry['path']}: {word}@{m.start()}")
    assert seen >= 2 * len(demo_key["canary_names"])
    assert not failures
