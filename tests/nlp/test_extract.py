from __future__ import annotations

from tipwatch.nlp.components.charges import find_charges
from tipwatch.nlp.extractor import EXTRACTOR_VERSION, CaseExtractor
from tipwatch.nlp.lang.en import ENGLISH
from tipwatch.records import ChargeCategory, LegalStatus

MUMBAI = (
    "Police in Mumbai arrested Ramesh Kumar, 45, on charges of human trafficking after "
    "rescuing three women from a flat in Andheri. Officers said the women had been lured "
    "with promises of jobs and forced into prostitution."
)


def test_known_sentence_mumbai(extractor: CaseExtractor) -> None:
    ex = extractor.extract_text(MUMBAI, source="t", language="en", publication_country="IN")
    assert ex.is_case
    assert [(p.name, p.status) for p in ex.perpetrators] == [("Ramesh Kumar", LegalStatus.CHARGED)]
    assert ex.perpetrators[0].age == 45
    assert ex.jurisdiction.country == "IN"
    assert ex.jurisdiction.admin1 == "Maharashtra"
    assert ex.jurisdiction.city == "Mumbai"
    assert ex.extractor_version == EXTRACTOR_VERSION


def test_victim_canary_never_in_output(extractor: CaseExtractor) -> None:
    text = (
        "LONDON - Daniel Okafor, 38, was jailed for nine years at Snaresbrook Crown Court on "
        "Friday for trafficking women for sexual exploitation. His victim, Zuleika Marchetti, "
        "told the court she had been forced to work in a brothel. Another victim, "
        "Parveen Ashdown, 19, was rescued by officers. Detective Sergeant Alan Brimble said "
        "Okafor had preyed on vulnerable women."
    )
    ex = extractor.extract_text(text, source="t", language="en", publication_country="GB")
    dumped = str(ex.to_cli_json())
    for canary in ("Zuleika", "Marchetti", "Parveen", "Ashdown", "Brimble"):
        assert canary not in dumped
    assert [p.name for p in ex.perpetrators] == ["Daniel Okafor"]
    assert ex.perpetrators[0].status is LegalStatus.SENTENCED
    assert ex.jurisdiction.country == "GB"


def test_drug_trafficking_is_not_a_case(extractor: CaseExtractor) -> None:
    text = (
        "Police in Colombo arrested Nimal Perera, 34, for drug trafficking after seizing two "
        "kilograms of heroin at his home. He was remanded until next week on drug trafficking "
        "charges, police said."
    )
    ex = extractor.extract_text(text, source="t", language="en", publication_country="LK")
    assert not ex.is_case
    assert ex.perpetrators == []


# A prosecutor's release about a drug ring: the trade sits inside the charge wording ("Charged
# With Operating Heroin Trafficking Ring") and the body calls a defendant "a major trafficker".
DRUG_RELEASE = (
    "Seven Defendants Charged With Operating Cocaine Trafficking Ring\n\n"
    "FOR IMMEDIATE RELEASE\n\n"
    "Seven defendants have been charged with operating a cocaine trafficking ring that sold "
    "drugs in three counties, the District Attorney announced today. They are variously charged "
    "in a 120-count indictment with conspiracy and criminal sale of a controlled substance. "
    "The alleged leader, Darnell Whitfield, 44, is additionally charged with operating as a "
    "major trafficker. The defendants were arraigned on Monday and face up to life in prison if "
    "convicted. A search warrant executed at a stash house used by the ring recovered two "
    "kilograms of cocaine and a loaded handgun."
)


def test_a_drug_ring_release_is_not_a_case(extractor: CaseExtractor) -> None:
    ex = extractor.extract_text(DRUG_RELEASE, source="t", language="en", publication_country="US")
    assert not ex.is_case
    assert not ex.charges


def test_the_trade_inside_the_charge_wording_is_no_trafficking_charge() -> None:
    text = (
        "Marcus Bell, 39, was charged with running heroin trafficking operations across "
        "Brooklyn and Queens, prosecutors said on Monday."
    )
    hits = find_charges(ENGLISH, text)
    assert [h.category for h in hits if h.category is not ChargeCategory.OTHER] == []
    # the same wording with people in it is a charge
    people = text.replace("heroin trafficking operations", "sex trafficking operations")
    assert find_charges(ENGLISH, people)


def test_status_is_furthest_stage(extractor: CaseExtractor) -> None:
    text = (
        "Marcus Delaney was arrested in March 2021 and charged with human trafficking. "
        "A jury later found Delaney guilty of sex trafficking of a minor, and on Tuesday he "
        "was sentenced to 20 years in federal prison."
    )
    ex = extractor.extract_text(text, source="t", language="en", publication_country="US")
    assert ex.is_case
    assert [(p.name, p.status) for p in ex.perpetrators] == [
        ("Marcus Delaney", LegalStatus.SENTENCED)
    ]
    cats = {c.category for c in ex.charges}
    assert ChargeCategory.CHILD_TRAFFICKING in cats


def test_mixed_verdict_is_convicted(extractor: CaseExtractor) -> None:
    # "cleared of one count but convicted of another": the parser hangs the second participle on
    # the first count's gerund; the person is convicted, the co-defendant cleared of all stays
    # acquitted.
    text = (
        "Five men were tried at Leeds Crown Court for trafficking girls for sexual exploitation. "
        "Darren Whitlock was cleared of raping one girl but convicted of trafficking two others "
        "for sexual exploitation. Lewis Ambler, 25, was cleared of all charges."
    )
    ex = extractor.extract_text(text, source="t", language="en", publication_country="GB")
    assert {p.name: p.status for p in ex.perpetrators}.get("Darren Whitlock") == (
        LegalStatus.CONVICTED
    )
    assert {p.name: p.status for p in ex.perpetrators}.get("Lewis Ambler") in {
        None,
        LegalStatus.ACQUITTED,
    }


def test_step_on_the_apposition_is_the_persons(extractor: CaseExtractor) -> None:
    # "X, the pastor facing trafficking charges": the participle hangs on X's apposition.
    text = (
        "Renato Villaflor, the pastor facing human trafficking charges, was seen in Davao on "
        "Monday, police said. Officers have not found him since."
    )
    ex = extractor.extract_text(text, source="t", language="en", publication_country="PH")
    assert [(p.name, p.status) for p in ex.perpetrators] == [
        ("Renato Villaflor", LegalStatus.CHARGED)
    ]


def test_evidence_offsets_slice_the_text(extractor: CaseExtractor) -> None:
    ex = extractor.extract_text(MUMBAI, source="t", language="en", publication_country="IN")
    assert ex.perpetrators and ex.charges
    spans = ex.perpetrators[0].evidence
    assert any(MUMBAI[s:e] == "Ramesh Kumar" for s, e in spans)
    for charge in ex.charges:
        s, e = charge.evidence[0]
        assert MUMBAI[s:e] == charge.text


def test_other_language_is_skipped(extractor: CaseExtractor) -> None:
    ex = extractor.extract_text(
        "Die Polizei hat einen Mann festgenommen.", source="t", language="de"
    )
    assert ex.skipped == "unsupported_language"
    assert not ex.is_case
