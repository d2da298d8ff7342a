"""C7: a host that asks to wait an hour (or a day) must not stall the crawl. Beyond the
in-process hold (`crawl_hold_max`), its URLs stay pending in the URL ledger until the time it
named, and the crawl goes on with the other hosts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from tests.crawlers.conftest import make_settings
from tests.crawlers.servers import FaultServer, page
from tipwatch.crawlers.run import crawl
from tipwatch.crawlers.source_defs import Source
from tipwatch.store.db import Store
from tipwatch.store.models import UrlRow

ALLOW_ALL = page("User-agent: *\nAllow: /\n", content_type="text/plain")
ARTICLE = "<html><body><article><h1>Court</h1><p>{}</p></article></body></html>"
BUSY_ARTICLES = [f"/busy/{i}.html" for i in range(15)]


def _feed(server: FaultServer, paths: list[str]) -> str:
    items = "".join(f"<item><title>t</title><link>{server.url(p)}</link></item>" for p in paths)
    return f"<rss version='2.0'><channel><title>f</title>{items}</channel></rss>"


def _source(name: str, server: FaultServer) -> Source:
    return Source(
        id=name,
        name=name,
        country="IN",
        languages=["en"],
        homepage=server.url("/"),
        feeds=[server.url("/feed.xml")],
    )


def test_a_retry_after_beyond_the_hold_defers_the_host_and_the_crawl_goes_on(
    tmp_path: Path,
) -> None:
    too_long = page("slow down", 429, headers={"Retry-After": "999999"})
    busy_routes = {"/robots.txt": ALLOW_ALL, **{p: too_long for p in BUSY_ARTICLES}}
    calm_routes = {
        "/robots.txt": ALLOW_ALL,
        "/a.html": page(ARTICLE.format("first")),
        "/b.html": page(ARTICLE.format("second")),
    }
    settings = make_settings(tmp_path / "var")  # default hold 60 s, Retry-After cap 1 h
    started = datetime.now(UTC)
    with FaultServer(busy_routes) as busy, FaultServer(calm_routes) as calm:
        busy.routes["/feed.xml"] = page(_feed(busy, BUSY_ARTICLES))
        calm.routes["/feed.xml"] = page(_feed(calm, ["/a.html", "/b.html"]))
        # Before: the host was held in-process for an hour, three times: the crawl timed out.
        result = crawl(
            [_source("busy", busy), _source("calm", calm)],
            tmp_path / "out",
            settings,
            allow_loopback=True,
            timeout=120,
        )
    assert result.finish_reason == "finished"
    assert result.pages_fetched == 2  # the calm host's articles
    busy_hits = [p for p in busy.paths() if p.startswith("/busy/")]
    assert len(busy_hits) == len(set(busy_hits))  # no retries of a URL
    assert len(busy_hits) < len(BUSY_ARTICLES)  # later URLs of the host were not requested
    deferred = result.skipped.get("host_deferred", 0)
    assert result.skipped.get("http_429", 0) == len(busy_hits)
    assert deferred == len(BUSY_ARTICLES) - len(busy_hits)

    store = Store(settings.resolved_database_url, upgrade=False)
    try:
        with store.session() as s:
            rows = {r.url: r for r in s.scalars(select(UrlRow)) if "/busy/" in r.url}
    finally:
        store.dispose()
    assert len(rows) == len(BUSY_ARTICLES)
    # Every URL of the host waits, in the ledger, for the time the host named (capped at the
    # hour of crawl_retry_after_max), and only requested ones used up an attempt.
    for url, row in rows.items():
        assert row.state == "pending", (url, row.state)
        retry_at = row.retry_at if row.retry_at.tzinfo else row.retry_at.replace(tzinfo=UTC)
        assert retry_at >= started + timedelta(minutes=59), (url, retry_at)
        requested = url.removeprefix(busy.url("")) in busy_hits or any(
            url.endswith(p) for p in busy_hits
        )
        assert row.attempts == (1 if requested else 0), (url, row.attempts)
