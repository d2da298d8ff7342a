"""The jurisdiction's evidence spans are the place names the court's seat was read from: "The
Mumbai Sessions Court" cites "Mumbai", not "The Mu", and "a court in Greater Mumbai" cites
"Mumbai", not "Greate" (the case page marks these spans)."""

from __future__ import annotations

from datetime import date

import pytest

from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import Article, content_hash


@pytest.mark.parametrize(
    ("text", "places"),
    [
        (
            "Police arrested Ravi Kumar, 42, on Monday under the Immoral Traffic (Prevention) Act. "
            "The Mumbai Sessions Court remanded Ravi Kumar in custody.",
            {"Mumbai"},
        ),
        (
            "Ravi Kumar was charged with human trafficking on Monday. A court in Greater Mumbai "
            "remanded Ravi Kumar in custody.",
            {"Mumbai"},
        ),
    ],
)
def test_court_seat_evidence_is_the_place_name(
    extractor: CaseExtractor, text: str, places: set[str]
) -> None:
    url = "https://x.example/1"
    article = Article(
        canonical_url=url,
        url=url,
        title=None,
        text=text,
        publish_date=date(2024, 5, 6),
        language="en",
        source_id="x",
        country_of_publication="IN",
        content_hash=content_hash(text),
    )
    extraction = extractor.extract_article(article)
    assert extraction.jurisdiction.country == "IN"
    assert extraction.jurisdiction.evidence
    assert {text[s:e] for s, e in extraction.jurisdiction.evidence} == places
