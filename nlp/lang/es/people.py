"""Spanish name shapes, titles, calendar words and role cues for finding people."""

from __future__ import annotations

import re
from functools import cache

from tipwatch.nlp.lang.rules import Pattern, PeopleRules

_PARTICLE = r"(?:de|del|de la|de los|y)"
_NAME_WORD = r"(?:[A-ZÁÉÍÓÚÑ][a-záéíóúüñ]+(?:-[A-ZÁÉÍÓÚÑ][a-záéíóúüñ]+)*)"
NAME_RE = rf"{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_NAME_WORD}){{1,3}}"
_SHAPE_PATTERNS = [
    # "Name, de 45 años," / "Name, 45,"
    (
        re.compile(
            rf"(?<![\w.])(?P<name>{NAME_RE}),\s+(?:de\s+)?(?P<age>\d{{1,2}})(?:\s+años)?\s*(?:,|\)|$)",
            re.M,
        ),
        True,
    ),
    # "Name (45)"
    (re.compile(rf"(?<![\w.])(?P<name>{NAME_RE})\s+\((?P<age>\d{{1,2}})(?:\s+años)?\)"), True),
    # "el imputado Name", "identificado como Name", "alias"
    (
        re.compile(
            rf"\b(?:acusad[oa]s?|imputad[oa]s?|procesad[oa]s?|sospechos[oa]s?|tratantes?|"
            rf"traficantes?|cabecilla|pr[oó]fug[oa]|sentenciad[oa]|detenid[oa]|"
            rf"identificad[oa] como|quien responde al nombre de)\s*,?\s+(?P<name>{NAME_RE})"
        ),
        False,
    ),
]
_ACCUSED_CUE = re.compile(
    r"(?:acusad[oa]s?|imputad[oa]s?|procesad[oa]s?|sospechos[oa]s?|tratantes?|traficantes?|"
    r"cabecilla|pr[oó]fug[oa]|sentenciad[oa]|detenid[oa])\b",
    re.I,
)
_MONTHS = frozenset(
    {
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "setiembre",
        "octubre",
        "noviembre",
        "diciembre",
    }
)
_DAYS = frozenset({"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"})
_NOT_NAME_WORDS = (
    {
        "el",
        "la",
        "los",
        "las",
        "un",
        "una",
        "de",
        "del",
        "y",
        "en",
        "con",
        "por",
        "para",
        "según",
        "tras",
        "policía",
        "fiscalía",
        "fiscal",
        "juez",
        "jueza",
        "juzgado",
        "tribunal",
        "audiencia",
        "estado",
        "estatal",
        "federal",
        "nacional",
        "general",
        "república",
        "ministerio",
        "público",
        "secretaría",
        "seguridad",
        "guardia",
        "instituto",
        "migración",
        "gobierno",
        "municipal",
        "municipio",
        "ciudad",
        "calle",
        "avenida",
        "colonia",
        "centro",
        "unidad",
        "trata",
        "personas",
        "víctima",
        "víctimas",
        "menor",
        "acusado",
        "imputado",
        "don",
        "doña",
        "señor",
        "señora",
        "sr",
        "sra",
        "él",
        "ella",
        "ellos",
        "este",
        "esta",
        "ese",
        "esa",
        "leer",
        "más",
        "noticias",
        "relacionadas",
        "compartir",
        "código",
        "penal",
        "ley",
        "artículo",
        "agencia",
        "efe",
        "ap",
        "afp",
        "europa",
        "press",
        "norte",
        "sur",
        "oeste",
        "nuevo",
        "nueva",
        "san",
        "santa",
        "facebook",
        "twitter",
        "whatsapp",
        "instagram",
        "presidente",
        "gobernador",
        "alcalde",
        "ministro",
        "ministra",
        "director",
        "comisario",
        "agente",
        "agentes",
        "operativo",
        "hoy",
        "ayer",
        "mañana",
    }
    | _MONTHS
    | _DAYS
)
_TITLE_PREFIX = {"sr", "sra", "srta", "don", "doña", "señor", "señora", "lic", "licenciado", "dr"}
_PLACEHOLDER = re.compile(r"^(fulan[oa]|mengan[oa]|v[ií]ctima|menor)\s+([a-z]|\d+|n)$", re.I)
_DATE_LEAD = {
    "el",
    "este",
    "pasado",
    "próximo",
    "desde",
    "hasta",
    "de",
    "en",
    "a",
    "cada",
    "antes",
    "después",
    "entre",
    "durante",
}
_LEGAL_LEMMAS = {
    "detener",
    "arrestar",
    "capturar",
    "aprehender",
    "vincular",
    "imputar",
    "acusar",
    "procesar",
    "consignar",
    "condenar",
    "sentenciar",
    "absolver",
    "declarar",
    "extraditar",
    "juzgar",
    "buscar",
    "asegurar",
}
_AGE_AFTER = re.compile(r"^\s*(?:,|\()\s*(?:de\s+)?(\d{1,2})(?:\s+años)?\s*(?:,|\)|\b)")
_AGE_BEFORE = re.compile(r"\bde\s+(\d{1,2})\s+años(?:\s+de\s+edad)?\s*,?\s+(?:\w+\s+){0,2}$")
_NOT_VICTIM_CONTEXT = {"culpable", "responsable", "responsables", "posesión", "custodia"}
_HOLD_VICTIM = {"cautiva", "cautivo", "cautivas", "rehén", "rehenes", "esclavitud", "voluntad"}
_CONTACT_LEAD = re.compile(
    r"^\s*(?:contacto|prensa|autor|escrito\s+por|por|redacci[oó]n|corresponsal|"
    r"portavoz|vocero)\s*:?\s*$",
    re.I,
)


@cache
def _nationality_after(phrase: str) -> Pattern:
    # "X, de nacionalidad hondureña", "X, un hombre mexicano"
    return re.compile(
        rf"^[^.;\n]{{0,30}}?\b(?:de\s+nacionalidad|(?:un|una|el|la)\s+(?:ciudadan[oa]|hombre|"
        rf"mujer|tratante|traficante|sospechos[oa]))\s+({re.escape(phrase)})\b",
        re.I,
    )


@cache
def _nationality_before(phrase: str) -> Pattern:
    # "el ciudadano hondureño X", "la mujer mexicana X"
    return re.compile(
        rf"\b(?:ciudadan[oa]|hombre|mujer|tratante|traficante|sospechos[oa])\s+"
        rf"({re.escape(phrase)})\s*,?\s*$",
        re.I,
    )


PEOPLE = PeopleRules(
    particle_pattern=_PARTICLE,
    shape_patterns=tuple(_SHAPE_PATTERNS),
    accused_cue=_ACCUSED_CUE,
    not_name_words=frozenset(_NOT_NAME_WORDS),
    title_prefixes=frozenset(_TITLE_PREFIX),
    placeholder=_PLACEHOLDER,
    calendar_words=_MONTHS | _DAYS,
    date_leads=frozenset(_DATE_LEAD),
    name_abbreviations=frozenset({"ma", "fco", "gpe"}),
    possessive_suffix=re.compile(r"(?!x)x"),  # Spanish has no possessive suffix
    possessives=frozenset(),
    apostrophes=frozenset({"'", "’"}),
    title_glue=frozenset({"como"}),
    legal_lemmas=frozenset(_LEGAL_LEMMAS),
    age_after=_AGE_AFTER,
    age_before=_AGE_BEFORE,
    nationality_after=_nationality_after,
    nationality_before=_nationality_before,
    not_victim_context=frozenset(_NOT_VICTIM_CONTEXT),
    hold_victim=frozenset(_HOLD_VICTIM),
    hold_lemma="retener",
    contact_lead=_CONTACT_LEAD,
    passive_auxiliaries=frozenset({"ser", "estar", "quedar", "resultar"}),
)
