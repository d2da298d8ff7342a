"""Feed, sitemap and section-page parsing."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from tipwatch.crawlers.discovery import (
    DiscoveryError,
    normalize_url,
    parse_date,
    parse_feed,
    parse_sitemap,
    section_links,
)

BASE = "http://news.example/feed.xml"


def test_rss_links_dates_and_guid_fallback() -> None:
    body = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<item><link> /articles/1.html </link><pubDate>Mon, 03 Jun 2024 10:00:00 +0530</pubDate></item>
<item><guid isPermaLink="true">http://news.example/articles/2.html</guid>
  <dc:date>2024-06-04T08:00:00Z</dc:date></item>
<item><guid isPermaLink="false">tag:news.example,2024:3</guid></item>
</channel></rss>"""
    links = parse_feed(body, BASE)
    assert [link.url for link in links] == [
        "http://news.example/articles/1.html",
        "http://news.example/articles/2.html",
    ]
    assert links[0].published == datetime(2024, 6, 3, 4, 30, tzinfo=UTC)
    assert links[1].published == datetime(2024, 6, 4, 8, 0, tzinfo=UTC)


def test_atom_prefers_alternate_link() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom">
<entry><link rel="self" href="/api/1"/><link rel="alternate" href="/articles/1.html"/>
<published>2024-06-03T10:00:00+02:00</published></entry>
<entry><link href="http://news.example/articles/2.html"/></entry></feed>"""
    links = parse_feed(body, BASE)
    assert [link.url for link in links] == [
        "http://news.example/articles/1.html",
        "http://news.example/articles/2.html",
    ]
    assert links[0].published == datetime(2024, 6, 3, 8, 0, tzinfo=UTC)
    assert links[1].published is None


def test_feed_entities_are_not_resolved() -> None:
    body = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><item><link>http://news.example/a?x=&xxe;</link></item></channel></rss>"""
    links = parse_feed(body, BASE)
    assert all("root:" not in link.url for link in links)


def test_html_is_not_a_feed() -> None:
    with pytest.raises(DiscoveryError):
        parse_feed(b"<html><body>hello</body></html>", BASE)
    with pytest.raises(DiscoveryError):
        parse_feed(b"", BASE)


def test_news_sitemap_prefers_publication_date_over_lastmod() -> None:
    body = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://news.example/a.html</loc><lastmod>2024-06-05</lastmod>
<news:news><news:publication_date>2024-06-01T12:00:00Z</news:publication_date></news:news></url>
<url><loc>http://news.example/b.html</loc><lastmod>2024-06-05</lastmod></url>
</urlset>"""
    content = parse_sitemap(body, BASE)
    assert content.kind == "urlset"
    assert [(x.url, x.published) for x in content.links] == [
        ("http://news.example/a.html", datetime(2024, 6, 1, 12, 0, tzinfo=UTC)),
        ("http://news.example/b.html", datetime(2024, 6, 5, tzinfo=UTC)),
    ]


def test_gzip_sitemap_index_and_size_limit() -> None:
    xml = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>/s1.xml</loc></sitemap></sitemapindex>"""
    content = parse_sitemap(gzip.compress(xml), BASE)
    assert content.kind == "sitemapindex"
    assert [x.url for x in content.links] == ["http://news.example/s1.xml"]
    with pytest.raises(DiscoveryError, match="larger"):
        parse_sitemap(gzip.compress(xml + b" " * 5000), BASE, max_size=1000)


def test_section_links_match_pattern_and_drop_fragments() -> None:
    hrefs = ["/articles/1.html#top", "../articles/2.html", "/about", "mailto:x@y", "#", ""]
    links = section_links(hrefs, "http://news.example/news/", "/articles/")
    assert [x.url for x in links] == [
        "http://news.example/articles/1.html",
        "http://news.example/articles/2.html",
    ]


def test_normalize_and_dates() -> None:
    assert normalize_url("file:///etc/passwd") == ""
    assert normalize_url("javascript:alert(1)") == ""
    assert normalize_url("https://x.example/a#b") == "https://x.example/a"
    assert parse_date("not a date") is None
    assert parse_date("2024-06-01") == datetime(2024, 6, 1, tzinfo=UTC)
