"""`ingest-warc` processes a registry outlet's pages while it still reads its files (issue 15:
reading and queueing a large WARC no longer comes before all processing), and the stream keeps
the old guarantees: every page stored once, what an earlier run left `fetched` processed,
already-known pages not processed again, and a provisional outlet's pages processed only once
its country has been voted on. Real WARC files, the real NLP, a real SQLite store."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.flows.test_provisional_outlets import KE, REGISTRY, _html, _page, _records
from tipwatch.crawlers.ledger import Ledger
from tipwatch.crawlers.warc import iter_records, write_pages
from tipwatch.flows import backfill
from tipwatch.flows.backfill import ingest_warc
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, OutboxRow, SourceRow, UrlRow
from tipwatch.store.repository import upsert_sources

HOME = "https://news.starke.co.ke"


def _negatives() -> list[bytes]:
    recs = _records()
    ids = sorted(rid for rid, r in recs.items() if not r["is_case"] and r["language"] == "en")
    return [_html(recs[rid]) for rid in ids[:16]]


@pytest.mark.timeout(600)
def test_pages_are_processed_while_the_files_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _negatives()
    first = [_page(f"{HOME}/local/{i}", texts[i]) for i in range(6)]
    provisional = [_page(f"https://www.{KE}/news/{i}", texts[6 + i]) for i in range(3)]
    second = [_page(f"{HOME}/county/{i}", texts[9 + i]) for i in range(5)]
    left_over = _page(f"{HOME}/earlier/0", texts[14])
    f0, f1, f2 = tmp_path / "f0.warc.gz", tmp_path / "f1.warc.gz", tmp_path / "f2.warc.gz"
    write_pages(f0, [left_over])
    write_pages(f1, first[:3] + provisional + first[3:])
    # the second file repeats a page of the first: already known, not processed again
    write_pages(f2, second + [first[0]])

    settings = Settings(data_dir=tmp_path / "var", nlp_executor="inline", nlp_batch_size=2)
    store = Store.from_settings(settings)
    with store.session() as s:
        upsert_sources(s, [REGISTRY])
    # an earlier run queued a page and was killed before processing it
    ledger = Ledger(store)
    ledger.discover([(left_over.final_url, REGISTRY.id)])
    (offset,) = [o for o, item in iter_records(f0) if isinstance(item, list) and item]
    assert ledger.mark_fetched(left_over.final_url, str(f0), offset, source_id=REGISTRY.id)
    store.dispose()

    # queue a few records per transaction, so the stream hands pages over while reading
    monkeypatch.setattr(backfill, "_QUEUE_BATCH", 4)
    # and sync the index every few pages while pages are processed
    monkeypatch.setattr(backfill, "SYNC_EVERY", 4)
    result = ingest_warc([f1, f2], [REGISTRY], settings, extractor=CaseExtractor())

    assert result.records == 15 and result.queued == 14 and result.already_known == 1
    assert result.attributed.get("registry") == 12 and result.attributed.get("provisional") == 3
    store = Store.from_settings(settings)
    try:
        with store.session() as s:
            urls = {u.url: u for u in s.scalars(select(UrlRow))}
            articles = list(s.scalars(select(ArticleRow)))
            outlet = s.scalars(select(SourceRow).where(SourceRow.provisional.is_(True))).one()
            synced = sorted(r.synced_at for r in s.scalars(select(OutboxRow)) if r.synced_at)
        pages = [left_over, *first, *provisional, *second]
        assert {u.url for u in urls.values()} == {p.final_url for p in pages}
        assert all(u.state == "stored" for u in urls.values()), Counter(
            u.state for u in urls.values()
        )
        # every page stored once: one article per page, none twice
        assert sorted(a.url for a in articles) == sorted(p.final_url for p in pages)
        assert result.counts.pages == len(pages)
        # the provisional outlet's pages carry the country its pages voted for
        assert outlet.country == "KE"
        by_url = {a.url: a for a in articles}
        assert {by_url[p.final_url].source_id for p in provisional} == {outlet.id}
        assert {by_url[p.final_url].country_of_publication for p in provisional} == {"KE"}
        # processing overlapped reading: the first file's first page was stored before the
        # second file's last page was queued
        stored_first = urls[first[0].final_url].updated_at
        queued_last = max(urls[p.final_url].fetched_at or stored_first for p in second)
        assert stored_first < queued_last
        # every article reached the index, the first ones before the last page was stored
        assert result.indexed == len(articles) == len(synced)
        assert synced[0] < max(u.updated_at for u in urls.values())
    finally:
        store.dispose()
