"""Scrapy items produced by the news spider and consumed by the WARC pipeline."""

from __future__ import annotations

from dataclasses import dataclass

from tipwatch.records import FetchedPage, Skipped


@dataclass
class ArticleItem:
    """One article response as received (any status); the pipeline keeps 2xx and skips the rest."""

    page: FetchedPage
    # How the article URL was discovered: "feed", "sitemap" or "section".
    via: str


@dataclass
class SkipItem:
    """An article that was not fetched (robots, offsite, too old, network error...)."""

    skipped: Skipped
