"""Address guard (SSRF) end to end with loopback *not* allowed, plus unit tests of the pure
parts of crawlers/middlewares (address rules, Retry-After, charset choice)."""

from __future__ import annotations

import asyncio
import ipaddress
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy.http import Request

from tests.crawlers.conftest import make_settings
from tests.crawlers.servers import FaultServer, page, redirect
from tipwatch.crawlers.middlewares.addresses import (
    LOOPBACK_NETWORKS,
    AddressGuardMiddleware,
    address_allowed,
    parse_networks,
)
from tipwatch.crawlers.middlewares.backoff import parse_retry_after
from tipwatch.crawlers.middlewares.charset import choose_charset
from tipwatch.crawlers.middlewares.skips import TipwatchSkip
from tipwatch.crawlers.run import crawl
from tipwatch.crawlers.scrapy_settings import scrapy_settings
from tipwatch.crawlers.source_defs import Source


def test_loopback_site_is_not_fetched_without_allow_loopback(tmp_path: Path) -> None:
    routes = {
        "/robots.txt": page("User-agent: *\nAllow: /\n", content_type="text/plain"),
        "/feed.xml": page("<rss version='2.0'><channel></channel></rss>"),
    }
    with FaultServer(routes) as literal, FaultServer(routes, host="127.0.0.1") as named:
        sources = [
            Source(
                id="literal",
                name="IP literal",
                country="IN",
                languages=["en"],
                homepage=literal.url("/"),
                feeds=[literal.url("/feed.xml")],
            ),
            Source(
                id="named",
                name="Host name resolving to loopback",
                country="IN",
                languages=["en"],
                homepage=f"http://localhost:{named.port}/",
                feeds=[f"http://localhost:{named.port}/feed.xml"],
            ),
        ]
        result = crawl(sources, tmp_path / "out", make_settings(tmp_path / "var"), timeout=60)
    assert literal.hits == [] and named.hits == []
    assert result.requests == 0 and result.pages_fetched == 0
    blocked = [e for e in result.error_details if "blocked_address" in e]
    assert len(blocked) == 2, result.error_details
    assert any("127.0.0.1" in e and "localhost" in e for e in blocked)


# --- address rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ip",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.1",
        "169.254.169.254",
        "0.0.0.0",
        "100.64.0.1",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:10.0.0.1",
        "::ffff:127.0.0.1",
    ],
)
def test_non_public_addresses_are_refused(ip: str) -> None:
    assert not address_allowed(ipaddress.ip_address(ip))


@pytest.mark.parametrize("ip", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(ip: str) -> None:
    assert address_allowed(ipaddress.ip_address(ip))


def test_allow_lists() -> None:
    assert address_allowed(ipaddress.ip_address("127.0.0.5"), LOOPBACK_NETWORKS)
    assert address_allowed(ipaddress.ip_address("::1"), LOOPBACK_NETWORKS)
    assert not address_allowed(ipaddress.ip_address("10.0.0.1"), LOOPBACK_NETWORKS)
    extra = parse_networks(["10.20.0.0/16"])
    assert address_allowed(ipaddress.ip_address("10.20.3.4"), extra)
    assert not address_allowed(ipaddress.ip_address("10.21.0.1"), extra)
    with pytest.raises(ValueError, match="not a CIDR"):
        parse_networks(["10.0.0.0/33"])


def test_allowed_cidrs_setting_reaches_scrapy(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, crawl_allowed_cidrs=["10.20.0.0/16"])
    values = scrapy_settings(settings, warc_path=tmp_path / "x.warc.gz")
    assert values["TIPWATCH_ALLOWED_CIDRS"] == ["10.20.0.0/16"]
    assert values["TIPWATCH_ALLOW_LOOPBACK"] is False
    assert 429 not in values["RETRY_HTTP_CODES"] and 503 not in values["RETRY_HTTP_CODES"]


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str) -> None:
        self.values[key] = self.values.get(key, 0) + 1


def _guard(answers: dict[str, str], allowed: tuple[Any, ...] = ()) -> AddressGuardMiddleware:
    async def resolve(host: str) -> str:
        return answers[host]

    crawler: Any = SimpleNamespace(stats=_Stats(), spider=None)
    return AddressGuardMiddleware(crawler, allowed, resolver=resolve)


def test_guard_checks_the_resolved_address() -> None:
    guard = _guard({"intranet.example": "10.1.2.3", "news.example": "93.184.216.34"})
    with pytest.raises(TipwatchSkip) as info:
        asyncio.run(guard.process_request(Request("http://intranet.example/x")))
    assert info.value.reason == "blocked_address"
    assert "10.1.2.3" in str(info.value)
    asyncio.run(guard.process_request(Request("https://news.example/a")))  # no exception


# --- Retry-After -------------------------------------------------------------------------------


def test_parse_retry_after() -> None:
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after(b"120", now) == 120.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) == 0.0  # in the past
    assert parse_retry_after(b"soon", now) is None
    assert parse_retry_after(b"-5", now) is None
    assert parse_retry_after(None, now) is None


# --- charset ---------------------------------------------------------------------------------


def test_choose_charset() -> None:
    utf8 = "<p>Łukasz Nguyễn 山田</p>".encode()
    assert choose_charset(utf8, "iso-8859-1") == "utf-8"
    assert choose_charset(b"<p>plain ascii</p>", "iso-8859-1") is None
    cp1250 = "<meta charset='windows-1250'><p>Łukasz</p>".encode("cp1250")
    assert choose_charset(cp1250, "iso-8859-1") == "cp1250"  # meta beats a default header
    koi8 = "<p>Иван Петров</p>".encode("koi8-r")
    assert choose_charset(koi8, "koi8-r") == "koi8-r"  # a specific header is trusted
    assert choose_charset(b"\xef\xbb\xbf<p>x</p>", None) == "utf-8"
    # A declared UTF-8 that the bytes are not: Latin text is windows-1252, as browsers read it.
    spanish = "<p>El juez condenó a José Núñez Peña y a María Ibáñez.</p>".encode("cp1252")
    assert choose_charset(spanish, "utf-8") == "cp1252"
    french = "<p>Jugés à Orléans, où ils ont été condamnés.</p>".encode("cp1252")
    assert choose_charset(french, "utf-8") == "cp1252"
    cyrillic = "<p>Иван Петров был осуждён за торговлю людьми</p>".encode("cp1251")
    assert choose_charset(cyrillic, "utf-8") != "cp1252"


def test_spider_names_middleware_skips_by_their_reason() -> None:
    from tipwatch.crawlers.spiders.news import _failure_reason

    exc = TipwatchSkip("blocked_address", "http://x/: 10.0.0.1 is a private address")
    assert _failure_reason(exc) == "blocked_address"
    assert str(exc).startswith("[tipwatch:blocked_address]")


def test_allow_loopback_reaches_only_the_sources_own_endpoints(tmp_path: Path) -> None:
    # A local service that is not a news source (a search engine, say) on the same host, another
    # port: an article that redirects there, or a feed that links there, must not reach it.
    engine_routes = {"/": page('{"tagline": "You Know, for Search"}', content_type="text/json")}
    with FaultServer(engine_routes, host="127.0.0.1") as engine:
        article = "<html><body><article><p>Court news.</p></article></body></html>"
        site_routes = {
            "/robots.txt": page("User-agent: *\nAllow: /\n", content_type="text/plain"),
            "/ok.html": page(article),
            "/to-engine.html": redirect(engine.url("/_search?q=*")),
        }
        with FaultServer(site_routes, host="127.0.0.1") as site:
            items = "".join(
                f"<item><title>t</title><link>{site.url(p)}</link></item>"
                for p in ("/ok.html", "/to-engine.html")
            )
            site.routes["/feed.xml"] = page(
                f"<rss version='2.0'><channel><title>f</title>{items}</channel></rss>",
                content_type="application/rss+xml",
            )
            source = Source(
                id="local",
                name="Local outlet",
                country="IN",
                languages=["en"],
                homepage=site.url("/"),
                feeds=[site.url("/feed.xml")],
            )
            settings = make_settings(tmp_path / "var")
            result = crawl([source], tmp_path / "out", settings, allow_loopback=True, timeout=60)
    assert engine.hits == []
    assert result.pages_fetched == 1  # /ok.html: the source's own loopback endpoint is allowed
    (skip,) = [s for s in result.skips if s.url == site.url("/to-engine.html")]
    assert skip.reason == "blocked_address"
    assert "none of this crawl's sources names" in (skip.detail or "")


def test_loopback_endpoints_come_from_every_url_a_source_names(tmp_path: Path) -> None:
    source = Source(
        id="demo",
        name="Demo",
        country="IN",
        languages=["en"],
        homepage="http://127.0.0.2:8001/",
        feeds=["http://127.0.0.2:8001/feed.xml"],
        news_sitemaps=["http://localhost:8002/sitemap.xml"],
    )
    values = scrapy_settings(
        make_settings(tmp_path),
        warc_path=tmp_path / "x.warc.gz",
        allow_loopback=True,
        sources=[source],
    )
    assert values["TIPWATCH_LOOPBACK_ENDPOINTS"] == ["127.0.0.2:8001", "localhost:8002"]
    closed = scrapy_settings(
        make_settings(tmp_path), warc_path=tmp_path / "x.warc.gz", sources=[source]
    )
    assert closed["TIPWATCH_LOOPBACK_ENDPOINTS"] == []
