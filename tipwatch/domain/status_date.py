"""The date of a reported legal status: a date the text states, resolved against the article's
publication date, or the publication date itself.

News rarely dates a step in full: "was sentenced on Tuesday", "arrested last week", "charged in
March", "on 12 January". A language's parser (`nlp/lang/<code>/status.py`) turns the words into a
`DatePhrase` (what the words say, nothing resolved); `resolve` makes it a calendar date relative
to the publication date, the day the words were written:

- a weekday ("on Tuesday") is the latest such day on or before publication; "last Tuesday" the
  latest one before it;
- a day and month without a year ("March 3", "12 January") is the latest such day not after
  publication; a month without a year ("in March") the latest such month not after publication;
- a period (a month, a year, "last week", "last month") resolves to its first day: the status
  was reached no earlier than that;
- "yesterday" is the day before publication, "today" publication day.

A phrase that resolves after the publication date (a hearing "set for March 3" next month, a
misread number) is no status date: `resolve` returns None and the publication date stands, with
`DateSource.PUBLICATION` saying so.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class DateSource(StrEnum):
    """Where a perpetrator's status date comes from."""

    TEXT = "text"  # a date the sentence giving the status states
    PUBLICATION = "publication"  # the article's publication date (the text states none)


class Relative(StrEnum):
    TODAY = "today"
    YESTERDAY = "yesterday"
    LAST_WEEK = "last_week"
    LAST_MONTH = "last_month"
    LAST_YEAR = "last_year"
    THIS_MONTH = "this_month"
    THIS_YEAR = "this_year"


@dataclass(frozen=True)
class DatePhrase:
    """What a date phrase states: calendar fields (any may be missing), a weekday (0 = Monday),
    or a day relative to publication. `before` marks "last Tuesday" (strictly before)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    relative: Relative | None = None
    before: bool = False

    def __post_init__(self) -> None:
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None and not 1 <= self.day <= 31:
            raise ValueError(f"day out of range: {self.day}")
        if self.weekday is not None and not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday out of range: {self.weekday}")


def _month_start(d: date, back: int = 0) -> date:
    month = d.month - back
    year = d.year
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1)


def _relative(rel: Relative, published: date) -> date:
    if rel is Relative.TODAY:
        return published
    if rel is Relative.YESTERDAY:
        return published - timedelta(days=1)
    if rel is Relative.LAST_WEEK:
        this_monday = published - timedelta(days=published.weekday())
        return this_monday - timedelta(days=7)
    if rel is Relative.LAST_MONTH:
        return _month_start(published, 1)
    if rel is Relative.LAST_YEAR:
        return date(published.year - 1, 1, 1)
    if rel is Relative.THIS_MONTH:
        return _month_start(published)
    return date(published.year, 1, 1)


def _day_in(year: int, month: int, day: int) -> date | None:
    if day > calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def resolve(phrase: DatePhrase, published: date) -> date | None:
    """The calendar date the phrase names, read on `published`; None when it names none that is
    not after publication (or no real day: "February 30")."""
    found: date | None
    if phrase.relative is not None:
        found = _relative(phrase.relative, published)
    elif phrase.weekday is not None and phrase.month is None:
        back = (published.weekday() - phrase.weekday) % 7
        if phrase.before and back == 0:
            back = 7
        found = published - timedelta(days=back)
    elif phrase.month is not None:
        day = phrase.day or 1
        if phrase.year is not None:
            found = _day_in(phrase.year, phrase.month, day)
        else:
            found = _day_in(published.year, phrase.month, day)
            if found is None or found > published:
                found = _day_in(published.year - 1, phrase.month, day)
    elif phrase.year is not None:
        found = date(phrase.year, 1, 1)
    else:
        found = None
    if found is None or found > published:
        return None
    return found
