"""robots.txt that fails closed (RFC 9309 §2.3.1) and honours `Crawl-delay`.

Scrapy's `RobotsTxtMiddleware` allows everything when robots.txt cannot be fetched and parses a
5xx error page as rules. This replacement, per host (scheme + host + port), for the crawl:

- 2xx: parse the rules (Protego by default, `ROBOTSTXT_PARSER`);
- 4xx except 429: no rules, everything allowed (RFC 9309 §2.3.1.3);
- 429, 5xx, any other status, timeout, network error or a refused robots request (e.g. a blocked
  address): the whole host is disallowed; its requests fail with
  `TipwatchSkip("robots_unavailable")` and are never sent (§2.3.1.4). The reason is transient:
  the URL ledger keeps them pending, until the time a 429/503 `Retry-After` names (capped at
  `TIPWATCH_RETRY_AFTER_MAX` s) or else after its own backoff;
- only the first `TIPWATCH_ROBOTS_MAX_BYTES` bytes (at least 500 KiB, §2.5) are parsed, cut at
  the last line break within them; rules after it are ignored, as §2.5 allows (Google does the
  same at 500 KiB). robots.txt is downloaded up to the larger of that and `DOWNLOAD_MAXSIZE`; a
  larger one is not downloaded and disallows the host like a network error, never allows it;
- `Crawl-delay` for our user agent raises the host's download delay, capped by
  `TIPWATCH_CRAWL_DELAY_MAX` seconds (0 disables `Crawl-delay` handling).

robots.txt is fetched without retries (a failure stands until the rules expire) with the crawl's
User-Agent (set by `UserAgentMiddleware` on every request, this one included), and used for
`TIPWATCH_ROBOTS_CACHE_SECONDS` (24 h at most, §2.4): a request to the host after that fetches it
again. The check runs when a request enters the downloader, before it waits in its host's queue.

Settings: `ROBOTSTXT_OBEY` (off -> `NotConfigured`), `ROBOTSTXT_USER_AGENT`, `USER_AGENT`,
`ROBOTSTXT_PARSER`, `TIPWATCH_CRAWL_DELAY_MAX`, `TIPWATCH_ROBOTS_MAX_BYTES`,
`TIPWATCH_ROBOTS_CACHE_SECONDS`, `TIPWATCH_RETRY_AFTER_MAX`, `DOWNLOAD_MAXSIZE`.
"""

from __future__ import annotations

import logging
from datetime import datetime
from time import monotonic
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred

from tipwatch.crawlers.middlewares.backoff import BACKOFF_CODES, retry_at_after
from tipwatch.crawlers.middlewares.skips import ROBOTS_UNAVAILABLE, TipwatchSkip
from tipwatch.crawlers.middlewares.slots import raise_slot_delay, slot_key

logger = logging.getLogger(__name__)

META_ROBOTS = "tipwatch_robots_request"
# RFC 9309 §2.5: crawlers must parse at least 500 KiB; §2.4: cache at most 24 h.
MIN_PARSE_BYTES = 500 * 1024
MAX_CACHE_SECONDS = 86400.0


def cut_to_parse_limit(body: bytes, limit: int) -> bytes | None:
    """`body` up to the last line break within its first `limit` bytes (whole lines only: a cut
    rule could mean something else). None if those bytes hold no line break at all."""
    if len(body) <= limit:
        return body
    end = max(body.rfind(b"\n", 0, limit), body.rfind(b"\r", 0, limit))
    return body[: end + 1] if end >= 0 else None


class RobotsUnavailable:
    """robots.txt could not be fetched: nothing on the host may be crawled."""

    def __init__(self, why: str, retry_at: datetime | None = None) -> None:
        self.why = why
        # When the host said to come back (429/503 Retry-After), if it did.
        self.retry_at = retry_at

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False

    def crawl_delay(self, user_agent: str | bytes) -> float | None:
        return None


class FailClosedRobotsTxtMiddleware:
    DOWNLOAD_PRIORITY = 1000

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("ROBOTSTXT_OBEY is off")
        self.crawler = crawler
        self.user_agent: str = str(
            settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or ""
        )
        self.delay_cap = settings.getfloat("TIPWATCH_CRAWL_DELAY_MAX", 60.0)
        self.parse_limit = max(MIN_PARSE_BYTES, settings.getint("TIPWATCH_ROBOTS_MAX_BYTES"))
        self.max_download = max(self.parse_limit, settings.getint("DOWNLOAD_MAXSIZE"))
        self.cache_seconds = min(
            MAX_CACHE_SECONDS,
            settings.getfloat("TIPWATCH_ROBOTS_CACHE_SECONDS", MAX_CACHE_SECONDS),
        )
        self.retry_after_cap = settings.getfloat("TIPWATCH_RETRY_AFTER_MAX", 3600.0)
        self._parserimpl: Any = load_object(settings.get("ROBOTSTXT_PARSER"))
        # Fails early when the parser's dependencies are missing.
        build_from_crawler(self._parserimpl, crawler, b"")
        self._parsers: dict[str, Any] = {}
        # host key -> monotonic time its robots.txt was fetched
        self._fetched_at: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailClosedRobotsTxtMiddleware:
        return cls(crawler)

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    async def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt"):
            return
        parsed = urlparse_cached(request)
        if parsed.scheme not in ("http", "https"):
            return
        rp = await self.robot_parser(request)
        if isinstance(rp, RobotsUnavailable):
            self._inc(f"tipwatch/{ROBOTS_UNAVAILABLE}")
            raise TipwatchSkip(
                ROBOTS_UNAVAILABLE,
                # Deliberately without the word "robots.txt": the spider maps that text to
                # robots_forbidden, which it does not count as an error; an unavailable
                # robots file means the source failed, which is one.
                f"{request.url}: robots rules of {parsed.scheme}://{parsed.netloc} "
                f"unavailable ({rp.why}); host disallowed",
                retry_at=rp.retry_at,
            )
        if not rp.allowed(request.url, self.user_agent):
            logger.debug(
                "Forbidden by robots.txt: %(request)s",
                {"request": request},
                extra={"spider": self.crawler.spider},
            )
            self._inc("robotstxt/forbidden")
            raise IgnoreRequest("Forbidden by robots.txt")

    async def robot_parser(self, request: Request) -> Any:
        parsed = urlparse_cached(request)
        key = f"{parsed.scheme}://{parsed.netloc}"
        if key not in self._parsers or self._stale(key):
            pending: Deferred[Any] = Deferred()
            self._parsers[key] = pending
            rp = await self._fetch(key, request)
            self._parsers[key] = rp
            self._fetched_at[key] = monotonic()
            pending.callback(rp)
        parser = self._parsers[key]
        if isinstance(parser, Deferred):
            # One Deferred per waiter: awaiting the shared one would hand later waiters the
            # return value of the first waiter's callback (None) instead of the parser.
            waiter: Deferred[Any] = Deferred()

            def _relay(result: Any) -> Any:
                waiter.callback(result)
                return result

            parser.addCallback(_relay)
            return await maybe_deferred_to_future(waiter)
        return parser

    def _stale(self, key: str) -> bool:
        """Fetched rules older than the cache lifetime (a fetch under way is never stale)."""
        fetched = self._fetched_at.get(key)
        if fetched is None or isinstance(self._parsers.get(key), Deferred):
            return False
        age = monotonic() - fetched
        if age < self.cache_seconds:
            return False
        self._inc("robotstxt/refetch_count")
        logger.info(
            "robots.txt of %s is %.0f s old (cache lifetime %.0f s): fetching it again",
            key,
            age,
            self.cache_seconds,
            extra={"spider": self.crawler.spider},
        )
        return True

    async def _fetch(self, key: str, request: Request) -> Any:
        robots_request = Request(
            f"{key}/robots.txt",
            priority=self.DOWNLOAD_PRIORITY,
            meta={
                "dont_obey_robotstxt": True,
                "dont_retry": True,
                META_ROBOTS: True,
                "download_maxsize": self.max_download,
                "download_warnsize": self.max_download,
            },
            callback=NO_CALLBACK,
        )
        assert self.crawler.engine is not None
        self._inc("robotstxt/request_count")
        try:
            response = await self.crawler.engine.download_async(robots_request)
        except Exception as exc:  # timeout, connection error, blocked address, too large...
            self._inc(f"robotstxt/exception_count/{type(exc).__name__}")
            return self._unavailable(key, f"{type(exc).__name__}: {exc}")
        self._inc("robotstxt/response_count")
        self._inc(f"robotstxt/response_status_count/{response.status}")
        return await self._parse(key, response, request)

    def _unavailable(
        self, key: str, why: str, retry_at: datetime | None = None
    ) -> RobotsUnavailable:
        logger.warning(
            "robots.txt of %s unavailable (%s): the host is disallowed, its URLs stay pending",
            key,
            why,
            extra={"spider": self.crawler.spider},
        )
        return RobotsUnavailable(why, retry_at)

    def _rules(self, key: str, body: bytes) -> bytes | None:
        """The part of a robots.txt body that is parsed (see `cut_to_parse_limit`)."""
        kept = cut_to_parse_limit(body, self.parse_limit)
        if kept is not None and len(kept) < len(body):
            self._inc("robotstxt/truncated")
            logger.warning(
                "robots.txt of %s is %d bytes: parsed the first %d (limit %d, "
                "TIPWATCH_ROBOTS_MAX_BYTES); rules after them are ignored (RFC 9309 §2.5)",
                key,
                len(body),
                len(kept),
                self.parse_limit,
                extra={"spider": self.crawler.spider},
            )
        return kept

    async def _parse(self, key: str, response: Response, request: Request) -> Any:
        status = response.status
        if 200 <= status < 300:
            rules = self._rules(key, response.body)
            if rules is None:
                return self._unavailable(
                    key, f"no line break in the first {self.parse_limit} bytes"
                )
            rp = build_from_crawler(self._parserimpl, self.crawler, rules)
        elif 400 <= status < 500 and status != 429:
            logger.info(
                "robots.txt of %s: HTTP %s, no rules (everything allowed)",
                key,
                status,
                extra={"spider": self.crawler.spider},
            )
            rp = build_from_crawler(self._parserimpl, self.crawler, b"")
        else:
            retry_at = None
            if status in BACKOFF_CODES:
                header = response.headers.get(b"Retry-After")
                retry_at = retry_at_after(header, self.retry_after_cap)
            until = f", retry after {retry_at.isoformat(timespec='seconds')}" if retry_at else ""
            return self._unavailable(key, f"HTTP {status}{until}", retry_at)
        await self.crawler.signals.send_catch_log_async(
            signal=signals.robots_parsed, robotparser=rp, request=request
        )
        self._apply_crawl_delay(key, rp, request)
        return rp

    def _apply_crawl_delay(self, key: str, rp: Any, request: Request) -> None:
        if self.delay_cap <= 0:
            return
        try:
            wanted = rp.crawl_delay(self.user_agent)
        except Exception:  # a parser without crawl_delay support
            return
        if not wanted or wanted <= 0:
            return
        delay = min(float(wanted), self.delay_cap)
        in_force = raise_slot_delay(self.crawler, slot_key(self.crawler, request), delay)
        self._inc("tipwatch/crawl_delay_hosts")
        logger.info(
            "robots.txt of %s: Crawl-delay %s s%s; host delay now %.2f s",
            key,
            wanted,
            f" (capped at {self.delay_cap} s)" if wanted > self.delay_cap else "",
            in_force,
            extra={"spider": self.crawler.spider},
        )
