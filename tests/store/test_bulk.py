"""New metadata-only articles stored together give the rows `save_article` gives one by one
(SQLite and PostgreSQL), and every page that needs a decision is left to it."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import delete, select

from tests.conftest import shared_dir
from tests.factories import make_article, make_extraction
from tipwatch.crawlers.ledger import Ledger
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.triage import metadata_article
from tipwatch.records import Article, Extraction, FetchedPage
from tipwatch.store import bulk
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, ExtractionRow, UrlRow
from tipwatch.store.repository import save_article, save_extraction
from tipwatch.store.takedowns import suppress_article

_AT = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)


def _metadata_articles(n: int) -> list[tuple[Article, Extraction]]:
    html_dir = shared_dir() / "datasets" / "article-extraction-benchmark" / "html"
    if not html_dir.exists():
        pytest.skip(f"shared dataset absent: {html_dir}")
    extractor = CaseExtractor()
    out = []
    for k, path in enumerate(sorted(html_dir.glob("*.html.gz"))):
        body = gzip.decompress(path.read_bytes())
        url = f"https://in-a.example/news/{k}"
        page = FetchedPage(
            url=url,
            final_url=url,
            status=200,
            headers={},
            body=body,
            fetched_at=_AT,
            source_id="in-a",
        )
        article = metadata_article(page, body.decode("utf-8", "replace"), "IN")
        if isinstance(article, Article):
            out.append((article, extractor.extract_article(article)))
        if len(out) == n:
            break
    return out


def _rows(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    def plain(row: object, drop: set[str]) -> dict[str, Any]:
        cols = row.__table__.columns.keys()  # type: ignore[attr-defined]
        return {c: getattr(row, c) for c in cols if c not in drop}

    with store.session() as s:
        articles = [
            plain(r, {"created_at"}) for r in s.scalars(select(ArticleRow).order_by(ArticleRow.id))
        ]
        extractions = [
            plain(r, {"created_at", "id"})
            for r in s.scalars(select(ExtractionRow).order_by(ExtractionRow.article_id))
        ]
    return articles, extractions


def test_bulk_rows_equal_page_by_page_rows(store: Store) -> None:
    pairs = _metadata_articles(40)
    assert len(pairs) == 40 and all(a.metadata_only for a, _ in pairs)
    items = [bulk.NewArticle(a, e, "/archive/x.warc.gz", 100 * k) for k, (a, e) in enumerate(pairs)]
    with store.session() as s:
        assert bulk.plain_new(s, items) == [True] * 40
        bulk.insert_new(s, items)
    quick = _rows(store)
    with store.session() as s:
        s.execute(delete(ExtractionRow))
        s.execute(delete(ArticleRow))
    with store.session() as s:
        for item in items:
            row, created = save_article(
                s,
                item.article,
                item.extraction,
                warc_path=item.warc_path,
                warc_offset=item.warc_offset,
            )
            assert created
            assert save_extraction(s, row, item.extraction) is None
    slow = _rows(store)
    assert len(quick[0]) == 40 and len(quick[1]) == 40
    assert quick == slow


def test_pages_that_need_a_decision_are_left_to_save_article(store: Store) -> None:
    pairs = _metadata_articles(6)
    # a stored article under the first page's URL; its text's twin will be taken down
    stored = make_article(pairs[0][0].canonical_url, "Stored text of the first page, long enough.")
    taken = make_article("https://in-a.example/taken", "A text that a court ordered taken down.")
    with store.session() as s:
        for art in (stored, taken):
            row, _ = save_article(s, art, make_extraction(art.text, []))
            save_extraction(s, row, make_extraction(art.text, []))
    with store.session() as s:
        suppress_article(s, taken.article_id, "ada", "court order")
    # page 1 has the content hash of an article already stored (an exact copy)
    copy = pairs[1][0].model_copy(update={"content_hash": stored.content_hash})
    # page 2 is the taken-down article's URL
    gone = pairs[2][0].model_copy(
        update={"canonical_url": taken.canonical_url, "url": taken.canonical_url}
    )
    # pages 3 and 4 share a content hash inside the batch
    twin = pairs[4][0].model_copy(update={"content_hash": pairs[3][0].content_hash})
    articles = [pairs[0][0], copy, gone, pairs[3][0], twin, pairs[5][0]]
    items = [bulk.NewArticle(a, pairs[0][1], None, None) for a in articles]
    with store.session() as s:
        assert bulk.plain_new(s, items) == [False, False, False, False, False, True]
    # a full article (text read) never takes the quick path
    full = make_article("https://in-a.example/full", "Some article text that was read in full.")
    with store.session() as s:
        assert bulk.plain_new(
            s, [bulk.NewArticle(full, make_extraction(full.text, []), None, None)]
        ) == [False]
        with pytest.raises(ValueError):
            bulk.insert_new(s, [bulk.NewArticle(full, make_extraction(full.text, []), None, None)])


def test_ledger_marks_many_as_mark_stored_marks_one(store: Store) -> None:
    ledger = Ledger(store)
    urls = [f"https://in-a.example/l/{k}" for k in range(6)]
    ledger.discover([(u, "in-a") for u in urls])
    for k, u in enumerate(urls):
        assert ledger.mark_fetched(u, "/archive/l.warc.gz", k, source_id="in-a")
    # an update of a stored article is not a plain first fetch
    ledger.mark_stored(urls[5], "a" * 32, source_id="in-a")
    with store.session() as s:
        s.execute(
            UrlRow.__table__.update()
            .where(UrlRow.url == urls[5])
            .values(state="fetched", reason="updated")
        )
    with store.session() as s:
        assert ledger.plain_fetched(urls, session=s) == set(urls[:5])
        ledger.mark_stored_many(
            [(u, f"{k:032x}", "in-a") for k, u in enumerate(urls[:3])], session=s
        )
    for k, u in enumerate(urls[3:5], start=3):
        assert ledger.mark_stored(u, f"{k:032x}", source_id="in-a")

    def view(u: str) -> tuple[Any, ...]:
        row = ledger.get(u)
        assert row is not None
        return (
            row.state,
            row.article_id,
            row.reason,
            row.detail,
            row.retry_at,
            row.source_id,
            row.warc_path,
            row.attempts,
        )

    seen = [view(u) for u in urls[:5]]
    assert all(v[0] == "stored" for v in seen)
    assert [v[2:] for v in seen[:3]] == [v[2:] for v in seen[3:]] + [seen[3][2:]]
    # a URL no longer fetched is refused loudly, never marked
    with store.session() as s, pytest.raises(RuntimeError):
        ledger.mark_stored_many([(urls[0], "b" * 32, "in-a")], session=s)
