"""The demo HTTP server: per-outlet loopback addresses, content types, safety, request log."""

from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from tipwatch.crawlers.source_defs import SourceError, load_sources
from tipwatch.demo.server import DEFAULT_SITE_DIR, DEFAULT_SOURCES_DIR, DemoSite, serve_demo


def _get(
    site: DemoSite, outlet: str, raw_path: str, method: str = "GET"
) -> http.client.HTTPResponse:
    parts = urlsplit(site.base_urls[outlet])
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    conn.putrequest(method, raw_path, skip_accept_encoding=True)
    conn.endheaders()
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp


def _body(site: DemoSite, outlet: str, raw_path: str) -> tuple[int, str, bytes]:
    parts = urlsplit(site.base_urls[outlet])
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    conn.request("GET", raw_path)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, resp.getheader("Content-Type", ""), body


def test_each_outlet_has_its_own_loopback_address(tiny_site: DemoSite) -> None:
    hosts = {urlsplit(u).hostname for u in tiny_site.base_urls.values()}
    assert hosts == {"127.0.0.2", "127.0.0.3"}
    by_id = {s.id: s for s in tiny_site.sources}
    alpha = by_id["alpha-times"]
    base = tiny_site.base_urls["alpha-times"]
    assert alpha.homepage == base + "/"
    assert alpha.feeds == [base + "/feed.xml"]
    assert "{{BASE}}" not in alpha.model_dump_json()


@pytest.mark.parametrize(
    ("path", "ctype"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/news/", "text/html; charset=utf-8"),
        ("/articles/a1.html", "text/html; charset=utf-8"),
        ("/feed.xml", "application/rss+xml; charset=utf-8"),
        ("/news-sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ],
)
def test_content_types(tiny_site: DemoSite, path: str, ctype: str) -> None:
    status, got, body = _body(tiny_site, "alpha-times", path)
    assert (status, got) == (200, ctype)
    assert b"{{BASE}}" not in body


def test_atom_content_type_and_base_rendering(tiny_site: DemoSite) -> None:
    status, ctype, body = _body(tiny_site, "beta-daily", "/atom.xml")
    assert status == 200 and ctype.startswith("application/atom+xml")
    assert tiny_site.base_urls["beta-daily"].encode() + b"/articles/b1.html" in body


@pytest.mark.parametrize(
    "raw_path",
    [
        "/nope.html",
        "/articles/",  # a folder without index.html: no listing
        "/../beta-daily/robots.txt",
        "/articles/../../beta-daily/robots.txt",
        "/%2e%2e/beta-daily/robots.txt",
        "/..%2fbeta-daily%2frobots.txt",
        "/articles/..%5c..%5cbeta-daily%5crobots.txt",
        "/%00",
        "/.hidden",
    ],
)
def test_missing_and_unsafe_paths_are_404(tiny_site: DemoSite, raw_path: str) -> None:
    assert _get(tiny_site, "alpha-times", raw_path).status == 404


def test_symlink_out_of_the_site_is_404(tiny_site: DemoSite, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    site_root = tmp_path / "demo" / "site" / "alpha-times"
    (site_root / "leak.txt").symlink_to(secret)
    assert _get(tiny_site, "alpha-times", "/leak.txt").status == 404


def test_folder_without_slash_redirects(tiny_site: DemoSite) -> None:
    resp = _get(tiny_site, "alpha-times", "/news")
    assert resp.status == 301
    assert resp.getheader("Location") == "/news/"


def test_head_and_request_log(tiny_site: DemoSite) -> None:
    resp = _get(tiny_site, "alpha-times", "/feed.xml", method="HEAD")
    assert resp.status == 200
    assert int(resp.getheader("Content-Length", "0")) > 0
    _get(tiny_site, "beta-daily", "/articles/b%31.html")
    assert ("alpha-times", "/feed.xml") in tiny_site.request_log
    assert ("beta-daily", "/articles/b1.html") in tiny_site.request_log  # logged decoded
    assert tiny_site.requested_paths("beta-daily") == ["/articles/b1.html"]


def test_stop_closes_the_servers(tmp_path: Path) -> None:
    from tests.crawlers.site import build_site

    site_dir, sources_dir = build_site(tmp_path / "demo")
    with serve_demo(site_dir, sources_dir) as site:
        assert _get(site, "alpha-times", "/").status == 200
    with pytest.raises(OSError):
        _get(site, "alpha-times", "/")
    site.stop()  # idempotent


def test_outlet_without_source_yaml_is_an_error(tmp_path: Path) -> None:
    from tests.crawlers.site import build_site

    site_dir, sources_dir = build_site(tmp_path / "demo")
    (sources_dir / "beta-daily.yaml").unlink()
    with pytest.raises(SourceError, match="beta-daily"), serve_demo(site_dir, sources_dir):
        pass


def test_bundled_demo_sources_are_valid() -> None:
    sources = load_sources(DEFAULT_SOURCES_DIR)
    assert [(s.id, s.country, s.languages, s.name) for s in sources] == [
        ("deccan-ledger", "IN", ["en"], "The Deccan Ledger"),
        ("lagos-courier", "NG", ["en"], "The Lagos Courier"),
        ("visayas-post", "PH", ["en", "fil"], "The Visayas Post"),
    ]
    for s in sources:
        assert s.demo is True
        assert s.homepage == "{{BASE}}/"
        assert s.feeds == ["{{BASE}}/feed.xml"]
        assert s.news_sitemaps == ["{{BASE}}/news-sitemap.xml"]
        assert [(x.url, x.article_pattern) for x in s.sections] == [
            ("{{BASE}}/news/", r"/(articles|private)/[^/]+\.html$")
        ]


@pytest.mark.skipif(
    not (DEFAULT_SITE_DIR.is_dir() and any(DEFAULT_SITE_DIR.iterdir())),
    reason="bundled demo site content not present yet",
)
def test_bundled_demo_site_crawl(tmp_path: Path) -> None:
    from tests.crawlers.conftest import make_settings
    from tipwatch.crawlers.run import crawl
    from tipwatch.crawlers.warc import read_pages

    with serve_demo() as site:
        assert sorted(site.base_urls) == ["deccan-ledger", "lagos-courier", "visayas-post"]
        result = crawl(
            site.sources,
            tmp_path / "out",
            make_settings(tmp_path / "var", max_body_bytes=10 * 1024 * 1024),
            allow_loopback=True,
        )
        log = list(site.request_log)
    assert result.pages_fetched > 0
    assert all(path != "/private/draft.html" for _, path in log)
    pages = list(read_pages(result.warc_path))
    assert {p.source_id for p in pages} == {"deccan-ledger", "lagos-courier", "visayas-post"}
    for p in pages:
        assert "/articles/" in p.final_url
    # every article of the answer key is reached through its outlet's feed, sitemap or pages,
    # the Deccan Ledger's wire copy of a Visayas Post story among them
    key = yaml.safe_load((DEFAULT_SITE_DIR.parent / "expected.yaml").read_text("utf-8"))
    fetched = {(p.source_id, urlsplit(p.final_url).path) for p in pages}
    assert fetched == {(a["outlet"], a["path"]) for a in key["articles"]}
    copies = [a for a in key["articles"] if a.get("syndicated_copy_of")]
    assert [(a["outlet"], a["syndicated_copy_of"]["outlet"]) for a in copies] == [
        ("deccan-ledger", "visayas-post")
    ]
