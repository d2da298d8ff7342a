"""`tipwatch reextract` re-reads every stored article's WARC record and saves it again, so it is
where a takedown made while it runs could bring an article back. An admin takes two articles
down in the middle of a run (the one being analysed, and one still queued): neither is stored
again, both are counted `reextract:suppressed` skips."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tipwatch.crawlers.source_defs import Source
from tipwatch.flows.backfill import ingest_warc, reextract
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import Article, Extraction
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, CaseRow, SkipRow
from tipwatch.store.takedowns import suppress_article

DEMO = Path(__file__).resolve().parents[2] / "tipwatch" / "demo"
KEY: dict[str, Any] = yaml.safe_load((DEMO / "expected.yaml").read_text("utf-8"))
HOST = "news.lagos-courier.example"


def _warc(path: Path) -> list[str]:
    """Three case articles of the demo outlet, as another archive would hold them."""
    arts = [a for a in KEY["articles"] if a["outlet"] == "lagos-courier" and a["is_case"]][:3]
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for a in arts:
            body = (DEMO / "site" / "lagos-courier" / a["path"].lstrip("/")).read_text("utf-8")
            body = body.replace("{{BASE}}", f"https://{HOST}")
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            w.write_record(
                w.create_warc_record(
                    f"https://{HOST}{a['path']}",
                    "response",
                    payload=BytesIO(body.encode()),
                    http_headers=http,
                )
            )
    return [a["path"] for a in arts]


class _AdminActsMidRun(CaseExtractor):
    """The real extractor; while it analyses the first article, an admin takes that article and
    one other stored article down (what a concurrent takedown in the review UI does)."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.taken: list[str] = []

    def extract_articles(self, articles: Sequence[Article]) -> list[Extraction]:
        article = articles[0]
        if not self.taken:
            with self.store.session() as s:
                other = s.scalars(
                    select(ArticleRow.id).where(ArticleRow.id != article.article_id).limit(1)
                ).one()
                for article_id in (article.article_id, other):
                    suppress_article(s, article_id, "ada", "court order")
                    self.taken.append(article_id)
        return super().extract_articles(articles)


def test_takedown_during_reextract_is_respected(tmp_path: Path) -> None:
    warc = tmp_path / "archive.warc.gz"
    _warc(warc)
    source = Source(
        id="lagos-courier", name="LC", country="NG", languages=["en"], homepage=f"https://{HOST}/"
    )
    settings = Settings(data_dir=tmp_path / "var")
    extractor = CaseExtractor()
    ingested = ingest_warc([warc], [source], settings, extractor=extractor)
    assert ingested.counts.articles == 3 and ingested.counts.cases == 3
    store = Store(settings.resolved_database_url)
    try:
        admin = _AdminActsMidRun(store)
        result = reextract(settings, extractor=admin)
        assert len(admin.taken) == 2
        assert (result.articles, result.suppressed, result.unreadable) == (1, 2, 0)
        assert result.cases_after == 1
        with store.session() as s:
            for article_id in admin.taken:
                art = s.get_one(ArticleRow, article_id)
                assert (art.text, art.title) == ("", None) and art.suppressed_at is not None
                assert s.scalar(select(CaseRow).where(CaseRow.article_id == article_id)) is None
            kept = s.scalars(select(ArticleRow).where(ArticleRow.id.not_in(admin.taken))).one()
            assert kept.text and kept.suppressed_at is None
            skips = s.scalar(
                select(func.count())
                .select_from(SkipRow)
                .where(SkipRow.stage == "reextract", SkipRow.reason == "suppressed")
            )
            assert skips == 2
    finally:
        store.dispose()
