"""French cues for victims: how reporters count them ("douze jeunes femmes ont été
secourues") and introduce protected people ("la victime, Léa, 16 ans", "une adolescente de 16
ans prénommée Léa", "Awa (le prénom a été modifié)")."""

from __future__ import annotations

import re

from tipwatch.nlp.lang.fr.lexicon import NUMBER_WORDS
from tipwatch.nlp.lang.rules import RoleCue, VictimRules

# longest first, and not the end of a compound ("dix-huit" is not "huit")
_NUMBER = r"(?<![\w-])(\d{1,5}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_PEOPLE = (
    r"(?:victimes|survivantes?|jeunes\s+femmes|jeunes\s+filles|femmes|filles|enfants|mineurs|"
    r"mineures|garçons|migrants|personnes|hommes|travailleurs|travailleuses|ouvriers|ouvrières)"
)
_COUNT = re.compile(
    rf"\b{_NUMBER}\s+(?:\w+\s+){{0,2}}?{_PEOPLE}\b(?=[^.]{{0,80}}\b(?:secouru\w*|libéré\w*|"
    r"exploité\w*|victimes?|forcé\w*|contraint\w*|identifié\w*|prise?s\s+en\s+charge|"
    r"recruté\w*|vendu\w*|prostitué\w*)\b)",
    re.I,
)
_COUNT_VICTIMS = re.compile(
    rf"\b{_NUMBER}\s+(?:\w+\s+){{0,2}}?(?:victimes|survivantes?|rescapée?s)\b", re.I
)

FAMILY_ROLES = {"fils", "nièce", "neveu", "mère", "père", "sœur", "soeur", "frère"}

_NAME_WORD = r"(?:[A-ZÀ-Ý][a-zà-ÿ]+(?:[-'’][A-Za-zà-ÿ]+)*|[A-Z]\.)"
_NAME = rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})"
_Q = r"[\"'“‘«]?\s?"
_CUE_ALWAYS = re.compile(
    r"\b(?:identifiée?s?\s+(?:\w+\s+){0,3}?(?:uniquement|seulement)\s+(?:comme|sous\s+le\s+"
    r"(?:nom|prénom)\s+de)|(?:appelée?|désignée?|nommée?)\s+(?:\w+\s+){0,4}?sous\s+le\s+"
    r"(?:prénom|pseudonyme|nom)\s+(?:de|d['’])|sous\s+le\s+pseudonyme\s+(?:de|d['’])|"
    r"(?:que\s+nous\s+appellerons|que\s+nous\s+appelons|surnommée))\s*" + _Q + _NAME
)
# "identifiée comme X", "la jeune femme, prénommée X": protective when the nearest role word
# before it is a victim word
_CUE_CONTEXT = re.compile(
    r"\b(?:(?:identifiée?s?|nommée?s?|désignée?s?|présentée?s?)\s+(?:\w+\s+){0,5}?comme\s+|"
    r"(?:prénommée?s?|nommée?s?|appelée?s?|surnommée?s?)\s+)" + _Q + _NAME
)
_AFTER_NAME = re.compile(
    r"(?<![\w.])" + _NAME + r"[\"'”’»*]?\s*(?:\(|,\s*)(?:le\s+|son\s+|leur\s+)?"
    r"(?:prénoms?\s+(?:a\s+été\s+|ont\s+été\s+)?(?:modifiés?|changés?)|prénom\s+d['’]emprunt|"
    r"nom\s+d['’]emprunt|un\s+pseudonyme|pseudonyme|prénom\s+fictif)"
)
_VICTIM_WORDS = re.compile(
    r"\b(?:victimes?|survivant\w*|rescapé\w*|secouru\w*|plaignant\w*|témoins?|filles?|"
    r"jeunes?\s+femmes?|"
    r"fillettes?|garçons?|enfants?|mineur\w*|adolescent\w*|femmes|mères?|voisin\w*|"
    r"ouvriers|travailleu\w+|migrants|exploité\w*|abusé\w*|prostituée?s?)\b",
    re.I,
)
_ACCUSED_WORDS = re.compile(
    r"\b(?:suspect\w*|accusé\w*|prévenu\w*|trafiquants?|passeurs?|proxénètes?|interpellé\w*|"
    r"arrêté\w*|mise?s?\s+en\s+examen|condamné\w*|écroué\w*|inculpé\w*|recruteu\w+|meneu\w+|"
    r"complices?|recherché\w*|en\s+fuite)\b",
    re.I,
)

_CUE_WORD = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
_CUE_NAME = rf"(?P<name>{_CUE_WORD}(?:[ \t]+{_CUE_WORD}){{0,3}})"
_CUE_ROLE = (
    r"(?P<role>victimes?|survivantes?|rescapée?s?|plaignante?s?|témoins?|fillettes?|"
    r"jeunes[ \t]+filles?|filles?|garçons?|enfants?|mineure?s?|adolescente?s?|ados?|"
    r"lycéennes?|collégiennes?|lycéens?|collégiens?|parties?[ \t]+civiles?)(?![\w'’])"
)
_MINOR_AGE = r"(?:1[0-7]|[1-9])"
# ", 16 ans," / ", âgée de 16 ans" / " (16 ans)"
_CUE_AGE = (
    r"(?:[ \t]*,[ \t]*(?:âgée?[ \t]+de[ \t]+)?(?P<age>\d{1,2})[ \t]+ans\b|"
    r"[ \t]*\([ \t]*(?P<age_p>\d{1,2})(?:[ \t]+ans)?[ \t]*\))"
)
_CUE_CLOSE = r"(?=[ \t]*(?:[,;:)]|[.!?](?:\s|$)|[-–—][ \t]|$))"
_CUE_ADJ = r"(?:(?!(?:de|du|des|pour|à|avec|et|ou|par|dans|sur|qui|que|dont)\b)[\w'’-]+[ \t]+)"
_CUE_ROLE_END = (
    r"(?=[ \t]*(?:[,.;:)!?\n]|$)|[ \t]+(?:de|d['’]|du|des|originaire|qui|dont|et|âgée?|"
    r"aujourd['’]hui|elle-même|lui-même)\b)"
)
_LEAD = r"(?<![\w'’.-])"
_NAMED = r"(?:prénommée?s?|nommée?s?|appelée?s?|surnommée?s?)"
_ROLE_CUES = (
    # "la victime, Léa, 16 ans," / "la plaignante, awa diallo, 19 ans"
    RoleCue(
        re.compile(rf"\b{_CUE_ROLE}[ \t]*,[ \t]*{_CUE_NAME}{_CUE_AGE}", re.I),
        name_before=False,
        lower_ok=True,
        bounded=True,
    ),
    RoleCue(re.compile(rf"\b{_CUE_ROLE}[ \t]+{_CUE_NAME}{_CUE_AGE}", re.I), name_before=False),
    # "la victime, Léa, a raconté" (the apposition closes)
    RoleCue(
        re.compile(rf"\b{_CUE_ROLE}[ \t]*,[ \t]*{_CUE_NAME}{_CUE_CLOSE}", re.I),
        name_before=False,
        lower_ok=True,
        bounded=True,
    ),
    # "Aïcha, une victime de ...", "Léa, 16 ans, l'une des victimes", "Awa, une adolescente"
    RoleCue(
        re.compile(
            rf"{_LEAD}{_CUE_NAME}(?:{_CUE_AGE})?[ \t]*,[ \t]*"
            rf"(?:une?|la|le|l['’]une?[ \t]+des|elle-même[ \t]+une?|lui-même[ \t]+une?)[ \t]*"
            rf"{_CUE_ADJ}{{0,3}}?{_CUE_ROLE}{_CUE_ROLE_END}",
            re.I,
        ),
        name_before=True,
        lower_ok=True,
    ),
    # "Léa, 15 ans, a été secourue", "Awa, 14 ans, qui avait été vendue"
    RoleCue(
        re.compile(
            rf"{_LEAD}{_CUE_NAME}[ \t]*(?:,[ \t]*(?:âgée?[ \t]+de[ \t]+)?{_MINOR_AGE}[ \t]+ans|"
            rf"\([ \t]*{_MINOR_AGE}(?:[ \t]+ans)?[ \t]*\))[ \t]*,?[ \t]*(?:qui[ \t]+)?"
            r"(?:a|avait|ont|avaient)[ \t]+été[ \t]+(?:\w+ment[ \t]+)?"
            r"(?:secourue?s?|exploitée?s?|vendue?s?|enlevée?s?|kidnappée?s?|violée?s?|"
            r"prostituée?s?|séquestrée?s?|recrutée?s?|réduite?s?)\b",
            re.I,
        ),
        name_before=True,
        lower_ok=True,
    ),
    # "une adolescente de 16 ans prénommée Léa", "une jeune fille nommée Awa", "la victime,
    # une mineure prénommée Léa"
    RoleCue(
        re.compile(
            rf"\b{_CUE_ROLE}[ \t]+(?:{_CUE_ADJ}{{0,2}}?)?(?:de[ \t]+{_MINOR_AGE}[ \t]+ans[ \t]+)?"
            rf"(?:,[ \t]*)?{_NAMED}[ \t]+[\"'“‘«]?[ \t]?{_CUE_NAME}",
            re.I,
        ),
        name_before=False,
        lower_ok=True,
    ),
    # "la mineure, identifiée comme Awa"
    RoleCue(
        re.compile(
            rf"\b{_CUE_ROLE}[ \t]*,?[ \t]*(?:(?:qui|dont)[ \t]+(?:a[ \t]+été|était)[ \t]+)?"
            rf"(?:identifiée?s?|connue?s?|présentée?s?|désignée?s?)[ \t]+"
            rf"(?:(?:uniquement|seulement|simplement)[ \t]+)?(?:comme|sous[ \t]+le[ \t]+"
            rf"(?:nom|prénom)[ \t]+de)[ \t]+[\"'“‘«]?[ \t]?{_CUE_NAME}",
            re.I,
        ),
        name_before=False,
        lower_ok=True,
    ),
    # "Marie Roux, partie civile", "Marie Roux, qui s'est constituée partie civile"
    RoleCue(
        re.compile(
            rf"{_LEAD}{_CUE_NAME}[ \t]*,[ \t]*(?:qui[ \t]+s['’]est[ \t]+constituée?s?[ \t]+)?"
            r"parties?[ \t]+civiles?\b",
            re.I,
        ),
        name_before=True,
        lower_ok=True,
    ),
    # "awa (prénom modifié)" in lower-case text (capitalised names: `after_name`)
    RoleCue(
        re.compile(
            rf"{_LEAD}(?P<name>{_CUE_WORD})[\"'”’»*]?[ \t]*\([ \t]*(?:le[ \t]+|son[ \t]+)?"
            r"(?:prénom[ \t]+(?:a[ \t]+été[ \t]+)?(?:modifié|changé)|prénom[ \t]+d['’]emprunt|"
            r"pseudonyme|nom[ \t]+d['’]emprunt)",
            re.I,
        ),
        name_before=True,
        lower_ok=True,
        bounded=True,
    ),
)
_CUE_NOT_NAMES = {
    "âgé",
    "âgée",
    "ans",
    "an",
    "dit",
    "déclaré",
    "raconté",
    "expliqué",
    "aujourd'hui",
    "hier",
    "tante",
    "oncle",
    "mère",
    "père",
    "maman",
    "papa",
    "sœur",
    "soeur",
    "frère",
    "fille",
    "fils",
    "cousin",
    "cousine",
    "épouse",
    "mari",
    "ami",
    "amie",
    "victime",
    "victimes",
    "témoin",
    "enfant",
    "mineure",
    "mineur",
    "adolescente",
    "adolescent",
    "jeune",
    "jeunes",
    "homme",
    "femme",
    "hommes",
    "femmes",
    "personnes",
    "personne",
    "famille",
    "parents",
    "originaire",
    "ressortissante",
    "ressortissant",
    "année",
    "années",
    "selon",
    "elle",
    "il",
}

VICTIMS = VictimRules(
    count=_COUNT,
    count_victims=_COUNT_VICTIMS,
    family_roles=frozenset(FAMILY_ROLES),
    cue_always=_CUE_ALWAYS,
    cue_context=_CUE_CONTEXT,
    after_name=_AFTER_NAME,
    victim_words=_VICTIM_WORDS,
    accused_words=_ACCUSED_WORDS,
    skip_tokens=frozenset({"le", "la", "les", "de", "du", "des", "et", "m", "mme", "me", "dr"}),
    role_before=re.compile(
        r"\b(?:victimes?|survivante?|plaignante?|témoin|fille|fillette|garçon|mineure?|"
        r"adolescente?)[ \t]*(,?)[ \t]*\Z",
        re.I,
    ),
    apposition_tail=re.compile(r"^\s*(?:[,;:)(]|$|\.\s)"),
    role_after=re.compile(
        r"^\s*(?:,\s*(?:\d{1,2}\s+ans\s*,\s*)?)(?:une?|la|le|l['’]une?\s+des)\s+(?:\w+\s+){0,2}?"
        r"(?:victimes?|survivante?s?|plaignante?|témoins?|filles?|fillettes?|garçons?|"
        r"mineure?s?|adolescente?s?)\b",
        re.I,
    ),
    testify_lemmas=frozenset({"témoigner", "déposer"}),
    role_cues=_ROLE_CUES,
    cue_not_names=frozenset(_CUE_NOT_NAMES),
    cue_reject_after=re.compile(r"^[\"'”’»]?[ \t]+comme\b", re.I),
    cue_joiners=frozenset({"et", "&"}),
)
