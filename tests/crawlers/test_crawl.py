"""Real crawls of the tiny loopback site (tests/crawlers/site.py) via `crawlers.run.crawl`."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.crawlers.conftest import CrawledSite, make_settings
from tests.crawlers.site import ALPHA_ARTICLES, BETA_ARTICLES
from tipwatch.crawlers import run as run_module
from tipwatch.crawlers.run import CrawlError, crawl
from tipwatch.crawlers.warc import read_pages
from tipwatch.demo.server import DemoSite
from tipwatch.records import FetchedPage
from tipwatch.settings import Settings

# Articles that must end up in the WARC: everything but the 20 kB one (over max_body_bytes).
FETCHED_ALPHA = {p for p in ALPHA_ARTICLES if "big" not in p}
FETCHED_BETA = set(BETA_ARTICLES)


def _pages(c: CrawledSite) -> list[FetchedPage]:
    return list(read_pages(c.result.warc_path))


def _path(url: str, base: str) -> str:
    assert url.startswith(base), (url, base)
    return url[len(base) :]


def test_every_article_is_discovered_and_fetched(crawled: CrawledSite) -> None:
    pages = _pages(crawled)
    bases = crawled.site.base_urls
    got = {(p.source_id, _path(p.final_url, bases[p.source_id])) for p in pages}
    want = {("alpha-times", p) for p in FETCHED_ALPHA} | {("beta-daily", p) for p in FETCHED_BETA}
    assert got == want
    assert crawled.result.pages_fetched == len(want) == len(pages)
    # a2 came only from the feed (with a #fragment), a3 only from the news sitemap, a4 only from
    # the section page (relative link), b2 only from a gzip sitemap behind a sitemap index.
    for only in ("/articles/a2.html", "/articles/a3.html", "/articles/a4.html"):
        assert ("alpha-times", only) in got
    assert ("beta-daily", "/articles/b2.html") in got
    assert crawled.result.finish_reason == "finished"


def test_each_article_is_requested_exactly_once(crawled: CrawledSite) -> None:
    counts = Counter(crawled.request_log)
    for path in ALPHA_ARTICLES:
        # gamma is requested as /articles/gamma and, after the redirect, /articles/gamma/.
        assert counts[("alpha-times", path)] == 1, path
    for path in BETA_ARTICLES:
        assert counts[("beta-daily", path)] == 1, path
    # a1 is linked from the feed, the news sitemap and the section page.
    assert counts[("alpha-times", "/articles/a1.html")] == 1
    assert counts[("alpha-times", "/articles/gamma")] == 1
    assert counts[("alpha-times", "/articles/missing.html")] == 1


def test_discovery_pages_are_not_articles(crawled: CrawledSite) -> None:
    urls = {p.final_url for p in _pages(crawled)}
    for source in crawled.site.sources:
        for url in source.start_urls:
            assert url not in urls
    log = set(crawled.request_log)
    assert ("alpha-times", "/feed.xml") in log
    assert ("alpha-times", "/news-sitemap.xml") in log
    assert ("alpha-times", "/news/") in log
    assert ("beta-daily", "/news-sitemap.xml.gz") in log
    # The sitemap index lists itself: it is still fetched only once.
    assert Counter(crawled.request_log)[("beta-daily", "/sitemap-index.xml")] == 1


def test_robots_disallowed_page_is_never_requested(crawled: CrawledSite) -> None:
    paths = {p for _, p in crawled.request_log}
    assert "/private/draft.html" not in paths
    assert ("alpha-times", "/robots.txt") in crawled.request_log
    assert crawled.result.skipped.get("robots_forbidden") == 1
    assert crawled.result.robots_forbidden >= 1
    skip = next(s for s in crawled.result.skips if s.reason == "robots_forbidden")
    assert skip.url is not None and skip.url.endswith("/private/draft.html")
    assert skip.stage == "crawl" and skip.source_id == "alpha-times"


def test_404_article_is_a_counted_skip(crawled: CrawledSite) -> None:
    result = crawled.result
    assert result.skipped.get("http_404") == 1
    [skip] = [s for s in result.skips if s.reason == "http_404"]
    assert skip.url == crawled.site.base_urls["alpha-times"] + "/articles/missing.html"
    assert not any(p.final_url.endswith("missing.html") for p in _pages(crawled))


def test_other_skips_are_named(crawled: CrawledSite) -> None:
    skipped = crawled.result.skipped
    assert skipped.get("too_large") == 1  # 20 kB article, max_body_bytes 15 000
    assert skipped.get("offsite") == 1  # https://elsewhere.example/... on the section page
    assert crawled.result.errors == 0, crawled.result.error_details
    report = json.loads(crawled.result.report_path.read_text("utf-8"))
    assert report["skipped"] == skipped
    assert report["pages_fetched"] == crawled.result.pages_fetched


def test_fetched_page_fields(crawled: CrawledSite) -> None:
    base = crawled.site.base_urls["alpha-times"]
    pages = {p.url: p for p in _pages(crawled)}
    gamma = pages[base + "/articles/gamma"]
    assert gamma.final_url == base + "/articles/gamma/"  # redirect followed and recorded
    a2 = pages[base + "/articles/a2.html"]  # feed link had a #fragment
    assert a2.status == 200
    assert a2.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<h1>Alpha two</h1>" in a2.body
    assert base.encode() in a2.body  # {{BASE}} was rendered by the server
    assert a2.fetched_at.tzinfo is not None
    assert abs((datetime.now(UTC) - a2.fetched_at).total_seconds()) < 600
    assert a2.source_id == "alpha-times"


def test_warc_is_committed_atomically(crawled: CrawledSite) -> None:
    warc = crawled.result.warc_path
    assert warc.name.endswith(".warc.gz") and warc.is_file()
    assert not list(warc.parent.glob("*.open"))


def test_two_crawls_in_a_row_from_one_process(
    tiny_site: DemoSite, tmp_path: Path, fast_settings: Settings
) -> None:
    first = crawl(tiny_site.sources, tmp_path / "out", fast_settings, allow_loopback=True)
    # Same store: the URL ledger knows every article, so nothing is fetched again.
    second = crawl(tiny_site.sources, tmp_path / "out", fast_settings, allow_loopback=True)
    # Another store (no ledger history): everything is fetched again, in a third child.
    third = crawl(
        tiny_site.sources,
        tmp_path / "out",
        fast_settings,
        allow_loopback=True,
        store_url=f"sqlite:///{tmp_path / 'other.db'}",
    )
    assert len({first.warc_path, second.warc_path, third.warc_path}) == 3
    assert first.pages_fetched == third.pages_fetched == len(FETCHED_ALPHA | FETCHED_BETA)
    assert second.pages_fetched == 0
    assert second.articles_known == first.articles_discovered == second.articles_discovered
    urls_1 = sorted(p.final_url for p in read_pages(first.warc_path))
    urls_3 = sorted(p.final_url for p in read_pages(third.warc_path))
    assert urls_1 == urls_3
    assert list(read_pages(second.warc_path)) == []
    counts = Counter(tiny_site.request_log)
    assert counts[("alpha-times", "/articles/a1.html")] == 2  # once per ledger
    assert counts[("alpha-times", "/feed.xml")] == 3  # discovery pages: every crawl


def test_since_skips_old_articles(tiny_site: DemoSite, tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "var")
    result = crawl(
        tiny_site.sources,
        tmp_path / "out",
        settings,
        allow_loopback=True,
        since=datetime(2024, 1, 1, tzinfo=UTC),
    )
    assert result.skipped.get("too_old") == 1  # old.html, lastmod 2020-01-01
    assert ("alpha-times", "/articles/old.html") not in tiny_site.request_log
    assert ("alpha-times", "/articles/a1.html") in tiny_site.request_log


def test_unreachable_source_is_an_error_not_a_crash(tmp_path: Path) -> None:
    from tipwatch.crawlers.source_defs import Source

    # Nothing listens on port 9 of 127.0.0.9: connection refused.
    source = Source(
        id="down",
        name="Down",
        country="IN",
        languages=["en"],
        homepage="http://127.0.0.9:9/",
        feeds=["http://127.0.0.9:9/feed.xml"],
    )
    settings = make_settings(tmp_path / "var", download_timeout=5.0)
    result = crawl([source], tmp_path / "out", settings, allow_loopback=True)
    assert result.pages_fetched == 0
    assert result.errors >= 1
    assert any("feed.xml" in e for e in result.error_details)
    assert list(read_pages(result.warc_path)) == []


def test_child_failure_raises_crawl_error_with_stderr(
    tiny_site: DemoSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Point the child at a module that does not exist: the interpreter exits 1 with a message.
    monkeypatch.setattr(run_module, "CHILD_MODULE", "tipwatch.crawlers.no_such_module")
    settings = make_settings(tmp_path / "var")
    with pytest.raises(CrawlError) as info:
        crawl(tiny_site.sources, tmp_path / "out", settings, allow_loopback=True)
    assert info.value.returncode == 1
    assert "exited with code 1" in str(info.value)
    assert "No module named" in str(info.value)


def test_crawl_needs_sources(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one source"):
        crawl([], tmp_path, make_settings(tmp_path))


def test_crawl_timeout_kills_child_and_raises(tmp_path: Path) -> None:
    import socket

    from tipwatch.crawlers.source_defs import Source

    # A server that accepts connections and never answers.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        port = sock.getsockname()[1]
        source = Source(
            id="silent",
            name="Silent",
            country="IN",
            languages=["en"],
            homepage=f"http://127.0.0.1:{port}/",
            feeds=[f"http://127.0.0.1:{port}/feed.xml"],
        )
        settings = make_settings(tmp_path / "var", download_timeout=60.0)
        with pytest.raises(CrawlError, match="timed out") as info:
            crawl([source], tmp_path / "out", settings, allow_loopback=True, timeout=4)
    assert info.value.returncode is None
    assert info.value.log_path is not None and info.value.log_path.exists()


def test_child_rejects_bad_input_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tipwatch.crawlers import crawl_process

    bad = tmp_path / "sources.json"
    bad.write_text('[{"id": "Not Valid"}]', encoding="utf-8")
    code = crawl_process.main(["--sources-json", str(bad), "--out", str(tmp_path / "out")])
    assert code == crawl_process.EXIT_USAGE
    assert "bad input" in capsys.readouterr().err
    empty = tmp_path / "empty.json"
    empty.write_text("[]", encoding="utf-8")
    code = crawl_process.main(["--sources-json", str(empty), "--out", str(tmp_path / "out")])
    assert code == crawl_process.EXIT_USAGE


def test_child_never_imports_a_package_from_the_current_directory(
    tiny_site: DemoSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A folder holding look-alike packages: a child that puts its working directory on sys.path
    # (plain `python -m`) would run this crawl_process instead of tipwatch's.
    decoy = tmp_path / "decoy"
    marker = tmp_path / "decoy-ran"
    for pkg in ("tipwatch", "tipwatch/crawlers", "crawlers"):
        (decoy / pkg).mkdir(parents=True)
        (decoy / pkg / "__init__.py").write_text("")
        (decoy / pkg / "crawl_process.py").write_text(
            f"open({str(marker)!r}, 'w').write('ran')\nraise SystemExit(0)\n"
        )
    monkeypatch.chdir(decoy)
    settings = make_settings(tmp_path / "var")
    result = crawl(tiny_site.sources, tmp_path / "out", settings, allow_loopback=True)
    assert not marker.exists()
    assert result.pages_fetched == len(FETCHED_ALPHA | FETCHED_BETA)


def test_the_store_url_travels_in_the_environment_not_on_the_command_line(tmp_path: Path) -> None:
    secret_url = "postgresql+psycopg://crawler:s3cret-pw@db.internal/tipwatch"
    cmd, env = run_module.child_invocation(
        tmp_path / "sources.json",
        tmp_path / "settings.json",
        tmp_path / "out",
        "crawl.warc.gz",
        store_url=secret_url,
        allow_loopback=True,
    )
    assert not any("s3cret" in part for part in cmd)
    assert env[run_module.STORE_URL_ENV] == secret_url
    assert cmd[1] == "-P"  # the child never puts its working directory on sys.path
