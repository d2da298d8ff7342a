"""Steps the parse hangs in odd places (found on the corpus train split, rules-2025.12.13),
with made-up names:

- "were convicted ... and each sentenced to 180 months": the second participle hangs on the
  distributive word, and is the same people's step;
- "An Annandale, Virginia, man was sentenced": the parse makes "man" the apposition of the
  place and reads the article as part of it; the lead still describes the person the next
  sentence names;
- "X was found dead after being charged": "found" makes no victim of one a step in a gerund
  clause on the same verb was done to;
- a court's order to pay an amount in restitution is a step of the case ("ensure that victims
  receive full restitution" is none).
"""

from __future__ import annotations

from tipwatch.nlp.extractor import CaseExtractor


def _statuses(extractor: CaseExtractor, text: str) -> dict[str, str]:
    e = extractor.extract_text(text, source="t", language="en", publication_country="US")
    return {p.name: p.status.value for p in e.perpetrators}


def test_each_sentenced_after_a_shared_conviction(extractor: CaseExtractor) -> None:
    text = (
        "Two more sentenced in forced labor scheme\n\n"
        "Co-defendants Oscar Mendoza and Walter Cruz were also convicted of both conspiracy "
        "counts and each sentenced to prison terms of 180 months for forced labor."
    )
    assert _statuses(extractor, text) == {"Oscar Mendoza": "sentenced", "Walter Cruz": "sentenced"}


def test_a_lead_description_after_a_place_with_commas(extractor: CaseExtractor) -> None:
    text = (
        "Virginia Man Sentenced to 10 Years in Prison for Sex Trafficking 15-Year-Old Girl\n"
        "An Annandale, Virginia, man was sentenced today to 10 years in prison for sex "
        "trafficking of a minor. Ismael Antonio Perez, 20, pleaded guilty on Dec. 8, 2015. "
        "Perez will be required to register as a sex offender."
    )
    assert _statuses(extractor, text) == {"Ismael Antonio Perez": "sentenced"}


def test_found_dead_after_being_charged_is_no_victim(extractor: CaseExtractor) -> None:
    text = (
        "Ex-coach found dead hours after being charged with human trafficking\n\n"
        "Gordon Pell, who coached a national swimming team, was found dead Thursday after being "
        "charged with 24 felonies in connection with the abuse of young swimmers, the state "
        "attorney general announced Thursday."
    )
    assert _statuses(extractor, text) == {"Gordon Pell": "charged"}
    # a rescue is still a rescue when a step is told after it of someone else
    doc = extractor.analyse(
        "Police found Mary Lane after she was trafficked to Texas.", publication_country="US"
    )
    assert [p.role for p in doc._.people if p.name == "Mary Lane"] == ["victim"]


def test_a_restitution_order_is_a_step_of_the_case(extractor: CaseExtractor) -> None:
    text = (
        "Cult founder to pay victims almost $2.1 million in restitution\n\n"
        "A federal judge ruled that 14 people should receive a total of $2.14 million in "
        "restitution from Gideon Marsh, the founder of the group, for being victims of his "
        "racketeering, sex trafficking and forced labor crimes."
    )
    assert extractor.extract_text(text, source="t", publication_country="US").is_case
    # a wish that victims receive restitution is no step
    policy = (
        "Agencies launch anti-trafficking initiative\n\n"
        "The departments announced a nationwide initiative against human trafficking. We must "
        "ensure that victims of trafficking receive full restitution, the secretary said."
    )
    assert not extractor.extract_text(policy, source="p", publication_country="US").is_case
