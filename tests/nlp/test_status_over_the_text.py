"""The furthest stage each accused reached, read over the whole text (issue 12, rules-2025.12.7):
a step reported for the accused as a group, a step to come that is not yet taken, the one an
order binds, a charge stated with the arrest, a step in a clause after "after being". Texts
written for these tests in the style of press releases and news feeds; the real English model.
"""

from __future__ import annotations

import pytest

from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import LegalStatus


def _statuses(extractor: CaseExtractor, text: str) -> dict[str, LegalStatus]:
    ex = extractor.extract_text(text, source="t", language="en", publication_country="US")
    assert ex.is_case, text
    return {p.name: p.status for p in ex.perpetrators}


@pytest.mark.parametrize(
    "clause",
    [
        "were arrested at a motel on Friday over human trafficking charges",
        "were detained on charges of human trafficking and rape",
    ],
)
def test_an_arrest_on_charges_reports_the_charge(extractor: CaseExtractor, clause: str) -> None:
    text = (
        "Two men arrested in trafficking case\n\n"
        f"Dorian Pellham and Marcus Threlkeld {clause}, police said. A 16-year-old girl was "
        "taken to a shelter."
    )
    assert _statuses(extractor, text) == {
        "Dorian Pellham": LegalStatus.CHARGED,
        "Marcus Threlkeld": LegalStatus.CHARGED,
    }


def test_an_arrest_on_a_warrant_stays_an_arrest(extractor: CaseExtractor) -> None:
    text = (
        "Man arrested in trafficking investigation\n\n"
        "Dorian Pellham was arrested on a warrant on Friday in a human trafficking "
        "investigation, police said."
    )
    assert _statuses(extractor, text) == {"Dorian Pellham": LegalStatus.ARRESTED}


def test_a_sentence_still_to_come_is_not_taken(extractor: CaseExtractor) -> None:
    text = (
        "Three plead guilty in sex trafficking ring\n\n"
        "Ronald Beckwith, 34, was sentenced today to 12 years in prison for sex trafficking of "
        "a child. Two co-defendants, Kemal Ostrander, 29, and Lydia Farrow, 22, are scheduled "
        "to be sentenced in September. Ostrander pleaded guilty in June to conspiracy and sex "
        "trafficking of a child. Farrow pleaded guilty in June to conspiracy."
    )
    assert _statuses(extractor, text) == {
        "Ronald Beckwith": LegalStatus.SENTENCED,
        "Kemal Ostrander": LegalStatus.CONVICTED,
        "Lydia Farrow": LegalStatus.CONVICTED,
    }


def test_a_present_tense_when_clause_is_a_step_to_come(extractor: CaseExtractor) -> None:
    text = (
        "Two plead guilty to alien smuggling\n\n"
        "Michael Dunn, 37, and Robert Hayes, 41, pleaded guilty to conspiracy to "
        "smuggle aliens for profit. They face a maximum of ten years in prison for the "
        "conspiracy, and two years for each identity theft count when they are sentenced on "
        "April 28."
    )
    assert _statuses(extractor, text) == {
        "Michael Dunn": LegalStatus.CONVICTED,
        "Robert Hayes": LegalStatus.CONVICTED,
    }


def test_presumed_innocent_until_convicted_is_no_conviction(extractor: CaseExtractor) -> None:
    text = (
        "Couple indicted for forced labour\n\n"
        "Richard Coleman and Linda Coleman were indicted today on forced labour charges. The "
        "charges in the indictment are merely accusations and all defendants are presumed "
        "innocent until convicted in a court of law. If convicted, the defendants each face "
        "up to 20 years in prison."
    )
    assert _statuses(extractor, text) == {
        "Richard Coleman": LegalStatus.CHARGED,
        "Linda Coleman": LegalStatus.CHARGED,
    }


@pytest.mark.parametrize(
    "second",
    [
        "Sentencing hearings for the defendants have not yet been set.",
        "The sentencing of the defendants is set for May.",
    ],
)
def test_a_sentencing_hearing_is_a_conviction(extractor: CaseExtractor, second: str) -> None:
    text = (
        "Two plead guilty to sex trafficking\n\n"
        "Michael Dunn and Robert Hayes pleaded guilty today to sex trafficking. "
        f"{second}"
    )
    assert _statuses(extractor, text) == {
        "Michael Dunn": LegalStatus.CONVICTED,
        "Robert Hayes": LegalStatus.CONVICTED,
    }


def test_the_one_an_order_binds_is_sentenced_not_the_judge(extractor: CaseExtractor) -> None:
    text = (
        "Three men in alien smuggling ring face the judge\n\n"
        "U.S. District Judge Ellen Marchetti ordered Jose Ramirez, 52, "
        "Carlos Mendoza, 60, and Maria Lopez, 53, to serve three years of supervised release "
        "following 23 months in prison. The defendants pleaded guilty in September to "
        "conspiracy to smuggle aliens for profit."
    )
    people = _statuses(extractor, text)
    assert people == {
        "Jose Ramirez": LegalStatus.SENTENCED,
        "Carlos Mendoza": LegalStatus.SENTENCED,
        "Maria Lopez": LegalStatus.SENTENCED,
    }


def test_a_modal_on_the_governing_verb_takes_no_step(extractor: CaseExtractor) -> None:
    """Victims told they "could have them arrested and jailed", "should be allowed to get on
    with her life": hypotheticals give no one a step."""
    text = (
        "Bar owner convicted of sex trafficking\n\n"
        "Jolene Varick, 51, was convicted today of sex trafficking by a federal jury. Varick "
        "told the women that she could have them arrested and jailed if they left. The court "
        "said Varick's niece Darla Quent should be allowed to get on with her life."
    )
    assert _statuses(extractor, text) == {"Jolene Varick": LegalStatus.CONVICTED}


def test_a_step_after_being_is_taken(extractor: CaseExtractor) -> None:
    text = (
        "Police officer arrested in child sex trafficking sting\n\n"
        "Riverside police officer Calvin Dupree was arrested during a child sex trafficking "
        "sting. He was fired after being charged with online solicitation of a minor."
    )
    assert _statuses(extractor, text) == {"Calvin Dupree": LegalStatus.CHARGED}


def test_the_groups_step_that_no_one_has_alone_is_everyones(extractor: CaseExtractor) -> None:
    text = (
        "Three foreign nationals each sentenced for alien smuggling\n\n"
        "Three foreign nationals each were sentenced today to 23 months in prison for their "
        "roles in a conspiracy to smuggle aliens for profit. According to court documents, "
        "Jose Ramirez, Carlos Mendoza and Maria Lopez admitted that they operated a ring "
        "that smuggled aliens into the United States for profit."
    )
    assert _statuses(extractor, text) == {
        "Jose Ramirez": LegalStatus.SENTENCED,
        "Carlos Mendoza": LegalStatus.SENTENCED,
        "Maria Lopez": LegalStatus.SENTENCED,
    }


@pytest.mark.parametrize(
    "group",
    [
        "Thirteen others charged in the investigation have pleaded guilty",
        "Five defendants have pleaded guilty",
    ],
)
def test_another_groups_step_is_not_theirs(extractor: CaseExtractor, group: str) -> None:
    text = (
        "Couple charged with forced labour\n\n"
        "Richard Coleman and Linda Coleman were charged today with forced labour of "
        f"a domestic worker. {group} and await sentencing."
    )
    assert _statuses(extractor, text) == {
        "Richard Coleman": LegalStatus.CHARGED,
        "Linda Coleman": LegalStatus.CHARGED,
    }


def test_leaving_prison_after_serving_a_term_is_sentenced(extractor: CaseExtractor) -> None:
    text = (
        "Reality star released early from prison\n\n"
        "Lena Marsh left prison on Monday after serving part of her term. The television "
        "personality pleaded guilty in 2019 for her role in a sex-trafficking case."
    )
    assert _statuses(extractor, text) == {"Lena Marsh": LegalStatus.SENTENCED}


@pytest.mark.parametrize(
    ("wording", "status"),
    [
        ("is in a Brooklyn jail awaiting trial on sex trafficking charges", LegalStatus.CHARGED),
        ("is in a Brooklyn jail awaiting sentencing for sex trafficking", LegalStatus.CONVICTED),
    ],
)
def test_awaiting_a_step_reports_the_one_before(
    extractor: CaseExtractor, wording: str, status: LegalStatus
) -> None:
    text = (
        "Michael Dunn's jail conditions criticised by his lawyer\n\n"
        f"The former nightclub owner {wording}."
    )
    assert _statuses(extractor, text) == {"Michael Dunn": status}


def test_among_the_accused_is_accused(extractor: CaseExtractor) -> None:
    text = (
        "Former football player among 8 arrested on human trafficking charges\n\n"
        "Eric Johnson, who played six seasons in the league, was among eight gang members "
        "being accused by the county of human trafficking and other gang-related charges."
    )
    assert _statuses(extractor, text) == {"Eric Johnson": LegalStatus.CHARGED}
