"""Kinds of error found on the corpus train and dev splits (rules-2025.12.12), each with
made-up names and texts:

- a relative named beside the accused shares the step they undergo together ("X and his
  brother Y will remain in custody"), and is then not masked as a victim's relative;
- a bid against one's own detention means being held ("X loses bid to end detention");
- a party's or an official's title the NER takes into the name is cut and read as the role
  ("Petitioners X", "Lawyer X");
- the front of an institution's or a law's name is no person ("<Name> College", "Expanded
  Anti-Trafficking in Persons Act"), nor is a law report's abbreviation in a citation;
- smuggling an infant or a child is trafficking wording for the case decision, and so are
  being held in detention and "jails";
- a judgment's parties line ("Public Prosecutor — X") makes no prosecutor of the accused, and
  its "Label : value" header lines are no datelines;
- a hard-wrapped paragraph (text from a PDF) is prose, not a run of menu items.
"""

from __future__ import annotations

from tipwatch.nlp.components.zones import OTHER, PROSE, prose_line_mask
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.lang import for_language
from tipwatch.nlp.lang.en.case import CASE, HT_TERM


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
    assert set(_statuses(extractor, text)) == {"Oduya Kamande Wanjala"}


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


def test_being_held_is_an_event_for_the_case_decision() -> None:
    events = CASE.event_words
    for text in (
        "The influencer remains in detention as part of a human trafficking probe.",
        "A court on Friday extended their detention.",
        "Businessman loses bid to end detention",
        "Libya jails 38 over deaths in smuggling case",
        "Five get life in jail over a trafficking case",
    ):
        assert events.search(text), text
    for text in (
        "The girls were placed in protective custody.",
        "The detention centre holds 300 migrants.",
    ):
        assert not events.search(text), text


_JUDGMENT = """Public Prosecutor v Lim Wei Jie
[2021] SGDC 145
Case Number : DAC 912345/2019 and others
Decision Date : 12 July 2021
Tribunal/Court : District Court
Coram : Eddy Tham
Counsel Name(s) : Deputy Public Prosecutor Charlene Wong for the Public Prosecutor; Mr Ravi \
Chandran for the accused.
Parties : Public Prosecutor — Lim Wei Jie

District Judge Eddy Tham:
1 The accused, Lim Wei Jie, a 42-year-old Singaporean male, pleaded guilty to two charges \
under s 3(1) of the Prevention of Human Trafficking Act 2014 for trafficking two women for the \
purpose of sexual exploitation.
2 I sentenced the accused to an aggregate term of 54 months' imprisonment.
3 The accused was arrested on 3 March 2019 following a police raid.
"""


def test_a_judgments_parties_line_makes_no_prosecutor_of_the_accused(
    extractor: CaseExtractor,
) -> None:
    """ "Parties : Public Prosecutor — X": the parse puts X in apposition to the prosecutor's
    title, across the dash that separates the two sides; and the header's "Label : value"
    lines are no datelines ("Coram", a judgment's label, is also a town's name)."""
    e = extractor.extract_text(_JUDGMENT, source="t", language="en", publication_country="SG")
    assert [(p.name, p.status.value) for p in e.perpetrators] == [("Lim Wei Jie", "sentenced")]
    assert e.jurisdiction is not None and e.jurisdiction.country == "SG"


def test_a_hard_wrapped_paragraph_is_prose_and_a_menu_is_not() -> None:
    """Text from a PDF (a court order, an e-paper) is wrapped at a fixed width: each line is
    short and ends with no stop, and alone would read as a menu item. A run of such lines that
    break mid-sentence is a paragraph; a menu's items and a list of headlines are not."""
    support = for_language("en")
    assert support is not None
    rules = support.zones
    wrapped = (
        "According to the crime report, the agency received source\n"
        "information that a group of people were involved in human trafficking.\n"
        "They had established an illegal set-up and prepared counterfeit travel\n"
        "documents for various European countries. Acting on this tip-off, the\n"
        "inspector raided a house and apprehended the petitioner with fake\n"
        "passports and visa stickers.\n"
    )
    assert {z for _s, _e, z in prose_line_mask(rules, wrapped)} == {PROSE}
    menu = "Home\nNews\nSport\nBusiness\nContact us\n"
    assert {z for _s, _e, z in prose_line_mask(rules, menu)} == {OTHER}
    headlines = (
        "Two held over human trafficking racket in the capital\n"
        "Court grants bail to suspects in visa fraud case\n"
        "Minister launches awareness drive against child labour\n"
    )
    assert {z for _s, _e, z in prose_line_mask(rules, headlines)} == {OTHER}


def test_the_parties_of_cited_cases_are_no_people_of_this_one(extractor: CaseExtractor) -> None:
    """A judgment's reasons cite other cases ("Rahim Bakhsh v. The State (1991 SCMR 123)",
    "Gas Co. v. Benedict, 89 A.2d 379"): their parties are neither accused nor anyone here."""
    text = (
        _JUDGMENT
        + "4 The law on the point is settled: see Rahim Bakhsh Chandio v. The State (1991 SCMR "
        "123), Eastern Gas Co. v. Benedict, 89 A.2d 379, and Nurul Huda binte Osman v. Public "
        "Prosecutor [2019] 2 SLR 101. In Eastern Gas Co. v. Benedict, 89 A.2d 379, he was "
        "arrested and convicted.\n"
    )
    e = extractor.extract_text(text, source="t", language="en", publication_country="SG")
    assert [p.name for p in e.perpetrators] == ["Lim Wei Jie"]


def test_a_warrant_for_the_arrest_is_wanted_and_a_demand_is_no_step(
    extractor: CaseExtractor,
) -> None:
    """ "Pressure on Indonesia to charge X" and "X must be charged" ask for a step; "warrants
    for X's arrest" say X is sought, not held."""
    text = (
        "People smuggler must be charged\n\nThe government must increase its pressure on "
        "Indonesia to charge Kofi Mensah Adjei with people smuggling, a senator said. Police "
        "have issued warrants for Adjei's arrest in relation to people smuggling."
    )
    assert _statuses(extractor, text, "AU") == {"Kofi Mensah Adjei": "wanted"}


def test_released_from_prison_means_the_sentence_was_served(extractor: CaseExtractor) -> None:
    served = (
        "Actor freed\n\nActor Dana Whitfield was released early from prison on Monday. She "
        "pleaded guilty in 2019 to sex trafficking charges."
    )
    assert _statuses(extractor, served, "US") == {"Dana Whitfield": "sentenced"}
    bailed = (
        "Man freed on bail\n\nJohn Harlan Briggs was released from jail on bail after being "
        "charged with sex trafficking."
    )
    assert _statuses(extractor, bailed, "US") == {"John Harlan Briggs": "charged"}


def test_a_charged_person_at_large_is_wanted_until_caught(extractor: CaseExtractor) -> None:
    at_large = (
        "Founder on the run for 3 years, now on FBI's Ten Most Wanted list\n\n$100K reward "
        "for Michael Pratt, who was charged with sex trafficking in 2019."
    )
    assert _statuses(extractor, at_large, "US") == {"Michael Pratt": "wanted"}
    caught = (
        "Fugitive caught\n\nMichael Pratt, who was charged with sex trafficking in 2019 and "
        "spent years on the run, was arrested in Spain."
    )
    assert _statuses(extractor, caught, "US") == {"Michael Pratt": "charged"}


def test_a_headline_participle_tagged_as_past_tense_is_a_step_done_to_the_person(
    extractor: CaseExtractor,
) -> None:
    """ "X charged with rape, human trafficking, officials say": the small model tags the
    headline's participle as a past tense with X its subject; with no object, clause or
    auxiliary of its own it is a step done to X. An object makes it X's own act."""
    for headline, step in (
        ("Mihai Dragomir charged with rape, human trafficking, Romanian officials say", "charged"),
        ("Mihai Dragomir detained on human trafficking, rape charges for 30 days", "arrested"),
        ("Mihai Dragomir arrested in Romania over human trafficking, police say", "arrested"),
    ):
        doc = extractor.analyse(headline, "RO")
        assert {p.name: p.status and p.status.value for p in doc._.people} == {
            "Mihai Dragomir": step
        }, headline
    doc = extractor.analyse("Detective Mark Olsen arrested the suspect in a sex trafficking sting.")
    assert all(p.status is None for p in doc._.people)


def test_a_nickname_and_the_given_name_are_one_person(extractor: CaseExtractor) -> None:
    text = (
        "College trafficker Larry Hollins sentenced to 60 years for sex trafficking\n\n"
        "Convicted of heinous crimes, Lawrence Hollins was brought into the federal courtroom. "
        "Several of his victims were present for the hearing."
    )
    assert _statuses(extractor, text, "US") == {"Lawrence Hollins": "sentenced"}


def test_south_asian_police_and_court_steps_are_case_events() -> None:
    events = CASE.event_words
    for text in (
        "Based on the report, FIR No. 215/2024 dated 20.7.2024 was registered under sections 3 "
        "and 4 of the Prevention of Trafficking in Persons Act.",
        "A case has been registered against the agent under the Emigration Ordinance.",
        "The petitioner seeks post-arrest bail in the case.",
    ):
        assert events.search(text), text
    assert not events.search("The police station registered a rise in complaints last year.")


def test_a_caption_over_several_lines_names_the_accused(extractor: CaseExtractor) -> None:
    """ "X \\n Vs \\n The State and another": the party named first is the accused, even when
    the NER tags the name as an organisation and the caption's words are capitalised."""
    text = (
        "ORDER SHEET\nLAHORE HIGH COURT, LAHORE\nCrl. Misc. No.1234/B/2023\nFaraz Mehmood \n \n"
        "Vs \n \nThe State and another \n\nThrough this application, the petitioner seeks "
        "post-arrest bail in case FIR No.354/2023 registered at Police Station FIA, "
        "Gujranwala, for an offence under section 3 of the Prevention of Trafficking in Persons "
        "Act, 2018. The Complainant apprehended the petitioner with fake passports.\n"
    )
    doc = extractor.analyse(text, "PK")
    people = {p.name: p for p in doc._.people}
    assert "Faraz Mehmood" in people
    assert people["Faraz Mehmood"].accused_evidence


def test_a_photo_credit_and_a_state_abbreviation_are_no_people(extractor: CaseExtractor) -> None:
    credit = (
        "Two charged with sex trafficking\n\nPhoto Illustration by Adrien Fillon/NurPhoto via "
        "Getty Images. Police charged Henrik Larsen and Mark Jensen with sex trafficking."
    )
    assert set(_statuses(extractor, credit, "US")) == {"Henrik Larsen", "Mark Jensen"}
    headline = "N.H. Man and 6 Others Indicted for Alleged Involvement in Human Smuggling Ring"
    doc = extractor.analyse(headline, "US")
    assert [p.name for p in doc._.people] == []


def test_a_name_joined_by_y_is_one_person_with_the_fathers_family_name(
    extractor: CaseExtractor,
) -> None:
    """Spanish and Filipino names join the mother's family name with "y": "Ramon Dizon y
    Cruz" is one name, and "Dizon" alone is that person."""
    text = (
        "The Decision\n\nAccused-appellant Ramon Dizon y Cruz was found guilty of qualified "
        "trafficking in persons. Dizon was sentenced to life imprisonment."
    )
    assert _statuses(extractor, text, "PH") == {"Ramon Dizon y Cruz": "sentenced"}
