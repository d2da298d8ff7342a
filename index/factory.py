"""Choose the search backend from settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tipwatch.index.base import SearchIndex
from tipwatch.index.fts5 import Fts5Index
from tipwatch.settings import Settings


class UnsupportedSearchBackend(ValueError):
    pass


def open_index(settings: Settings, *, damaged_ok: bool = False) -> SearchIndex:
    """The configured index. A damaged FTS5 file raises `IndexDamaged`, unless `damaged_ok`
    (`tipwatch index rebuild`: the rebuild replaces the file)."""
    url = settings.search_url
    if not url:
        return Fts5Index(settings.data_dir / "index.db", damaged_ok=damaged_ok)
    if url.startswith("fts5:"):
        return Fts5Index(Path(url.removeprefix("fts5:")), damaged_ok=damaged_ok)
    if url.startswith(("http://", "https://", "elasticsearch+", "opensearch+")):
        from tipwatch.index.elastic import ElasticIndex

        return ElasticIndex(url, prefix=settings.search_prefix, timeout=settings.search_timeout)
    raise UnsupportedSearchBackend(
        f"TIPWATCH_SEARCH_URL={url!r}: use empty or fts5:/path/to/index.db (SQLite FTS5), or "
        "http(s)://host:9200 (Elasticsearch), opensearch+http(s)://host:9200 (OpenSearch)"
    )


@contextmanager
def opened_index(settings: Settings, *, damaged_ok: bool = False) -> Iterator[SearchIndex]:
    """The configured index, closed on exit."""
    index = open_index(settings, damaged_ok=damaged_ok)
    try:
        yield index
    finally:
        index.close()
