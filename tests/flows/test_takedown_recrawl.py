"""A takedown survives re-crawls, backfills and re-extraction: the real spider crawls a local
site, the real pipeline stores a case, an admin takes the article down, and then

- a second crawl finds the same article under a tracking-parameter URL and as an exact copy
  under another canonical URL: both become counted `suppressed` skips;
- `tipwatch reextract` re-reads the WARC archive and stores nothing of it;
- `tipwatch ingest-warc` of a WARC holding the article under yet another URL skips it too;

and the article's text is in neither the store nor the FTS5 index after any of them.
"""

from __future__ import annotations

import shutil
import sqlite3
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tipwatch.demo.server import serve_demo
from tipwatch.flows.backfill import ingest_warc, reextract
from tipwatch.flows.pipeline import pipeline
from tipwatch.index.base import SearchQuery
from tipwatch.index.factory import opened_index
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, CaseRow, PerpetratorRow, SkipRow, UrlRow
from tipwatch.store.takedowns import suppress_article

DEMO_SITE = Path(__file__).resolve().parents[2] / "tipwatch" / "demo" / "site" / "lagos-courier"
STORY = "court-jails-edo-woman-trafficking-three-girls-italy.html"
OTHER = "naptip-intercepts-14-women-bound-for-mali-arrests-two.html"
# Only in the taken-down story: the convicted woman's name and a phrase of its text.
NAME = "Osasere Aigbokhan"
SURNAME = "Aigbokhan"


@pytest.fixture(scope="module")
def extractor() -> CaseExtractor:
    return CaseExtractor()


def _feed(paths: list[str]) -> str:
    items = "".join(f"<item><title>t</title><link>{{{{BASE}}}}{p}</link></item>" for p in paths)
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>tk</title>{items}</channel></rss>"
    )


def _site(root: Path) -> tuple[Path, Path]:
    site, sources = root / "site", root / "sources"
    articles = site / "tk-news" / "articles"
    articles.mkdir(parents=True)
    (site / "tk-news" / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    for name in (STORY, OTHER):
        shutil.copy(DEMO_SITE / "articles" / name, articles / name)
    # The same page under its own canonical URL: an exact copy (same text, same content hash).
    copy = (
        (articles / STORY).read_text("utf-8").replace(f"/articles/{STORY}", "/articles/copy.html")
    )
    (articles / "copy.html").write_text(copy, "utf-8")
    (site / "tk-news" / "feed.xml").write_text(_feed([f"/articles/{STORY}", f"/articles/{OTHER}"]))
    sources.mkdir()
    (sources / "tk-news.yaml").write_text(
        "id: tk-news\nname: TK News\ncountry: NG\nlanguages: [en]\n"
        'homepage: "{{BASE}}/"\nfeeds: ["{{BASE}}/feed.xml"]\ndemo: true\n'
    )
    return site, sources


def _assert_gone(store: Store, settings: Settings) -> None:
    """Nothing of the story in the store's articles, cases or perpetrators, nor in the index."""
    with store.session() as s:
        texts = [(a.title or "") + a.text for a in s.scalars(select(ArticleRow))]
        assert texts and not [t for t in texts if SURNAME in t]
        names = list(s.scalars(select(PerpetratorRow.name)))
        assert names and not [n for n in names if SURNAME in n]
    with opened_index(settings) as index:
        assert index.search(SearchQuery(text=SURNAME)) == []
        assert index.search(SearchQuery(text="Italy Benin")) == []
        assert index.count() == 1
    raw = sqlite3.connect(settings.data_dir / "index.db")
    try:
        docs = " ".join(str(d) for (d,) in raw.execute("SELECT doc FROM docs"))
        fts = " ".join(
            f"{t} {n} {b}" for t, n, b in raw.execute("SELECT title, names, body FROM docs_fts")
        )
    finally:
        raw.close()
    assert SURNAME not in docs and SURNAME not in fts


def _suppressed_skips(store: Store) -> dict[str, int]:
    with store.session() as s:
        rows = s.execute(
            select(SkipRow.stage, func.count())
            .where(SkipRow.reason == "suppressed")
            .group_by(SkipRow.stage)
        )
        return {str(stage): int(n) for stage, n in rows}


def _warc_with_story(path: Path, url: str, body: bytes) -> None:
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        w.write_record(
            w.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http)
        )


def test_taken_down_article_stays_down_after_recrawl_reextract_and_ingest(
    tmp_path: Path, extractor: CaseExtractor
) -> None:
    site_dir, sources_dir = _site(tmp_path)
    settings = Settings(data_dir=tmp_path / "var", download_delay=0.0)
    store = Store(settings.resolved_database_url)
    try:
        with serve_demo(site_dir, sources_dir) as site:
            base = site.base_urls["tk-news"].rstrip("/")
            first = pipeline(site.sources, settings, allow_loopback=True, extractor=extractor)
            assert first.counts.articles == 2 and first.counts.cases == 2
            with store.session() as s:
                story = s.scalars(
                    select(ArticleRow).where(ArticleRow.canonical_url == f"{base}/articles/{STORY}")
                ).one()
                assert NAME in story.text
                assert NAME in s.scalars(select(PerpetratorRow.name)).all()
            with opened_index(settings) as index:
                assert [h.url for h in index.search(SearchQuery(text=SURNAME))] == [
                    f"{base}/articles/{STORY}"
                ]

            with store.session() as s:
                taken = suppress_article(s, story.id, "ada", "court ordered removal")
            assert len(taken.case_ids) == 1

            # The re-crawl: the outlet's feed now also links a tracking-parameter variant of
            # the story and an exact copy of it under another canonical URL.
            (site_dir / "tk-news" / "feed.xml").write_text(
                _feed(
                    [
                        f"/articles/{STORY}",
                        f"/articles/{STORY}?utm_source=rss&amp;utm_medium=feed",
                        "/articles/copy.html",
                        f"/articles/{OTHER}",
                    ]
                )
            )
            second = pipeline(site.sources, settings, allow_loopback=True, extractor=extractor)
            requested = site.requested_paths("tk-news")
        assert second.counts.pages == 2
        assert second.counts.skipped == {"article:suppressed": 2}
        assert second.counts.articles == 0
        assert requested.count("/articles/copy.html") == 1  # really fetched, then refused
        assert _suppressed_skips(store) == {"article": 2}
        with store.session() as s:
            states = {
                u.url.removeprefix(base): (u.state, u.reason) for u in s.scalars(select(UrlRow))
            }
            assert s.scalar(select(func.count()).select_from(CaseRow)) == 1
        assert states[f"/articles/{STORY}"] == ("skipped", "suppressed")
        assert states["/articles/copy.html"] == ("skipped", "article:suppressed")
        variant = f"/articles/{STORY}?utm_source=rss&utm_medium=feed"
        assert states[variant] == ("skipped", "article:suppressed")
        _assert_gone(store, settings)

        # Re-extraction from the WARC archive stores nothing of it.
        again = reextract(settings, extractor=extractor)
        assert again.articles == 1 and again.cases_after == 1
        _assert_gone(store, settings)

        # A backfill WARC holding the story under yet another URL: refused too.
        warc = tmp_path / "backfill.warc.gz"
        body = (
            (site_dir / "tk-news" / "articles" / STORY)
            .read_bytes()
            .replace(b"{{BASE}}", base.encode())
        )
        _warc_with_story(warc, f"{base}/articles/{STORY}?ref=archive", body)
        ingested = ingest_warc(
            [warc], site.sources, settings, source_id="tk-news", extractor=extractor
        )
        assert ingested.queued == 1
        assert ingested.counts.skipped == {"article:suppressed": 1}
        assert _suppressed_skips(store) == {"article": 3}
        _assert_gone(store, settings)
    finally:
        store.dispose()
