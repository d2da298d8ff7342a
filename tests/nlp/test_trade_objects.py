"""What is trafficked, read from the parse: a trafficking word whose object is goods ("trafficking
protected sea turtles", "the identities of residents", "child pornography", "human remains", an
object shared by "production and trafficking of") is another trade's, as "drug trafficking"
is, though no word list names those goods; people as the object ("females", "Thais", "large
numbers of migrants", "people smuggling") keep the case. Made-up texts."""

from __future__ import annotations

import pytest

from tipwatch.nlp.components.case_classifier import trade_objects
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.lang import for_language

GOODS = [
    "Harbor dealer sentenced for trafficking protected sea turtles\n\nA seafood dealer from Port "
    "Elridge was sentenced to 30 months in prison on Tuesday for trafficking protected sea "
    "turtles and their eggs, prosecutors said. Dale Rimwick, 52, pleaded guilty in March to "
    "trafficking the turtles.",
    "Clerk pleads guilty to trafficking stolen identities\n\nA county clerk pleaded guilty on "
    "Monday to trafficking the identities of hundreds of residents and selling them to buyers "
    "across the state. Mara Quillon, 41, faces up to 15 years in prison when she is sentenced "
    "in June.",
    # goods made or taken from people, whatever word for people qualifies them; an object
    # shared by coordinated words ("production and trafficking of")
    "Farmington Man Sentenced for Producing and Trafficking Child Pornography\n\nA Farmington "
    "man was sentenced today to 40 years in prison for charges relating to his production and "
    "trafficking of child pornography. Dell Markby, 33, was also convicted of a conspiracy to "
    "traffic in child pornography.",
    "Morgue manager indicted for trafficking human remains\n\nA morgue manager and four others "
    "were indicted on Wednesday for trafficking human remains stolen from a medical school, "
    "prosecutors said. Cedric Lomax, 55, was charged with conspiracy.",
    # "traffic in" read from the text where the parse hangs "in" on "conspiracy"; the charge
    # of trafficking goods is no trafficking charge
    "Texas man pleads guilty to trafficking counterfeit tablets\n\nA Texas man pleaded guilty "
    "today to conspiring to smuggle and to traffic in counterfeit and misbranded "
    "pharmaceuticals from China. Omar Tello, 26, of Houston, pleaded guilty to one count of "
    "conspiracy to traffic in counterfeit goods.",
    # the title's "traffickers" names no trade; the only trade the text names is a drug's
    "President slams US 'spying' after traffickers charged\n\nThe president lashed out at what "
    "he called US interference, days after US prosecutors announced charges against a cartel "
    "for smuggling massive amounts of fentanyl into the United States.",
]
PEOPLE = [
    (
        "Couple charged with trafficking of females from Laos\n\nA couple was charged on Friday "
        "with the trafficking of females between the ages of 17 and 20 to work in karaoke bars. "
        "Somsak Dewaruang, 45, and his wife were arrested at their home.",
        "Somsak Dewaruang",
    ),
    (
        "Police arrest people smuggling organiser\n\nPolice arrested a significant people "
        "smuggling organiser on Tuesday for his alleged involvement in sending boats to "
        "Australia. Ruwan Pethiyagoda, 39, was charged with smuggling large numbers of migrants.",
        "Ruwan Pethiyagoda",
    ),
    (
        "Man jailed for trafficking Thais into prostitution\n\nA man was jailed for eight years on "
        "Monday for trafficking Thais into prostitution in Brunei. Kasem Lertwattana, 50, was "
        "convicted in March.",
        "Kasem Lertwattana",
    ),
    # bare "traffickers" beside human trafficking, and a drug charge besides
    (
        "Police charge traffickers\n\nPolice charged three traffickers on Monday with forcing "
        "women into prostitution in Pattaya. One of them, Anan Sornprasit, 44, was also "
        "charged with drug trafficking.",
        "Anan Sornprasit",
    ),
]


@pytest.mark.parametrize("text", GOODS)
def test_trafficking_in_goods_is_no_case(extractor: CaseExtractor, text: str) -> None:
    ex = extractor.extract_text(text, source="goods", publication_country="US")
    assert not ex.is_case, ex.case_score
    assert ex.perpetrators == []


@pytest.mark.parametrize(("text", "accused"), PEOPLE)
def test_trafficking_in_people_stays_a_case(
    extractor: CaseExtractor, text: str, accused: str
) -> None:
    ex = extractor.extract_text(text, source="people", publication_country="US")
    assert ex.is_case
    assert accused in {p.name for p in ex.perpetrators}
    en = for_language("en")
    assert en is not None
    doc = extractor.analyse(text, "US")
    assert trade_objects(en.case, doc, en.lexicon.demonyms) == frozenset()


def test_the_objects_read_as_goods(extractor: CaseExtractor) -> None:
    en = for_language("en")
    assert en is not None
    doc = extractor.analyse(GOODS[1], "US")
    goods = trade_objects(en.case, doc, en.lexicon.demonyms)
    # the headline's "trafficking" (a title-case noun the body writes in lower case) and the
    # body's "trafficking the identities of hundreds of residents"
    words = sorted(doc.text[i : i + 11] for i in goods)
    assert words == ["trafficking", "trafficking"]
