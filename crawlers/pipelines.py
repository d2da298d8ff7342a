"""Item pipeline: writes fetched articles to the crawl's WARC file, counts skips and keeps the
URL ledger (crawlers/ledger.py) in step with both."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from tipwatch.crawlers.items import ArticleItem, SkipItem
from tipwatch.crawlers.ledger import Ledger, is_transient
from tipwatch.crawlers.middlewares.backoff import BACKOFF_CODES, parse_retry_after
from tipwatch.crawlers.middlewares.skips import HOST_DEFERRED
from tipwatch.crawlers.warc import WarcPageWriter
from tipwatch.records import FetchedPage, Skipped

logger = logging.getLogger(__name__)

# The spider's finish reason when the WARC cannot be written (crawl_process exits
# EXIT_CANNOT_WRITE).
CANNOT_WRITE_REASON = "cannot_write"
# Keep at most this many skip records in memory for the report (counts are always complete).
MAX_SKIP_RECORDS = 10_000


class WarcPipeline:
    """Writes every 2xx `ArticleItem` as a WARC `response` record.

    Non-2xx article responses and `SkipItem`s are dropped (`DropItem` with the reason) and kept
    as `Skipped` records, counted by reason. The WARC is written to `<TIPWATCH_WARC_PATH>.open`
    and committed (fsync + rename) when the spider closes.

    With a ledger (the spider's `ledger` attribute), every record is flushed and fsynced before
    its URL is marked `fetched` with the record's (WARC path, offset), so a URL the ledger calls
    fetched is always readable after a crash. Skips are marked as they happen: transient ones
    (timeouts, network errors, 408/429/5xx) are deferred for a later crawl, the rest skipped.
    """

    def __init__(self, crawler: Crawler, warc_path: Path) -> None:
        self.crawler = crawler
        self.warc_path = warc_path
        self.writer: WarcPageWriter | None = None
        self.ledger: Ledger | None = None
        # The WARC as the ledger names it: absolute, final (committed) name.
        self.ledger_warc_path = str(Path(warc_path).resolve())
        self.pages_fetched = 0
        self.skip_counts: Counter[str] = Counter()
        self.skips: list[Skipped] = []
        # A write to the WARC failed (a full disk, a read-only folder): the crawl stops, what
        # was written whole is committed, and the child exits EXIT_CANNOT_WRITE.
        self.write_error: OSError | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcPipeline:
        path = crawler.settings.get("TIPWATCH_WARC_PATH")
        if not path:
            raise NotConfigured("TIPWATCH_WARC_PATH is not set")
        return cls(crawler, Path(path))

    def open_spider(self, spider: Spider | None = None) -> None:
        spider = spider or getattr(self.crawler, "spider", None)
        self.ledger = getattr(spider, "ledger", None)
        try:
            self.writer = WarcPageWriter(
                self.warc_path, warcinfo={"robots": "obey", "operator-agent": self._user_agent()}
            )
        except OSError as exc:
            self._stop_on_write_error(exc)

    def _user_agent(self) -> str:
        return str(self.crawler.settings.get("USER_AGENT") or "")

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, SkipItem):
            self._record_skip(item.skipped)
            raise DropItem(f"article skipped: {item.skipped.reason} {item.skipped.url}")
        if not isinstance(item, ArticleItem):
            return item
        page = item.page
        if not 200 <= page.status < 300:
            skipped = Skipped(
                stage="crawl",
                reason=f"http_{page.status}",
                url=page.url,
                source_id=page.source_id,
                detail=None if page.final_url == page.url else f"final URL {page.final_url}",
                retry_at=self._retry_at(page),
            )
            self._record_skip(skipped)
            raise DropItem(f"article skipped: http_{page.status} {page.final_url}")
        if self.writer is None:
            # The WARC could not be written: the page stays `pending` for a later crawl.
            raise DropItem(f"not archived (cannot write the WARC): {page.url}")
        try:
            offset = self.writer.write(page)
            if self.ledger is not None:
                self.writer.sync()
        except OSError as exc:
            # The record was cut back off the file: the URL stays `pending`, never `fetched`.
            self._stop_on_write_error(exc)
            raise DropItem(f"not archived ({exc.strerror}): {page.url}") from None
        if self.ledger is not None:
            # Durable first, then marked: a crash in between leaves a record that the next
            # crawl's salvage finds and marks (crawl_process.recover_open_warcs).
            self.ledger.mark_fetched(
                page.url, self.ledger_warc_path, offset, source_id=page.source_id or None
            )
        self.pages_fetched += 1
        self.crawler.stats.inc_value("tipwatch/pages_fetched")
        return item

    def _retry_at(self, page: FetchedPage) -> datetime | None:
        """When a 429/503 answer's Retry-After says to come back (capped like the host pause)."""
        if page.status not in BACKOFF_CODES:
            return None
        header = next((v for k, v in page.headers.items() if k.lower() == "retry-after"), None)
        seconds = parse_retry_after(header)
        if seconds is None:
            return None
        cap = self.crawler.settings.getfloat("TIPWATCH_RETRY_AFTER_MAX", 3600.0)
        return datetime.now(UTC) + timedelta(seconds=min(seconds, cap))

    def _record_skip(self, skipped: Skipped) -> None:
        if self.ledger is not None and skipped.url:
            if is_transient(skipped.reason):
                self.ledger.defer(
                    skipped.url,
                    skipped.retry_at,
                    skipped.reason,
                    skipped.detail,
                    source_id=skipped.source_id,
                    # Not requested at all: the host had asked to wait.
                    count_attempt=skipped.reason != HOST_DEFERRED,
                )
            else:
                self.ledger.mark_skipped(
                    skipped.url, skipped.reason, skipped.detail, source_id=skipped.source_id
                )
        self.skip_counts[skipped.reason] += 1
        self.crawler.stats.inc_value(f"tipwatch/skipped/{skipped.reason}")
        if len(self.skips) < MAX_SKIP_RECORDS:
            self.skips.append(skipped)

    def _stop_on_write_error(self, exc: OSError) -> None:
        """Remember the first write error and close the spider (reason `cannot_write`): every
        later page would fail the same way."""
        if self.write_error is None:
            self.write_error = exc
            logger.error("cannot write the WARC, stopping the crawl: %s", exc)
            engine = self.crawler.engine
            if engine is not None and engine.spider is not None:
                deferred_from_coro(engine.close_spider_async(reason=CANNOT_WRITE_REASON))

    def close_spider(self, spider: Spider | None = None) -> None:
        # Commit whatever was fetched, also on an abnormal close: each record is complete.
        if self.writer is None:
            return
        try:
            self.writer.close()
        except OSError as exc:
            # Even the commit failed: the `.open` file keeps its whole records for the next
            # crawl's salvage.
            if self.write_error is None:
                self.write_error = exc
