"""C9: 20 URLs on one host. The server itself counts the requests it is answering at once: never
more than one per host (one downloader slot of concurrency 1), while another host of the same
crawl is served in the meantime instead of waiting for the busy one."""

from __future__ import annotations

from pathlib import Path

from tests.crawlers.conftest import make_settings
from tests.crawlers.servers import FaultServer, Route, page, sleep_then
from tipwatch.crawlers.run import crawl
from tipwatch.crawlers.source_defs import Source

ALLOW_ALL = page("User-agent: *\nAllow: /\n", content_type="text/plain")
ARTICLE = "<html><body><article><h1>Court {0}</h1><p>Hearing {0}.</p></article></body></html>"
# Each answer takes this long, so two requests sent together would overlap on the server.
ANSWER_SECONDS = 0.15


def _routes(paths: list[str]) -> dict[str, Route]:
    slow = {p: sleep_then(ANSWER_SECONDS, page(ARTICLE.format(p))) for p in paths}
    return {"/robots.txt": ALLOW_ALL, **slow}


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


def test_one_request_at_a_time_per_host_while_other_hosts_proceed(tmp_path: Path) -> None:
    busy_paths = [f"/busy/{i}.html" for i in range(20)]
    other_paths = [f"/other/{i}.html" for i in range(3)]
    with FaultServer(_routes(busy_paths)) as busy, FaultServer(_routes(other_paths)) as other:
        busy.routes["/feed.xml"] = page(_feed(busy, busy_paths))
        other.routes["/feed.xml"] = page(_feed(other, other_paths))
        result = crawl(
            [_source("busy", busy), _source("other", other)],
            tmp_path / "out",
            make_settings(tmp_path / "var", download_delay=0.05),
            allow_loopback=True,
            timeout=120,
        )
    assert result.finish_reason == "finished"
    assert result.pages_fetched == len(busy_paths) + len(other_paths)
    busy_times = [h.at for h in busy.hits if h.path.startswith("/busy/")]
    assert len(busy_times) == len(busy_paths)  # each URL once
    # The server saw at most one request of this host at a time, robots.txt and feed included.
    assert busy.max_in_flight == 1
    assert other.max_in_flight == 1
    # The other host did not wait for the busy one: all of its articles were fetched while the
    # busy host still had URLs to go (20 x 0.2 s against 3 x 0.2 s).
    other_times = [h.at for h in other.hits if h.path.startswith("/other/")]
    assert len(other_times) == len(other_paths)
    assert min(busy_times) < max(other_times) < max(busy_times)
