"""Per-page cost of the raw-page triage (`nlp/triage.py`) on real news pages.

Usage: .venv/bin/python -m bench.triage [N]        (default: 2000)

The 181 pages of `../shared/datasets/article-extraction-benchmark/`, repeated to N pages, go
through the triage's three steps in turn, as `page_to_article(..., triage=True)` runs them:
`page_texts` (trimmed markup and visible text), the vocabulary scan of every registered
language (`page_mentions_trafficking`), and `metadata_article` for the pages that name no
trafficking wording. Prints CPU ms per page for each step (the last one per page it runs on)
and in all; asserts nothing.
"""

from __future__ import annotations

import gzip
import sys
import time
from datetime import UTC, datetime

from bench.pipeline import BENCH_HTML
from tipwatch.nlp.triage import metadata_article, page_mentions_trafficking, page_texts
from tipwatch.records import FetchedPage


def _pages(n: int) -> list[str]:
    bodies = [
        gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
        for p in sorted(BENCH_HTML.glob("*.html.gz"))
    ]
    return [bodies[k % len(bodies)] for k in range(n)]


def _fetched(k: int) -> FetchedPage:
    url = f"https://bench-news.example/news/{k}.html"
    return FetchedPage(
        url=url,
        final_url=url,
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=b"<html></html>",
        fetched_at=datetime.now(UTC),
        source_id="bench",
    )


def main(n: int) -> None:
    bodies = _pages(n)
    fetched = [_fetched(k) for k in range(n)]
    # warm up: patterns compiled, the language identifier loaded
    texts = page_texts(bodies[0])
    page_mentions_trafficking(bodies[0], texts[1])
    metadata_article(fetched[0], bodies[0], "US", texts[1], texts[0])

    # each step timed page by page (CPU time), nothing kept: 2,000 pages' texts would be
    # ~400 MB, and allocating them would be timed too
    clock = time.process_time
    t_texts = t_scan = t_meta = 0.0
    quiet = 0
    for k, body in enumerate(bodies):
        t0 = clock()
        trimmed, visible = page_texts(body)
        t1 = clock()
        relevant = page_mentions_trafficking(body, visible)
        t2 = clock()
        t_texts += t1 - t0
        t_scan += t2 - t1
        if not relevant:
            metadata_article(fetched[k], body, "US", visible, trimmed)
            t_meta += clock() - t2
            quiet += 1

    per = 1000 / n
    print(
        f"{n} pages ({sum(map(len, bodies)) // n} characters of HTML each "
        f"on average), {n - quiet} name trafficking wording"
    )
    print(f"page_texts                 {t_texts * per:6.2f} ms/page")
    print(f"page_mentions_trafficking  {t_scan * per:6.2f} ms/page")
    meta_per = 1000 * t_meta / max(quiet, 1)
    print(f"metadata_article           {meta_per:6.2f} ms/page (on {quiet} pages)")
    total = (t_texts + t_scan + t_meta) * per
    print(f"triage in all              {total:6.2f} ms/page")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
