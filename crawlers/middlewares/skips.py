"""`TipwatchSkip`: a request our middlewares refused, with a named reason for the report."""

from __future__ import annotations

import re
from typing import Any

from scrapy.exceptions import IgnoreRequest

from crawlers.items import SkipItem

# Reasons the middlewares produce (the skip reasons of `CrawlResult.skipped`).
BLOCKED_ADDRESS = "blocked_address"
ROBOTS_UNAVAILABLE = "robots_unavailable"
REDIRECT_LOOP = "redirect_loop"
TOO_MANY_REDIRECTS = "too_many_redirects"

_MARKER = re.compile(r"\[tipwatch:([a-z0-9_]+)\]")
# Reasons the spider derives from a generic exception; a marker in the detail overrides them.
_GENERIC_REASONS = frozenset(
    {"ignored", "fetch_error", "robots_forbidden", "too_large", "timeout", "skipped"}
)


class TipwatchSkip(IgnoreRequest):
    """The request was not (or no longer) downloaded, for a named `reason`.

    `str(exc)` starts with `[tipwatch:<reason>]` so the reason survives code that only keeps
    the exception text (the spider's skip `detail`).
    """

    def __init__(self, reason: str, detail: str) -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"[tipwatch:{reason}] {detail}")


def reason_from_text(text: str | None) -> str | None:
    """The reason marker of a `TipwatchSkip` message inside `text`, if any."""
    if not text:
        return None
    match = _MARKER.search(text)
    return match.group(1) if match else None


class SkipReasonPipeline:
    """Interim bridge: the spider names `IgnoreRequest` skips `ignored`/`robots_forbidden`.

    When a `SkipItem`'s detail carries a `TipwatchSkip` marker, the marker's reason replaces
    the generic one. Harmless once the spider reads `TipwatchSkip.reason` directly. Runs before
    `WarcPipeline` (which counts the skips).
    """

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, SkipItem) and item.skipped.reason in _GENERIC_REASONS:
            reason = reason_from_text(item.skipped.detail)
            if reason and reason != item.skipped.reason:
                item.skipped = item.skipped.model_copy(update={"reason": reason})
        return item
