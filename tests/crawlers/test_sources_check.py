"""`tipwatch sources check` against real loopback HTTP servers.

Four outlets, each on its own server (own host:port):
  healthy        robots allows everything we use; RSS feed, news sitemap, section page, search
  broken-feed    feed answers 500; its sitemap is fine
  robots-blocked robots.txt disallows the feed (and sets a Crawl-delay); its sitemap is fine
  unreachable    points at a closed loopback port
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import typer
from typer.testing import CliRunner

from tipwatch.cli import sources
from tipwatch.cli.exit_codes import ExitCode
from tipwatch.crawlers.checks import FAIL, OK, WARN, check_sources
from tipwatch.crawlers.source_defs import Source

UA = "tipwatch-test/0.1 (+https://example.invalid/tipwatch)"

Route = tuple[int, str, bytes]


@dataclass
class Outlet:
    """A threaded HTTP server answering from a fixed route table, recording every request."""

    routes: dict[str, Route]
    pause: float = 0.0
    log: list[tuple[str, str]] = field(default_factory=list)  # (path, user agent)
    inflight: int = 0
    max_inflight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""
    server: ThreadingHTTPServer | None = None

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _ in self.log]


def _handler(outlet: Outlet) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            with outlet.lock:
                outlet.log.append((self.path, self.headers.get("User-Agent", "")))
                outlet.inflight += 1
                outlet.max_inflight = max(outlet.max_inflight, outlet.inflight)
            try:
                if outlet.pause:
                    time.sleep(outlet.pause)
                status, ctype, body = outlet.routes.get(
                    self.path, (404, "text/plain", b"not found\n")
                )
                body = body.replace(b"{{BASE}}", outlet.base.encode())
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            finally:
                with outlet.lock:
                    outlet.inflight -= 1

    return Handler


@dataclass
class Served:
    outlets: dict[str, Outlet]
    sources_dir: Path


def _serve(outlet: Outlet) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(outlet))
    server.daemon_threads = True
    outlet.server = server
    outlet.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}).start()


def _stop(outlet: Outlet) -> None:
    if outlet.server is not None:
        outlet.server.shutdown()
        outlet.server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss(n: int) -> bytes:
    now = datetime.now(UTC)
    items = "".join(
        f"<item><title>t{i}</title><link>{{{{BASE}}}}/articles/{i}.html</link>"
        f"<pubDate>{format_datetime(now - timedelta(hours=i + 1))}</pubDate></item>"
        for i in range(n)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


def _sitemap(n: int) -> bytes:
    day = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
    urls = "".join(
        f"<url><loc>{{{{BASE}}}}/articles/s{i}.html</loc><lastmod>{day}</lastmod></url>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>"
    ).encode()


HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml"
XML = "application/xml"
TEXT = "text/plain"

SECTION = b"""<html><body>
<a href="/articles/1.html">one</a> <a href="../articles/2.html">two</a>
<a href="/about.html">about</a> <a href="/articles/1.html#comments">one again</a>
</body></html>"""
SEARCH = b"""<html><body>
<a href="/articles/7.html">hit</a> <a href="/articles/8.html">hit</a>
<a href="/search?q=human+trafficking&amp;page=2">next</a> <a href="/tags/crime">tag</a>
</body></html>"""


def _site() -> dict[str, Outlet]:
    allow = (200, TEXT, b"User-agent: *\nDisallow: /private/\n")
    return {
        "healthy": Outlet(
            {
                "/robots.txt": allow,
                "/feed.xml": (200, RSS, _rss(3)),
                "/news-sitemap.xml": (200, XML, _sitemap(4)),
                "/news/": (200, HTML, SECTION),
                "/search?q=human+trafficking": (200, HTML, SEARCH),
            }
        ),
        "broken-feed": Outlet(
            {
                "/robots.txt": allow,
                "/feed.xml": (500, TEXT, b"boom\n"),
                "/news-sitemap.xml": (200, XML, _sitemap(2)),
            }
        ),
        "robots-blocked": Outlet(
            {
                "/robots.txt": (
                    200,
                    TEXT,
                    b"User-agent: *\nDisallow: /feed.xml\nCrawl-delay: 0.2\n",
                ),
                "/feed.xml": (200, RSS, _rss(2)),
                "/news-sitemap.xml": (200, XML, _sitemap(1)),
            }
        ),
    }


def _yaml(source_id: str, base: str, *, section: bool = False, search: bool = False) -> str:
    text = f"""# test outlet
id: {source_id}
name: "{source_id.title()}"
country: IN
languages: [en]
homepage: "{base}/"
feeds: ["{base}/feed.xml"]
news_sitemaps: ["{base}/news-sitemap.xml"]
schedule: "*/30 * * * *"
"""
    if section:
        text += f'sections:\n  - url: "{base}/news/"\n    article_pattern: "/articles/"\n'
    if search:
        text += f'search:\n  url: "{base}/search?q={{query}}"\n'
    return text


def _write_sources(directory: Path, outlets: dict[str, Outlet], down_base: str) -> None:
    (directory / "in").mkdir(parents=True)
    for oid, outlet in outlets.items():
        rich = oid == "healthy"
        text = _yaml(oid, outlet.base, section=rich, search=rich)
        (directory / "in" / f"{oid}.yaml").write_text(text, encoding="utf-8")
    (directory / "in" / "unreachable.yaml").write_text(
        _yaml("unreachable", down_base), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    outlets = _site()
    for outlet in outlets.values():
        _serve(outlet)
    sources_dir = tmp_path_factory.mktemp("check") / "sources"
    _write_sources(sources_dir, outlets, f"http://127.0.0.1:{_closed_port()}")
    try:
        yield Served(outlets, sources_dir)
    finally:
        for outlet in outlets.values():
            _stop(outlet)


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """test CLI"""

    app.add_typer(sources.group, name="sources")
    return app


@dataclass
class CheckRun:
    exit_code: int
    output: str
    report: dict[str, Any]
    served: Served

    def source(self, sid: str) -> dict[str, Any]:
        return next(s for s in self.report["sources"] if s["id"] == sid)

    def probe(self, sid: str, kind: str) -> dict[str, Any]:
        return next(p for p in self.source(sid)["probes"] if p["kind"] == kind)


@pytest.fixture(scope="module")
def check_run(served: Served, tmp_path_factory: pytest.TempPathFactory) -> CheckRun:
    out = tmp_path_factory.mktemp("report") / "report.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TIPWATCH_USER_AGENT", UA)
        mp.setenv("TIPWATCH_DOWNLOAD_DELAY", "0")
        args = ["sources", "check", "--sources", str(served.sources_dir)]
        args += ["--json", str(out), "--timeout", "5"]
        result = CliRunner().invoke(_app(), args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return CheckRun(result.exit_code, result.output, json.loads(out.read_text()), served)


def test_any_failing_source_makes_exit_code_1(check_run: CheckRun) -> None:
    assert check_run.exit_code == ExitCode.FAILURE
    assert check_run.report["ok"] is False
    statuses = {s["id"]: s["status"] for s in check_run.report["sources"]}
    assert statuses == {
        "broken-feed": FAIL,
        "healthy": OK,
        "robots-blocked": FAIL,
        "unreachable": FAIL,
    }


def test_healthy_source_counts(check_run: CheckRun) -> None:
    assert check_run.source("healthy")["reasons"] == []
    feed = check_run.probe("healthy", "feed")
    assert (feed["status"], feed["http_status"], feed["details"]["items"]) == (OK, 200, 3)
    newest = datetime.fromisoformat(feed["details"]["newest"])
    assert timedelta(0) < datetime.now(UTC) - newest < timedelta(hours=2)
    sitemap = check_run.probe("healthy", "sitemap")
    assert (sitemap["status"], sitemap["details"]["urls"]) == (OK, 4)
    assert sitemap["details"]["newest"].startswith(
        (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
    )
    section = check_run.probe("healthy", "section")
    # /articles/1.html (twice, once with a fragment) and ../articles/2.html; not /about.html.
    assert (section["status"], section["details"]["links"], section["details"]["all_links"]) == (
        OK,
        2,
        4,
    )
    search = check_run.probe("healthy", "search")
    assert search["url"].endswith("/search?q=human+trafficking")
    assert (search["status"], search["details"]["links"]) == (OK, 2)
    robots = check_run.probe("healthy", "robots")
    assert (robots["status"], robots["http_status"]) == (OK, 200)
    assert "disallowed" not in robots["details"]


def test_broken_feed_is_reported_as_http_500(check_run: CheckRun) -> None:
    feed = check_run.probe("broken-feed", "feed")
    assert (feed["status"], feed["http_status"], feed["reason"]) == (FAIL, 500, "HTTP 500")
    assert check_run.probe("broken-feed", "sitemap")["status"] == OK
    reasons = check_run.source("broken-feed")["reasons"]
    assert len(reasons) == 1 and reasons[0].endswith("/feed.xml: HTTP 500")


def test_robots_disallowed_feed_is_reported_and_never_fetched(check_run: CheckRun) -> None:
    feed = check_run.probe("robots-blocked", "feed")
    assert feed["status"] == FAIL
    assert feed["reason"] == "disallowed by robots.txt for our user agent (not fetched)"
    assert feed["http_status"] is None
    robots = check_run.probe("robots-blocked", "robots")
    assert robots["details"]["crawl_delay"] == pytest.approx(0.2)
    assert robots["details"]["disallowed"] == [feed["url"]]
    assert check_run.probe("robots-blocked", "sitemap")["status"] == OK
    paths = check_run.served.outlets["robots-blocked"].paths()
    assert "/feed.xml" not in paths
    assert paths[0] == "/robots.txt"


def test_unreachable_host_is_reported_not_crashed(check_run: CheckRun) -> None:
    robots = check_run.probe("unreachable", "robots")
    assert robots["status"] == FAIL
    assert robots["reason"] == "unreachable: connection refused"
    for kind in ("feed", "sitemap"):
        probe = check_run.probe("unreachable", kind)
        assert probe["status"] == FAIL
        assert probe["reason"] == "not fetched, unreachable: connection refused"


def test_table_has_one_row_per_source_with_reason(check_run: CheckRun) -> None:
    lines = check_run.output.splitlines()
    rows = {line.split()[0]: line for line in lines if line.split()[:1]}
    assert rows["healthy"].split()[1:3] == ["IN", "OK"]
    assert "feed 200 3 items" in rows["healthy"]
    assert rows["broken-feed"].split()[2] == "FAIL"
    assert rows["broken-feed"].endswith("/feed.xml: HTTP 500")
    assert "disallowed by robots.txt" in rows["robots-blocked"]
    assert "connection refused" in rows["unreachable"]
    assert "4 sources: 1 OK, 0 WARN, 3 FAIL" in check_run.output


def test_every_request_carries_our_user_agent_and_robots_comes_first(check_run: CheckRun) -> None:
    for outlet in check_run.served.outlets.values():
        with outlet.lock:
            log = list(outlet.log)
        assert log, "no requests at all"
        assert {ua for _, ua in log} == {UA}
        assert log[0][0] == "/robots.txt"
        assert [p for p, _ in log].count("/robots.txt") == 1


def test_only_selects_one_source_and_healthy_exits_0(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIPWATCH_DOWNLOAD_DELAY", "0")
    args = ["sources", "check", "--sources", str(served.sources_dir), "--only", "healthy"]
    result = CliRunner().invoke(_app(), [*args, "--json", "-"])
    assert result.exit_code == ExitCode.OK, result.output
    start = result.stdout.index("{")
    report = json.loads(result.stdout[start:])
    assert [s["id"] for s in report["sources"]] == ["healthy"]
    assert report["ok"] is True


def test_unknown_only_id_is_a_usage_error(served: Served) -> None:
    args = ["sources", "check", "--sources", str(served.sources_dir), "--only", "nope"]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == ExitCode.USAGE
    assert "nope" in result.output


def test_one_request_at_a_time_per_host() -> None:
    # Three sources on ONE host, every answer takes 50 ms, four sources checked at once.
    base_routes: dict[str, Route] = {
        "/robots.txt": (200, TEXT, b"User-agent: *\nAllow: /\n"),
        "/news/": (200, HTML, SECTION),
    }
    outlet = Outlet(base_routes, pause=0.05)
    _serve(outlet)
    try:
        sources = []
        for i in range(3):
            outlet.routes[f"/feed{i}.xml"] = (200, RSS, _rss(1))
            outlet.routes[f"/sitemap{i}.xml"] = (200, XML, _sitemap(1))
            sources.append(
                Source(
                    id=f"same-host-{i}",
                    name=f"S{i}",
                    country="GB",
                    languages=["en"],
                    homepage=outlet.base + "/",
                    feeds=[f"{outlet.base}/feed{i}.xml"],
                    news_sitemaps=[f"{outlet.base}/sitemap{i}.xml"],
                    sections=[{"url": f"{outlet.base}/news/", "article_pattern": "/articles/"}],
                )
            )
        results = check_sources(sources, user_agent=UA, timeout=5, concurrency=4, delay=0)
    finally:
        _stop(outlet)
    assert [r.status for r in results] == [OK, OK, OK]
    paths = outlet.paths()
    assert len(paths) == 1 + 3 * 3  # robots.txt once, then feed, sitemap, section per source
    assert outlet.max_inflight == 1


def test_delay_spaces_requests_to_one_host() -> None:
    outlet = Outlet(
        {
            "/robots.txt": (200, TEXT, b""),
            "/a.xml": (200, RSS, _rss(1)),
            "/b.xml": (200, RSS, _rss(1)),
        }
    )
    _serve(outlet)
    try:
        source = Source(
            id="spaced",
            name="Spaced",
            country="KE",
            languages=["en"],
            homepage=outlet.base + "/",
            feeds=[outlet.base + "/a.xml", outlet.base + "/b.xml"],
        )
        started = time.monotonic()
        (result,) = check_sources([source], user_agent=UA, timeout=5, delay=0.3)
        elapsed = time.monotonic() - started
    finally:
        _stop(outlet)
    assert result.status == OK
    assert outlet.paths() == ["/robots.txt", "/a.xml", "/b.xml"]
    assert elapsed >= 0.6  # two gaps of 0.3 s


def test_stale_and_unparsable_feeds() -> None:
    old = b"""<?xml version="1.0"?><rss version="2.0"><channel>
<item><link>{{BASE}}/articles/x.html</link><pubDate>Mon, 03 Jun 2019 10:00:00 +0000</pubDate></item>
</channel></rss>"""
    outlet = Outlet(
        {
            "/robots.txt": (404, TEXT, b"none"),
            "/old.xml": (200, RSS, old),
            "/html.xml": (200, HTML, b"<html><body>not a feed</body></html>"),
        }
    )
    _serve(outlet)
    try:
        source = Source(
            id="odd",
            name="Odd",
            country="GH",
            languages=["en"],
            homepage=outlet.base + "/",
            feeds=[outlet.base + "/old.xml", outlet.base + "/html.xml"],
        )
        (result,) = check_sources([source], user_agent=UA, timeout=5, delay=0)
    finally:
        _stop(outlet)
    by_url = {urlsplit(p.url).path: p for p in result.probes}
    assert by_url["/robots.txt"].status == OK  # 404: everything allowed
    assert by_url["/old.xml"].status == WARN
    assert by_url["/old.xml"].reason.startswith("stale: newest entry 2019-06-03")
    assert by_url["/html.xml"].status == FAIL
    assert "does not parse as a feed" in by_url["/html.xml"].reason
    assert result.status == FAIL
