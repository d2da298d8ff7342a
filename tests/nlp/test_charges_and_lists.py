"""Charge categories from the charge wording (not boilerplate), co-defendant lists, contact lines,
and victim appositions. All names and places are fictional."""

from __future__ import annotations

from tipwatch.nlp.components.charges import find_charges, select_charges
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.lang.en import ENGLISH
from tipwatch.records import ChargeCategory as C
from tipwatch.records import LegalStatus


def _categories(text: str) -> set[C]:
    return {h.category for h in select_charges(find_charges(ENGLISH, text))} - {C.OTHER}


def test_definitions_paragraph_does_not_add_categories() -> None:
    text = (
        "RIVERTON - Two men were convicted today of pandering and human trafficking. Dorian "
        "Vale, 31, pleaded guilty to one felony count of human trafficking and pandering.\n"
        "Under the law, human trafficking is described as depriving a person of liberty. "
        "Coercion includes debt bondage. Forced labor or services means labor obtained "
        "through force. The unit works on the trafficking of a minor by force.\n"
    )
    assert _categories(text) == {C.SEX_TRAFFICKING}


def test_child_only_when_the_charge_names_a_minor() -> None:
    headline = "MAN CHARGED WITH HUMAN TRAFFICKING OF A 15-YEAR-OLD GIRL\n"
    body = (
        "Corvin Ashby, 34, is charged with one felony count each of pimping a minor and "
        "human trafficking.\n"
    )
    assert _categories(headline + body) == {C.SEX_TRAFFICKING}
    listed = (
        "Charged on May 2 with the following felony counts:\n"
        "(2) Human trafficking of a minor\n"
        "Human trafficking\n"
        "Pimping\n"
        "Sentencing Enhancement\n"
        "Trafficking by force/fear\n"
    )
    assert _categories(listed) == {C.CHILD_TRAFFICKING, C.SEX_TRAFFICKING}


def test_no_guess_without_context() -> None:
    text = "Police arrested Tobin Marsh, 40, on charges of human trafficking on Monday."
    assert _categories(text) == set()


def test_bare_trafficking_in_a_list_of_offences() -> None:
    text = (
        "Seven men were found guilty at Eastgate Crown Court of offences including conspiracy "
        "to rape, child prostitution and trafficking over an eight-year period."
    )
    assert _categories(text) == {C.SEX_TRAFFICKING}


def test_others_charged_include_list(extractor: CaseExtractor) -> None:
    text = (
        "Police charged eleven suspects with human trafficking and conspiracy after raids in "
        "Harlow on Tuesday. Others charged include Brennick Toll, Osric Fane, and Lowell "
        "Pryce. They will appear at Harlow Magistrates' Court on Friday."
    )
    ex = extractor.extract_text(text, source="t", language="en", publication_country="GB")
    assert ex.is_case
    got = {(p.name, p.status) for p in ex.perpetrators}
    assert {
        ("Brennick Toll", LegalStatus.CHARGED),
        ("Osric Fane", LegalStatus.CHARGED),
        ("Lowell Pryce", LegalStatus.CHARGED),
    } <= got


def test_future_sentencing_is_not_sentenced(extractor: CaseExtractor) -> None:
    text = (
        "Marlo Quint, 44, was found guilty of human trafficking for sexual exploitation at "
        "Dunmore Crown Court on Monday. He will be sentenced on June 26."
    )
    ex = extractor.extract_text(text, source="t", language="en", publication_country="GB")
    assert [(p.name, p.status) for p in ex.perpetrators] == [("Marlo Quint", LegalStatus.CONVICTED)]


def test_media_contact_is_not_a_perpetrator(extractor: CaseExtractor) -> None:
    text = (
        "CANBERRA - Fenwick Daly, 52, was charged with people smuggling offences after a boat "
        "carrying 40 passengers was intercepted, the Australian Federal Police said.\n\n"
        "Media inquiries: Rowan Hesketh (02) 6277 7260\n"
    )
    ex = extractor.extract_text(text, source="t", language="en", publication_country="AU")
    assert [p.name for p in ex.perpetrators] == ["Fenwick Daly"]


def test_fronted_victim_phrase_does_not_protect_the_accused(extractor: CaseExtractor) -> None:
    text = (
        "The District Attorney identified the defendant as Travers Penhall, 28, who was "
        "arraigned today on sex trafficking charges. The investigation revealed that in "
        "addition to the minor victim, Penhall allegedly promoted the prostitution of other "
        "women."
    )
    ex = extractor.extract_text(text, source="t", language="en", publication_country="US")
    assert [(p.name, p.status) for p in ex.perpetrators] == [
        ("Travers Penhall", LegalStatus.CHARGED)
    ]


def test_offences_around_trafficking_are_charges_of_their_kind() -> None:
    """Wording of migrant smuggling and of prostitution businesses that the lexicon once missed
    (fictional sentences)."""
    inducing = (
        "Marlo Fenwick, 41, was indicted on two counts of encouraging and inducing aliens to "
        "come to the United States."
    )
    assert _categories(inducing) == {C.MIGRANT_SMUGGLING}
    smuggle = "Prosecutors say Ilse Varga tried to smuggle 12 people across the border in a van."
    assert _categories(smuggle) == {C.MIGRANT_SMUGGLING}
    harbour = "Two employers were fined for harbouring 14 illegal immigrants at a factory hostel."
    assert _categories(harbour) == {C.MIGRANT_SMUGGLING}
    brothel = "The couple admitted keeping a brothel above a massage shop in Dunmore."
    assert _categories(brothel) == {C.SEX_TRAFFICKING}
    # a count of its own: "other", but found (so the text reaches the case decision)
    promoting = "Renner pleaded guilty to promoting prostitution in the third degree."
    found = select_charges(find_charges(ENGLISH, promoting))
    assert [h.category for h in found] == [C.OTHER]
    # goods are not people
    assert _categories("He was jailed for trying to smuggle 12 kilograms of gold.") == set()


def test_trafficking_charged_with_rape_is_sex_trafficking() -> None:
    # the kind not stated, the co-charged rape states it (the annotation guide's inference)
    text = (
        "A judge extended the arrest of the influencer, who was detained on charges of human "
        "trafficking and rape."
    )
    assert _categories(text) == {C.SEX_TRAFFICKING}
