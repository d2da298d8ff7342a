"""Scrapy settings for a tipwatch crawl, derived from tipwatch's `Settings`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tipwatch.settings import Settings


def scrapy_settings(
    settings: Settings,
    *,
    warc_path: Path,
    allow_loopback: bool = False,
    log_level: str = "INFO",
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
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_DELAY": float(settings.download_delay),
        "DOWNLOAD_TIMEOUT": float(settings.download_timeout),
        "DOWNLOAD_MAXSIZE": max_bytes,
        "DOWNLOAD_WARNSIZE": max(1, max_bytes // 2),
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 2,
        "REDIRECT_MAX_TIMES": 10,
        "COOKIES_ENABLED": False,
        # No listening sockets in the crawler: no telnet console, no remote control server.
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "LOG_FORMATTER": "crawlers.logformatter.TipwatchLogFormatter",
        "HTTPCACHE_ENABLED": False,
        # Only plain web fetching: no file://, data:, ftp:// or s3:// from a hostile feed.
        "DOWNLOAD_HANDLERS": {"file": None, "data": None, "ftp": None, "s3": None},
        "ITEM_PIPELINES": {"crawlers.pipelines.WarcPipeline": 300},
        "TIPWATCH_WARC_PATH": str(warc_path),
        # Read by the (future) address guard; for now it is only carried through.
        "TIPWATCH_ALLOW_LOOPBACK": bool(allow_loopback),
        "LOG_LEVEL": log_level,
        "LOG_STDOUT": False,
    }
