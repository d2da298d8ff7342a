"""Kinds of error found on the corpus train and dev splits (rules-2025.12.12), each with
made-up names and texts:

- a relative named beside the accused shares the step they undergo together ("X and his
  brother Y will remain in custody"), and is then not masked as a victim's relative;
- a bid against one's own detention means being held ("X loses bid to end detention");
- a party's or an official's title the NER takes into the name is cut and read as the role
  ("Petitioners X", "Lawyer X");
- the front of an institution's or a law's name is no person ("<Name> College", "Expanded
  Anti-Trafficking in Persons Act"), nor is a law report's abbreviation in a citation;
- smuggling an infant or a child is trafficking wording for the case decision.
"""

from __future__ import annotations

from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.lang.en.case import HT_TERM


def _statuses(extractor: CaseExtractor, text: str, country: str = "KE") -> dict[str, str]:
    e = extractor.extract_text(text, source="t", language="en", publication_country=country)
    return {p.name: p.status.value for p in e.perpetrators}


def test_a_relative_beside_the_accused_shares_the_custody(extractor: CaseExtractor) -> None:
    text = (
        "Court extends detention of businessman and brother\n\n"
        "Businessman Oduya Kamande Wanjala and his brother Baraka will remain in police "
        "custody until March 3 after a court on Friday extended their detention in a human "
        "trafficking investigation."
    )
    got = _statuses(extractor, text)
    assert got == {"Oduya Kamande Wanjala": "arrested", "Baraka": "arrested"}


def test_a_victims_relative_is_still_masked(extractor: CaseExtractor) -> None:
    text = (
        "Trafficking suspect held\n\nOduya Kamande Wanjala remains in custody on human "
        "trafficking charges. The girl's mother, Achieng Nyambura Otieno, told the court her "
        "daughter was sold to a brothel."
    )
    e = extractor.extract_text(text, source="t", language="en", publication_country="KE")
    assert {p.name for p in e.perpetrators} == {"Oduya Kamande Wanjala"}


def test_a_bid_against_ones_detention_means_being_held(extractor: CaseExtractor) -> None:
    doc = extractor.analyse(
        "Oduya Kamande Wanjala loses bid to end detention in Kenya\n\nThe businessman "
        "remains under investigation in a human trafficking probe.",
        "KE",
    )
    assert {p.name: p.status and p.status.value for p in doc._.people} == {
        "Oduya Kamande Wanjala": "arrested"
    }


def test_protective_custody_is_never_contested_detention(extractor: CaseExtractor) -> None:
    text = (
        "Rescued girl\n\nAchieng Nyambura Otieno lost her bid to leave protective custody, "
        "after police rescued her from human traffickers in Mombasa."
    )
    assert _statuses(extractor, text) == {}


def test_a_party_title_glued_to_the_name_is_cut(extractor: CaseExtractor) -> None:
    text = (
        "The Decision\n\nPetitioners Rhoda Jamuad and Nikki Baluyot are found guilty of "
        "qualified trafficking in persons. They are each sentenced to life imprisonment."
    )
    got = _statuses(extractor, text, "PH")
    assert got == {"Rhoda Jamuad": "sentenced", "Nikki Baluyot": "sentenced"}


def test_a_lawyers_title_makes_the_lawyer_no_defendant(extractor: CaseExtractor) -> None:
    text = (
        "Pair charged in trafficking case\n\nHenrik Larsen and Mark Jensen were charged with "
        "human trafficking on Monday. Lawyer Daniel Harper said they were charged unfairly."
    )
    doc = extractor.analyse(text, "US")
    assert {p.name: p.role for p in doc._.people}["Daniel Harper"] == "lawyer"
    assert _statuses(extractor, text, "US") == {
        "Henrik Larsen": "charged",
        "Mark Jensen": "charged",
    }


def test_an_institution_or_a_law_named_by_the_words_is_no_person(
    extractor: CaseExtractor,
) -> None:
    text = (
        "Harwood Mills father sentenced to 40 years\n\n"
        "A man who trafficked students at Harwood Mills College for forced labor was "
        "sentenced to 40 years in prison. Prosecutors charged him under the Expanded "
        "Anti-Trafficking in Persons Act, and Expanded Anti-Trafficking was cited again."
    )
    got = _statuses(extractor, text, "US")
    assert "Harwood Mills" not in got
    assert "Expanded Anti-Trafficking" not in got


def test_a_law_report_abbreviation_is_no_person(extractor: CaseExtractor) -> None:
    text = (
        "Decision 925 Quil. 97\n\nThe accused Rowena Dimaculangan Salcedo was convicted of "
        "qualified trafficking in persons and sentenced to life imprisonment. See People v. "
        "Tolentino, 533 Quil. 703 (2006); 675 Quil. 126 (2011)."
    )
    got = _statuses(extractor, text, "PH")
    assert "Quil" not in got
    assert got.get("Rowena Dimaculangan Salcedo") == "sentenced"


def test_smuggling_an_infant_is_trafficking_wording() -> None:
    for text in (
        "an attempt to smuggle a nine-month-old infant to Maputo",
        "arrested for smuggling newborns across the border",
        "the gang smuggled children into the city",
    ):
        assert HT_TERM.search(text), text
    for text in ("smuggling gold bars across the border", "they smuggled cigarettes"):
        assert not HT_TERM.search(text), text
