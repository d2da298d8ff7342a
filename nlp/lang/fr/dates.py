"""French date phrases ("le 12 mars 2024", "mardi", "en mars", "hier", "la semaine dernière")
read into a `DatePhrase` (resolved against the publication date by
`tipwatch.domain.status_date.resolve`). Durations ("huit ans"), ages ("16 ans") and vague spans
("ces dernières semaines") are no date: None."""

from __future__ import annotations

import re

from tipwatch.domain.status_date import DatePhrase, Relative

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("janvier", "janv"),
            ("février", "fevrier", "févr", "fevr"),
            ("mars",),
            ("avril", "avr"),
            ("mai",),
            ("juin",),
            ("juillet", "juil"),
            ("août", "aout"),
            ("septembre", "sept"),
            ("octobre", "oct"),
            ("novembre", "nov"),
            ("décembre", "decembre", "déc", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: i
    for i, name in enumerate(
        ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    )
}
_RELATIVE = {
    "aujourd'hui": Relative.TODAY,
    "hier": Relative.YESTERDAY,
    "la semaine dernière": Relative.LAST_WEEK,
    "le mois dernier": Relative.LAST_MONTH,
    "l'an dernier": Relative.LAST_YEAR,
    "l'année dernière": Relative.LAST_YEAR,
    "ce mois-ci": Relative.THIS_MONTH,
    "cette année": Relative.THIS_YEAR,
}
_LEADING = re.compile(r"^(?:le|la|les|en|depuis|dès|au|du|ce|cet|cette|début|fin|mi-?)\s+")
_TRAILING = re.compile(r"\s+(?:matin|après-midi|soir|dernier|dernière)$")
_DAY = re.compile(r"^(1er|\d{1,2})$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


def _clean(text: str) -> str:
    low = re.sub(r"[,.]", " ", text.lower().replace("\u2019", "'"))
    return " ".join(low.split())


def _calendar(words: list[str]) -> DatePhrase | None:
    weekday = None
    if words and words[0] in WEEKDAYS:
        weekday = WEEKDAYS[words[0]]
        words = words[1:]
    month = day = year = None
    for w in words:
        if w in _MONTHS and month is None:
            month = _MONTHS[w]
        elif _YEAR.match(w) and year is None:
            year = int(w)
        elif _DAY.match(w) and day is None:
            value = 1 if w == "1er" else int(w)
            if not 1 <= value <= 31:
                return None
            day = value
        else:
            return None
    if month is None and (day is not None or year is None):
        return None if weekday is None or words else DatePhrase(weekday=weekday)
    return DatePhrase(year=year, month=month, day=day, weekday=weekday)


def parse_date_phrase(text: str) -> DatePhrase | None:
    """The date a French phrase states, or None when it states no calendar date."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    if cleaned in _RELATIVE:
        return DatePhrase(relative=_RELATIVE[cleaned])
    words = cleaned.split()
    if len(words) == 2 and words[0] in WEEKDAYS and words[1] in {"dernier", "passé"}:
        return DatePhrase(weekday=WEEKDAYS[words[0]], before=True)
    prev = None
    while prev != cleaned:
        prev = cleaned
        cleaned = _LEADING.sub("", cleaned)
        cleaned = _TRAILING.sub("", cleaned)
    words = cleaned.split()
    if not words or len(words) > 4:
        return None
    return _calendar(words)


_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_WORDS = "|".join(WEEKDAYS)
# the phrases `parse_date_phrase` reads, as they stand in running text (the French model tags no
# DATE entities): "le 12 mars 2024", "le mardi 3 juin", "mardi dernier", "en mars", "hier"
DATE_PATTERN = re.compile(
    rf"\b(?:(?:le\s+)?(?:(?:{_WEEKDAY_WORDS})\s+)?(?:1er|\d{{1,2}})\s+(?:{_MONTH_WORDS})"
    rf"(?:\s+(?:1[89]\d\d|20\d\d))?|(?:en\s+)?(?:{_MONTH_WORDS})(?:\s+(?:1[89]\d\d|20\d\d))?"
    rf"|(?:{_WEEKDAY_WORDS})(?:\s+(?:dernier|passé))?|hier|aujourd['’]hui"
    r"|la\s+semaine\s+dernière|le\s+mois\s+dernier|l['’]an(?:née)?\s+dernière?)\b",
    re.I,
)
