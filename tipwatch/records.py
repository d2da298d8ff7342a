"""The typed records that cross tipwatch's stage boundaries.

fetched page -> article -> extraction (mentions with evidence spans) -> case / perpetrator.

Every stage takes and returns these records and nothing else; they are defined here and only here.
Unknown fields are rejected so that a typo or a schema drift fails loudly at the boundary.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tipwatch.domain.legal_status import LegalStatus
from tipwatch.domain.review_state import ReviewFlag

SCHEMA_VERSION = 1


class Record(BaseModel):
    """Base for all boundary records: immutable, unknown fields rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ChargeCategory(StrEnum):
    SEX_TRAFFICKING = "sex_trafficking"
    LABOUR_TRAFFICKING = "labour_trafficking"
    CHILD_TRAFFICKING = "child_trafficking"
    ORGAN_TRAFFICKING = "organ_trafficking"
    MIGRANT_SMUGGLING = "migrant_smuggling"
    OTHER = "other"


CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]

# The outlet country of a provisional outlet (`ingest-warc`) for which no clue was found: CLDR's
# "Unknown Region" code, which no ISO 3166-1 country has (a registry source cannot use it). An
# article of such an outlet has no country of publication.
UNKNOWN_COUNTRY = "ZZ"


def publication_country(outlet_country: str) -> str | None:
    """The country of publication an outlet's articles carry (None for `UNKNOWN_COUNTRY`)."""
    return None if outlet_country == UNKNOWN_COUNTRY else outlet_country


Span = tuple[int, int]


REDACTION_CHAR = "\u2588"


def redact(text: str, spans: list[Span]) -> str:
    """Mask each span with a same-length block so that evidence offsets stay valid."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(end, len(chars))):
            if not chars[i].isspace():
                chars[i] = REDACTION_CHAR
    return "".join(chars)


def content_hash(text: str) -> str:
    """sha256 of the UTF-8 text: the identity of an article's content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Skipped(Record):
    """A record that a stage could not or would not process: named and counted, never dropped."""

    stage: str
    reason: str
    url: str | None = None
    source_id: str | None = None
    detail: str | None = None
    # For a transient skip: when the server said to come back (Retry-After), if it said.
    retry_at: datetime | None = None


# --- outlets ---------------------------------------------------------------------------------


class SourceInfo(Protocol):
    """What the store keeps of an outlet (`tipwatch.store.repository.upsert_sources`).

    The crawlers' `Source` (the outlet's YAML definition) satisfies it, so the store takes
    sources without importing the crawlers layer.
    """

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def country(self) -> str: ...  # ISO 3166-1 alpha-2, upper case

    @property
    def languages(self) -> Sequence[str]: ...  # ISO 639-1 codes

    @property
    def homepage(self) -> str: ...

    @property
    def demo(self) -> bool: ...


# --- crawl stage -------------------------------------------------------------------------------


class FetchedPage(Record):
    """One HTTP response as the crawler received it."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    source_id: str


# --- article stage -----------------------------------------------------------------------------


class Article(Record):
    """The readable text of one news article, with its provenance."""

    canonical_url: str
    url: str
    title: str | None
    text: str
    publish_date: date | None
    language: str | None
    source_id: str
    country_of_publication: CountryCode | None
    content_hash: str
    fetched_at: datetime | None = None
    # The page names no trafficking wording (`nlp/triage.py`): only its metadata was read, `text`
    # is empty and `content_hash` is of the page's visible text; the text stays in the WARC.
    metadata_only: bool = False

    @property
    def article_id(self) -> str:
        """Stable id: hash of the canonical URL."""
        return hashlib.sha256(self.canonical_url.encode("utf-8")).hexdigest()[:32]


# --- extraction stage --------------------------------------------------------------------------


class PerpetratorMention(Record):
    name: str
    status: LegalStatus
    nationality: CountryCode | None = None
    age: int | None = None
    evidence: list[Span] = Field(default_factory=list)
    # The date the sentence giving the status states ("sentenced on Tuesday"), resolved against
    # the publication date, and its span; None when the text states none (the case then dates
    # the status by the publication date, `tipwatch.domain.status_date.DateSource`).
    status_date: date | None = None
    status_date_evidence: Span | None = None

    @field_validator("evidence")
    @classmethod
    def _spans_ordered(cls, v: list[Span]) -> list[Span]:
        for start, end in v:
            if start < 0 or end < start:
                raise ValueError(f"bad evidence span ({start}, {end})")
        return v


class ChargeMention(Record):
    text: str
    category: ChargeCategory
    statute: str | None = None
    evidence: list[Span] = Field(default_factory=list)


class Jurisdiction(Record):
    country: CountryCode | None = None
    admin1: str | None = None
    city: str | None = None
    court_or_agency: list[str] = Field(default_factory=list)
    evidence: list[Span] = Field(default_factory=list)


# `Extraction.skipped` of a text that names no trafficking wording at all: the case classifier
# could not accept it (`nlp/relevance.py`), so spaCy never ran on it and its text is not stored.
NOT_RELEVANT = "not_relevant"
# `Extraction.skipped` of a text in a language tipwatch cannot read (no `nlp/lang/` entry).
UNSUPPORTED_LANGUAGE = "unsupported_language"


class ForeignRelevance(Record):
    """How much a text in a language with no extraction pipeline looks like a trafficking case
    report, from that language's vocabulary (`nlp/foreign_relevance.py`, word lists in
    `nlp/lang/vocab/<code>.yaml`). Only matched vocabulary terms travel, never names.

    `is_candidate`: the text names a trafficking, smuggling or forced-labour term and a legal
    step (arrest, charge, court, sentence...): an analyst who reads the language should review
    it as "not extracted: <language>". `score` in [0, 1] ranks candidates (more distinct
    terms of both kinds, higher); it is not a probability.
    """

    language: str
    score: float = Field(ge=0.0, le=1.0)
    trafficking_terms: list[str] = Field(default_factory=list)
    legal_terms: list[str] = Field(default_factory=list)
    is_candidate: bool
    # the vocabulary file's version (`version:` in its YAML), for re-scoring after an edit
    vocabulary_version: str


class Extraction(Record):
    """What the NLP stage found in one article. Victim names never appear here."""

    source: str
    language: str | None
    is_case: bool
    case_score: float = Field(ge=0.0, le=1.0)
    perpetrators: list[PerpetratorMention] = Field(default_factory=list)
    charges: list[ChargeMention] = Field(default_factory=list)
    jurisdiction: Jurisdiction = Field(default_factory=Jurisdiction)
    victims_count: int | None = None
    skipped: str | None = None
    extractor_version: str = "unknown"
    # Spans of victim, minor and witness names in the article text. Only the spans travel, never
    # the names: the store masks these spans (same length, so every other offset stays valid)
    # before the text reaches the store, the index or the UI.
    redactions: list[Span] = Field(default_factory=list)
    # Why the case must wait for an analyst (`ReviewFlag`: e.g. `dual_role`, a person named both
    # as victim and as accused). Reasons only, never a name.
    review_flags: list[ReviewFlag] = Field(default_factory=list)
    # Set on an `unsupported_language` skip whose language has a trafficking vocabulary
    # (`nlp/lang/vocab/`): the score and matched terms that route a candidate to the review
    # queue as "not extracted: <language>". None for every text tipwatch extracts, and for a
    # language with no vocabulary.
    foreign_relevance: ForeignRelevance | None = None

    def to_cli_json(self) -> dict[str, object]:
        """The stable JSON shape printed by `tipwatch extract --json` (other tools read it)."""
        return {
            "source": self.source,
            "language": self.language,
            "is_case": self.is_case,
            "case_score": round(self.case_score, 4),
            "perpetrators": [
                {
                    "name": p.name,
                    "status": p.status.value,
                    "nationality": p.nationality,
                    "age": p.age,
                    "evidence": [list(s) for s in p.evidence],
                    "status_date": p.status_date.isoformat() if p.status_date else None,
                    "status_date_evidence": (
                        list(p.status_date_evidence) if p.status_date_evidence else None
                    ),
                }
                for p in self.perpetrators
            ],
            "charges": [
                {
                    "text": c.text,
                    "category": c.category.value,
                    "statute": c.statute,
                    "evidence": [list(s) for s in c.evidence],
                }
                for c in self.charges
            ],
            "jurisdiction": {
                "country": self.jurisdiction.country,
                "admin1": self.jurisdiction.admin1,
                "city": self.jurisdiction.city,
                "court_or_agency": list(self.jurisdiction.court_or_agency),
            },
            "victims_count": self.victims_count,
            "skipped": self.skipped,
        } | (
            {"foreign_relevance": self.foreign_relevance.model_dump(mode="json")}
            if self.foreign_relevance is not None
            else {}
        )


# --- case stage --------------------------------------------------------------------------------


class PerpetratorRecord(Record):
    """A person in a case, with the latest legal status this article reports, dated and sourced."""

    name: str
    status: LegalStatus
    status_date: date | None
    source_url: str
    nationality: CountryCode | None = None
    age: int | None = None


class CaseRecord(Record):
    """One article's report of a case: what reviewers review and what the index serves."""

    case_id: str
    article_id: str
    source_id: str
    source_url: str
    title: str | None
    publish_date: date | None
    country: CountryCode | None
    country_of_publication: CountryCode | None
    admin1: str | None
    city: str | None
    perpetrators: list[PerpetratorRecord]
    charge_categories: list[ChargeCategory]
    case_score: float
