"""ingest-warc and reextract, end to end with the real NLP, on a WARC written the way other
archives (e.g. CC-NEWS) write them: no tipwatch headers, warcinfo and request records mixed in."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
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
from tipwatch.store.models import ArticleRow, CaseRow, ExtractionRow, SkipRow
from tipwatch.store.review import review_case

DEMO = Path(__file__).resolve().parents[2] / "tipwatch" / "demo"
KEY: dict[str, Any] = yaml.safe_load((DEMO / "expected.yaml").read_text("utf-8"))
HOST = "news.lagos-courier.example"


def _foreign_warc(path: Path) -> list[dict[str, Any]]:
    arts = [a for a in KEY["articles"] if a["outlet"] == "lagos-courier"][:4]
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record("cc-news-like.warc.gz", {"software": "test"}))
        for a in arts:
            body = (DEMO / "site" / "lagos-courier" / a["path"].lstrip("/")).read_text("utf-8")
            body = body.replace("{{BASE}}", f"https://{HOST}")
            url = f"https://{HOST}{a['path']}"
            req_headers = StatusAndHeaders(
                f"GET {a['path']} HTTP/1.1", [("Host", HOST)], is_http_request=True
            )
            req = w.create_warc_record(
                url, "request", payload=BytesIO(b""), http_headers=req_headers
            )
            w.write_record(req)
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            w.write_record(
                w.create_warc_record(
                    url, "response", payload=BytesIO(body.encode()), http_headers=http
                )
            )
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(
            w.create_warc_record(
                "https://unknown.example/x",
                "response",
                payload=BytesIO(b"<html><p>x</p></html>"),
                http_headers=http,
            )
        )
    return arts


class _NextVersion(CaseExtractor):
    """The real extractor, labelled as a newer version (what a rules update looks like)."""

    def extract_articles(self, articles: Sequence[Article]) -> list[Extraction]:
        return [
            ext.model_copy(update={"extractor_version": ext.extractor_version + "+next"})
            for ext in super().extract_articles(articles)
        ]


@pytest.fixture(scope="module")
def extractor() -> CaseExtractor:
    return CaseExtractor()


def test_ingest_then_reextract(tmp_path: Path, extractor: CaseExtractor) -> None:
    warc = tmp_path / "cc.warc.gz"
    arts = _foreign_warc(warc)
    source = Source(
        id="lagos-courier", name="LC", country="NG", languages=["en"], homepage=f"https://{HOST}/"
    )
    settings = Settings(data_dir=tmp_path / "var")
    result = ingest_warc([warc], [source], settings, extractor=extractor)
    assert (result.records, result.queued, result.already_known) == (5, 4, 0)
    assert result.skipped == {"ingest:unknown_source": 1}
    assert result.counts.articles == 4
    want_cases = {f"https://{HOST}{a['path']}" for a in arts if a["is_case"]}
    store = Store(settings.resolved_database_url)
    with store.session() as s:
        got_cases = {c.article.canonical_url for c in s.scalars(select(CaseRow))}
        assert (
            s.scalar(
                select(func.count()).select_from(SkipRow).where(SkipRow.reason == "unknown_source")
            )
            == 1
        )
    assert got_cases == want_cases and want_cases

    again = ingest_warc([warc], [source], settings, extractor=extractor)
    assert (again.queued, again.already_known, again.counts.articles) == (0, 4, 0)

    with store.session() as s:
        reviewed = s.scalars(select(CaseRow)).first()
        assert reviewed is not None
        review_case(s, reviewed.id, decision="rejected", user="ana", reason="test")
        n_articles = s.scalar(select(func.count()).select_from(ArticleRow))
    r = reextract(settings, extractor=_NextVersion())
    assert (r.articles, r.unreadable) == (4, 0)
    assert r.cases_before == r.cases_after == len(want_cases)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(ArticleRow)) == n_articles
        versions = {e.extractor_version for e in s.scalars(select(ExtractionRow))}
        assert len(versions) == 2 and any(v.endswith("+next") for v in versions)
        kept = s.get_one(CaseRow, reviewed.id)
        assert kept.review_status == "rejected"
        assert not s.get_one(ExtractionRow, kept.extraction_id).extractor_version.endswith("+next")
    store.dispose()
