"""Shared doc attributes and the small data classes components hand to each other."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from tipwatch.domain.status_date import DatePhrase
from tipwatch.records import ChargeCategory, LegalStatus, Span


@dataclass
class Person:
    """One person in the text: all mentions merged (full name plus surname-only mentions)."""

    name: str
    mentions: list[Span] = field(default_factory=list)
    role: str | None = None  # None = unknown; "accused"; or a protected role (victim, officer, ...)
    accused_evidence: list[Span] = field(default_factory=list)
    status: LegalStatus | None = None
    status_evidence: list[Span] = field(default_factory=list)
    # dates the sentences giving the status state, best first, with their spans (resolved
    # against the publication date by the extractor; `components/status_dates.py`)
    status_dates: list[tuple[DatePhrase, Span]] = field(default_factory=list)
    age: int | None = None
    age_evidence: Span | None = None
    nationality: str | None = None
    nationality_evidence: Span | None = None
    from_shape: bool = False  # found by name shape, not by the statistical NER
    # mentions that are another name of the person ("X, aka Y": Y): in `mentions` too, but no
    # role is read from them or from the words they are parsed with
    alias_mentions: list[Span] = field(default_factory=list)
    # a legal step the person undergoes by name: the passive subject or the object of the
    # step's verb ("Officer X was arrested", "a jury convicted X")
    direct_step: bool = False

    @property
    def surname(self) -> str:
        """The family name used alone: the last word, or the father's family name before
        the "y" of a Spanish or Filipino name ("Adrian Adrales y Jurado": Adrales)."""
        words = self.name.split()
        if len(words) >= 4 and words[-2] == "y":
            return words[-3]
        return words[-1]


@dataclass
class ChargeHit:
    text: str
    category: ChargeCategory
    statute: str | None
    span: Span
    inferred: bool = False  # category inferred from context, not named by the wording
    # where the wording sits: 3 = a formal charge statement or a count in a charge list,
    # 2 = a prose sentence about the legal case, 1 = headline, narrative or boilerplate
    tier: int = 1
    listed: bool = False  # an item of its own in a list of counts
    guessed: bool = False  # inferred with nothing in the text to go on (sex trafficking assumed)


@dataclass
class JurisdictionHit:
    country: str | None = None
    admin1: str | None = None
    city: str | None = None
    court_or_agency: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)


_DEFAULTS: dict[str, object] = {
    "publication_country": None,
    "prose_mask": None,  # list[int] per token: zones.PROSE / OTHER / LISTED
    "is_case": False,
    "case_score": 0.0,
    "case_sentences": None,  # list[Span] of sentences that report a legal step + trafficking
    "case_features": None,  # dict[str, float]: what the case decision weighed (learned/case)
    "people": None,  # list[Person]
    "charges": None,  # list[ChargeHit]
    "jurisdiction": None,  # JurisdictionHit
    # country code -> what pointed at it (`learned/country.candidate_features`), in the order
    # the evidence was met
    "country_candidates": None,
    "victims_count": None,
    "victim_names": None,  # list[str]: names detected as protected (never output)
    "redactions": None,  # list[Span]: every occurrence of every word of a protected name
}


def register_extensions() -> None:
    for name, default in _DEFAULTS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed once per document.

    spaCy rebuilds `Doc.text` from every token on each access; components read it inside loops,
    which made it the largest cost of the whole pipeline. A Doc's text never changes after
    tokenisation, so it is cached in `doc.user_data`.
    """
    text = doc.user_data.get("tipwatch_text")
    if not isinstance(text, str):
        text = doc.text
        doc.user_data["tipwatch_text"] = text
    return text


def headline_span(text: str) -> tuple[int, int] | None:
    """The character span of the first non-empty line (a front-matter fence aside): the
    headline of a news item or a feed entry."""
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and stripped != "---":
            start = pos + line.index(stripped[0])
            return start, start + len(stripped)
        pos += len(line)
    return None
