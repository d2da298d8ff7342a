"""The search-index interface. The index is derived from the store and can always be rebuilt.

Backends: SQLite FTS5 (default, `index/fts5.py`); Elasticsearch/OpenSearch implement the same
interface (search-at-scale issue).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator


class IndexDoc(BaseModel):
    """One searchable document: a case, with its perpetrators' names and statuses, or an article
    that is no case (`doc_type` "article": no names), with the machine's decision and its reason
    (`tipwatch.store.documents`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str
    doc_type: str
    title: str
    names: list[str]
    statuses: list[str]
    body: str
    country: str | None
    country_of_publication: str | None
    source_id: str
    charge_categories: list[str]
    review_status: str
    publish_date: str | None
    url: str
    language: str | None = None
    decision: str = "case"
    reason: str = ""
    # When the document first entered the store (ISO 8601, UTC): saved searches count what is
    # new since an analyst's last visit.
    first_seen: str | None = None


class ItemFailure(BaseModel):
    """A document the engine refused for good (a 4xx other than 429): quarantined by the sync
    with this reason, never retried blindly and never silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str
    status: int
    reason: str


FACET_FIELDS = (
    "country",
    "statuses",
    "charge_categories",
    "source_id",
    "language",
    "review_status",
    "decision",
    "reason",
)

# Around the matched words of a hit's snippet (private-use characters: never in a stored text,
# which the UI escapes before it turns them into <mark> tags).
HIT_START = "\ue000"
HIT_END = "\ue001"


class SearchHit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str
    doc_type: str
    title: str
    names: list[str]
    statuses: list[str]
    country: str | None
    url: str
    score: float
    decision: str = "case"
    reason: str = ""
    review_status: str = ""
    source_id: str = ""
    publish_date: str | None = None
    language: str | None = None
    # A passage of the document around the matched words, each marked with HIT_START/HIT_END
    # (empty without search text).
    snippet: str = ""

    @classmethod
    def of(cls, doc: IndexDoc, score: float, snippet: str = "") -> SearchHit:
        return cls(
            doc_id=doc.doc_id,
            doc_type=doc.doc_type,
            title=doc.title,
            names=doc.names,
            statuses=doc.statuses,
            country=doc.country,
            url=doc.url,
            score=score,
            decision=doc.decision,
            reason=doc.reason,
            review_status=doc.review_status,
            source_id=doc.source_id,
            publish_date=doc.publish_date,
            language=doc.language,
            snippet=snippet,
        )


# The longest search text accepted, in characters: longer text is refused with a clear error
# (CLI, review UI), never silently cut.
MAX_QUERY_CHARS = 500


class SearchQuery(BaseModel):
    """Free text over fixed fields plus exact filters. User input is never parsed as a query
    language: it is tokenised and each token is quoted. Text with words but no searchable word
    (only punctuation or operators: `((((`, `*`) matches nothing. Text longer than
    `MAX_QUERY_CHARS`, or holding NUL or unpaired surrogates, is refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(default="", max_length=MAX_QUERY_CHARS)
    country: str | None = None
    review_status: str | None = None
    status: str | None = None
    charge_category: str | None = None
    source_id: str | None = None
    language: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    decision: str | None = None
    reason: str | None = None
    # Only documents that entered the store after this time (a saved search's last visit).
    seen_after: datetime | None = None
    limit: int = Field(default=20, ge=1, le=500)
    offset: int = Field(default=0, ge=0, le=10_000)

    @field_validator("text")
    @classmethod
    def _searchable_text(cls, value: str) -> str:
        problem = unsearchable(value)
        if problem:
            raise ValueError(problem)
        return value


def utc_iso(at: datetime) -> str:
    """`at` as fixed-width ISO 8601 in UTC (a naive time is UTC, as SQLite gives it back), so
    that comparing the strings compares the times."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def unsearchable(text: str) -> str | None:
    """Why `text` cannot be searched (NUL, an unpaired surrogate), or None."""
    if "\x00" in text:
        return "search text must not contain NUL characters"
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        return "search text must be valid Unicode (it holds an unpaired surrogate)"
    return None


class SearchIndex(Protocol):
    """What every backend provides. Writes are idempotent by doc_id."""

    def upsert(self, docs: list[IndexDoc]) -> list[ItemFailure]:
        """Write the documents; returns those refused for good. Transient trouble (engine
        down, 429) is retried inside and raised when it persists."""
        ...

    def facets(self, query: SearchQuery) -> dict[str, dict[str, int]]:
        """Counts per value of each of FACET_FIELDS among the documents matching `query`."""
        ...

    def rebuild(self, docs: Iterable[IndexDoc], expected: int) -> int:
        """Replace the whole content with `docs` (`expected` of them); returns the count."""
        ...

    def delete(self, doc_ids: list[str]) -> None: ...

    def refresh(self) -> None:
        """Make every write so far visible to searches (Elasticsearch's refresh; SQLite FTS5
        shows a committed write at once)."""
        ...

    def search(self, query: SearchQuery) -> list[SearchHit]: ...

    def total(self, query: SearchQuery) -> int:
        """How many documents match `query` (all of them, not one page)."""
        ...

    def count(self) -> int: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...
