"""French name shapes, titles, calendar words and cues for finding people ("Jean Dupont, 45
ans,", "le prévenu, Jean Dupont", "M. Dupont", "un Nigérian de 32 ans, X")."""

from __future__ import annotations

import re
from functools import cache

from tipwatch.nlp.lang.fr.dates import WEEKDAYS
from tipwatch.nlp.lang.rules import Pattern, PeopleRules

_PARTICLE = r"(?:de|du|des|d'|la|le|van|von|ben|bin|ould|el|al|dos|da|di)"
_NAME_WORD = r"(?:[A-ZÀ-Ý][a-zà-ÿ]+(?:[-'’][A-ZÀ-Ý]?[a-zà-ÿ]+)*|[A-Z]['’][A-ZÀ-Ý][a-zà-ÿ]+)"
# a full name, or a given name and the surname's initial as the French press abbreviates an
# accused ("Karim B."; not "M.", which is "Monsieur" before another name)
NAME_RE = (
    rf"(?:{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_NAME_WORD}){{1,3}}"
    rf"|{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}[ \t]+[A-LN-ZÀ-Ý]\.)"
)
_AGE = r"(?P<age>\d{1,2})[ \t]+ans"
_PASSIVE_STEP = (
    r"(?:a|ont|avait|avaient)[ \t]+été[ \t]+(?:condamné|interpellé|arrêté|"
    r"mise?s?[ \t]+en[ \t]+examen|placé|écroué|inculpé|déféré|jugé|acquitté|relaxé|reconnu|"
    r"extradé|recherché)"
)
_SHAPE_PATTERNS = [
    # "Jean Dupont, 45 ans," / "Jean Dupont, âgé de 45 ans"
    (
        re.compile(
            rf"(?<![\w.])(?P<name>{NAME_RE}),\s+(?:âgée?\s+de\s+)?{_AGE}\b",
            re.M,
        ),
        True,
    ),
    # "Jean Dupont (45 ans)"
    (re.compile(rf"(?<![\w.])(?P<name>{NAME_RE})\s+\((?P<age>\d{{1,2}})(?:\s+ans)?\)"), True),
    # a name the small model misses as the subject of a passive legal step: "Joy Osagie et
    # Blessing Eze ont été condamnées", "Jean Dupont a été interpellé"
    (
        re.compile(
            rf"(?<![\w.])(?P<name>{NAME_RE})(?:[ \t]+et[ \t]+{NAME_RE})?[ \t]+{_PASSIVE_STEP}"
        ),
        False,
    ),
    (
        re.compile(rf"(?<![\w.]){NAME_RE}[ \t]+et[ \t]+(?P<name>{NAME_RE})[ \t]+{_PASSIVE_STEP}"),
        False,
    ),
    # "le chef présumé du réseau, Jean Dupont", "le cerveau de la filière, Jean Dupont"
    (
        re.compile(
            rf"\b(?:chef|cheffe|meneur|meneuse|cerveau|organisateur|organisatrice|instigateur)"
            rf"(?:\s+présumée?)?\s+(?:du|de\s+la|de\s+ce|de\s+cette|de\s+l['’])\s*"
            rf"(?:réseau|filière|bande|gang|groupe|trafic)(?:\s+présumée?)?\s*,\s+(?P<name>{NAME_RE})"
        ),
        False,
    ),
    # "l'accusé, Jean Dupont" / "le prévenu Jean Dupont" / "identifié comme Jean Dupont"
    (
        re.compile(
            rf"\b(?:accusée?s?|prévenue?s?|suspecte?s?|trafiquants?|passeurs?|proxénètes?|"
            rf"meneur|identifiée?\s+comme|présentée?\s+comme)\s*,?\s+(?P<name>{NAME_RE})"
        ),
        False,
    ),
]
_ACCUSED_CUE = re.compile(
    r"(?:co-?)?(?:accusée?s?|prévenue?s?|suspecte?s?|trafiquants?|passeurs?|proxénètes?|meneur|"
    r"meneuse|chef|cheffe|cerveau|organisateur|organisatrice|instigateur)\b"
)
_MONTHS = frozenset(
    {
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    }
)
_NOT_NAME_WORDS = (
    {
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "police",
        "gendarmerie",
        "tribunal",
        "cour",
        "parquet",
        "justice",
        "état",
        "etat",
        "république",
        "republique",
        "national",
        "nationale",
        "ministère",
        "ministre",
        "office",
        "brigade",
        "direction",
        "centre",
        "traite",
        "proxénétisme",
        "il",
        "elle",
        "ils",
        "elles",
        "son",
        "sa",
        "ses",
        "leur",
        "m",
        "mme",
        "mlle",
        "me",
        "monsieur",
        "madame",
        "maître",
        "en",
        "au",
        "aux",
        "et",
        "mais",
        "après",
        "avant",
        "quand",
        "selon",
        "avec",
        "pour",
        "par",
        "sur",
        "dans",
        "ce",
        "cette",
        "ces",
        "deux",
        "trois",
        "quatre",
        "procureur",
        "procureure",
        "juge",
        "prévenu",
        "prévenue",
        "prévenus",
        "accusé",
        "accusée",
        "accusés",
        "suspect",
        "suspects",
        "victime",
        "victimes",
        "île",
        "saint",
        "sainte",
        "rue",
        "avenue",
        "boulevard",
        "place",
        "aéroport",
        "université",
        "école",
        "hôpital",
        "église",
        "parti",
        "gouvernement",
        "conseil",
        "commission",
        "service",
        "services",
        "unité",
        "affaire",
        "code",
        "pénal",
        "loi",
        "article",
        "facebook",
        "twitter",
        "instagram",
        "whatsapp",
        "tiktok",
        "snapchat",
        "youtube",
        "afp",
        "ouest",
        "est",
        "nord",
        "sud",
        "lire",
        "aussi",
        "voir",
        "partager",
        "publié",
        "mis",
        "jour",
        "hôtel",
        "restaurant",
        "banque",
        "groupe",
        "presse",
        "journal",
        "monde",
        "figaro",
        "libération",
        "parisien",
        "france",
        "info",
        "rfi",
        "tv5",
        "préfecture",
        "mairie",
        "assises",
        "appel",
        "cassation",
        "correctionnel",
        "fondation",
        "association",
    }
    | _MONTHS
    | set(WEEKDAYS)
)
_TITLE_PREFIX = {"m", "mme", "mlle", "monsieur", "madame", "mademoiselle", "me", "maître"}
# "Madame N", "M. X", a lone initial: a stand-in, not a name
_PLACEHOLDER = re.compile(
    r"^(?:(?:monsieur|madame|m|mme|victime|témoin)\.?\s+(?:x|[a-z]|\d+)|[A-ZÀ-Ý]\.?)$", re.I
)
_DATE_LEAD = {"le", "depuis", "dès", "jusqu'au", "avant", "après", "ce", "chaque", "du", "au"}
_LEGAL_LEMMAS = {
    "interpeller",
    "arrêter",
    "appréhender",
    "inculper",
    "mettre",
    "placer",
    "écrouer",
    "déférer",
    "poursuivre",
    "juger",
    "condamner",
    "acquitter",
    "relaxer",
    "extrader",
    "rechercher",
    "accuser",
    "reconnaître",
    "déclarer",
    "incarcérer",
}
_AGE_AFTER = re.compile(r"^\s*(?:,|\()\s*(?:âgée?\s+de\s+)?(\d{1,2})\s*(?:ans\b|\))")
_AGE_BEFORE = re.compile(r"\b(?:âgée?\s+de\s+)?(\d{1,2})\s+ans\s*,?\s*(?:\w+\s+){0,1}$")
_NOT_VICTIM_CONTEXT = {"coupable", "coupables", "responsable", "possession", "garde", "détention"}
_HOLD_VICTIM = {"captive", "captives", "otage", "otages", "esclavage", "servitude", "séquestrée"}
_CONTACT_LEAD = re.compile(
    r"^\s*(?:contacts?\s+presse|contacts?|auteur|rédigé\s+par|publié\s+par|par|"
    r"correspondant|correspondante|avec)\s*:?\s*$",
    re.I,
)
_NOUNS_AFTER = (
    r"(?:ressortissante?|citoyenne?|homme|femme|trafiquante?|passeur|suspecte?|proxénète)"
)


@cache
def _nationality_after(phrase: str) -> Pattern:
    # "X, un ressortissant nigérian", "X, une Nigériane de 30 ans", "X, de nationalité roumaine"
    return re.compile(
        rf"^[^.;\n]{{0,30}}?\b(?:(?:un|une|le|la)\s+(?:{_NOUNS_AFTER}\s+)?|de\s+nationalité\s+)"
        rf"({re.escape(phrase)})\b",
        re.I,
    )


@cache
def _nationality_before(phrase: str) -> Pattern:
    # "le Nigérian X", "la ressortissante roumaine X"
    return re.compile(
        rf"\b(?:(?:le|la|un|une)\s+(?:{_NOUNS_AFTER}\s+)?)({re.escape(phrase)})"
        rf"(?:\s+de\s+\d{{1,2}}\s+ans)?\s*,?\s*$",
        re.I,
    )


PEOPLE = PeopleRules(
    particle_pattern=_PARTICLE,
    shape_patterns=tuple(_SHAPE_PATTERNS),
    accused_cue=_ACCUSED_CUE,
    not_name_words=frozenset(_NOT_NAME_WORDS),
    title_prefixes=frozenset(_TITLE_PREFIX),
    placeholder=_PLACEHOLDER,
    calendar_words=frozenset(_MONTHS | set(WEEKDAYS)),
    date_leads=frozenset(_DATE_LEAD),
    name_abbreviations=frozenset(),
    possessive_suffix=re.compile(r"(?!)"),  # French marks no possessive on the name
    possessives=frozenset(),
    apostrophes=frozenset({"'", "’"}),
    title_glue=frozenset({"'", "’", "de", "du", "d'", "d’"}),
    legal_lemmas=frozenset(_LEGAL_LEMMAS),
    age_after=_AGE_AFTER,
    age_before=_AGE_BEFORE,
    nationality_after=_nationality_after,
    nationality_before=_nationality_before,
    not_victim_context=frozenset(_NOT_VICTIM_CONTEXT),
    hold_victim=frozenset(_HOLD_VICTIM),
    hold_lemma="retenir",
    contact_lead=_CONTACT_LEAD,
)
