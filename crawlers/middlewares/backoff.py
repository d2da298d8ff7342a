"""429/503: pause the host until `Retry-After`, or back off exponentially, then retry.

Scrapy's `RetryMiddleware` retries 429/503 at once and ignores `Retry-After` (scrapy#3849);
AutoThrottle never slows down for fast error responses. This middleware handles those two codes
(`crawlers.scrapy_settings` removes them from `RETRY_HTTP_CODES`):

- `Retry-After: <seconds>` or `Retry-After: <HTTP-date>`: the host is paused until then, capped
  at `TIPWATCH_RETRY_AFTER_MAX` s;
- no (or an unparsable) header: the host is paused `TIPWATCH_BACKOFF_BASE * 2**n` s (n = the
  host's consecutive 429/503 answers, capped at `TIPWATCH_RETRY_AFTER_MAX`), times a random
  factor in [0.5, 1) (jitter);
- the request is retried after the pause, at most `TIPWATCH_BACKOFF_RETRIES` times; after that
  the 429/503 response is passed on, and the spider records it as `http_429` / `http_503`;
- a pause longer than `TIPWATCH_HOLD_MAX` s is not waited for in-process (one host must not
  stall the crawl for an hour): the response is passed on at once (`http_429`/`http_503`, kept
  pending in the URL ledger until the pause ends) and every later request to that host in this
  crawl is skipped unrequested as `host_deferred`, pending until the same time.

A pause holds every request to the host: those already queued in its downloader slot and those
arriving later (held in `process_request`). Any other response from the host resets n.
Requests with `dont_retry` in meta are passed through (robots.txt: a failure is final).
"""

from __future__ import annotations

import logging
import random
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from time import monotonic

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.asyncio import sleep

from tipwatch.crawlers.middlewares.skips import HOST_DEFERRED, TipwatchSkip
from tipwatch.crawlers.middlewares.slots import hold_slot, slot_key

logger = logging.getLogger(__name__)

BACKOFF_CODES = frozenset({429, 503})
META_TIMES = "tipwatch_backoff_times"


def parse_retry_after(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value (delta-seconds or HTTP-date); None if absent
    or unparsable. A date in the past gives 0."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def retry_at_after(value: bytes | str | None, cap: float) -> datetime | None:
    """The wall-clock time a `Retry-After` value names, at most `cap` s from now; None if the
    header is absent or unparsable."""
    seconds = parse_retry_after(value)
    if seconds is None:
        return None
    return datetime.now(UTC) + timedelta(seconds=min(seconds, cap))


class HostBackoffMiddleware:
    def __init__(
        self,
        crawler: Crawler,
        *,
        max_pause: float,
        base: float,
        max_retries: int,
        hold_max: float = 60.0,
    ) -> None:
        self.crawler = crawler
        self.max_pause = max_pause
        self.base = base
        self.max_retries = max_retries
        self.hold_max = hold_max
        # slot key -> wall-clock time until which the host's URLs are deferred (not requested)
        self.deferred_until: dict[str, datetime] = {}
        # slot key -> monotonic time until which the host is paused
        self.paused_until: dict[str, float] = {}
        # slot key -> consecutive 429/503 answers
        self.strikes: dict[str, int] = {}
        self.rng = random.Random()  # noqa: S311 - jitter, not cryptography

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostBackoffMiddleware:
        s = crawler.settings
        if not s.getbool("TIPWATCH_BACKOFF_ENABLED", True):
            raise NotConfigured("TIPWATCH_BACKOFF_ENABLED is off")
        return cls(
            crawler,
            max_pause=s.getfloat("TIPWATCH_RETRY_AFTER_MAX", 3600.0),
            base=s.getfloat("TIPWATCH_BACKOFF_BASE", 30.0),
            max_retries=s.getint("TIPWATCH_BACKOFF_RETRIES", 3),
            hold_max=s.getfloat("TIPWATCH_HOLD_MAX", 60.0),
        )

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    async def process_request(self, request: Request) -> None:
        key = slot_key(self.crawler, request)
        deferred = self.deferred_until.get(key)
        if deferred is not None and not request.meta.get("dont_retry"):
            self._inc(f"tipwatch/backoff/{HOST_DEFERRED}")
            raise TipwatchSkip(
                HOST_DEFERRED,
                f"host {key} asked to wait until {deferred.isoformat(timespec='seconds')}",
                retry_at=deferred,
            )
        until = self.paused_until.get(key)
        if until is None:
            return
        remaining = until - monotonic()
        if remaining > 0:
            await sleep(remaining)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        key = slot_key(self.crawler, request)
        if response.status not in BACKOFF_CODES:
            self.strikes.pop(key, None)
            return response
        if request.meta.get("dont_retry"):
            return response
        strikes = self.strikes.get(key, 0) + 1
        self.strikes[key] = strikes
        header = parse_retry_after(response.headers.get(b"Retry-After"))
        if header is not None:
            pause = min(header, self.max_pause)
            how = f"Retry-After {header:.0f} s" + (" (capped)" if header > self.max_pause else "")
        else:
            ceiling = min(self.max_pause, self.base * 2 ** (strikes - 1))
            pause = ceiling * self.rng.uniform(0.5, 1.0)
            how = f"backoff #{strikes}"
        if pause > self.hold_max:
            retry_at = datetime.now(UTC) + timedelta(seconds=pause)
            self.deferred_until[key] = max(retry_at, self.deferred_until.get(key, retry_at))
            self._inc(f"tipwatch/backoff/http_{response.status}")
            logger.warning(
                "HTTP %s for %s: host %s asked to wait %.0f s (%s), longer than a crawl holds "
                "a host (%.0f s): its URLs stay pending until %s",
                response.status,
                request.url,
                key,
                pause,
                how,
                self.hold_max,
                self.deferred_until[key].isoformat(timespec="seconds"),
                extra={"spider": self.crawler.spider},
            )
            return response
        until = monotonic() + pause
        if until > self.paused_until.get(key, 0.0):
            self.paused_until[key] = until
        hold_slot(self.crawler, key, until)
        self._inc(f"tipwatch/backoff/http_{response.status}")

        times = int(request.meta.get(META_TIMES, 0)) + 1
        if times > self.max_retries:
            self._inc("tipwatch/backoff/gave_up")
            logger.warning(
                "HTTP %s for %s: giving up after %d retries; host %s paused %.1f s (%s)",
                response.status,
                request.url,
                times - 1,
                key,
                pause,
                how,
                extra={"spider": self.crawler.spider},
            )
            return response
        logger.info(
            "HTTP %s for %s: host %s paused %.1f s (%s), retry %d/%d",
            response.status,
            request.url,
            key,
            pause,
            how,
            times,
            self.max_retries,
            extra={"spider": self.crawler.spider},
        )
        retry = request.replace(dont_filter=True)
        retry.meta[META_TIMES] = times
        self._inc("tipwatch/backoff/retries")
        return retry
