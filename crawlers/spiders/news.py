"""The generic news spider: one spider for every outlet, driven by `Source` definitions.

Discovery pages (RSS/Atom feeds, news sitemaps, section pages) are parsed for article links;
each article URL is requested once per crawl, whichever way it was found, and every article
response (any status) becomes one `ArticleItem` carrying a `FetchedPage`. Articles that could
not be fetched become `SkipItem`s with a named reason, so nothing is silently lost.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
from twisted.internet.error import TimeoutError as TxTimeoutError
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from tipwatch.crawlers.discovery import (
    DiscoveryError,
    Link,
    normalize_url,
    parse_feed,
    parse_search_results,
    parse_sitemap,
    section_links,
)
from tipwatch.crawlers.items import ArticleItem, SkipItem
from tipwatch.crawlers.ledger import Ledger
from tipwatch.crawlers.source_defs import Source
from tipwatch.records import FetchedPage, Skipped

# Headers that describe the wire encoding, not the body we keep (Scrapy has already decoded it).
_WIRE_HEADERS = {"content-encoding", "transfer-encoding"}
# Keep at most this many error descriptions for the report (counts are always complete).
MAX_ERROR_DETAILS = 200

META_SOURCE = "tipwatch_source_id"
META_KIND = "tipwatch_kind"
META_URL = "tipwatch_url"
META_PATTERN = "tipwatch_article_pattern"
META_DEPTH = "tipwatch_sitemap_depth"
# Article skips that are the crawler doing its job, not a failing source. A source whose
# robots.txt cannot be read (`robots_unavailable`) is counted as an error: the source failed.
_NOT_ERRORS = frozenset(
    {
        "robots_forbidden",
        "too_large",
        "blocked_address",
        "redirect_loop",
        "too_many_redirects",
        "host_deferred",
    }
)
# Sitemap index -> sitemap index -> ... is followed at most this deep.
MAX_SITEMAP_DEPTH = 3
# Stored articles re-fetched per source and crawl because their feed or sitemap date is later
# than their fetch (`Settings.crawl_refetch_max`).
DEFAULT_REFETCH_MAX = 20


def _host_key(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _hostname(url: str) -> str:
    return _host_key(urlsplit(url).hostname or "")


class NewsSpider(scrapy.Spider):
    name = "tipwatch_news"

    def __init__(
        self,
        sources: list[Source] | None = None,
        since: datetime | None = None,
        ledger: Ledger | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        # The URL ledger (crawlers/ledger.py): with one, discovered URLs are written `pending`
        # before they are requested and only pending, due URLs are fetched. Without one, every
        # discovered URL is fetched (no memory across crawls).
        self.ledger = ledger
        self.sources: dict[str, Source] = {s.id: s for s in (sources or [])}
        self.since = since
        # Canonical article URLs already requested (or skipped) in this crawl.
        self.seen: set[str] = set()
        self.error_count = 0
        self.errors: list[str] = []
        # Child sitemaps already requested (a sitemap index may list itself or loop).
        self.seen_sitemaps: set[str] = set()
        self._allowed_hosts: dict[str, set[str]] = {}
        # Stored URLs sent back to pending this crawl because a feed or sitemap dated them after
        # their fetch (an updated or corrected article), per source; at most `refetch_max`.
        self.refetched: dict[str, int] = {}
        self.refetch_max = DEFAULT_REFETCH_MAX

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        """Sources and the `since` cut-off come from spider arguments or from the settings
        `TIPWATCH_SOURCES` (list of Source dicts) and `TIPWATCH_SINCE` (ISO datetime)."""
        if kwargs.get("sources") is None:
            raw = crawler.settings.getlist("TIPWATCH_SOURCES")
            kwargs["sources"] = [
                s if isinstance(s, Source) else Source.model_validate(s) for s in raw
            ]
        if kwargs.get("since") is None and crawler.settings.get("TIPWATCH_SINCE"):
            since = datetime.fromisoformat(str(crawler.settings.get("TIPWATCH_SINCE")))
            kwargs["since"] = since if since.tzinfo else since.replace(tzinfo=UTC)
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.refetch_max = crawler.settings.getint("TIPWATCH_REFETCH_MAX", DEFAULT_REFETCH_MAX)
        if not spider.sources:
            raise ValueError("NewsSpider needs at least one Source (TIPWATCH_SOURCES is empty)")
        return spider

    # --- start --------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for request in self._start_requests():
            yield request

    def _start_requests(self) -> Iterator[Request]:
        for source in self.sources.values():
            hosts = {_hostname(source.homepage)}
            hosts.update(_hostname(u) for u in source.start_urls)
            hosts.update(_hostname(u) for u in source.search_urls)
            self._allowed_hosts[source.id] = {h for h in hosts if h}
            for url in source.feeds:
                yield self._discovery_request(url, source, "feed", self.parse_feed)
            for url in source.news_sitemaps:
                self.seen_sitemaps.add(canonicalize_url(url))
                yield self._discovery_request(url, source, "sitemap", self.parse_sitemap)
            for section in source.sections:
                req = self._discovery_request(section.url, source, "section", self.parse_section)
                req.meta[META_PATTERN] = section.article_pattern
                yield req
            for url in source.search_urls:
                req = self._discovery_request(url, source, "search", self.parse_search)
                req.meta[META_PATTERN] = source.search_article_pattern
                yield req
        yield from self._ledger_requests()

    def _ledger_requests(self) -> Iterator[Any]:
        """Pending URLs the ledger holds for these sources (found by an earlier, interrupted
        crawl): requested even if no discovery page lists them any more."""
        if self.ledger is None:
            return
        for url, source_id in self.ledger.pending_due(list(self.sources)):
            source = self.sources.get(source_id or "")
            key = canonicalize_url(url)
            if source is None or key in self.seen:
                continue
            self.seen.add(key)
            self.crawler.stats.inc_value("tipwatch/articles_resumed")
            if not self._on_site(url, source):
                yield self._skip(url, source.id, "offsite", "pending in the URL ledger")
                continue
            yield self._article_request(url, source, "ledger")

    def _discovery_request(self, url: str, source: Source, kind: str, callback: Any) -> Request:
        return Request(
            url,
            callback=callback,
            errback=self.discovery_failed,
            meta={META_SOURCE: source.id, META_KIND: kind},
            # Discovery pages change between crawls; never let the dupefilter drop one.
            dont_filter=True,
            priority=10,
        )

    # --- discovery ----------------------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[Any]:
        try:
            links = parse_feed(response.body, response.url)
        except DiscoveryError as exc:
            self._error(f"feed {response.url}: {exc}")
            return
        yield from self._follow(response, links, "feed")

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        max_size = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
        try:
            content = parse_sitemap(response.body, response.url, max_size=max_size)
        except DiscoveryError as exc:
            self._error(f"sitemap {response.url}: {exc}")
            return
        if content.kind == "sitemapindex":
            source = self.sources[response.meta[META_SOURCE]]
            depth = int(response.meta.get(META_DEPTH, 0)) + 1
            if depth > MAX_SITEMAP_DEPTH:
                self._error(f"sitemap {response.url}: sitemap indexes nested too deep")
                return
            for link in content.links:
                url = normalize_url(link.url)
                key = canonicalize_url(url) if url else ""
                if not url or key in self.seen_sitemaps or not self._on_site(url, source):
                    continue
                self.seen_sitemaps.add(key)
                req = self._discovery_request(url, source, "sitemap", self.parse_sitemap)
                req.meta[META_DEPTH] = depth
                yield req
            return
        yield from self._follow(response, content.links, "sitemap")

    def parse_section(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            self._error(f"section {response.url}: not a text response")
            return
        hrefs = response.css("a::attr(href)").getall()
        pattern = response.meta.get(META_PATTERN, r".*")
        yield from self._follow(response, section_links(hrefs, response.url, pattern), "section")

    def parse_search(self, response: Response) -> Iterator[Any]:
        """An on-site search results page for trafficking terms: its article links."""
        pattern = response.meta.get(META_PATTERN, r".*")
        links = parse_search_results(response.body, response.url, pattern)
        yield from self._follow(response, links, "search")

    def _follow(self, response: Response, links: list[Link], via: str) -> Iterator[Any]:
        source = self.sources[response.meta[META_SOURCE]]
        found: list[tuple[str, Link]] = []
        for link in links:
            url = normalize_url(link.url)
            if not url:
                continue
            key = canonicalize_url(url)
            if key in self.seen:
                continue
            self.seen.add(key)
            self.crawler.stats.inc_value("tipwatch/articles_discovered")
            self.crawler.stats.inc_value(f"tipwatch/articles_discovered_via/{via}")
            self.crawler.stats.inc_value(f"tipwatch/articles_discovered_by/{source.id}")
            found.append((url, link))
        fetchable: set[str] = set()
        if self.ledger is not None and found:
            # Durably pending before any of them is requested.
            self.ledger.discover([(url, source.id) for url, _ in found])
            self._reopen_updated(source, found)
            fetchable = self.ledger.fetchable(url for url, _ in found)
        for url, link in found:
            if self.ledger is not None and url not in fetchable:
                # Already stored, skipped or failed (or deferred until later): not refetched.
                self.crawler.stats.inc_value("tipwatch/articles_known")
                continue
            if not self._on_site(url, source):
                yield self._skip(url, source.id, "offsite", f"found via {via} {response.url}")
                continue
            if (
                self.since is not None
                and link.published is not None
                and link.published < self.since
            ):
                yield self._skip(url, source.id, "too_old", f"published {link.published}")
                continue
            yield self._article_request(url, source, via)

    def _reopen_updated(self, source: Source, found: list[tuple[str, Link]]) -> None:
        """Stored URLs whose feed item or sitemap entry is dated after their fetch go back to
        pending (`updated`) and are fetched in this crawl, at most `refetch_max` per source.
        A URL without a date is never re-fetched."""
        assert self.ledger is not None
        budget = self.refetch_max - self.refetched.get(source.id, 0)
        dated = [(url, link.published) for url, link in found if link.published is not None]
        if budget <= 0 or not dated:
            return
        reopened = self.ledger.reopen_updated(dated, limit=budget)
        if reopened:
            self.refetched[source.id] = self.refetched.get(source.id, 0) + len(reopened)
            self.crawler.stats.inc_value("tipwatch/articles_updated", len(reopened))
            self.crawler.stats.inc_value(f"tipwatch/articles_updated_by/{source.id}", len(reopened))
            self.logger.info(
                "%s: %d stored articles dated after their fetch, re-fetched",
                source.id,
                len(reopened),
            )

    def _article_request(self, url: str, source: Source, via: str) -> Request:
        return Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            meta={META_SOURCE: source.id, META_KIND: via, META_URL: url},
            # `seen` and the ledger already dedupe article URLs; the dupefilter would drop a
            # redirect to an already requested URL silently, leaving its URL without an outcome.
            dont_filter=True,
        )

    def _on_site(self, url: str, source: Source) -> bool:
        host = _hostname(url)
        allowed = self._allowed_hosts.get(source.id, set())
        return any(host == h or host.endswith("." + h) for h in allowed)

    # --- articles -----------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[ArticleItem]:
        yield ArticleItem(page=self._page(response), via=response.meta.get(META_KIND, ""))

    def _page(self, response: Response) -> FetchedPage:
        headers: dict[str, str] = {}
        for name, values in response.headers.items():
            key = name.decode("latin-1")
            if key.lower() in _WIRE_HEADERS:
                continue
            headers[key] = ", ".join(v.decode("latin-1") for v in values)
        for key in list(headers):
            if key.lower() == "content-length":
                headers[key] = str(len(response.body))
        request = response.request
        meta = request.meta if request is not None else {}
        return FetchedPage(
            url=meta.get(META_URL, response.url),
            final_url=response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            fetched_at=datetime.now(UTC),
            source_id=meta.get(META_SOURCE, ""),
        )

    def article_failed(self, failure: Failure) -> Iterator[ArticleItem | SkipItem]:
        request: Request = failure.request  # type: ignore[attr-defined]
        url = request.meta.get(META_URL, request.url)
        source_id = request.meta.get(META_SOURCE)
        exc = failure.value
        if isinstance(exc, HttpError):
            # A non-2xx article response is still a response: the pipeline turns it into a
            # counted `http_<status>` skip.
            yield ArticleItem(page=self._page(exc.response), via=request.meta.get(META_KIND, ""))
            return
        reason = _failure_reason(exc)
        if reason not in _NOT_ERRORS:
            self._error(f"article {url}: {type(exc).__name__}: {exc}")
        yield self._skip(
            url,
            source_id,
            reason,
            f"{type(exc).__name__}: {exc}",
            retry_at=getattr(exc, "retry_at", None),
        )

    def discovery_failed(self, failure: Failure) -> None:
        request: Request = failure.request  # type: ignore[attr-defined]
        kind = request.meta.get(META_KIND, "discovery")
        exc = failure.value
        if isinstance(exc, HttpError):
            self._error(f"{kind} {request.url}: http_{exc.response.status}")
        elif _failure_reason(exc) == "robots_forbidden":
            self.logger.warning("%s %s is forbidden by robots.txt", kind, request.url)
        else:
            self._error(f"{kind} {request.url}: {type(exc).__name__}: {exc}")

    # --- helpers ------------------------------------------------------------------------------

    def _skip(
        self,
        url: str,
        source_id: str | None,
        reason: str,
        detail: str,
        *,
        retry_at: datetime | None = None,
    ) -> SkipItem:
        return SkipItem(
            Skipped(
                stage="crawl",
                reason=reason,
                url=url,
                source_id=source_id,
                detail=detail,
                retry_at=retry_at,
            )
        )

    def _error(self, message: str) -> None:
        self.error_count += 1
        self.crawler.stats.inc_value("tipwatch/errors")
        if len(self.errors) < MAX_ERROR_DETAILS:
            self.errors.append(message)
        self.logger.warning(message)


def _failure_reason(exc: BaseException | None) -> str:
    # Skips raised by tipwatch's own middlewares carry their reason.
    reason = getattr(exc, "reason", None)
    if isinstance(exc, IgnoreRequest) and isinstance(reason, str) and reason:
        return reason
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if "robots.txt" in text:
            return "robots_forbidden"
        if "DOWNLOAD_MAXSIZE" in text or "maxsize" in text.lower():
            return "too_large"
        return "ignored"
    if isinstance(exc, DownloadCancelledError | CancelledError):
        # The only cancellations of a download are the size limits.
        return "too_large"
    if isinstance(exc, DownloadTimeoutError | TxTimeoutError | TimeoutError):
        return "timeout"
    return "fetch_error"
