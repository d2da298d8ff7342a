"""Downloader middlewares that make tipwatch's crawler safe and polite beyond Scrapy defaults.

- `addresses.AddressGuardMiddleware`: no request to private/loopback/link-local/... addresses,
  checked on the resolved IP of every request and redirect hop (`blocked_address`).
- `robots.FailClosedRobotsTxtMiddleware`: RFC 9309 robots.txt; 429/5xx/network error disallows
  the host (`robots_unavailable`, pending until a capped `Retry-After`); parses a bounded prefix;
  re-fetched after its cache lifetime; honours `Crawl-delay` (capped).
- `backoff.HostBackoffMiddleware`: 429/503 pause the host until `Retry-After` (capped) or an
  exponential backoff with jitter, then retry a bounded number of times.
- `redirects.LoopSafeRedirectMiddleware` / `LoopSafeMetaRefreshMiddleware`: redirect loops
  (`redirect_loop`) and too many hops (`too_many_redirects`).
- `charset.CharsetMiddleware`: makes the `Content-Type` charset match what the bytes are.
- `skips.TipwatchSkip`: the exception they raise, carrying a named reason that the spider
  reports as the URL's skip reason.

`crawlers.scrapy_settings` wires them in.
"""

from tipwatch.crawlers.middlewares.skips import TipwatchSkip

__all__ = ["TipwatchSkip"]
