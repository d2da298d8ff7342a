"""Spanish cues for victims: how reporters count them and introduce protected people."""

from __future__ import annotations

import re

from tipwatch.nlp.lang.es.lexicon import NUMBER_WORDS
from tipwatch.nlp.lang.rules import RoleCue, VictimRules

_NUMBER = r"(\d{1,5}|" + "|".join(NUMBER_WORDS) + r")"
_COUNT = re.compile(
    _NUMBER + r"\s+(?:\w+\s+){0,2}?"
    r"(?:v[ií]ctimas|mujeres|niñas|niños|menores|adolescentes|personas|migrantes|trabajadores|"
    r"jornaleros|hombres|j[oó]venes)\b(?=[^.]{0,80}\b(?:rescatad[oa]s|liberad[oa]s|"
    r"explotad[oa]s|v[ií]ctimas?|tratad[oa]s|obligad[oa]s|localizad[oa]s|identificad[oa]s|"
    r"trasladad[oa]s)\b)",
    re.I,
)
_COUNT_VICTIMS = re.compile(_NUMBER + r"\s+(?:\w+\s+){0,2}?(?:v[ií]ctimas)\b", re.I)

FAMILY_ROLES = {"hija", "hijo", "sobrina", "sobrino", "madre", "padre", "hermana", "hermano"}

_NAME_WORD = r"(?:[A-ZÁÉÍÓÚÑ][a-záéíóúüñ]+(?:-[A-Za-záéíóúüñ]+)*|[A-Z]\.)"
_NAME = rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})"
_Q = r"[\"'“‘«]?"
# a substitute name, always protective: "identificada con el nombre ficticio de X", "a quien
# llamaremos X", "cuyo nombre fue cambiado"
_CUE_ALWAYS = re.compile(
    r"\b(?:(?:con\s+el\s+)?nombre\s+(?:ficticio|falso|supuesto)\s+(?:de\s+)?|"
    r"(?:a\s+quien|quien)\s+(?:llamaremos|llamaremos\s+aqu[ií])|"
    r"identificad[oa]\s+(?:\w+\s+){0,3}?(?:solo|solamente|[uú]nicamente)\s+como|"
    r"bajo\s+el\s+seud[oó]nimo\s+(?:de\s+)?)\s*" + _Q + _NAME
)
# "identificada como X": protective when the nearest role word before it is a victim word
_CUE_CONTEXT = re.compile(
    r"\b(?:identificad[oa]s?|nombrad[oa]s?|llamad[oa]s?)\s+(?:\w+\s+){0,3}?como\s+" + _Q + _NAME
)
_AFTER_NAME = re.compile(
    r"(?<![\w.])" + _NAME + r"[\"'”’»]?\s*(?:\(|,\s*)(?:nombre\s+(?:ficticio|cambiado|supuesto)|"
    r"no\s+es\s+su\s+nombre\s+real|seud[oó]nimo)"
)
_VICTIM_WORDS = re.compile(
    r"\b(?:v[ií]ctimas?|sobrevivientes?|rescatad[oa]s?|denunciantes?|testigos?|niñ[oa]s?|"
    r"menor(?:es)?|adolescentes?|j[oó]venes|hij[oa]s?|madres?|mujeres|trabajador[ae]s|"
    r"migrantes|explotad[oa]s?|ofendid[oa]s?|agraviad[oa]s?)\b",
    re.I,
)
_ACCUSED_WORDS = re.compile(
    r"\b(?:sospechos[oa]s?|acusad[oa]s?|imputad[oa]s?|procesad[oa]s?|tratantes?|"
    r"traficantes?|polleros?|detenid[oa]s?|capturad[oa]s?|aprehendid[oa]s?|vinculad[oa]s?|"
    r"condenad[oa]s?|sentenciad[oa]s?|dueñ[oa]s?|cabecillas?|pr[oó]fug[oa]s?|"
    r"responsables?|proxenetas?)\b",
    re.I,
)

_CUE_WORD = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
_CUE_NAME = rf"(?P<name>{_CUE_WORD}(?:[ \t]+{_CUE_WORD}){{0,3}})"
_CUE_ROLE = (
    r"(?P<role>v[ií]ctimas?|sobrevivientes?|denunciantes?|testigos?|niñ[oa]s?|menor(?:es)?|"
    r"adolescentes?|ofendid[oa]s?|agraviad[oa]s?)(?![\w'’])"
)
_MINOR_AGE = r"(?:1[0-7]|[1-9])"
# ", 15," / ", de 15 años," / " (15)"
_CUE_AGE = (
    r"(?:[ \t]*,[ \t]*(?:de[ \t]+)?(?P<age>\d{1,2})(?:[ \t]+años)?(?![\w.,]?\d)"
    r"(?=[ \t]*(?:[,.;:)]|y\b))|"
    r"[ \t]*\([ \t]*(?P<age_p>\d{1,2})(?:[ \t]+años)?[ \t]*\))"
)
_CUE_CLOSE = r"(?=[ \t]*(?:[,;:)]|[.!?](?:\s|$)|[-–—][ \t]|$))"
_LEAD = r"(?<![\w'’.-])"
_AGE_WORDS = rf"(?:de[ \t]+{_MINOR_AGE}[ \t]+años(?:[ \t]+de[ \t]+edad)?[ \t]*,?[ \t]*)?"
_ROLE_CUES = (
    # "la víctima, María, de 15 años," / "la menor, ana, 15,"
    RoleCue(
        re.compile(rf"\b{_CUE_ROLE}[ \t]*,[ \t]*{_CUE_NAME}{_CUE_AGE}", re.I),
        name_before=False,
        lower_ok=True,
        bounded=True,
    ),
    # "la víctima, María, declaró"
    RoleCue(
        re.compile(rf"\b{_CUE_ROLE}[ \t]*,[ \t]*{_CUE_NAME}{_CUE_CLOSE}", re.I),
        name_before=False,
        lower_ok=True,
        bounded=True,
    ),
    # "la víctima María López", "La testigo Ana"
    RoleCue(
        re.compile(
            rf"\b(?:[Ll]as?|[Ee]l|[Ll]os|[Uu]nas?|[Uu]n|[Ss]us?)[ \t]+"
            rf"(?i:{_CUE_ROLE})[ \t]+{_CUE_NAME}"
        ),
        name_before=False,
    ),
    # the injured party of a Mexican charge: "en agravio de Karla Pérez", "en perjuicio de la
    # menor X", "víctima de nombre X"
    RoleCue(
        re.compile(
            r"\b(?:en[ \t]+agravio|en[ \t]+perjuicio)[ \t]+de[ \t]+"
            r"(?:(?:la|el|las|los|una|un|su|sus)[ \t]+)?(?:(?:menor|joven|víctima|niña|niño|"
            rf"adolescente|mujer|hombre)(?:es|s)?[ \t]+)?(?:de[ \t]+iniciales[ \t]+)?{_CUE_NAME}"
        ),
        name_before=False,
    ),
    # "una menor de 15 años identificada como X", "la víctima, quien fue identificada como X",
    # "una joven de nombre X", "una niña llamada X"
    RoleCue(
        re.compile(
            rf"\b{_CUE_ROLE}[ \t]+{_AGE_WORDS}(?:,?[ \t]*(?:quien|que)[ \t]+"
            r"(?:fue|era|es|ha[ \t]+sido)[ \t]+)?"
            r"(?:identificad[oa]|llamad[oa]|conocid[oa]|de[ \t]+nombre|nombrad[oa])"
            rf"(?:[ \t]+como)?[ \t]+[\"'“‘«]?{_CUE_NAME}",
            re.I,
        ),
        name_before=False,
        lower_ok=True,
    ),
    # "María, una de las víctimas", "Ana, de 15 años, víctima de"
    RoleCue(
        re.compile(
            rf"{_LEAD}{_CUE_NAME}(?:{_CUE_AGE})?[ \t]*,[ \t]*(?:una?[ \t]+de[ \t]+las?[ \t]+|"
            rf"una?[ \t]+|la[ \t]+|el[ \t]+)?(?:\w+[ \t]+){{0,2}}?{_CUE_ROLE}"
            r"(?=[ \t]*(?:[,.;:)!?\n]|$)|[ \t]+(?:de|que|quien)\b)",
            re.I,
        ),
        name_before=True,
        lower_ok=True,
    ),
    # "Ana, de 15 años, fue rescatada" (a minor's age)
    RoleCue(
        re.compile(
            rf"{_LEAD}{_CUE_NAME}[ \t]*(?:,[ \t]*(?:de[ \t]+)?{_MINOR_AGE}(?:[ \t]+años)?|"
            rf"\([ \t]*{_MINOR_AGE}[ \t]*\))[ \t]*,?[ \t]*(?:quien[ \t]+)?"
            r"(?:fue|había[ \t]+sido|ha[ \t]+sido|era|es)[ \t]+"
            r"(?:rescatad[oa]|liberad[oa]|explotad[oa]|vendid[oa]|secuestrad[oa]|"
            r"abusad[oa]|violad[oa]|obligad[oa]|enganchad[oa]|captad[oa])\b",
            re.I,
        ),
        name_before=True,
        lower_ok=True,
    ),
)
_CUE_NOT_NAMES = {
    "de",
    "años",
    "año",
    "edad",
    "quien",
    "que",
    "fue",
    "dijo",
    "declaró",
    "madre",
    "padre",
    "hermana",
    "hermano",
    "hija",
    "hijo",
    "tía",
    "tío",
    "prima",
    "primo",
    "esposa",
    "esposo",
    "novio",
    "novia",
    "amiga",
    "amigo",
    "víctima",
    "victima",
    "testigo",
    "niña",
    "niño",
    "menor",
    "adolescente",
    "joven",
    "mujer",
    "hombre",
    "mujeres",
    "hombres",
    "personas",
    "persona",
    "familia",
    "padres",
    "familiares",
    "también",
    "ayer",
    "hoy",
    "originaria",
    "originario",
}
_SKIP_TOKENS = {"de", "del", "la", "el", "y", "sr", "sra", "don", "doña"}

VICTIMS = VictimRules(
    count=_COUNT,
    count_victims=_COUNT_VICTIMS,
    family_roles=frozenset(FAMILY_ROLES),
    cue_always=_CUE_ALWAYS,
    cue_context=_CUE_CONTEXT,
    after_name=_AFTER_NAME,
    victim_words=_VICTIM_WORDS,
    accused_words=_ACCUSED_WORDS,
    skip_tokens=frozenset(_SKIP_TOKENS),
    role_before=re.compile(
        r"\b(?:v[ií]ctimas?|sobrevivientes?|denunciante|testigo|niña|niño|hija|menor|"
        r"adolescente|ofendida|agraviada)[ \t]*(,?)[ \t]*\Z",
        re.I,
    ),
    apposition_tail=re.compile(r"^\s*(?:[,;:)(]|$|\.\s)"),
    role_after=re.compile(
        r"^\s*(?:,\s*(?:(?:de\s+)?\d{1,2}(?:\s+años)?\s*,\s*)?)(?:una?|la|el|una de las|uno de los)"
        r"\s+(?:\w+\s+){0,2}?(?:v[ií]ctimas?|sobrevivientes?|denunciante|testigo|niña|niño|"
        r"menor|adolescente)\b",
        re.I,
    ),
    testify_lemmas=frozenset({"testificar", "atestiguar"}),
    role_cues=_ROLE_CUES,
    cue_not_names=frozenset(_CUE_NOT_NAMES),
    cue_reject_after=re.compile(r"^[\"'”’»]?[ \t]+como\b", re.I),
    cue_joiners=frozenset({"y", "e"}),
)
