"""The search-index interface. The index is derived from the store and can always be rebuilt.

Backends: SQLite FTS5 (default, `index/fts5.py`); Elasticsearch/OpenSearch implement the same
interface (search-at-scale issue).
"""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field


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


class SearchQuery(BaseModel):
    """Free text over fixed fields plus exact filters. User input is never parsed as a query
    language: it is tokenised and each token is quoted."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = ""
    country: str | None = None
    review_status: str | None = None
    limit: int = Field(default=20, ge=1, le=500)


class SearchIndex(Protocol):
    """What every backend provides. Writes are idempotent by doc_id."""

    def upsert(self, docs: list[IndexDoc]) -> None: ...

    def delete(self, doc_ids: list[str]) -> None: ...

    def search(self, query: SearchQuery) -> list[SearchHit]: ...

    def count(self) -> int: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...
