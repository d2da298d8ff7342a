"""The search-index interface. The index is derived from the store and can always be rebuilt.

Backends: SQLite FTS5 (default, `index/fts5.py`); Elasticsearch/OpenSearch implement the same
interface (search-at-scale issue).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator


class IndexDoc(BaseModel):
    """One searchable document: a case, with its perpetrators' names and statuses."""

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
)


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
    limit: int = Field(default=20, ge=1, le=500)

    @field_validator("text")
    @classmethod
    def _searchable_text(cls, value: str) -> str:
        problem = unsearchable(value)
        if problem:
            raise ValueError(problem)
        return value


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

    def count(self) -> int: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...
