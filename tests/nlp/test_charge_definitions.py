"""A court quoting the law's definition of trafficking ("for the purpose of prostitution,
pornography, sexual exploitation, forced labor, slavery ...") is not charging forced labour:
the enumerated purposes define the offence, the charge is what the case is about. Made-up text."""

from __future__ import annotations

from tipwatch.nlp.extractor import CaseExtractor

JUDGMENT = (
    "PEOPLE v. RODEL MANALO CRUZ\n\n"
    "Accused-appellant Rodel Manalo Cruz was charged with violation of Section 4(a) of Republic "
    "Act No. 9208. The complainant testified that he offered her to male clients for "
    "prostitution.\n\n"
    "The trial court found him guilty beyond reasonable doubt of violation of Section 4(a) of "
    "Republic Act No. 9208, and sentenced him to life imprisonment. The prosecution proved that "
    "he was guilty of recruiting the complainant for the purpose of prostitution, pornography, "
    "sexual exploitation, forced labor, slavery, involuntary servitude or debt bondage."
)


def test_a_quoted_definition_is_no_charge(extractor: CaseExtractor) -> None:
    e = extractor.extract_text(JUDGMENT, source="t", language="en", publication_country="PH")
    categories = {c.category.value for c in e.charges}
    assert e.is_case
    assert "labour_trafficking" not in categories
    assert categories == {"sex_trafficking"}


def test_a_charge_naming_two_purposes_keeps_both(extractor: CaseExtractor) -> None:
    text = (
        "Two charged\n\nProsecutors charged James Kamau Wekesa with trafficking in persons for "
        "the purpose of sexual exploitation and forced labour on Monday."
    )
    e = extractor.extract_text(text, source="t", language="en", publication_country="KE")
    assert {c.category.value for c in e.charges} >= {"sex_trafficking", "labour_trafficking"}
