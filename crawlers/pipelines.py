"""Item pipeline: writes fetched articles to the crawl's WARC file and counts skips."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from crawlers.items import ArticleItem, SkipItem
from crawlers.warc import WarcPageWriter
from tipwatch.records import Skipped

# Keep at most this many skip records in memory for the report (counts are always complete).
MAX_SKIP_RECORDS = 10_000


class WarcPipeline:
    """Writes every 2xx `ArticleItem` as a WARC `response` record.

    Non-2xx article responses and `SkipItem`s are dropped (`DropItem` with the reason) and kept
    as `Skipped` records, counted by reason. The WARC is written to `<TIPWATCH_WARC_PATH>.open`
    and committed (fsync + rename) when the spider closes.
    """

    def __init__(self, crawler: Crawler, warc_path: Path) -> None:
        self.crawler = crawler
        self.warc_path = warc_path
        self.writer: WarcPageWriter | None = None
        self.pages_fetched = 0
        self.skip_counts: Counter[str] = Counter()
        self.skips: list[Skipped] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcPipeline:
        path = crawler.settings.get("TIPWATCH_WARC_PATH")
        if not path:
            raise NotConfigured("TIPWATCH_WARC_PATH is not set")
        return cls(crawler, Path(path))

    def open_spider(self, spider: Spider | None = None) -> None:
        self.writer = WarcPageWriter(
            self.warc_path, warcinfo={"robots": "obey", "operator-agent": self._user_agent()}
        )

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
            )
            self._record_skip(skipped)
            raise DropItem(f"article skipped: http_{page.status} {page.final_url}")
        if self.writer is None:  # pragma: no cover - open_spider always runs first
            raise RuntimeError("WarcPipeline.process_item before open_spider")
        self.writer.write(page)
        self.pages_fetched += 1
        self.crawler.stats.inc_value("tipwatch/pages_fetched")
        return item

    def _record_skip(self, skipped: Skipped) -> None:
        self.skip_counts[skipped.reason] += 1
        self.crawler.stats.inc_value(f"tipwatch/skipped/{skipped.reason}")
        if len(self.skips) < MAX_SKIP_RECORDS:
            self.skips.append(skipped)

    def close_spider(self, spider: Spider | None = None) -> None:
        # Commit whatever was fetched, also on an abnormal close: each record is complete.
        if self.writer is not None:
            self.writer.close()
