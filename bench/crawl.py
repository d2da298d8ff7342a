"""Crawl throughput on a local site of real article pages, politeness relaxed for loopback.

Builds N article pages (default 5,000) from the real pages of
../shared/datasets/article-extraction-benchmark (cycled, each at its own URL), spread over eight
outlets on their own loopback addresses (one request at a time per host, no delay), each with a
news sitemap; crawls them with the real spider in its child process, then extracts the article
text of every fetched page. Prints pages/s for fetching (crawl + WARC) and for parsing
(trafilatura + language detection). Asserts nothing.

Usage: .venv/bin/python -m bench.crawl [N]
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
import time
from pathlib import Path

from tipwatch.crawlers.run import crawl
from tipwatch.crawlers.warc import read_pages
from tipwatch.demo.server import serve_demo
from tipwatch.nlp.article import page_to_article
from tipwatch.records import Skipped
from tipwatch.settings import Settings

OUTLETS = 8


def build_site(root: Path, n: int, shared: Path) -> None:
    pages = sorted((shared / "datasets/article-extraction-benchmark/html").glob("*.html.gz"))
    bodies = [gzip.decompress(p.read_bytes()) for p in pages]
    site, sources = root / "site", root / "sources"
    for o in range(OUTLETS):
        oid = f"bench-{o}"
        (site / oid / "a").mkdir(parents=True)
        (site / oid / "robots.txt").write_text("User-agent: *\nAllow: /\n")
        (sources / oid).parent.mkdir(parents=True, exist_ok=True)
        (sources / f"{oid}.yaml").write_text(
            f"id: {oid}\nname: Bench {o}\ncountry: GB\nlanguages: [en]\n"
            'homepage: "{{BASE}}/"\nnews_sitemaps: ["{{BASE}}/sitemap.xml"]\n'
        )
    urls: dict[int, list[str]] = {o: [] for o in range(OUTLETS)}
    for i in range(n):
        o = i % OUTLETS
        (site / f"bench-{o}" / "a" / f"{i}.html").write_bytes(bodies[i % len(bodies)])
        urls[o].append(f"{{{{BASE}}}}/a/{i}.html")
    for o, locs in urls.items():
        entries = "".join(f"<url><loc>{u}</loc></url>" for u in locs)
        (site / f"bench-{o}" / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    default_shared = Path(__file__).resolve().parents[2] / "shared"
    shared = Path(os.environ.get("TIPWATCH_SHARED_DIR", default_shared))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build_site(root, n, shared)
        settings = Settings(data_dir=root / "var", download_delay=0.0)
        with serve_demo(root / "site", root / "sources") as site:
            t0 = time.perf_counter()
            result = crawl(site.sources, root / "warc", settings, allow_loopback=True)
            t1 = time.perf_counter()
        fetched = result.pages_fetched
        t2 = time.perf_counter()
        articles = skipped = 0
        for page in read_pages(result.warc_path):
            if isinstance(page_to_article(page, "GB"), Skipped):
                skipped += 1
            else:
                articles += 1
        t3 = time.perf_counter()
        size = result.warc_path.stat().st_size / 1e6
    print(f"pages: {n} on {OUTLETS} loopback hosts, 1 request at a time per host, no delay")
    print(f"fetch: {fetched} pages in {t1 - t0:.1f} s = {fetched / (t1 - t0):.1f} pages/s")
    print(f"       skipped {result.skipped}  WARC {size:.1f} MB")
    print(
        f"parse: {articles} articles ({skipped} skipped) in {t3 - t2:.1f} s = "
        f"{(articles + skipped) / (t3 - t2):.1f} pages/s"
    )


if __name__ == "__main__":
    main()
