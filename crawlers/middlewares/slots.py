"""Small helpers over Scrapy's downloader slots (one slot per host name by default).

Scrapy has no public API to slow down or pause one host; these touch `Downloader.slots` (live
slots) and `Downloader.per_slot_settings` (the `DOWNLOAD_SLOTS` template for slots created
later, e.g. after the idle-slot garbage collector dropped one). Both are plain attributes of
`scrapy.core.downloader.Downloader` in Scrapy 2.13-2.19.
"""

from __future__ import annotations

from time import monotonic
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Request
from scrapy.utils.httpobj import urlparse_cached


def _downloader(crawler: Crawler) -> Any:
    engine = getattr(crawler, "engine", None)
    return getattr(engine, "downloader", None)


def slot_key(crawler: Crawler, request: Request) -> str:
    """The downloader slot (politeness queue) this request goes through."""
    downloader = _downloader(crawler)
    if downloader is not None and hasattr(downloader, "get_slot_key"):
        return str(downloader.get_slot_key(request))
    return str(request.meta.get("download_slot") or urlparse_cached(request).hostname or "")


def raise_slot_delay(crawler: Crawler, key: str, delay: float) -> float:
    """Make the delay between two requests of slot `key` at least `delay` s, without jitter
    below it. Returns the delay now in force."""
    downloader = _downloader(crawler)
    if downloader is None:
        return delay
    template: dict[str, Any] = downloader.per_slot_settings.setdefault(key, {})
    current = float(template.get("delay", downloader.settings.getfloat("DOWNLOAD_DELAY")))
    new = max(current, delay)
    template["delay"] = new
    template["jitter"] = 0.0
    slot = downloader.slots.get(key)
    if slot is not None:
        slot.delay = max(float(slot.delay), new)
        slot.jitter = 0.0
    return new


def hold_slot(crawler: Crawler, key: str, until: float) -> None:
    """Requests already queued in slot `key` are not sent before `until` (monotonic time).

    The slot sends its next request `delay` seconds after `lastseen`; pushing `lastseen` to
    `until` holds the whole queue. Needs a non-zero slot delay (tipwatch always has one);
    requests that reach the slot later are held by `HostBackoffMiddleware.process_request`.
    """
    downloader = _downloader(crawler)
    slot = downloader.slots.get(key) if downloader is not None else None
    if slot is None:
        return
    if until > monotonic() and until > slot.lastseen:
        slot.lastseen = until
