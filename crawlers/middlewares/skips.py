"""`TipwatchSkip`: a request our middlewares refused, with a named reason for the report."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest

# Reasons the middlewares produce (the skip reasons of `CrawlResult.skipped`).
BLOCKED_ADDRESS = "blocked_address"
ROBOTS_UNAVAILABLE = "robots_unavailable"
REDIRECT_LOOP = "redirect_loop"
TOO_MANY_REDIRECTS = "too_many_redirects"


class TipwatchSkip(IgnoreRequest):
    """The request was not (or no longer) downloaded, for a named `reason`.

    `str(exc)` starts with `[tipwatch:<reason>]` so the reason survives code that only keeps
    the exception text (the spider's skip `detail`).
    """

    def __init__(self, reason: str, detail: str) -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"[tipwatch:{reason}] {detail}")
