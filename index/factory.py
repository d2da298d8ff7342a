"""Choose the search backend from settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.base import SearchIndex
from index.fts5 import Fts5Index
from tipwatch.settings import Settings


class UnsupportedSearchBackend(ValueError):
    pass


def open_index(settings: Settings) -> SearchIndex:
    url = settings.search_url
    if not url:
        return Fts5Index(settings.data_dir / "index.db")
    if url.startswith("fts5:"):
        return Fts5Index(Path(url.removeprefix("fts5:")))
    raise UnsupportedSearchBackend(
        f"TIPWATCH_SEARCH_URL={url!r}: only SQLite FTS5 is available in this version"
        " (empty, or fts5:/path/to/index.db); Elasticsearch comes with the search-at-scale work"
    )


@contextmanager
def opened_index(settings: Settings) -> Iterator[SearchIndex]:
    """The configured index, closed on exit."""
    index = open_index(settings)
    try:
        yield index
    finally:
        index.close()
