"""Held by the authorities is a legal step: "remains in custody", "held in detention", "taken
into custody" make the person arrested (charged when held on charges); protective custody is
where rescued people go, and gives no step. Made-up names and texts."""

from __future__ import annotations

import pytest

from tipwatch.nlp.extractor import CaseExtractor


def _statuses(extractor: CaseExtractor, text: str) -> dict[str, str]:
    e = extractor.extract_text(text, source="t", language="en", publication_country="KE")
    return {p.name: p.status.value for p in e.perpetrators}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Businessman remains in custody\n\nJames Kamau Wekesa remains in custody on human "
            "trafficking charges, police said on Tuesday.",
            "charged",
        ),
        (
            "Businessman held\n\nJames Kamau Wekesa was held in pre-trial detention as part of "
            "a human trafficking probe, prosecutors said.",
            "arrested",
        ),
        (
            "Suspect held\n\nDetectives took James Kamau Wekesa into custody on Monday in a "
            "human trafficking investigation.",
            "arrested",
        ),
    ],
)
def test_held_in_custody_is_a_step(extractor: CaseExtractor, text: str, expected: str) -> None:
    assert _statuses(extractor, text) == {"James Kamau Wekesa": expected}


def test_protective_custody_is_no_step(extractor: CaseExtractor) -> None:
    text = (
        "Girls rescued in raid\n\nPolice raided the house and two girls, Mary Wanjiru Muthoni "
        "and Grace Akinyi Njeri, were taken into protective custody. The owner, James Kamau "
        "Wekesa, was charged with human trafficking."
    )
    assert _statuses(extractor, text) == {"James Kamau Wekesa": "charged"}


def test_both_of_a_pair_held_and_a_further_step_wins(extractor: CaseExtractor) -> None:
    pair = (
        "Two held\n\nJames Kamau Wekesa and Peter Otieno Mwangi were taken into custody on "
        "Monday in a human trafficking probe."
    )
    assert _statuses(extractor, pair) == {
        "James Kamau Wekesa": "arrested",
        "Peter Otieno Mwangi": "arrested",
    }
    # custody is the first step: the text's further one for the same person is theirs
    later = (
        "Trafficker sentenced\n\nJames Kamau Wekesa was sentenced to 12 years in prison for "
        "human trafficking on Friday. He had remained in custody since his arrest in 2021."
    )
    assert _statuses(extractor, later) == {"James Kamau Wekesa": "sentenced"}


def test_a_pronoun_after_the_appellant_is_not_the_witness_named_last(
    extractor: CaseExtractor,
) -> None:
    """Court style: a witness is named last, then "convicted appellant ... and sentenced him";
    "him" is the appellant. A victim the court names by a code ("AAA ... she fled from her
    employer") is no fugitive, and neither is the person named before her pronoun."""
    text = (
        "PEOPLE v. RONALDO BALTAZAR MERCADO\n\nAccused-appellant Ronaldo Baltazar Mercado was "
        "charged with qualified trafficking in persons. AAA testified that at the invitation of "
        "one Lorna Villanueva Santos she came to Manila to work as a cook. She fled from her "
        "employer after a week. She asked for help from one Dennis Aquino Reyes, a security "
        "guard, who brought her to the police.\n\nThe trial court convicted appellant of the "
        "charge and sentenced him to life imprisonment."
    )
    statuses = _statuses(extractor, text)
    assert statuses.get("Ronaldo Baltazar Mercado") == "sentenced"
    assert "Dennis Aquino Reyes" not in statuses
    assert "Lorna Villanueva Santos" not in statuses
