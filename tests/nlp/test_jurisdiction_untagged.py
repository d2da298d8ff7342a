"""The case country from briefs the small model misreads (issue 12): a country's name it tags as
a person ("Police in Malawi have charged": Malawi PERSON), a demonym of the authorities it has
no entry for ("North Macedonian authorities"), a world city an outlet's home country has a small
namesake of ("Paris" in an American paper). Texts written for these tests in the style of news
feeds; the real English model."""

from __future__ import annotations

import pytest

from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.gazetteer import lookup_city


def _country(extractor: CaseExtractor, text: str, outlet: str = "US") -> str | None:
    ex = extractor.extract_text(text, source="t", language="en", publication_country=outlet)
    assert ex.is_case, text
    return ex.jurisdiction.country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        (
            "Chinese man charged with child trafficking in Malawi after video\n\n"
            "Police in Malawi have charged a Chinese man with child trafficking after a "
            "documentary accused him of filming children, according to authorities.",
            "MW",
        ),
        (
            "10 arrested in North Macedonian migrant-smuggling raid\n\n"
            "North Macedonian authorities have reported the arrests of 10 men in connection "
            "with an international human smuggling ring.",
            "MK",
        ),
        (
            "19 stand trial in Paris over migrant smuggling operation that left 39 dead\n\n"
            "A trial has begun for 19 people accused of a migrant smuggling operation that "
            "ended in the deaths of 39 people.",
            "FR",
        ),
    ],
)
def test_the_country_of_a_brief_read_past_the_models_misses(
    extractor: CaseExtractor, text: str, country: str
) -> None:
    assert _country(extractor, text) == country


def test_a_country_word_inside_a_longer_name_is_no_place(extractor: CaseExtractor) -> None:
    text = (
        "Man charged with human trafficking\n\n"
        "Chad Morrison, 41, was charged on Monday with human trafficking of two women, police "
        "in Houston said."
    )
    assert _country(extractor, text) == "US"


def test_a_home_namesake_of_a_small_town_is_kept() -> None:
    # a world city wins only over a far smaller namesake: London, Ontario stays for a Canadian
    # outlet, Paris, Texas does not for an American one
    london = lookup_city("London", prefer="CA")
    paris = lookup_city("Paris", prefer="US")
    assert london is not None and london.country == "CA"
    assert paris is not None and paris.country == "FR"
