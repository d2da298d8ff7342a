"""The starter outlet registry `crawlers/sources/<cc>/<id>.yaml` loads and is laid out right."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tipwatch.crawlers.source_defs import (
    Source,
    load_sources,
    packaged_sources_dir,
    validate_registry,
)

REGISTRY = packaged_sources_dir()
# Where trafficking prosecutions are reported in English: each must have at least one outlet.
REQUIRED = {
    "IN", "NP", "BD", "PK", "LK", "PH", "MY", "ID", "TH", "KH", "HK",
    "NG", "GH", "KE", "ZA", "GB", "US",
}  # fmt: skip


@pytest.fixture(scope="module")
def registry() -> list[Source]:
    return load_sources(REGISTRY)


def test_registry_size_and_spread(registry: list[Source]) -> None:
    countries = Counter(s.country for s in registry)
    assert len(registry) >= 40
    assert len(countries) >= 15
    assert set(countries) >= REQUIRED, REQUIRED - set(countries)
    # No single country dominates the registry.
    assert max(countries.values()) <= len(registry) // 4


def test_registry_layout_is_clean() -> None:
    good, problems = validate_registry(REGISTRY)
    assert problems == []
    paths = sorted(REGISTRY.rglob("*.yaml"))
    assert len(good) == len(paths)
    ids = [p.stem for p in paths]
    assert len(ids) == len(set(ids))
    for path, source in zip(paths, load_sources_by_path(paths), strict=True):
        assert source.id == path.stem
        assert path.parent.name == source.country.lower()
        assert path.parent.parent == REGISTRY


def load_sources_by_path(paths: list[Path]) -> list[Source]:
    from tipwatch.crawlers.source_defs import load_source

    return [load_source(p) for p in paths]


def test_every_entry_is_marked_unverified_real_and_english(registry: list[Source]) -> None:
    for path in REGISTRY.rglob("*.yaml"):
        assert "UNVERIFIED" in path.read_text(encoding="utf-8"), path
    for s in registry:
        assert s.verified is False, s.id
        assert s.demo is False, s.id
        assert "en" in s.languages, s.id


def test_every_entry_has_discovery_urls_on_https(registry: list[Source]) -> None:
    for s in registry:
        assert s.feeds or s.news_sitemaps, s.id
        urls = [s.homepage, *s.start_urls, *s.search_urls]
        for url in urls:
            parts = urlsplit(url)
            assert parts.scheme == "https" and parts.hostname, (s.id, url)
        assert s.assertions.max_articles is not None and s.assertions.max_articles > 0
        # Every outlet's feeds, sitemaps and sections list articles (known ones count too):
        # none at all means a dead feed or a changed layout, which must trip the assertion.
        assert s.assertions.min_articles >= 1, s.id


def test_search_templates_expand_to_the_default_terms(registry: list[Source]) -> None:
    with_search = [s for s in registry if s.search is not None]
    assert len(with_search) >= 20
    for s in with_search:
        assert len(s.search_urls) == 5, s.id
        assert all("{query}" not in u and "trafficking" in s.search_urls[0] for u in s.search_urls)


def test_schedules_are_staggered(registry: list[Source]) -> None:
    minutes = Counter(s.schedule.split()[0] for s in registry)
    # Not every outlet on the hour: the fleet's load is spread.
    assert len(minutes) >= 10
