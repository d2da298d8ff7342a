"""Court judgments and the idioms of South Asian and African local news (issue 12,
rules-2025.12.8): a caption's accused party, terms a judgment defines for a party ("the first
accused"), "the accused" the parser tags a verb, penalties imposed on someone, a case registered
against the accused, sentences given to two people with one verb, the sale of a person written
without "trafficking", an arrest that is only an aim, a town named like a country, a statute
that names a court. Texts written for these tests (no article's people or places); the real
English model.
"""

from __future__ import annotations

from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import ChargeCategory, Extraction, LegalStatus


def _extract(extractor: CaseExtractor, text: str, country: str) -> Extraction:
    ex = extractor.extract_text(text, source="t", language="en", publication_country=country)
    assert ex.is_case, text
    return ex


def _statuses(ex: Extraction) -> dict[str, LegalStatus]:
    return {p.name: p.status for p in ex.perpetrators}


def test_a_judgment_defines_terms_for_its_parties(extractor: CaseExtractor) -> None:
    text = (
        "Public Prosecutor v Haziq Danial bin Roslan and another\n\n"
        '1 The two accused persons, Haziq Danial bin Roslan ("the first accused") and '
        'Farah Liyana binte Kamal ("the second accused"), were each charged with one count '
        "of trafficking in persons for sexual exploitation under s 3(1)(a) of the Prevention of "
        "Human Trafficking Act. "
        "After a trial, I convicted both accused persons of the charges.\n\n"
        "2 The first accused was sentenced to six years' imprisonment. The second accused was "
        "sentenced to five years' imprisonment.\n\n"
        "3 The victim, a 17-year-old girl, testified that she was made to work as a hostess."
    )
    ex = _extract(extractor, text, "MY")
    # the caption's "Public Prosecutor" is the other party, not the first accused's role; the
    # steps of "the first accused" and "the second accused" are theirs, not everyone's
    assert _statuses(ex) == {
        "Haziq Danial bin Roslan": LegalStatus.SENTENCED,
        "Farah Liyana binte Kamal": LegalStatus.SENTENCED,
    }
    assert any(c.statute == "PHTA" for c in ex.charges)


def test_the_judge_sentences_the_accused(extractor: CaseExtractor) -> None:
    text = (
        "Public Prosecutor v Quah Jun Wei\n\n"
        "1 The accused, Quah Jun Wei, pleaded guilty to two charges of trafficking in persons "
        "for sexual exploitation under the Prevention of Human Trafficking Act.\n\n"
        "2 I sentenced the accused to four years and six months' imprisonment. I now give my "
        "reasons."
    )
    assert _statuses(_extract(extractor, text, "MY")) == {"Quah Jun Wei": LegalStatus.SENTENCED}


def test_a_penalty_imposed_on_the_accused_is_a_sentence(extractor: CaseExtractor) -> None:
    text = (
        "Court jails man for trafficking woman\n\n"
        "Pune: A sessions court has sentenced a 44-year-old man to 10 years of rigorous "
        "imprisonment for trafficking a woman from Odisha and forcing her into prostitution. "
        "Additional sessions judge P. K. Waghmare also imposed a fine of Rs 25,000 on the "
        "accused, Dattatray Shankar Bhosle, a resident of Hadapsar. The court acquitted the "
        "co-accused, Sunanda Kamble, for want of evidence."
    )
    ex = _extract(extractor, text, "IN")
    assert _statuses(ex) == {
        "Dattatray Shankar Bhosle": LegalStatus.SENTENCED,
        "Sunanda Kamble": LegalStatus.ACQUITTED,
    }
    assert {c.category for c in ex.charges} == {ChargeCategory.SEX_TRAFFICKING}


def test_the_sale_of_a_girl_is_a_trafficking_case(extractor: CaseExtractor) -> None:
    text = (
        "Woman held for selling teenager to brothel\n\n"
        "Howrah: A 41-year-old woman was arrested on Friday for allegedly selling a "
        "15-year-old girl to a brothel in Nagpur last year. The arrested woman, Parveen "
        "Khatoon, was produced in court on Saturday. Her associate, Mofizul Sheikh, is "
        "absconding and a manhunt has been launched to nab him, police said."
    )
    ex = _extract(extractor, text, "IN")
    # "to nab him" is what the manhunt is for, not an arrest
    assert _statuses(ex) == {
        "Parveen Khatoon": LegalStatus.ARRESTED,
        "Mofizul Sheikh": LegalStatus.WANTED,
    }
    assert ex.charges


def test_a_case_registered_against_the_accused_is_a_charge(extractor: CaseExtractor) -> None:
    text = (
        "Agency arrests human smuggler\n\n"
        "Multan: The Federal Investigation Agency on Monday arrested an alleged human smuggler "
        "who sent young men to Libya through illegal routes. The suspect, Tariq Mehmood alias "
        "Billa, had taken Rs 1.5 million from each family. A case has been registered against "
        "the accused under the Prevention of Smuggling of Migrants Act."
    )
    assert _statuses(_extract(extractor, text, "PK")) == {"Tariq Mehmood": LegalStatus.CHARGED}


def test_a_case_filed_against_the_detainees_is_their_charge(extractor: CaseExtractor) -> None:
    text = (
        "Three human traffickers detained\n\n"
        "Members of the battalion detained three members of a human trafficking gang from "
        "Ukhia early Sunday. The detainees are Md Sohel Rana, 33, Abdur Rahim, 40, and Nurul "
        "Amin, 27. A case has been filed against the detainees under the Prevention and "
        "Suppression of Human Trafficking Act, an official said."
    )
    assert _statuses(_extract(extractor, text, "BD")) == {
        "Md Sohel Rana": LegalStatus.CHARGED,
        "Abdur Rahim": LegalStatus.CHARGED,
        "Nurul Amin": LegalStatus.CHARGED,
    }


def test_one_verb_sentences_two_people(extractor: CaseExtractor) -> None:
    for text in (
        "A special court sentenced Ramdas Pawle to life imprisonment and Shankar Gite to ten "
        "years for trafficking women from Nepal.",
        "The judge jailed Ramdas Pawle for 12 years and Shankar Gite for seven years for "
        "trafficking women from Nepal.",
    ):
        assert _statuses(_extract(extractor, "Two jailed for trafficking\n\n" + text, "IN")) == {
            "Ramdas Pawle": LegalStatus.SENTENCED,
            "Shankar Gite": LegalStatus.SENTENCED,
        }


def test_a_town_named_like_a_country_is_placed_by_its_region(extractor: CaseExtractor) -> None:
    text = (
        "Court jails woman for trafficking girls\n\n"
        "A Federal High Court sitting in Benin, Edo State, has sentenced a woman, Ivie "
        "Omoregie, to seven years imprisonment for trafficking two girls to Mali for "
        "prostitution."
    )
    ex = _extract(extractor, text, "NG")
    assert ex.jurisdiction.country == "NG"
    assert _statuses(ex) == {"Ivie Omoregie": LegalStatus.SENTENCED}


def test_a_statute_naming_a_court_is_no_charge(extractor: CaseExtractor) -> None:
    text = (
        "Life term in minor's trafficking case\n\n"
        "Thane: A special POCSO court on Friday sentenced Raghu Salve to life imprisonment "
        "for trafficking a 14-year-old girl from Jalna."
    )
    ex = _extract(extractor, text, "IN")
    assert {c.category for c in ex.charges} == {ChargeCategory.CHILD_TRAFFICKING}
    assert all(c.statute != "POCSO" for c in ex.charges)


def test_names_listed_with_an_accused_person_are_accused(extractor: CaseExtractor) -> None:
    text = (
        "Two nabbed for online exploitation of children\n\n"
        "Agents arrested two individuals for allegedly offering minors for online sexual "
        "exploitation. The director identified the suspects as Jovelyn Sagun and her live-in "
        "partner Arnel Dacanay. The suspects were charged with violation of the Expanded "
        "Anti-Trafficking in Persons Act."
    )
    assert _statuses(_extract(extractor, text, "PH")) == {
        "Jovelyn Sagun": LegalStatus.CHARGED,
        "Arnel Dacanay": LegalStatus.CHARGED,
    }


def test_initials_before_a_name_are_not_words(extractor: CaseExtractor) -> None:
    text = (
        "Suspects arrested over trafficking racket\n\n"
        "The suspects, identified as H. M. Ruwan Jayasekara and K. A. Lalith Wijeratne, were "
        "arrested by the Human Trafficking Investigation Unit over a human trafficking racket "
        "that sent women abroad as domestic workers."
    )
    names = set(_statuses(_extract(extractor, text, "LK")))
    assert names == {"H. M. Ruwan Jayasekara", "K. A. Lalith Wijeratne"}


def test_a_verdict_against_them_and_a_fine(extractor: CaseExtractor) -> None:
    text = (
        "Two jailed for 20 years for selling woman\n\n"
        "The district court has slapped 20 years of imprisonment on a man convicted of human "
        "trafficking. Judge Mohan Koirala handed down the verdict against Suman Thapa Magar on "
        "Tuesday. He was also fined Rs 200,000."
    )
    assert _statuses(_extract(extractor, text, "NP")) == {
        "Suman Thapa Magar": LegalStatus.SENTENCED
    }


def test_the_lead_describes_the_person_it_names_next(extractor: CaseExtractor) -> None:
    text = (
        "Queens man pleads guilty to sex trafficking teenager\n\n"
        "A Queens man pleaded guilty Tuesday in federal court to sex trafficking a 16-year-old "
        "girl, prosecutors said. Dontae Ridley, 31, admitted that he advertised the girl for "
        "commercial sex. Ridley faces a mandatory minimum of 10 years in prison when he is "
        "sentenced in May."
    )
    assert _statuses(_extract(extractor, text, "US")) == {"Dontae Ridley": LegalStatus.CONVICTED}


# guards: what the new readings must not take


def test_a_rule_about_every_defendant_convicts_no_one(extractor: CaseExtractor) -> None:
    text = (
        "Man indicted on sex trafficking charges\n\n"
        "A federal grand jury returned an indictment today charging Wendell Pruitt, 52, with "
        "three counts of sex trafficking by force, fraud and coercion. An indictment is merely "
        "a formal charge, and every defendant is presumed innocent until proven guilty."
    )
    assert _statuses(_extract(extractor, text, "US")) == {"Wendell Pruitt": LegalStatus.CHARGED}


def test_the_suspect_of_a_text_that_accuses_several(extractor: CaseExtractor) -> None:
    text = (
        "Two held in trafficking case\n\n"
        "Police arrested Corbin Ashby and Delia Marquand on Monday on suspicion of human "
        "trafficking. The suspect was later charged with sex trafficking, police said."
    )
    # "the suspect" is one of two: it is neither's step
    assert _statuses(_extract(extractor, text, "US")) == {
        "Corbin Ashby": LegalStatus.ARRESTED,
        "Delia Marquand": LegalStatus.ARRESTED,
    }


def test_another_case_named_in_running_text_is_not_a_caption(extractor: CaseExtractor) -> None:
    text = (
        "Woman sentenced for labor trafficking conspiracy\n\n"
        "Greta Valcheva was sentenced today to 12 months in prison for her role in a human "
        "trafficking conspiracy involving hotel workers. The case is related to the case of "
        "United States v. Bogdan Ilchuk, et al., in another district. All six defendants in "
        "that case have pleaded guilty."
    )
    assert set(_statuses(_extract(extractor, text, "US"))) == {"Greta Valcheva"}


def test_an_operation_to_detain_someone_reports_the_arrest(extractor: CaseExtractor) -> None:
    text = (
        "Most wanted people smuggler arrested\n\n"
        "The agency says it played a key role in an operation to detain Eritrean national "
        "Tesfay Gebremariam, wanted by Interpol for smuggling migrants."
    )
    assert _statuses(_extract(extractor, text, "QA")) == {
        "Tesfay Gebremariam": LegalStatus.ARRESTED
    }


def test_a_chargesheet_names_the_charged(extractor: CaseExtractor) -> None:
    text = (
        "Chargesheet filed against five in trafficking racket\n\n"
        "Kolkata: The CID has filed a chargesheet against five persons, including two women, in "
        "a case of trafficking minor girls from the Sundarbans to brothels in Pune. Those "
        "chargesheeted are Subrata Mondal, Rupa Bibi, Kartik Naskar, Mampi Halder and Gopal "
        "Sardar. All of them are in judicial custody."
    )
    ex = _extract(extractor, text, "IN")
    assert _statuses(ex) == {
        name: LegalStatus.CHARGED
        for name in ("Subrata Mondal", "Rupa Bibi", "Kartik Naskar", "Mampi Halder", "Gopal Sardar")
    }


def test_the_accused_who_is_absconding_is_wanted(extractor: CaseExtractor) -> None:
    text = (
        "Placement agency owner booked for trafficking tribal girls\n\n"
        "Police have booked the owner of a placement agency for allegedly trafficking tribal "
        "girls from Khunti district. The accused, Basanti Tirkey, who is absconding, used to "
        "lure girls with the promise of domestic work. An FIR has been registered under "
        "Section 370 of the IPC on the complaint of one of the rescued girls."
    )
    assert _statuses(_extract(extractor, text, "IN")) == {"Basanti Tirkey": LegalStatus.WANTED}


def test_workers_held_in_a_scam_compound_is_labour_trafficking(extractor: CaseExtractor) -> None:
    text = (
        "Court jails four over scam compound trafficking\n\n"
        "A court on Thursday sentenced four men to between five and seven years in prison for "
        "trafficking foreign workers into an online scam compound, a court official said. Tan "
        "Boon Hock and Ong Kah Seng received seven years each."
    )
    ex = _extract(extractor, text, "KH")
    assert {c.category for c in ex.charges} == {ChargeCategory.LABOUR_TRAFFICKING}


def test_the_convict_identified_as_x_is_no_victim(extractor: CaseExtractor) -> None:
    text = (
        "Woman gets 7 years in jail for trafficking\n\n"
        "Warangal: A local court on Thursday sentenced a 35-year-old woman to seven years of "
        "rigorous imprisonment for trafficking a girl into prostitution. The convict, "
        "identified as Kamala Bai, had brought the girl from Khammam."
    )
    # "identified as" after "the girl" would mask her as a victim; "the convict" is nearer
    assert _statuses(_extract(extractor, text, "IN")) == {"Kamala Bai": LegalStatus.SENTENCED}


def test_sent_to_jail_by_the_court_on_remand_is_no_sentence(extractor: CaseExtractor) -> None:
    text = (
        "Two held for trafficking women\n\n"
        "Police arrested two alleged human traffickers near the border on Monday. The "
        "arrested are Md Sohrab Hossain, 36, and Rokeya Begum, 40. They were produced before "
        "a court on Tuesday which sent them to jail. Police rescued three women who were being "
        "trafficked across the border."
    )
    assert _statuses(_extract(extractor, text, "BD")) == {
        "Md Sohrab Hossain": LegalStatus.ARRESTED,
        "Rokeya Begum": LegalStatus.ARRESTED,
    }


def test_a_province_written_without_diacritics_places_the_case(extractor: CaseExtractor) -> None:
    text = (
        "Police bust trafficking ring\n\n"
        "Police in Ha Tinh province have arrested Le Van Phuc and Dao Thi Lan for trafficking "
        "women to China. Both are held at a detention centre in Ha Tinh province."
    )
    # no outlet country: the province (Hà Tĩnh, written without its diacritics and seldom
    # tagged by the small model) beats the victims' destination
    ex = extractor.extract_text(text, source="t", language="en", publication_country=None)
    assert ex.is_case
    assert ex.jurisdiction.country == "VN"


def test_booked_under_an_act_is_a_charge_booked_into_jail_an_arrest(
    extractor: CaseExtractor,
) -> None:
    india = (
        "Two held for trafficking girls into prostitution\n\n"
        "Mumbai: The Anti-Human Trafficking Unit has arrested two persons for allegedly "
        "trafficking girls into prostitution. Salim Qureshi (45) and Nasima Khatun (38) have "
        "been booked under the Immoral Traffic (Prevention) Act and remanded in police custody."
    )
    assert set(_statuses(_extract(extractor, india, "IN")).values()) == {LegalStatus.CHARGED}
    us = (
        "Man held in sex trafficking sting\n\n"
        "Officers arrested Travis Kimble, 41, at a motel during a sex trafficking sting on "
        "Friday. Kimble was booked into the county jail, police said."
    )
    assert _statuses(_extract(extractor, us, "US")) == {"Travis Kimble": LegalStatus.ARRESTED}
