"""An outlet's politeness override slows that outlet only (and can never speed one up)."""

from __future__ import annotations

from pathlib import Path

from tests.crawlers.conftest import make_settings
from tests.crawlers.servers import FaultServer, iter_gaps, page
from tipwatch.crawlers.run import crawl
from tipwatch.crawlers.scrapy_settings import download_slots
from tipwatch.crawlers.source_defs import Politeness, Source

ARTICLES = [f"/a{i}.html" for i in range(4)]


def _server() -> FaultServer:
    routes = {"/robots.txt": page("User-agent: *\nAllow: /\n", content_type="text/plain")}
    for p in ARTICLES:
        routes[p] = page(f"<html><body><p>Article {p} text.</p></body></html>")
    return FaultServer(routes)


def _source(sid: str, srv: FaultServer, feed: FaultServer, delay: float | None) -> Source:
    return Source(
        id=sid,
        name=sid,
        country="KE",
        languages=["en"],
        homepage=srv.url("/"),
        feeds=[feed.url(f"/{sid}.xml")],
        politeness=Politeness(download_delay=delay),
    )


def _feed(srv: FaultServer) -> str:
    items = "".join(f"<item><link>{srv.url(p)}</link></item>" for p in ARTICLES)
    return f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>"


def test_override_delay_applies_to_its_outlet_only(tmp_path: Path) -> None:
    with _server() as slow, _server() as fast:
        routes = {
            "/robots.txt": page("User-agent: *\nAllow: /\n", content_type="text/plain"),
            "/slow.xml": page(_feed(slow), content_type="application/rss+xml"),
            "/fast.xml": page(_feed(fast), content_type="application/rss+xml"),
        }
        with FaultServer(routes) as hub:
            sources = [_source("slow", slow, hub, 0.6), _source("fast", fast, hub, None)]
            settings = make_settings(tmp_path / "var", download_delay=0.0)
            result = crawl(sources, tmp_path / "out", settings, allow_loopback=True)
        assert result.pages_fetched == 8
        slow_times = sorted(t for p in ARTICLES for t in slow.times(p))
        fast_times = sorted(t for p in ARTICLES for t in fast.times(p))
    # Scrapy randomises a delay between 0.5x and 1.5x: every gap is at least 0.3 s
    assert min(iter_gaps(slow_times)) >= 0.3
    assert max(iter_gaps(fast_times)) < 0.3


def test_override_can_only_slow_down() -> None:
    settings = make_settings(Path("/tmp/unused"), download_delay=2.0)
    src = Source(
        id="x",
        name="x",
        country="KE",
        languages=["en"],
        homepage="https://news.example/",
        feeds=["https://feeds.example/rss"],
        politeness=Politeness(download_delay=0.5, max_concurrency=4),
    )
    slots = download_slots(settings, [src])
    assert slots == {
        "news.example": {"delay": 2.0, "concurrency": 1},
        "feeds.example": {"delay": 2.0, "concurrency": 1},
    }
    assert download_slots(settings, [src.model_copy(update={"politeness": Politeness()})]) == {}
