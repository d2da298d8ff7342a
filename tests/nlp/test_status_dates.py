"""The status date taken from the text where the sentence giving the status states one (the real
spaCy model's DATE entities, resolved against the publication date), the publication date
otherwise; and the resolution rules themselves (`tipwatch.domain.status_date`)."""

from __future__ import annotations

from datetime import date

import pytest

from tipwatch.domain.status_date import DatePhrase, Relative, resolve
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.lang.en.dates import parse_date_phrase
from tipwatch.records import PerpetratorMention

# A Thursday.
PUBLISHED = date(2025, 3, 20)


def _person(extractor: CaseExtractor, text: str, name: str) -> PerpetratorMention:
    ext = extractor.extract_text(text, source="t", language="en", publish_date=PUBLISHED)
    assert ext.is_case, text
    found = [p for p in ext.perpetrators if p.name == name]
    assert found, [p.name for p in ext.perpetrators]
    return found[0]


@pytest.mark.parametrize(
    ("text", "name", "status", "expected", "phrase"),
    [
        (
            "Kwame Mensah was sentenced on Tuesday to 12 years in prison for trafficking girls "
            "from Ghana to Europe.",
            "Kwame Mensah",
            "sentenced",
            date(2025, 3, 18),
            "Tuesday",
        ),
        (
            "A court in Manila convicted Maria Santos of human trafficking on 12 January after a "
            "two-year trial.",
            "Maria Santos",
            "convicted",
            date(2025, 1, 12),
            "12 January",
        ),
        (
            # arrested on charges: the charge is reported with the arrest
            "Juan Cruz was arrested last week on human trafficking charges, police said.",
            "Juan Cruz",
            "charged",
            date(2025, 3, 10),
            "last week",
        ),
        (
            # a month and day after publication: the latest such day before it, last year
            "Ada Obi was sentenced on March 28 to five years for trafficking women to Italy.",
            "Ada Obi",
            "sentenced",
            date(2024, 3, 28),
            "March 28",
        ),
        (
            "Rahim Uddin was convicted in March 2024 of trafficking workers to Malaysia, the "
            "court heard.",
            "Rahim Uddin",
            "convicted",
            date(2024, 3, 1),
            "March 2024",
        ),
    ],
)
def test_the_status_date_stated_in_the_sentence(
    extractor: CaseExtractor, text: str, name: str, status: str, expected: date, phrase: str
) -> None:
    p = _person(extractor, text, name)
    assert p.status.value == status
    assert p.status_date == expected
    assert p.status_date_evidence is not None
    start, end = p.status_date_evidence
    assert text[start:end] == phrase


def test_no_date_in_the_status_sentence_keeps_the_publication_date(
    extractor: CaseExtractor,
) -> None:
    text = (
        "Police in Abuja charged Peter Okafor with human trafficking, the agency said. "
        "The raid took place on Monday."
    )
    p = _person(extractor, text, "Peter Okafor")
    assert p.status.value == "charged"
    # Monday is in another sentence: it dates the raid, not the charge
    assert (p.status_date, p.status_date_evidence) == (None, None)


def test_a_date_of_another_clause_does_not_date_the_status(extractor: CaseExtractor) -> None:
    text = "Ada Obi was arrested on Monday and charged with sex trafficking, police in Lagos said."
    p = _person(extractor, text, "Ada Obi")
    assert p.status.value == "charged"
    # Monday dates the arrest; the charge (the status) is undated
    assert p.status_date is None


def test_the_date_of_an_accusation_dates_the_conduct_not_the_step(
    extractor: CaseExtractor,
) -> None:
    # (without the rule, "In January 2025" would date the charge)
    text = (
        "In January 2025 Teantre Millrow, 24, is accused of human trafficking of a minor for "
        "commercial sex, the district attorney said. He faces up to 12 years in prison if "
        "convicted."
    )
    p = _person(extractor, text, "Teantre Millrow")
    assert p.status.value == "charged"
    assert p.status_date is None


def test_without_a_publication_date_nothing_is_resolved(extractor: CaseExtractor) -> None:
    text = "Kwame Mensah was sentenced on Tuesday to 12 years in prison for trafficking girls."
    ext = extractor.extract_text(text, source="t", language="en")
    assert [(p.name, p.status_date) for p in ext.perpetrators] == [("Kwame Mensah", None)]


# --- resolution rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Thursday", date(2025, 3, 20)),  # publication day itself
        ("last Thursday", date(2025, 3, 13)),
        ("Friday", date(2025, 3, 14)),
        ("yesterday", date(2025, 3, 19)),
        ("in March", date(2025, 3, 1)),
        ("in April", date(2024, 4, 1)),
        ("December 31", date(2024, 12, 31)),
        ("3rd of March", date(2025, 3, 3)),
        ("last month", date(2025, 2, 1)),
        ("2019", date(2019, 1, 1)),
        ("Tuesday, March 4, 2025", date(2025, 3, 4)),
    ],
)
def test_phrases_resolve_against_the_publication_date(words: str, expected: date) -> None:
    phrase = parse_date_phrase(words)
    assert phrase is not None, words
    assert resolve(phrase, PUBLISHED) == expected


@pytest.mark.parametrize("words", ["five years", "41-year-old", "recent weeks", "the 1990s", "3"])
def test_durations_and_vague_spans_are_no_date(words: str) -> None:
    assert parse_date_phrase(words) is None


def test_a_date_after_publication_or_not_in_the_calendar_is_none() -> None:
    assert resolve(DatePhrase(year=2025, month=4, day=2), PUBLISHED) is None
    assert resolve(DatePhrase(year=2025, month=2, day=30), PUBLISHED) is None
    assert resolve(DatePhrase(relative=Relative.TODAY), PUBLISHED) == PUBLISHED


def test_a_date_that_bounds_the_step_does_not_date_it(extractor: CaseExtractor) -> None:
    """ "remanded in police custody till March 26" is when custody ends, not when the step was:
    neither person's status is dated by it."""
    text = (
        "Police arrested Sunil Waghmare and Rekha Salunkhe on Tuesday night in a trafficking "
        "raid in Pune. Waghmare and Salunkhe were produced in court on Wednesday and remanded "
        "in police custody till March 26."
    )
    for name in ("Sunil Waghmare", "Rekha Salunkhe"):
        p = _person(extractor, text, name)
        assert p.status_date not in (date(2025, 3, 26), date(2024, 3, 26)), (name, p)
