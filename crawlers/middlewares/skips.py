"""`TipwatchSkip`: a request our middlewares refused, with a named reason for the report."""

from __future__ import annotations

from datetime import datetime

from scrapy.exceptions import IgnoreRequest

# Reasons the middlewares produce (the skip reasons of `CrawlResult.skipped`).
BLOCKED_ADDRESS = "blocked_address"
ROBOTS_UNAVAILABLE = "robots_unavailable"
REDIRECT_LOOP = "redirect_loop"
TOO_MANY_REDIRECTS = "too_many_redirects"
# The host asked (429/503 Retry-After) to wait longer than a crawl holds a host: its remaining
# URLs are not requested this crawl and stay pending in the URL ledger until then.
HOST_DEFERRED = "host_deferred"


class TipwatchSkip(IgnoreRequest):
    """The request was not (or no longer) downloaded, for a named `reason`.

    `str(exc)` starts with `[tipwatch:<reason>]` so the reason survives code that only keeps
    the exception text (the spider's skip `detail`).
    """

    def __init__(self, reason: str, detail: str, retry_at: datetime | None = None) -> None:
        self.reason = reason
        self.detail = detail
        self.retry_at = retry_at
        super().__init__(f"[tipwatch:{reason}] {detail}")
