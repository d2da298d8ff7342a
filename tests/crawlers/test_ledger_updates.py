"""The URL ledger's update rule (C23): a stored URL goes back to pending only for a date later
than its fetch, not in the future, and at most `limit` per call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tipwatch.crawlers.ledger import Ledger
from tipwatch.store.db import Store


def _stored(ledger: Ledger, urls: list[str]) -> None:
    ledger.discover([(u, "s") for u in urls])
    for i, u in enumerate(urls):
        assert ledger.mark_fetched(u, "x.warc.gz", i * 100)
        assert ledger.mark_stored(u, f"a{i}")


def test_only_later_past_dates_reopen_stored_urls_within_the_limit(tmp_path: Path) -> None:
    ledger = Ledger(Store(f"sqlite:///{tmp_path}/s.db"))
    try:
        urls = [f"https://example.org/a/{i}" for i in range(5)]
        _stored(ledger, urls)
        now = datetime.now(UTC)
        dated = [
            (urls[0], now - timedelta(days=1)),  # before the fetch: no
            (urls[1], now + timedelta(hours=2)),  # in the future: not trusted
            (urls[2], now + timedelta(seconds=1)),
            (urls[3], now + timedelta(seconds=2)),
            (urls[4], now + timedelta(seconds=3)),
        ]
        later = now + timedelta(seconds=5)
        assert ledger.reopen_updated(dated, limit=2, now=later) == [urls[2], urls[3]]
        assert [ledger.state(u) for u in urls] == [
            "stored",
            "stored",
            "pending",
            "pending",
            "stored",
        ]
        assert ledger.get(urls[2]).reason == "updated"  # type: ignore[union-attr]
        assert ledger.reopen_updated(dated, limit=0, now=later) == []
        # A re-fetch that fails for good leaves the stored version as the ledger's state.
        assert ledger.mark_skipped(urls[2], "http_404")
        row = ledger.get(urls[2])
        assert row is not None and (row.state, row.reason) == ("stored", "update:http_404")
        assert ledger.defer(urls[3], None, "timeout") == "pending"
        assert ledger.defer(urls[3], None, "timeout") == "pending"
        assert ledger.defer(urls[3], None, "timeout") == "stored"
        # Fetched again: the update is marked for processing, and the fetch time moves on.
        assert ledger.reopen_updated([(urls[4], now + timedelta(seconds=3))], limit=5, now=later)
        assert ledger.mark_fetched(urls[4], "y.warc.gz", 7)
        row = ledger.get(urls[4])
        assert row is not None and (row.state, row.reason, row.article_id) == (
            "fetched",
            "updated",
            "a4",
        )
        assert ledger.mark_stored(urls[4], "a4")
        assert ledger.reopen_updated([(urls[4], now + timedelta(seconds=3))], limit=5) == []
    finally:
        ledger.close()
