"""A tiny two-outlet news site built in a tmp dir and served by the real demo server.

alpha-times (RSS feed, Google News sitemap, section page):
  a1  feed + sitemap + section      a2  feed only          a3  sitemap only
  a4  section only                  gamma  feed, /articles/gamma -> 301 -> /articles/gamma/
  missing  feed only, 404           /private/draft.html  feed + section, robots-disallowed
  big  sitemap only, ~20 kB body    old  sitemap only, lastmod 2020

beta-daily (Atom feed, sitemap index -> gzip news sitemap; the index also lists itself):
  b1  feed + sitemap                b2  sitemap only (gzip)
"""

from __future__ import annotations

import gzip
from pathlib import Path


def _article(title: str, extra: str = "") -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title><link rel='canonical' href='{{{{BASE}}}}/articles/x'></head>"
        f"<body><h1>{title}</h1><p>Body of {title}.</p>{extra}</body></html>\n"
    )


ALPHA_ARTICLES = {
    "/articles/a1.html": "Alpha one",
    "/articles/a2.html": "Alpha two",
    "/articles/a3.html": "Alpha three",
    "/articles/a4.html": "Alpha four",
    "/articles/gamma/": "Alpha gamma",
    "/articles/big.html": "Alpha big",
    "/articles/old.html": "Alpha old",
}
BETA_ARTICLES = {
    "/articles/b1.html": "Beta one",
    "/articles/b2.html": "Beta two",
}


def _write(root: Path, rel: str, content: str | bytes) -> None:
    path = root / rel.lstrip("/")
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def build_site(base: Path) -> tuple[Path, Path]:
    site, sources = base / "site", base / "sources"
    alpha, beta = site / "alpha-times", site / "beta-daily"

    robots = "User-agent: *\nDisallow: /private/\n"
    for root in (alpha, beta):
        _write(root, "robots.txt", robots)
        _write(root, "index.html", "<html><body><a href='/news/'>News</a></body></html>")

    # --- alpha-times ---
    for path, title in ALPHA_ARTICLES.items():
        rel = path + "index.html" if path.endswith("/") else path
        extra = "<p>" + "padding " * 2500 + "</p>" if "big" in path else ""
        _write(alpha, rel, _article(title, extra))
    _write(alpha, "private/draft.html", _article("Unpublished draft"))
    _write(
        alpha,
        "feed.xml",
        """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Alpha Times</title><link>{{BASE}}/</link>
<item><title>one</title><link>{{BASE}}/articles/a1.html</link>
  <pubDate>Mon, 03 Jun 2024 10:00:00 +0000</pubDate></item>
<item><title>two</title><link>{{BASE}}/articles/a2.html#comments</link></item>
<item><title>gamma</title><link>{{BASE}}/articles/gamma</link></item>
<item><title>missing</title><link>{{BASE}}/articles/missing.html</link></item>
<item><title>draft</title><link>{{BASE}}/private/draft.html</link></item>
</channel></rss>
""",
    )
    _write(
        alpha,
        "news-sitemap.xml",
        """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{{BASE}}/articles/a1.html</loc><lastmod>2024-06-03T10:00:00Z</lastmod>
  <news:news><news:publication><news:name>Alpha Times</news:name>
  <news:language>en</news:language></news:publication>
  <news:publication_date>2024-06-03T10:00:00+00:00</news:publication_date>
  <news:title>one</news:title></news:news></url>
<url><loc>{{BASE}}/articles/a3.html</loc><lastmod>2024-06-04</lastmod></url>
<url><loc>{{BASE}}/articles/big.html</loc><lastmod>2024-06-05</lastmod></url>
<url><loc>{{BASE}}/articles/old.html</loc><lastmod>2020-01-01</lastmod></url>
</urlset>
""",
    )
    _write(
        alpha,
        "news/index.html",
        """<html><body><h1>News</h1>
<a href="/articles/a1.html">one</a>
<a href="../articles/a4.html">four</a>
<a href="/about.html">About us</a>
<a href="/private/draft.html">draft (not an article link)</a>
<a href="https://elsewhere.example/articles/z.html">offsite</a>
</body></html>
""",
    )

    # --- beta-daily ---
    for path, title in BETA_ARTICLES.items():
        _write(beta, path, _article(title))
    _write(
        beta,
        "atom.xml",
        """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Beta Daily</title>
<entry><title>b1</title><link rel="alternate" href="{{BASE}}/articles/b1.html"/>
<updated>2024-06-03T10:00:00Z</updated></entry>
</feed>
""",
    )
    _write(
        beta,
        "sitemap-index.xml",
        """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{{BASE}}/news-sitemap.xml.gz</loc></sitemap>
<sitemap><loc>{{BASE}}/sitemap-index.xml</loc></sitemap>
</sitemapindex>
""",
    )
    # Gzip files are served as-is (no {{BASE}}), so the locations are relative.
    _write(
        beta,
        "news-sitemap.xml.gz",
        gzip.compress(
            b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>/articles/b1.html</loc></url><url><loc>/articles/b2.html</loc></url>
</urlset>
"""
        ),
    )

    _write(
        sources,
        "alpha-times.yaml",
        """id: alpha-times
name: "Alpha Times"
country: IN
languages: [en]
homepage: "{{BASE}}/"
feeds: ["{{BASE}}/feed.xml"]
news_sitemaps: ["{{BASE}}/news-sitemap.xml"]
sections:
  - url: "{{BASE}}/news/"
    article_pattern: "/(articles|private)/"
demo: true
""",
    )
    _write(
        sources,
        "beta-daily.yaml",
        """id: beta-daily
name: "Beta Daily"
country: NG
languages: [en]
homepage: "{{BASE}}/"
feeds: ["{{BASE}}/atom.xml"]
news_sitemaps: ["{{BASE}}/sitemap-index.xml"]
demo: true
""",
    )
    return site, sources
