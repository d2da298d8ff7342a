"""French cues for where proceedings happen: datelines ("LYON (AFP) -", "Dakar, le 3 mai -"),
the courts' seats ("le tribunal correctionnel de Lyon", "la cour d'assises de Paris", "la cour
d'appel de Douai"), the courts and agencies that place a case in one country, extradition
phrasing, and the French names of countries (the gazetteer holds English ones)."""

from __future__ import annotations

import re
import unicodedata

from tipwatch.nlp.lang.rules import JurisdictionRules

_PLACE = r"[A-ZÀ-Ý][\wÀ-ÿ'’\-]+(?:[ -](?:[A-ZÀ-Ý][\wÀ-ÿ'’\-]+|sur|en|de|la|le|du))*"
_DATELINE = re.compile(
    rf"^\s*({_PLACE})(?:,\s*([A-ZÀ-Ý][\wÀ-ÿ.\- ]{{1,20}}?))?\s*(?:\([^)]{{1,20}}\))?\s*"
    r"(?:,\s*le\s+\d{1,2}\s+\w+(?:\s+\d{4})?\s*)?[–—-]{1,2}\s",
    re.M,
)
_COLON_DATELINE = re.compile(rf"^\s*({_PLACE})(?:/[A-ZÀ-Ý][\wÀ-ÿ'’\- ]{{2,30}})?\s?:\s", re.M)
_COURT_TYPES = (
    r"(?:tribunal\s+(?:correctionnel|judiciaire|de\s+grande\s+instance|de\s+première\s+instance|"
    r"criminel|pour\s+enfants|de\s+(?:haute\s+)?instance)|cour\s+d['’]\s*assises|cour\s+d['’]\s*appel|"
    r"cour\s+criminelle(?:\s+départementale)?|tribunal|parquet(?:\s+général)?|procureur\s+de\s+la\s+"
    r"République|juridiction\s+interrégionale\s+spécialisée|JIRS|pôle\s+judiciaire)"
)
_COURT_PLACE = [
    re.compile(
        rf"\b{_COURT_TYPES}\s+(?:de\s+(?:la\s+)?|d['’]\s*|du\s+)"
        r"([A-ZÀ-Ý][\wÀ-ÿ'’\-]+(?:[ -](?:sur|en|de|la|le|du|[A-ZÀ-Ý][\wÀ-ÿ'’\-]+))*)",
        re.I,
    ),
]
_COURT_COUNTRY = [
    (
        re.compile(
            r"\bCode\s+pénal\b(?!\s+(?:belge|sénégalais|ivoirien|camerounais|malien|burkinabè|"
            r"nigérien|marocain|tunisien|algérien|suisse))|\bmis(?:e|es)?\s+en\s+examen\b|"
            r"\bOCRTEH\b|\bOCRIEST\b|\bJIRS\b|\bcour\s+d['’]assises\b|\bgendarmerie\s+nationale\b|"
            r"\bprocureur\s+de\s+la\s+République\b|\bCESEDA\b"
        ),
        "FR",
    ),
    (re.compile(r"\b433\s*quinquies\b|\bMyria\b|\bparquet\s+fédéral\b"), "BE"),
    (re.compile(r"\bloi\s+(?:n°\s*)?2005[-‑]06\b|\bCNLTP\b"), "SN"),
    (re.compile(r"\bloi\s+(?:n°\s*)?2016[-‑]1111\b"), "CI"),
]
_EXTRADITED_TO = re.compile(
    r"\bextrad\w*\s+(?:[\w,'’]+\s+){0,6}?vers\s+(?:la\s+|le\s+|l['’]\s*|les\s+)?"
    r"([A-ZÀ-Ý][\wÀ-ÿ'’\-]+(?: [A-ZÀ-Ý][\wÀ-ÿ\-]+)?)"
)
_EXTRADITED_FROM = re.compile(
    r"\bextrad\w*\s+(?:[\w,'’]+\s+){0,4}?(?:depuis|par)\s+(?:la\s+|le\s+|l['’]\s*|les\s+)?"
    r"([A-ZÀ-Ý][\wÀ-ÿ'’\-]+(?: [A-ZÀ-Ý][\wÀ-ÿ\-]+)?)"
)
_ORG_KEYWORDS = re.compile(
    r"\b(?:[Tt]ribunal|[Cc]our|[Pp]olice|[Gg]endarmerie|[Pp]arquet|[Oo]ffice|[Bb]rigade|"
    r"[Dd]irection|[Ss]ervice|[Mm]inistère|[Pp]réfecture|[Dd]ouane|[Uu]nité|OCRTEH|OCRIEST|JIRS|"
    r"Interpol|Europol)\b"
)
# "la police nigériane", "les autorités françaises", "la justice belge"
_DEMONYM_AUTH = re.compile(
    r"\b(?:police|polices|autorités|justice|gendarmerie|tribunal|tribunaux|cour|juges?|procureurs|douanes?|"
    r"gouvernement)\s+([a-zà-ÿ][a-zà-ÿ\-]+)\b",
    re.I,
)

# French country names (the ones the gazetteer's English names do not cover), ISO alpha-2
_COUNTRIES = {
    "france": "FR",
    "belgique": "BE",
    "suisse": "CH",
    "allemagne": "DE",
    "autriche": "AT",
    "espagne": "ES",
    "italie": "IT",
    "grèce": "GR",
    "pays-bas": "NL",
    "royaume-uni": "GB",
    "angleterre": "GB",
    "irlande": "IE",
    "écosse": "GB",
    "roumanie": "RO",
    "bulgarie": "BG",
    "hongrie": "HU",
    "pologne": "PL",
    "tchéquie": "CZ",
    "république tchèque": "CZ",
    "slovaquie": "SK",
    "albanie": "AL",
    "serbie": "RS",
    "croatie": "HR",
    "bosnie": "BA",
    "lituanie": "LT",
    "lettonie": "LV",
    "estonie": "EE",
    "russie": "RU",
    "biélorussie": "BY",
    "géorgie": "GE",
    "arménie": "AM",
    "turquie": "TR",
    "suède": "SE",
    "norvège": "NO",
    "danemark": "DK",
    "finlande": "FI",
    "maroc": "MA",
    "algérie": "DZ",
    "tunisie": "TN",
    "libye": "LY",
    "égypte": "EG",
    "mauritanie": "MR",
    "sénégal": "SN",
    "guinée": "GN",
    "guinée-bissau": "GW",
    "guinée équatoriale": "GQ",
    "côte d'ivoire": "CI",
    "côte d’ivoire": "CI",
    "burkina": "BF",
    "bénin": "BJ",
    "nigéria": "NG",
    "libéria": "LR",
    "gambie": "GM",
    "cap-vert": "CV",
    "cameroun": "CM",
    "tchad": "TD",
    "centrafrique": "CF",
    "république centrafricaine": "CF",
    "rdc": "CD",
    "république démocratique du congo": "CD",
    "congo-brazzaville": "CG",
    "soudan": "SD",
    "érythrée": "ER",
    "éthiopie": "ET",
    "somalie": "SO",
    "ouganda": "UG",
    "tanzanie": "TZ",
    "zambie": "ZM",
    "afrique du sud": "ZA",
    "namibie": "NA",
    "comores": "KM",
    "maurice": "MU",
    "île maurice": "MU",
    "syrie": "SY",
    "irak": "IQ",
    "jordanie": "JO",
    "liban": "LB",
    "arabie saoudite": "SA",
    "émirats arabes unis": "AE",
    "yémen": "YE",
    "koweït": "KW",
    "afghanistan": "AF",
    "inde": "IN",
    "népal": "NP",
    "chine": "CN",
    "viêt nam": "VN",
    "vietnam": "VN",
    "cambodge": "KH",
    "thaïlande": "TH",
    "birmanie": "MM",
    "malaisie": "MY",
    "indonésie": "ID",
    "philippines": "PH",
    "japon": "JP",
    "corée du sud": "KR",
    "corée du nord": "KP",
    "mongolie": "MN",
    "brésil": "BR",
    "colombie": "CO",
    "pérou": "PE",
    "bolivie": "BO",
    "équateur": "EC",
    "argentine": "AR",
    "chili": "CL",
    "mexique": "MX",
    "haïti": "HT",
    "république dominicaine": "DO",
    "jamaïque": "JM",
    "états-unis": "US",
    "etats-unis": "US",
    "australie": "AU",
    "nouvelle-zélande": "NZ",
    "guyane": "FR",
    "martinique": "FR",
    "guadeloupe": "FR",
    "mayotte": "FR",
    "la réunion": "FR",
    "réunion": "FR",
    "nouvelle-calédonie": "FR",
    # cities whose French name the gazetteer lacks
    "londres": "GB",
    "bruxelles": "BE",
    "anvers": "BE",
    "genève": "CH",
    "alger": "DZ",
    "le caire": "EG",
    "pékin": "CN",
    "moscou": "RU",
    "varsovie": "PL",
    "bucarest": "RO",
    "douvres": "GB",
}


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


COUNTRY_NAMES = {**{_fold(k): v for k, v in _COUNTRIES.items()}, **_COUNTRIES}

JURISDICTION = JurisdictionRules(
    dateline=_DATELINE,
    colon_dateline=_COLON_DATELINE,
    court_place=tuple(_COURT_PLACE),
    court_country=tuple(_COURT_COUNTRY),
    extradited_to=_EXTRADITED_TO,
    extradited_from=_EXTRADITED_FROM,
    org_keywords=_ORG_KEYWORDS,
    demonym_auth=_DEMONYM_AUTH,
    ambiguous_states=frozenset({"georgia", "washington", "maine", "indiana", "nevada"}),
    route_words=frozenset({"vers", "depuis", "via"}),
    possessives=(),
    article_prefix="la ",
    court_seat_article=re.compile(r"^(?:La|Le|Les|L['’])\s*"),
    org_article=re.compile(r"^(?:la|le|les|l['’])\s*", re.I),
    authority_words=frozenset({"police", "autorités", "justice", "gendarmerie", "tribunal"}),
    country_names=COUNTRY_NAMES,
)
