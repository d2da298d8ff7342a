"""A case that names its accused (found on the corpus train split, rules-2025.12.13), with
made-up names and texts:

- "X was named as an accused in the FIR", "nominated as a co-accused": the case is against X,
  who is charged; "named as a suspect" is a step only when a case names them;
- "The case, registered by the agency, names X as the prime accused, along with A and B, and
  C": the parse often takes "names" for a noun, so the list is read from the text, and a
  place made an adjective ("Dubai-based A") is not part of the name;
- "infant smuggling", "child smuggling" are trafficking wording for the case decision.
"""

from __future__ import annotations

from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.lang.en.case import HT_TERM


def _statuses(extractor: CaseExtractor, text: str, country: str = "PK") -> dict[str, str]:
    e = extractor.extract_text(text, source="t", language="en", publication_country=country)
    return {p.name: p.status.value for p in e.perpetrators}


def test_named_as_an_accused_in_the_fir_is_charged(extractor: CaseExtractor) -> None:
    text = (
        "Two booked for selling girl to brothel\n\n"
        "Police arrested two men on Sunday for selling a girl to a brothel in Lahore, a human "
        "trafficking offence. Tariq Mehmood and Asif Raza were named as accused in the FIR "
        "registered at Saddar police station, and Naveed Akhtar was nominated as a co-accused."
    )
    got = _statuses(extractor, text)
    assert got == {"Tariq Mehmood": "charged", "Asif Raza": "charged", "Naveed Akhtar": "charged"}


def test_named_as_a_suspect_by_police_is_no_step() -> None:
    from tipwatch.nlp.extractor import CaseExtractor

    doc = CaseExtractor().analyse(
        "Rukhsana Bibi was named as a suspect by police in the human trafficking inquiry.",
        publication_country="PK",
    )
    assert [p.status for p in doc._.people if p.name == "Rukhsana Bibi"] == [None]


def test_a_case_that_names_its_prime_accused_along_with_others(extractor: CaseExtractor) -> None:
    text = (
        "Baby smuggling bid foiled at Lahore airport; three held\n\n"
        "The FIA arrested three suspects for their alleged involvement in an attempt to "
        "smuggle a six-month-old baby from Lahore to Oman, officials said on Monday.\n"
        "The case, registered by the FIA's Anti-Human Trafficking Circle, names Tariq Mehmood "
        "as the main accused, along with Dubai-based Naveed Akhtar and Asif Raza, and the fake "
        "mother Rukhsana and her brother Imran."
    )
    got = _statuses(extractor, text)
    assert got == {
        "Tariq Mehmood": "charged",
        "Naveed Akhtar": "charged",
        "Asif Raza": "charged",
        "Rukhsana": "charged",
        "Imran": "charged",
    }


def test_names_as_accused_needs_a_case_before_it(extractor: CaseExtractor) -> None:
    # no case noun is the namer: the frame reads nothing (a victim's account)
    text = (
        "Woman rescued from trafficking gang\n\n"
        "A trafficking victim rescued in Karachi on Monday, who names Tariq Mehmood as the main "
        "accused, told reporters she had been sold twice."
    )
    assert "Tariq Mehmood" not in _statuses(extractor, text)


def test_infant_and_child_smuggling_are_trafficking_wording() -> None:
    for text in ("Infant smuggling bid thwarted", "a child-smuggling ring", "baby smuggling"):
        assert HT_TERM.search(text), text
