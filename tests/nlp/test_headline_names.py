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
