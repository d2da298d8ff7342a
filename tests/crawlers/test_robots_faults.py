"""robots.txt faults beyond 5xx and timeouts (issue 14: C3, C4, C6), in one real crawl of loopback
servers (tests/crawlers/servers.py), with the robots.txt cache lifetime shortened to 1 s.

- C3: robots.txt answers 429 (with a Retry-After, a huge one, or none): the host is disallowed,
  never crawled as if allowed, and its URLs wait pending in the URL ledger until the time the
  host named (capped at crawl_retry_after_max) or the ledger's own backoff.
- C4: a 600 KiB robots.txt with a Disallow at 510 KiB is honoured (crawl_robots_max_bytes,
  1 MiB by default, is over RFC 9309's 500 KiB minimum). Rules past the parse limit of a longer
  file are ignored, as RFC 9309 §2.5 allows; a robots.txt larger than anything we download
  disallows its host instead of allowing it.
- C6: a crawl that outlives the robots.txt cache fetches robots.txt again: a rule added
  meanwhile holds for the URLs requested after that.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.crawlers.conftest import make_settings
from tests.crawlers.servers import (
    MAX_ROUTE_SECONDS,
    FaultHandler,
    FaultServer,
    Route,
    page,
    sequence,
)
from tipwatch.crawlers.middlewares.robots import cut_to_parse_limit
from tipwatch.crawlers.run import CrawlResult, crawl
from tipwatch.crawlers.source_defs import Source
from tipwatch.crawlers.warc import read_pages
from tipwatch.store.db import Store
from tipwatch.store.models import UrlRow

KIB = 1024
ROBOTS_MAX_BYTES = 1024 * KIB  # the default parse limit
MAX_BODY = 2_000_000  # downloads (robots.txt included) stop here
RETRY_AFTER_MAX = 600.0
CACHE_SECONDS = 1.0
ARTICLE = "<html><body><article><h1>Court</h1><p>The hearing went on.</p></article></body></html>"
OK = page(ARTICLE)
ALLOW_ALL = page("User-agent: *\nAllow: /\n", content_type="text/plain")


def big_robots(size: int, rules: dict[int, str]) -> bytes:
    """A robots.txt of `size` bytes: one `User-agent: *` group of filler Disallow lines (as a big
    site's robots.txt has), with each of `rules` (byte offset -> line) on the first line that
    starts at or after its offset."""
    out = bytearray(b"User-agent: *\n")
    pending = sorted(rules.items())
    i = 0
    while len(out) < size:
        if pending and len(out) >= pending[0][0]:
            out += pending.pop(0)[1].encode() + b"\n"
            continue
        out += f"Disallow: /archive/{i}/\n".encode()
        i += 1
    assert not pending
    return bytes(out[:size])


def line_offset(body: bytes, line: str) -> int:
    return body.index(b"\n" + line.encode()) + 1


BIG = big_robots(600 * KIB, {510 * KIB: "Disallow: /private/"})
HUGE = big_robots(1_500_000, {0: "Disallow: /early/", 1_200_000: "Disallow: /late/"})
OVERSIZED = big_robots(2_500_000, {0: "Disallow: /nothing/"})
CHANGED = page("User-agent: *\nAllow: /\nDisallow: /late/\n", content_type="text/plain")

# host -> routes; the article paths (not /robots.txt) are listed in the host's feed on the hub.
HOSTS: dict[str, dict[str, Route]] = {
    "r429wait": {
        "/robots.txt": page("slow down", 429, headers={"Retry-After": "120"}),
        "/a.html": OK,
        "/b.html": OK,
    },
    "r429huge": {
        "/robots.txt": page("slow down", 429, headers={"Retry-After": "999999"}),
        "/a.html": OK,
    },
    "r429bare": {"/robots.txt": page("slow down", 429), "/a.html": OK},
    "big": {
        "/robots.txt": page(BIG, content_type="text/plain"),
        "/private/a.html": OK,
        "/public.html": OK,
    },
    "huge": {
        "/robots.txt": page(HUGE, content_type="text/plain"),
        "/early/a.html": OK,
        "/late/a.html": OK,
    },
    "oversized": {"/robots.txt": page(OVERSIZED, content_type="text/plain"), "/a.html": OK},
    # First fetch: everything allowed; every later fetch: /late/ disallowed.
    "changing": {"/robots.txt": sequence(ALLOW_ALL, CHANGED), "/early.html": OK},
}
# Found only through the slow second feed (on its own server, not to hold up the hub).
LATE_PATHS = {"changing": ["/late/a.html"]}


@dataclass
class RobotsCrawl:
    servers: dict[str, FaultServer]
    result: CrawlResult
    fetched: set[str]
    # url -> URL ledger row (state, reason, retry_at)
    ledger: dict[str, tuple[str, str | None, datetime | None]]
    started: datetime
    ended: datetime

    def url(self, host: str, path: str) -> str:
        return self.servers[host].url(path)

    def article_hits(self, host: str) -> list[str]:
        return [p for p in self.servers[host].paths() if p != "/robots.txt"]

    def skip_reason(self, host: str, path: str) -> str:
        url = self.url(host, path)
        found = [s for s in self.result.skips if s.url == url]
        assert len(found) == 1, (url, found)
        assert self.ledger[url][1] == found[0].reason, (url, self.ledger[url])
        return found[0].reason

    def pending_until(self, host: str, path: str) -> datetime:
        state, reason, retry_at = self.ledger[self.url(host, path)]
        assert (state, reason) == ("pending", "robots_unavailable"), self.ledger
        assert retry_at is not None
        return retry_at if retry_at.tzinfo else retry_at.replace(tzinfo=UTC)


def once_robots_expired(host: FaultServer, route: Route) -> Route:
    """`route`, answered only once `host`'s robots.txt was fetched and has since expired (so the
    links it lists are requested after the cache lifetime, however slow the crawl started)."""

    def run(h: FaultHandler, s: FaultServer) -> None:
        deadline = time.monotonic() + MAX_ROUTE_SECONDS
        while time.monotonic() < deadline:
            fetched = host.times("/robots.txt")
            if fetched and time.monotonic() - fetched[0] > CACHE_SECONDS + 0.3:
                break
            time.sleep(0.05)
        route(h, s)

    return run


def _feed(urls: list[str]) -> str:
    items = "".join(f"<item><title>t</title><link>{u}</link></item>" for u in urls)
    return f"<rss version='2.0'><channel><title>f</title>{items}</channel></rss>"


@pytest.fixture(scope="module")
def robots_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RobotsCrawl]:
    tmp = tmp_path_factory.mktemp("robots")
    with ExitStack() as stack:
        servers = {name: stack.enter_context(FaultServer(routes)) for name, routes in HOSTS.items()}
        hub_routes: dict[str, Route] = {"/robots.txt": ALLOW_ALL}
        late_routes: dict[str, Route] = {"/robots.txt": ALLOW_ALL}
        for name, server in servers.items():
            paths = [p for p in HOSTS[name] if p != "/robots.txt"]
            hub_routes[f"/{name}.xml"] = page(_feed([server.url(p) for p in paths]))
            late = _feed([server.url(p) for p in LATE_PATHS.get(name, [])])
            late_routes[f"/{name}.xml"] = once_robots_expired(server, page(late))
        hub = stack.enter_context(FaultServer(hub_routes))
        late_hub = stack.enter_context(FaultServer(late_routes))
        sources = [
            Source(
                id=name,
                name=name,
                country="IN",
                languages=["en"],
                homepage=server.url("/"),
                feeds=[hub.url(f"/{name}.xml")]
                + ([late_hub.url(f"/{name}.xml")] if name in LATE_PATHS else []),
            )
            for name, server in servers.items()
        ]
        settings = make_settings(
            tmp / "var",
            max_body_bytes=MAX_BODY,
            crawl_retry_after_max=RETRY_AFTER_MAX,
            crawl_robots_cache_seconds=CACHE_SECONDS,
        )
        assert settings.crawl_robots_max_bytes == ROBOTS_MAX_BYTES
        started = datetime.now(UTC)
        result = crawl(sources, tmp / "out", settings, allow_loopback=True, timeout=120)
        ended = datetime.now(UTC)
        store = Store(settings.resolved_database_url, upgrade=False)
        with store.session() as s:
            ledger = {u.url: (u.state, u.reason, u.retry_at) for u in s.scalars(select(UrlRow))}
        store.dispose()
        fetched = {p.url for p in read_pages(result.warc_path)}
    yield RobotsCrawl(servers, result, fetched, ledger, started, ended)


def test_crawl_finishes(robots_crawl: RobotsCrawl) -> None:
    assert robots_crawl.result.finish_reason == "finished"


# --- C3: 429 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["r429wait", "r429huge", "r429bare"])
def test_robots_429_disallows_the_host(robots_crawl: RobotsCrawl, host: str) -> None:
    # Not crawled as if allowed: no article request ever reached the host.
    assert robots_crawl.article_hits(host) == []
    assert "/robots.txt" in robots_crawl.servers[host].paths()
    for path in HOSTS[host]:
        if path != "/robots.txt":
            assert robots_crawl.skip_reason(host, path) == "robots_unavailable"
            assert robots_crawl.url(host, path) not in robots_crawl.fetched


def test_robots_429_retry_after_defers_the_urls_until_then(robots_crawl: RobotsCrawl) -> None:
    c = robots_crawl
    for path in ("/a.html", "/b.html"):
        until = c.pending_until("r429wait", path)
        assert c.started + timedelta(seconds=119) <= until <= c.ended + timedelta(seconds=121)
    skip = next(s for s in c.result.skips if s.url == c.url("r429wait", "/a.html"))
    assert "HTTP 429" in (skip.detail or "")


def test_robots_429_retry_after_is_capped(robots_crawl: RobotsCrawl) -> None:
    c = robots_crawl
    until = c.pending_until("r429huge", "/a.html")
    cap = timedelta(seconds=RETRY_AFTER_MAX)
    assert c.started + cap - timedelta(seconds=1) <= until <= c.ended + cap + timedelta(seconds=1)


def test_robots_429_without_retry_after_uses_the_ledger_backoff(robots_crawl: RobotsCrawl) -> None:
    c = robots_crawl
    until = c.pending_until("r429bare", "/a.html")
    # The ledger's first backoff is 30 minutes (crawlers/ledger.py, retry_delay).
    assert c.started + timedelta(minutes=29) <= until <= c.ended + timedelta(minutes=31)


# --- C4: size ----------------------------------------------------------------------------------


def test_disallow_at_510_kib_of_a_600_kib_robots_txt_is_honoured(robots_crawl: RobotsCrawl) -> None:
    assert len(BIG) == 600 * KIB and line_offset(BIG, "Disallow: /private/") >= 510 * KIB
    assert robots_crawl.article_hits("big") == ["/public.html"]
    assert robots_crawl.skip_reason("big", "/private/a.html") == "robots_forbidden"


def test_rules_past_the_parse_limit_are_ignored(robots_crawl: RobotsCrawl) -> None:
    # The chosen behaviour (RFC 9309 §2.5): the first 1 MiB is parsed, the rest ignored.
    assert line_offset(HUGE, "Disallow: /late/") > ROBOTS_MAX_BYTES
    assert robots_crawl.skip_reason("huge", "/early/a.html") == "robots_forbidden"
    assert robots_crawl.article_hits("huge") == ["/late/a.html"]


def test_robots_txt_over_the_download_cap_disallows_the_host(robots_crawl: RobotsCrawl) -> None:
    assert len(OVERSIZED) > max(MAX_BODY, ROBOTS_MAX_BYTES)
    assert robots_crawl.article_hits("oversized") == []
    assert robots_crawl.skip_reason("oversized", "/a.html") == "robots_unavailable"


# --- C6: robots.txt changes during the crawl ---------------------------------------------------


def test_expired_robots_txt_is_fetched_again_and_a_new_rule_holds(
    robots_crawl: RobotsCrawl,
) -> None:
    server = robots_crawl.servers["changing"]
    robots_times = server.times("/robots.txt")
    assert len(robots_times) >= 2
    # The first rules allowed /early.html; the rules fetched again after the cache lifetime
    # disallow /late/, which was only found after that.
    assert server.paths().count("/early.html") == 1
    assert server.times("/early.html")[0] < robots_times[1]
    assert robots_times[1] - robots_times[0] >= CACHE_SECONDS
    assert "/late/a.html" not in server.paths()
    assert robots_crawl.skip_reason("changing", "/late/a.html") == "robots_forbidden"


def test_parse_limit_keeps_whole_lines_only() -> None:
    body = b"User-agent: *\nDisallow: /a/\nDisallow: /private/\n"
    limit = len(b"User-agent: *\nDisallow: /a/\nDisallow: /pri")
    # A rule cut in the middle ("Disallow: /pri") would disallow more than the file says.
    assert cut_to_parse_limit(body, limit) == b"User-agent: *\nDisallow: /a/\n"
    assert cut_to_parse_limit(body, len(body)) == body
    # No line break within the limit: nothing usable, and the middleware fails closed on None.
    assert cut_to_parse_limit(b"Disallow: /" + b"x" * 100, 50) is None
