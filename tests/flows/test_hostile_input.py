"""Unbounded work from one bad input (issue 14, C19 and I7), with real files through the real
pipeline: a ~9 MB HTML page is skipped before trafilatura sees it, a WARC record whose gzip
member inflates past `max_body_bytes` is skipped without being inflated into memory, and in
both cases the next record is still ingested."""

from __future__ import annotations

import gzip
import tracemalloc
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tipwatch.crawlers.ledger import Ledger
from tipwatch.crawlers.source_defs import Source
from tipwatch.crawlers.warc import WarcRecordTooLarge, iter_records, read_page_at
from tipwatch.flows.backfill import ingest_warc
from tipwatch.flows.steps import process_fetched
from tipwatch.nlp.article import page_to_article
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import Article, FetchedPage, Skipped
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, SkipRow
from tipwatch.store.repository import upsert_sources

DEMO = Path(__file__).resolve().parents[2] / "tipwatch" / "demo"
KEY: dict[str, Any] = yaml.safe_load((DEMO / "expected.yaml").read_text("utf-8"))
HOST = "news.lagos-courier.example"
SOURCE = Source(
    id="lagos-courier", name="LC", country="NG", languages=["en"], homepage=f"https://{HOST}/"
)
HTML = [("Content-Type", "text/html; charset=utf-8")]


def big_paragraph_page(size: int) -> bytes:
    """A page of `size` bytes of real-looking paragraphs (what trafilatura is slowest on). It
    names trafficking, so triage hands it to text extraction (a page that does not never reaches
    trafilatura: tests/flows/test_triage.py)."""
    parts = ["<html><head><title>Court list</title></head><body><article><h1>Court list</h1>"]
    n = 0
    i = 0
    while n < size:
        p = (
            f"<p>Item {i}: the court in Lagos heard that the accused trafficked workers across "
            f"the border in year {i} and kept their passports.</p>\n"
        )
        parts.append(p)
        n += len(p)
        i += 1
    parts.append("</article></body></html>")
    return "".join(parts).encode()


def big_table_page(size: int) -> bytes:
    rows = [
        f"<tr><td>{i}</td><td>Trafficking case {i * 7}</td><td>Filed in Lagos</td></tr>\n"
        for i in range(size // 64)
    ]
    return (
        "<html><head><title>Table</title></head><body><table>"
        + "".join(rows)
        + "</table></body></html>"
    ).encode()


def _demo_article() -> tuple[str, bytes]:
    a = next(a for a in KEY["articles"] if a["outlet"] == "lagos-courier")
    body = (DEMO / "site" / "lagos-courier" / a["path"].lstrip("/")).read_text("utf-8")
    return f"https://{HOST}{a['path']}", body.replace("{{BASE}}", f"https://{HOST}").encode()


def _write(path: Path, records: list[tuple[str, bytes]]) -> None:
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test"}))
        for url, body in records:
            http = StatusAndHeaders("200 OK", HTML, protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http)
            )


def _page(body: bytes) -> FetchedPage:
    url = f"https://{HOST}/big"
    return FetchedPage(
        url=url,
        final_url=url,
        status=200,
        headers=dict(HTML),
        body=body,
        fetched_at=datetime.now(UTC),
        source_id=SOURCE.id,
    )


@pytest.fixture(scope="module")
def extractor() -> CaseExtractor:
    return CaseExtractor()


@pytest.mark.timeout(300)
def test_nine_megabyte_pages_are_skipped_before_extraction() -> None:
    for body in (big_paragraph_page(9_000_000), big_table_page(9_000_000)):
        result = page_to_article(_page(body), "NG")
        assert isinstance(result, Skipped)
        assert (result.stage, result.reason) == ("article", "too_large_to_extract")
        assert result.detail and "bytes" in result.detail
    # A large page of inline script and style is trimmed, not skipped: its article survives.
    url, normal = _demo_article()
    padded = normal.replace(
        b"</head>", b"<script>var x = '" + b"y" * 3_000_000 + b"';</script></head>", 1
    )
    art = page_to_article(_page(padded), "NG")
    assert isinstance(art, Article), art
    assert art.text == page_to_article(_page(normal), "NG").text  # type: ignore[union-attr]


@pytest.mark.timeout(600)
def test_ingest_goes_on_after_a_huge_page(tmp_path: Path, extractor: CaseExtractor) -> None:
    warc = tmp_path / "huge-page.warc.gz"
    url, normal = _demo_article()
    _write(warc, [(f"https://{HOST}/court-list", big_paragraph_page(9_000_000)), (url, normal)])
    settings = Settings(data_dir=tmp_path / "var")
    result = ingest_warc([warc], [SOURCE], settings, extractor=extractor)
    assert result.queued == 2
    assert result.counts.skipped == {"article:too_large_to_extract": 1}
    assert result.counts.articles == 1
    store = Store(settings.resolved_database_url)
    with store.session() as s:
        assert [a.url for a in s.scalars(select(ArticleRow))] == [url]
        skip = s.scalars(select(SkipRow).where(SkipRow.reason == "too_large_to_extract")).one()
        assert skip.url == f"https://{HOST}/court-list"
    store.dispose()


MAX_BODY = 1024 * 1024


def _zero_bomb_warc(path: Path) -> tuple[str, int]:
    """A WARC whose first response inflates 8 MiB of zeros from a few kB, then a normal page.
    Returns the normal page's URL and the bomb's compressed size."""
    url, normal = _demo_article()
    _write(path, [(f"https://{HOST}/zeros", b"\0" * (8 * MAX_BODY)), (url, normal)])
    return url, path.stat().st_size


def test_zero_bomb_is_skipped_without_inflating_it(tmp_path: Path) -> None:
    warc = tmp_path / "bomb.warc.gz"
    url, size = _zero_bomb_warc(warc)
    assert size < 100_000  # a few kB on disk ...
    with gzip.open(warc) as fh:
        assert len(fh.read()) > 8 * MAX_BODY  # ... that inflate past 8 MiB
    tracemalloc.start()
    try:
        items = list(iter_records(warc, max_body_bytes=MAX_BODY))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * MAX_BODY, peak
    kinds = [type(i).__name__ if not isinstance(i, list) else len(i) for _, i in items]
    assert kinds == [0, "WarcRecordTooLarge", 1]
    bomb_offset, bomb = items[1]
    assert isinstance(bomb, WarcRecordTooLarge) and str(MAX_BODY) in str(bomb)
    page = items[2][1]
    assert isinstance(page, list) and page[0].final_url == url
    # Reading one record at its offset (how the pipeline reads queued pages) is bounded too.
    tracemalloc.start()
    try:
        with pytest.raises(WarcRecordTooLarge):
            read_page_at(warc, bomb_offset, max_body_bytes=MAX_BODY)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * MAX_BODY, peak
    assert read_page_at(warc, items[2][0], max_body_bytes=MAX_BODY).final_url == url


def test_ingest_counts_the_bomb_and_goes_on(tmp_path: Path, extractor: CaseExtractor) -> None:
    warc = tmp_path / "bomb.warc.gz"
    url, _ = _zero_bomb_warc(warc)
    settings = Settings(data_dir=tmp_path / "var", max_body_bytes=MAX_BODY)
    result = ingest_warc([warc], [SOURCE], settings, extractor=extractor)
    assert result.skipped == {"ingest:too_large": 1}
    assert (result.records, result.queued, result.counts.articles) == (1, 1, 1)
    store = Store(settings.resolved_database_url)
    with store.session() as s:
        assert [a.url for a in s.scalars(select(ArticleRow))] == [url]
        skip = s.scalars(select(SkipRow).where(SkipRow.reason == "too_large")).one()
        assert skip.stage == "ingest" and skip.detail and str(MAX_BODY) in skip.detail
    store.dispose()


def test_queued_record_over_the_limit_is_a_counted_skip(
    tmp_path: Path, extractor: CaseExtractor
) -> None:
    """A record queued under a larger limit (an earlier ingest, a crawl before the limit was
    lowered) is read back under the current one: an `ingest:too_large` skip, the next page
    stored."""
    warc = tmp_path / "bomb.warc.gz"
    url, _ = _zero_bomb_warc(warc)
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with store.session() as s:
        upsert_sources(s, [SOURCE])
    ledger = Ledger(store)
    for offset, item in iter_records(warc, max_body_bytes=None):
        for page in item if isinstance(item, list) else []:
            ledger.discover([(page.final_url, SOURCE.id)])
            ledger.mark_fetched(page.final_url, str(warc), offset, source_id=SOURCE.id)
    counts = process_fetched({SOURCE.id: SOURCE}, extractor, store, max_body_bytes=MAX_BODY)
    assert counts.skipped == {"ingest:too_large": 1} and counts.articles == 1
    with store.session() as s:
        assert [a.url for a in s.scalars(select(ArticleRow))] == [url]
        assert s.scalars(select(SkipRow)).one().url == f"https://{HOST}/zeros"
    store.dispose()


@pytest.mark.timeout(300)
def test_markup_under_the_cap_is_cut_at_the_deadline() -> None:
    """C19: under the size cap, a page can still keep trafilatura busy for seconds; past the
    deadline it is an `extract_timeout` skip, and the next page extracts normally."""
    import time

    body = big_paragraph_page(1_900_000)  # under the 2 MiB cap
    started = time.monotonic()
    result = page_to_article(_page(body), "NG", timeout=0.3)
    assert isinstance(result, Skipped), "trafilatura finished a 1.9 MB page within 0.3 s?"
    assert (result.stage, result.reason) == ("article", "extract_timeout")
    assert result.detail and "TIPWATCH_EXTRACT_TIMEOUT" in result.detail
    cut_after = time.monotonic() - started
    url, normal = _demo_article()
    # the deadline left nothing behind: the next page extracts (a generous deadline, so a
    # loaded machine cannot cut a normal page)
    art = page_to_article(_page(normal), "NG", timeout=30)
    assert isinstance(art, Article), art
    # Without the deadline the same page takes longer than the deadline let it run.
    started = time.monotonic()
    full = page_to_article(_page(body), "NG", timeout=None)
    assert time.monotonic() - started > cut_after
    assert not (isinstance(full, Skipped) and full.reason == "extract_timeout")


@pytest.mark.timeout(600)
def test_ingest_goes_on_after_an_extraction_timeout(
    tmp_path: Path, extractor: CaseExtractor
) -> None:
    warc = tmp_path / "slow-page.warc.gz"
    url, normal = _demo_article()
    slow = f"https://{HOST}/court-list"
    _write(warc, [(slow, big_paragraph_page(1_900_000)), (url, normal)])
    settings = Settings(data_dir=tmp_path / "var", extract_timeout=0.3)
    result = ingest_warc([warc], [SOURCE], settings, extractor=extractor)
    assert result.queued == 2
    assert result.counts.skipped == {"article:extract_timeout": 1}
    assert result.counts.articles == 1
    store = Store(settings.resolved_database_url)
    try:
        with store.session() as s:
            assert [a.url for a in s.scalars(select(ArticleRow))] == [url]
            skip = s.scalars(select(SkipRow).where(SkipRow.reason == "extract_timeout")).one()
            assert skip.url == slow
    finally:
        store.dispose()
