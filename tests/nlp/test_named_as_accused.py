"""A case that names its accused (found on the corpus train split, rules-2025.12.13), with
made-up names and texts:

- "X was named as an accused in the FIR", "nominated as a co-accused": the case is against X,
  who is charged; "named as a suspect" is a step only when a case names them;
- "The case, registered by the agency, names X as the prime accused, along with A and B, and
  C": the parse often takes "names" for a noun, so the list is read from the text, and a
  place made an adjective ("Dubai-based A") is not part of the name;
- "infant smuggling", "child smuggling" are trafficking wording for the case decision;
- a step in the complement of a verb of intent is still to come ("has agreed to receive a
  sentence", "is expected to be charged");
- "Two other defendants - A and B - were cleared" is a verdict ("cleared to travel",
  "cleared by doctors" are not);
- what victims suffered ("defaming the victims of sexual slavery") is no charge.
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


def test_named_as_a_suspect_by_police_is_no_step(extractor: CaseExtractor) -> None:
    doc = extractor.analyse(
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


def test_a_step_a_verb_of_intent_governs_is_not_taken(extractor: CaseExtractor) -> None:
    text = (
        "Dover woman admits sex trafficking\n\n"
        "Linda Marsh, 55, of Dover, pleaded guilty today to sex trafficking of three women. "
        "Marsh has agreed to receive a sentence of 30 years in prison. Her partner Tom Reed "
        "is expected to be charged with human trafficking next week."
    )
    got = _statuses(extractor, text, country="US")
    assert got.get("Linda Marsh") == "convicted"
    assert "Tom Reed" not in got


def test_defendants_who_were_cleared_are_acquitted(extractor: CaseExtractor) -> None:
    text = (
        "Seven guilty in child prostitution ring\n\n"
        "Seven men were found guilty at the Old Bailey last month of conspiracy to rape, child "
        "prostitution and trafficking. Last month, Tariq Baig, 32, and Omar Baig, 31, were "
        "convicted with Yusuf Malik, 27. They will be sentenced on June 26. Two other "
        "defendants - Imran Qadir, 25, and a man who cannot be named for legal reasons - were "
        "cleared."
    )
    got = _statuses(extractor, text, country="GB")
    assert got["Imran Qadir"] == "acquitted"
    assert got["Tariq Baig"] == got["Yusuf Malik"] == "convicted"


def test_cleared_to_travel_or_by_doctors_is_no_verdict(extractor: CaseExtractor) -> None:
    doc = extractor.analyse(
        "Salma Rao, charged with human trafficking, was cleared to travel to Dubai. Amir Rao "
        "was cleared by doctors. Nasir Rao was cleared by a jury.",
        publication_country="IN",
    )
    got = {p.name: p.status.value if p.status else None for p in doc._.people}
    assert got["Salma Rao"] == "charged"
    assert got["Amir Rao"] is None
    assert got["Nasir Rao"] == "acquitted"


def test_what_victims_suffered_is_no_charge(extractor: CaseExtractor) -> None:
    text = (
        "Scholar acquitted of defaming former sex slaves\n\n"
        "A court on Thursday cleared a scholar of charges of defaming the victims of sexual "
        "slavery in a book published in 2013, a case that drew protests."
    )
    doc = extractor.analyse(text, publication_country="KR")
    assert [c.text for c in doc._.charges] == []
