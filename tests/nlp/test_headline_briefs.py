"""Feed entries and briefs (issue 12): a headline and a sentence or two. The headline is case
evidence, a brief is scored by the brief model, and a headline's "X found guilty" (its
auxiliary dropped) gives X the verdict. Texts written for these tests in the style of news
feeds; the real English model."""

from __future__ import annotations

import pytest

from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import LegalStatus


def _statuses(extractor: CaseExtractor, text: str) -> tuple[bool, dict[str, LegalStatus]]:
    ex = extractor.extract_text(text, source="t", language="en", publication_country="US")
    return ex.is_case, {p.name: p.status for p in ex.perpetrators}


@pytest.mark.parametrize(
    ("headline", "status"),
    [
        ("Dale Whitcombe found guilty in sex trafficking trial", LegalStatus.CONVICTED),
        ("Dale Whitcombe found not guilty of sex trafficking", LegalStatus.ACQUITTED),
    ],
)
def test_a_headline_verdict_is_the_named_persons(
    extractor: CaseExtractor, headline: str, status: LegalStatus
) -> None:
    text = (
        f"{headline}\n\nThe former nightclub owner was accused of recruiting women with "
        "promises of work and forcing them into prostitution."
    )
    is_case, people = _statuses(extractor, text)
    assert is_case
    assert people == {"Dale Whitcombe": status}


def test_a_jury_finding_someone_guilty_still_convicts_the_object(
    extractor: CaseExtractor,
) -> None:
    text = (
        "Jury returns verdict in trafficking case\n\nA federal jury found Dale Whitcombe guilty "
        "on Tuesday of sex trafficking and forced labor after a two-week trial in Tampa."
    )
    is_case, people = _statuses(extractor, text)
    assert is_case and people.get("Dale Whitcombe") is LegalStatus.CONVICTED
    assert "Jury" not in " ".join(people)


def test_a_brief_whose_body_does_not_repeat_the_trafficking_term_is_a_case(
    extractor: CaseExtractor,
) -> None:
    text = (
        "Two men charged over human trafficking ring in Leeds\n\nThe pair will appear before "
        "magistrates on Monday, police said."
    )
    ex = extractor.extract_text(text, source="t", language="en", publication_country="GB")
    assert ex.is_case


def test_a_brief_about_drug_trafficking_is_no_case(extractor: CaseExtractor) -> None:
    text = (
        "Two men charged over drug trafficking ring in Leeds\n\nThe pair will appear before "
        "magistrates on Monday, police said, after cocaine worth 2 million pounds was seized."
    )
    ex = extractor.extract_text(text, source="t", language="en", publication_country="GB")
    assert not ex.is_case


def test_a_brief_names_the_country_once_and_that_is_the_jurisdiction(
    extractor: CaseExtractor,
) -> None:
    """One mention of a country in the sentence that reports the step outweighs the outlet's
    country; named only as the accused's nationality, it does not."""
    text = (
        "Two foreigners charged with trafficking children\n\nPolice in Zambia have charged two "
        "men with trafficking children to work on farms, officials said."
    )
    ex = extractor.extract_text(text, source="t", language="en", publication_country="US")
    assert ex.is_case and ex.jurisdiction is not None and ex.jurisdiction.country == "ZM"
    text = (
        "Man charged with trafficking children\n\nPolice have charged a Zambian national with "
        "trafficking children to work on farms near Houston, officials said."
    )
    ex = extractor.extract_text(text, source="t", language="en", publication_country="US")
    assert ex.is_case and ex.jurisdiction is not None and ex.jurisdiction.country == "US"


def test_cattle_smugglers_are_no_case(extractor: CaseExtractor) -> None:
    text = (
        "Border force: three cattle smugglers arrested\n\n"
        "Border troops rescued 132 cattle and apprehended three nationals at the international "
        "border on Tuesday. The cattle were meant to be smuggled across the border. The "
        "apprehended individuals were handed over to the police."
    )
    is_case, _people = _statuses(extractor, text)
    assert not is_case
