"""A step reported for a description of the accused, not their name: the headline of a brief
that names one person ("slavery boss given suspended sentence"), a description the text gives
the person in apposition ("sentenced a former county clerk" / "X, a former Lake County clerk"),
and a sentence that is given ("was given a suspended sentence", "gave X ten years"). Made-up
texts; the furthest step wins."""

from __future__ import annotations

import pytest

from tipwatch.nlp.extractor import CaseExtractor

CASES = [
    (
        "Kendal modern slavery boss given suspended sentence\n\nDorian Kettleby admitted the "
        "slavery charge after a man was exploited on his farm for years.",
        {"Dorian Kettleby": "sentenced"},
    ),
    (
        "Former County Clerk Sentenced To 11 Years For Sex Trafficking\n\nA federal judge "
        "sentenced a former county clerk to 11 years in prison on Thursday for sex trafficking "
        "a 17-year-old. Mara Quillon, a former Lake County clerk, was accused of several crimes, "
        "including fraud.",
        {"Mara Quillon": "sentenced"},
    ),
    (
        "Trafficker spared jail\n\nJohn Marrow was given a suspended sentence for modern slavery "
        "offences at Leeds Crown Court.",
        {"John Marrow": "sentenced"},
    ),
    (
        "Gang leader jailed\n\nThe judge gave Ali Darrow ten years for trafficking women into "
        "prostitution.",
        {"Ali Darrow": "sentenced"},
    ),
    # a chance is not a sentence
    (
        "Court case\n\nPolice said Ali Darrow was given the chance to surrender before he was "
        "charged with trafficking women.",
        {"Ali Darrow": "charged"},
    ),
    # a description two people share is neither's
    (
        "Two nurses charged with trafficking\n\nAnn Foley, a nurse, and Beth Marr, a nurse, "
        "were charged with trafficking women into domestic servitude. A nurse was later jailed "
        "in another case.",
        {"Ann Foley": "charged", "Beth Marr": "charged"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_the_step_of_a_description(
    extractor: CaseExtractor, text: str, expected: dict[str, str]
) -> None:
    ex = extractor.extract_text(text, source="description", publication_country="GB")
    assert ex.is_case
    assert {p.name: p.status.value for p in ex.perpetrators} == expected


# A press release's headline has no stop and one line break before the body: read as one
# sentence with the first paragraph, its "Sentenced" and the body's verbs tangled the parse.
RELEASE = (
    "Fort Worth Man Sentenced for Sex Trafficking and Related Federal Charges\nWASHINGTON "
    "Marcus Dorrance, 36, of Fort Worth, Texas, was sentenced this morning by U.S. District "
    "Judge Ann Bell to 30 years in prison. In March, Dorrance pleaded guilty to one count of "
    "sex trafficking by force, fraud or coercion."
)


def test_a_headline_ends_at_its_line_before_a_paragraph(extractor: CaseExtractor) -> None:
    doc = extractor.analyse(RELEASE, "US")
    first = next(iter(doc.sents))
    assert first.text.strip().endswith("Related Federal Charges")
    ex = extractor.extract_text(RELEASE, source="release", publication_country="US")
    assert {p.name: p.status.value for p in ex.perpetrators} == {"Marcus Dorrance": "sentenced"}


def test_a_headline_before_a_menu_line_is_left_as_it_was(extractor: CaseExtractor) -> None:
    # a short line after the headline (a menu item, a byline) is not a paragraph: no break
    text = "MAN CHARGED WITH TRAFFICKING A GIRL\nScroll to top\nA man was charged on Monday."
    doc = extractor.analyse(text, "US")
    starts = [t.idx for t in doc if t.is_sent_start]
    assert text.index("Scroll") not in starts
