"""English date phrases as spaCy's DATE entities give them ("Tuesday", "March 3", "12 January
2024", "last week", "in March 2024"), read into a `DatePhrase` (resolved against the
publication date by `tipwatch.domain.status_date.resolve`). Durations ("five years", "the
past two years"), ages ("41-year-old") and vague spans ("recent weeks") are no date: None."""

from __future__ import annotations

import re

from tipwatch.domain.status_date import DatePhrase, Relative

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    name: i
    for i, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
_RELATIVE = {
    "today": Relative.TODAY,
    "yesterday": Relative.YESTERDAY,
    "last week": Relative.LAST_WEEK,
    "last month": Relative.LAST_MONTH,
    "last year": Relative.LAST_YEAR,
    "earlier this month": Relative.THIS_MONTH,
    "this month": Relative.THIS_MONTH,
    "earlier this year": Relative.THIS_YEAR,
    "this year": Relative.THIS_YEAR,
}
# Words a DATE entity may carry around the date itself.
_LEADING = re.compile(r"^(?:on|in|since|from|during|as of|early|late|the|of)\s+")
_TRAILING = re.compile(r"\s+(?:morning|afternoon|evening|night)$")
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _clean(text: str) -> str:
    words = re.sub(r"[,.]", " ", text.lower().replace("\u2019", "'")).split()
    out = " ".join(w for w in words if w != "of")
    prev = None
    while prev != out:
        prev = out
        out = _LEADING.sub("", out)
        out = _TRAILING.sub("", out)
    return out.strip()


def _day(word: str) -> int | None:
    m = _ORDINAL.match(word)
    if m is None:
        return None
    value = int(m.group(1))
    return value if 1 <= value <= 31 else None


def _calendar(words: list[str]) -> DatePhrase | None:
    """ "March 3", "3 March 2024", "Tuesday March 3", "March 2024", "2024", "March"."""
    weekday = None
    if words and words[0] in _WEEKDAYS:
        weekday = _WEEKDAYS[words[0]]
        words = words[1:]
    month = day = year = None
    for w in words:
        if w in _MONTHS and month is None:
            month = _MONTHS[w]
        elif _YEAR.match(w) and year is None:
            year = int(w)
        elif _day(w) is not None and day is None:
            day = _day(w)
        else:
            return None
    if month is None and (day is not None or year is None):
        return None if weekday is None or words else DatePhrase(weekday=weekday)
    return DatePhrase(year=year, month=month, day=day, weekday=weekday)


def parse_date_phrase(text: str) -> DatePhrase | None:
    """The date an English DATE entity states, or None when it states no calendar date."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    if cleaned in _RELATIVE:
        return DatePhrase(relative=_RELATIVE[cleaned])
    iso = _ISO.match(cleaned)
    if iso is not None:
        y, m, d = (int(g) for g in iso.groups())
        if not 1 <= m <= 12 or not 1 <= d <= 31:
            return None
        return DatePhrase(year=y, month=m, day=d)
    words = cleaned.split()
    if len(words) == 2 and words[0] == "last" and words[1] in _WEEKDAYS:
        return DatePhrase(weekday=_WEEKDAYS[words[1]], before=True)
    if len(words) == 2 and words[0] == "this" and words[1] in _WEEKDAYS:
        return DatePhrase(weekday=_WEEKDAYS[words[1]])
    if len(words) > 4:
        return None
    return _calendar(words)
