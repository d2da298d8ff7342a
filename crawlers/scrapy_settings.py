"""Scrapy settings for a tipwatch crawl, derived from tipwatch's `Settings`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tipwatch.crawlers.middlewares.addresses import endpoint_of
from tipwatch.crawlers.source_defs import Source
from tipwatch.settings import Settings

PER_HOST_CONCURRENCY = 1
# The oldest Scrapy the crawler is written for (async `start()`, `DownloadTimeoutError`, the
# downloader slot internals in middlewares/slots.py, bounded decompression). pyproject.toml's
# lower bound must equal it (tests/crawlers/test_scrapy_version.py); no shims for older ones.
MIN_SCRAPY = (2, 18)


def check_scrapy_version(version: str) -> None:
    """Refuse to crawl with a Scrapy older than MIN_SCRAPY, with a clear message."""
    got = tuple(int(part) for part in version.split(".")[:2])
    if got < MIN_SCRAPY:
        need = ".".join(map(str, MIN_SCRAPY))
        raise RuntimeError(f"tipwatch's crawler needs Scrapy >= {need}; installed: {version}")


def download_slots(settings: Settings, sources: Sequence[Source]) -> dict[str, dict[str, Any]]:
    """Scrapy per-host slot settings from the sources' politeness overrides. An override can only
    slow a host down: the delay is the larger of the global and the outlet's, the concurrency the
    smaller."""
    slots: dict[str, dict[str, Any]] = {}
    for src in sources:
        p = src.politeness
        if p.download_delay is None and p.max_concurrency is None:
            continue
        delay = max(float(settings.download_delay), float(p.download_delay or 0.0))
        concurrency = min(PER_HOST_CONCURRENCY, p.max_concurrency or PER_HOST_CONCURRENCY)
        for url in [src.homepage, *src.start_urls]:
            host = urlsplit(url).hostname
            if host:
                slot = slots.setdefault(host, {"delay": delay, "concurrency": concurrency})
                slot["delay"] = max(slot["delay"], delay)
                slot["concurrency"] = min(slot["concurrency"], concurrency)
    return slots


def loopback_endpoints(sources: Sequence[Source]) -> list[str]:
    """ "host:port" of every URL the sources name (homepage, feeds, sitemaps, sections, search)."""
    out: set[str] = set()
    for src in sources:
        for url in [src.homepage, *src.start_urls, *src.search_urls]:
            endpoint = endpoint_of(url)
            if endpoint is not None:
                host, port = endpoint
                out.add(f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
    return sorted(out)


def scrapy_settings(
    settings: Settings,
    *,
    warc_path: Path,
    allow_loopback: bool = False,
    log_level: str = "INFO",
    sources: Sequence[Source] = (),
) -> dict[str, Any]:
    """Polite, self-contained Scrapy settings (no project module, no telnet, no cookies)."""
    max_bytes = int(settings.max_body_bytes)
    return {
        "BOT_NAME": "tipwatch",
        "USER_AGENT": settings.user_agent,
        "ROBOTSTXT_OBEY": True,
        "ROBOTSTXT_USER_AGENT": settings.user_agent,
        # Politeness: one request at a time per host, with the configured delay between them.
        "CONCURRENT_REQUESTS": 8,
        "CONCURRENT_REQUESTS_PER_DOMAIN": PER_HOST_CONCURRENCY,
        "DOWNLOAD_DELAY": float(settings.download_delay),
        # Outlets' politeness overrides (slower only), per host.
        "DOWNLOAD_SLOTS": download_slots(settings, sources),
        "DOWNLOAD_TIMEOUT": float(settings.download_timeout),
        "DOWNLOAD_MAXSIZE": max_bytes,
        "DOWNLOAD_WARNSIZE": max(1, max_bytes // 2),
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 2,
        # 429 and 503 are handled by HostBackoffMiddleware (Retry-After, per-host pause).
        "RETRY_HTTP_CODES": [500, 502, 504, 522, 524, 408],
        "REDIRECT_MAX_TIMES": int(settings.crawl_max_redirects),
        # Safety and politeness middlewares (crawlers/middlewares), replacing Scrapy's
        # robots.txt, redirect and meta-refresh middlewares at the same priorities.
        "DOWNLOADER_MIDDLEWARES": {
            "tipwatch.crawlers.middlewares.addresses.AddressGuardMiddleware": 60,
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "tipwatch.crawlers.middlewares.robots.FailClosedRobotsTxtMiddleware": 100,
            "tipwatch.crawlers.middlewares.backoff.HostBackoffMiddleware": 560,
            "tipwatch.crawlers.middlewares.charset.CharsetMiddleware": 570,
            "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
            "tipwatch.crawlers.middlewares.redirects.LoopSafeMetaRefreshMiddleware": 580,
            "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
            "tipwatch.crawlers.middlewares.redirects.LoopSafeRedirectMiddleware": 600,
        },
        "TIPWATCH_ALLOWED_CIDRS": list(settings.crawl_allowed_cidrs),
        "TIPWATCH_RETRY_AFTER_MAX": float(settings.crawl_retry_after_max),
        "TIPWATCH_HOLD_MAX": float(settings.crawl_hold_max),
        "TIPWATCH_BACKOFF_BASE": float(settings.crawl_backoff_base),
        "TIPWATCH_BACKOFF_RETRIES": int(settings.crawl_backoff_retries),
        "TIPWATCH_CRAWL_DELAY_MAX": float(settings.crawl_delay_max),
        "TIPWATCH_ROBOTS_MAX_BYTES": int(settings.crawl_robots_max_bytes),
        "TIPWATCH_ROBOTS_CACHE_SECONDS": float(settings.crawl_robots_cache_seconds),
        "TIPWATCH_REFETCH_MAX": int(settings.crawl_refetch_max),
        "COOKIES_ENABLED": False,
        # No listening sockets in the crawler: no telnet console, no remote control server.
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "LOG_FORMATTER": "tipwatch.crawlers.logformatter.TipwatchLogFormatter",
        "HTTPCACHE_ENABLED": False,
        # Only plain web fetching: no file://, data:, ftp:// or s3:// from a hostile feed.
        "DOWNLOAD_HANDLERS": {"file": None, "data": None, "ftp": None, "s3": None},
        "ITEM_PIPELINES": {
            "tipwatch.crawlers.pipelines.WarcPipeline": 300,
        },
        "TIPWATCH_WARC_PATH": str(warc_path),
        # Address guard: also allow loopback (tests and the local demo only), and there only the
        # host:port endpoints the sources name, never another local service.
        "TIPWATCH_ALLOW_LOOPBACK": bool(allow_loopback),
        "TIPWATCH_LOOPBACK_ENDPOINTS": loopback_endpoints(sources) if allow_loopback else [],
        "LOG_LEVEL": log_level,
        "LOG_STDOUT": False,
    }
