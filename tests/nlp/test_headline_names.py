"""Names that are not people, and people under several names (issue 12: "headline fragments"
as perpetrators; nicknames listed as co-defendants). Texts written for these tests in the style
of prosecutors' releases and news feeds; the real English model."""

from __future__ import annotations

from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import LegalStatus


def _people(extractor: CaseExtractor, text: str) -> dict[str, LegalStatus]:
    ex = extractor.extract_text(text, source="t", language="en", publication_country="US")
    return {p.name: p.status for p in ex.perpetrators}


def test_title_case_headline_words_are_not_perpetrators(extractor: CaseExtractor) -> None:
    text = (
        "Two Ohio Men Sentenced for Sex Trafficking\n"
        "Darnell Pike, 46, and Rory Ames, 39, both of Toledo, were sentenced today to 20 years "
        "in prison for sex trafficking by force, fraud or coercion."
    )
    people = _people(extractor, text)
    assert people == {"Darnell Pike": LegalStatus.SENTENCED, "Rory Ames": LegalStatus.SENTENCED}


def test_a_headline_label_is_not_the_person_it_stands_for(extractor: CaseExtractor) -> None:
    text = (
        "Previously Convicted Sex Offender Sentenced to 25 Years for Sex Trafficking\n"
        "Darnell Pike, aka Scooby, has been sentenced to federal prison on charges of sex "
        "trafficking of a minor. Pike, 42, of Toledo, Ohio, was sentenced by U.S. District "
        "Judge Thomas Wren to serve 25 years in prison."
    )
    people = _people(extractor, text)
    assert people == {"Darnell Pike": LegalStatus.SENTENCED}


def test_a_headline_legal_word_glued_to_a_name_is_cut_off(extractor: CaseExtractor) -> None:
    text = (
        "Jury Finds Tobias Ferrant Guilty of Sex Trafficking\n\n"
        "The former club promoter was convicted on Friday of sex trafficking and forced labor "
        "after a three-week trial."
    )
    people = _people(extractor, text)
    assert "Tobias Ferrant" in people
    assert not any(name.endswith("Guilty") for name in people)


def test_a_persons_other_names_are_not_more_defendants(extractor: CaseExtractor) -> None:
    text = (
        "Three Charged in Sex Trafficking Conspiracy\n"
        'A federal grand jury returned an indictment charging Dorian Vell, aka "Snake" and Big '
        "D, 33; Kessa Morrow, aka Candy Rain, 27; and Reuben Ascot, 45, with conspiracy to "
        "commit sex trafficking. Candy Rain is also charged with sex trafficking of a minor."
    )
    people = _people(extractor, text)
    assert set(people) == {"Dorian Vell", "Kessa Morrow", "Reuben Ascot"}


def test_a_man_known_by_a_name_alone_is_still_found(extractor: CaseExtractor) -> None:
    text = (
        "Man charged with human trafficking in Leeds\n\n"
        "Police have charged a man known as Tariq Belhaj with human trafficking offences. He "
        "was remanded in custody on Monday."
    )
    people = _people(extractor, text)
    assert "Tariq Belhaj" in people


def test_a_co_defendant_recruited_by_the_accused_is_not_taken_for_a_victim(
    extractor: CaseExtractor,
) -> None:
    text = (
        "Maryland Man Convicted of Sex Trafficking\n"
        "A federal jury convicted Lionel Batts, 36, of Rockville, Maryland, of sex trafficking "
        "by force, fraud and coercion. In 2014, Batts recruited co-defendant Sharla Denny to "
        "post advertisements for the victims. Denny pleaded guilty to conspiracy to commit sex "
        "trafficking and was sentenced to five years in prison."
    )
    people = _people(extractor, text)
    assert people.get("Lionel Batts") is LegalStatus.CONVICTED
    assert "Sharla Denny" in people


def test_a_possessive_legal_noun_gives_the_step(extractor: CaseExtractor) -> None:
    text = (
        "Appeals court upholds Marcus Delane's sex trafficking conviction\n\n"
        "A federal appeals court on Tuesday rejected the former club owner's bid for a new trial."
    )
    assert _people(extractor, text) == {"Marcus Delane": LegalStatus.CONVICTED}


def test_a_headline_verdict_with_no_verb_convicts(extractor: CaseExtractor) -> None:
    text = (
        "Corwin Hale guilty of trafficking offences\n\n"
        "The 41-year-old will be sentenced at Leeds Crown Court next month, police said."
    )
    assert _people(extractor, text) == {"Corwin Hale": LegalStatus.CONVICTED}


def test_a_brief_describing_its_one_person_gives_them_the_step(extractor: CaseExtractor) -> None:
    text = (
        "Reality star released early from prison\n\n"
        "Lena Marsh left prison on Monday. The television "
        "personality pleaded guilty in 2019 for her role in a sex-trafficking case."
    )
    # the plea is the description's step; "released early from prison" (rules-2025.12.12)
    # says the sentence was served, the furthest step
    assert _people(extractor, text) == {"Lena Marsh": LegalStatus.SENTENCED}
    plea_only = (
        "Reality star to be sentenced\n\nLena Marsh left court on Monday. The television "
        "personality pleaded guilty in 2019 for her role in a sex-trafficking case."
    )
    assert _people(extractor, plea_only) == {"Lena Marsh": LegalStatus.CONVICTED}


def test_her_trial_is_the_subjects_not_the_last_person_named(extractor: CaseExtractor) -> None:
    own = (
        "Trafficking trial opens\n\n"
        "Lena Marsh confirmed she will not testify in her sex trafficking trial, her lawyers "
        "said on Friday."
    )
    assert _people(extractor, own) == {"Lena Marsh": LegalStatus.CHARGED}
    other = (
        "Judge sets date in trafficking case\n\n"
        "Lena Marsh, the former partner of the late Tomas Brill, pleaded not guilty on Friday "
        "in her first court appearance since her arrest in July."
    )
    assert set(_people(extractor, other)) == {"Lena Marsh"}


def test_defendants_a_jury_found_guilty_in_a_long_list_are_not_victims(
    extractor: CaseExtractor,
) -> None:
    text = (
        "Two Men Convicted of Sex Trafficking and Forced Labor\n\n"
        "A federal jury in Central Islip, N.Y., today found Hector Valdane, 36, and Ruben "
        "Ostrand, 33, guilty of conspiracy, sex trafficking and forced labor. Both men face up "
        "to life in prison."
    )
    people = _people(extractor, text)
    assert people.get("Hector Valdane") is LegalStatus.CONVICTED


def test_a_rescued_woman_stays_a_victim_when_the_next_clause_says_guilty(
    extractor: CaseExtractor,
) -> None:
    text = (
        "Man convicted of trafficking\n\n"
        "Police rescued Amira Solenne, and her trafficker, Dov Kessler, was later found guilty of "
        "human trafficking by a jury in Leeds."
    )
    people = _people(extractor, text)
    assert "Amira Solenne" not in people
    assert people.get("Dov Kessler") is LegalStatus.CONVICTED


def test_a_headline_verb_is_not_read_with_the_bodys_first_name(extractor: CaseExtractor) -> None:
    text = (
        "Carolina Man Sentenced for Scheme to Compel Five Women to Prostitute\n"
        "Darius Kemble, 29, of Jacksonville, N.C., was sentenced today to 15 years in prison for "
        "sex trafficking by force, fraud and coercion. Kemble pleaded guilty in March to "
        "recruiting five women through false promises of work."
    )
    assert set(_people(extractor, text)) == {"Darius Kemble"}


def test_an_official_who_is_arrested_by_name_is_an_accused(extractor: CaseExtractor) -> None:
    text = (
        "Police officer arrested in child sex trafficking sting\n\n"
        "Ridgeway police officer Calvin Dorsett was arrested during a child sex trafficking "
        "sting in Texas, Assistant Attorney General Maura Kendrick announced. He was fired "
        "after being charged with online solicitation of a minor."
    )
    people = _people(extractor, text)
    assert "Calvin Dorsett" in people
    assert "Maura Kendrick" not in people
