"""Child-process entry point for one crawl: `python -m crawlers.crawl_process ...`.

Scrapy's Twisted reactor cannot be restarted within a process, so `crawlers.run.crawl` runs each
crawl here, in a fresh interpreter, and reads back the JSON report this writes.

Exit codes: 0 crawl finished and report written; 1 unexpected error; 2 bad arguments or input;
3 the crawl did not finish normally (the report is still written when possible).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from crawlers.source_defs import Source
from tipwatch.settings import Settings

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_UNFINISHED = 3

# The only Settings fields a crawl uses (secrets and database URLs are never passed along).
CRAWL_SETTING_FIELDS = ("user_agent", "download_delay", "download_timeout", "max_body_bytes")


def report_path_for(warc_path: Path) -> Path:
    name = warc_path.name
    stem = name[: -len(".warc.gz")] if name.endswith(".warc.gz") else warc_path.stem
    return warc_path.with_name(stem + ".report.json")


def _write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_name(path.name + ".open")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, sort_keys=True, default=str)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m crawlers.crawl_process", description=__doc__)
    p.add_argument("--sources-json", type=Path, required=True, help="JSON list of Source dicts")
    p.add_argument("--out", type=Path, required=True, help="output directory")
    p.add_argument("--warc-name", default=None, help="WARC file name (default: timestamped)")
    p.add_argument("--settings-json", type=Path, default=None, help="crawl settings (JSON)")
    p.add_argument("--allow-loopback", action="store_true")
    p.add_argument("--since", default=None, help="skip articles dated before (ISO datetime)")
    p.add_argument("--log-level", default="INFO")
    return p.parse_args(argv)


def default_warc_name() -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"crawl-{stamp}-{secrets.token_hex(4)}.warc.gz"


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    try:
        raw_sources = json.loads(args.sources_json.read_text(encoding="utf-8"))
        sources = TypeAdapter(list[Source]).validate_python(raw_sources)
        overrides: dict[str, Any] = {}
        if args.settings_json is not None:
            overrides = json.loads(args.settings_json.read_text(encoding="utf-8"))
        settings = Settings.model_validate(
            {k: v for k, v in overrides.items() if k in CRAWL_SETTING_FIELDS}
        )
        since = datetime.fromisoformat(args.since) if args.since else None
    except (OSError, ValueError, ValidationError) as exc:
        print(f"crawl_process: bad input: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not sources:
        print("crawl_process: no sources given", file=sys.stderr)
        return EXIT_USAGE
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)

    args.out.mkdir(parents=True, exist_ok=True)
    warc_path = args.out / (args.warc_name or default_warc_name())
    return run_crawl(
        sources,
        warc_path,
        settings,
        allow_loopback=args.allow_loopback,
        since=since,
        log_level=args.log_level,
    )


def run_crawl(
    sources: list[Source],
    warc_path: Path,
    settings: Settings,
    *,
    allow_loopback: bool,
    since: datetime | None,
    log_level: str = "INFO",
) -> int:
    """Run one crawl in this process (once per process: the reactor cannot restart)."""
    # Scrapy is imported here so that `--help` and input errors stay fast.
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawlers.pipelines import WarcPipeline
    from crawlers.scrapy_settings import scrapy_settings
    from crawlers.spiders.news import NewsSpider

    started_at = datetime.now(UTC)
    process = CrawlerProcess(
        scrapy_settings(
            settings, warc_path=warc_path, allow_loopback=allow_loopback, log_level=log_level
        )
    )
    crawler = process.create_crawler(NewsSpider)
    holder: dict[str, WarcPipeline | None] = {}

    def _opened(spider: Any) -> None:
        holder["pipeline"] = crawler.get_item_pipeline(WarcPipeline)

    crawler.signals.connect(_opened, signal=signals.spider_opened)
    process.crawl(crawler, sources=sources, since=since)
    process.start()

    stats = crawler.stats.get_stats() if crawler.stats is not None else {}
    pipeline = holder.get("pipeline")
    spider = getattr(crawler, "spider", None)
    finish_reason = str(stats.get("finish_reason", ""))
    spider_exceptions = sum(
        int(v) for k, v in stats.items() if str(k).startswith("spider_exceptions/")
    )
    error_details: list[str] = list(getattr(spider, "errors", []))
    report: dict[str, Any] = {
        "warc_path": str(warc_path),
        "source_ids": [s.id for s in sources],
        "started_at": started_at.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "finish_reason": finish_reason,
        "allow_loopback": allow_loopback,
        "since": since.isoformat() if since else None,
        "articles_discovered": int(stats.get("tipwatch/articles_discovered", 0)),
        "pages_fetched": pipeline.pages_fetched if pipeline else 0,
        "skipped": dict(sorted(pipeline.skip_counts.items())) if pipeline else {},
        "robots_forbidden": int(stats.get("robotstxt/forbidden", 0)),
        "errors": int(stats.get("tipwatch/errors", 0)) + spider_exceptions,
        "error_details": error_details,
        "requests": int(stats.get("downloader/request_count", 0)),
        "skips": [s.model_dump(mode="json") for s in pipeline.skips] if pipeline else [],
    }
    _write_json_atomic(report_path_for(warc_path), report)

    if pipeline is None or not warc_path.exists():
        print(
            f"crawl_process: the crawl did not start (finish_reason={finish_reason!r})",
            file=sys.stderr,
        )
        return EXIT_UNFINISHED
    if finish_reason != "finished":
        print(f"crawl_process: crawl ended with finish_reason={finish_reason!r}", file=sys.stderr)
        return EXIT_UNFINISHED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
