"""Redirects with named failures: loops (`redirect_loop`) and too many hops.

Scrapy follows up to `REDIRECT_MAX_TIMES` hops and then raises a generic `IgnoreRequest`; a
redirect back to an URL already visited in the chain (A -> B -> A, or A -> A) is dropped
*silently* by the dupefilter (scrapy#1225) unless the request has `dont_filter`. These
subclasses stop both with a `TipwatchSkip`:

- the target (canonicalised) is the current URL or any earlier URL of the chain ->
  `redirect_loop`;
- more than `REDIRECT_MAX_TIMES` hops -> `too_many_redirects`.

They replace `RedirectMiddleware` and `MetaRefreshMiddleware` at the same priorities.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.downloadermiddlewares.redirect import (
    BaseRedirectMiddleware,
    MetaRefreshMiddleware,
    RedirectMiddleware,
)
from scrapy.http import Request
from w3lib.url import canonicalize_url

from tipwatch.crawlers.middlewares.skips import REDIRECT_LOOP, TOO_MANY_REDIRECTS, TipwatchSkip

logger = logging.getLogger(__name__)


def _key(url: str) -> str:
    return canonicalize_url(url)


class _LoopSafe(BaseRedirectMiddleware):
    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        target = _key(redirected.url)
        stats = self.crawler.stats
        if any(_key(url) == target for url in chain):
            if stats is not None:
                stats.inc_value(f"tipwatch/{REDIRECT_LOOP}")
            logger.warning(
                "Redirect loop: %s -> %s (chain of %d)",
                request.url,
                redirected.url,
                len(chain),
                extra={"spider": self.crawler.spider},
            )
            raise TipwatchSkip(
                REDIRECT_LOOP,
                f"{request.url} redirects ({reason}) to {redirected.url}, already in the chain "
                + " -> ".join(chain),
            )
        hops = int(request.meta.get("redirect_times", 0)) + 1
        if hops > self.max_redirect_times:
            if stats is not None:
                stats.inc_value(f"tipwatch/{TOO_MANY_REDIRECTS}")
            logger.warning(
                "Too many redirects (> %d) from %s",
                self.max_redirect_times,
                chain[0],
                extra={"spider": self.crawler.spider},
            )
            raise TipwatchSkip(
                TOO_MANY_REDIRECTS,
                f"{chain[0]}: more than {self.max_redirect_times} redirects (last {request.url})",
            )
        return super()._redirect(redirected, request, reason)


class LoopSafeRedirectMiddleware(_LoopSafe, RedirectMiddleware):
    """`RedirectMiddleware` (3xx + Location) with named loop / hop-limit failures."""


class LoopSafeMetaRefreshMiddleware(_LoopSafe, MetaRefreshMiddleware):
    """`MetaRefreshMiddleware` (`<meta http-equiv=refresh>`) with the same checks."""
