"""Child-process entry point for one crawl: `python -P -m tipwatch.crawlers.crawl_process ...`.

Scrapy's Twisted reactor cannot be restarted within a process, so `tipwatch.crawlers.run.crawl`
runs each crawl here, in a fresh interpreter, and reads back the JSON report this writes.

With the store URL in the environment variable `TIPWATCH_CRAWL_STORE_URL` (never on the command
line, where `ps` shows it to every user) the crawl keeps the URL ledger (crawlers/ledger.py) in
that store: it first takes an exclusive lock on the output directory, salvages the `*.open` WARC
of any crawl that was killed there (complete records kept, torn tail cut, URLs marked `fetched`),
and then fetches only the URLs the ledger says are pending and due.

Exit codes: 0 crawl finished and report written; 1 unexpected error; 2 bad arguments or input;
3 the crawl did not finish normally (the report is still written when possible); 4 another
crawl holds the output directory's lock.
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import json
import os
import secrets
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from tipwatch.crawlers.source_defs import Source
from tipwatch.crawlers.warc import OPEN_SUFFIX, WarcError, salvage_open_warc
from tipwatch.settings import Settings

if TYPE_CHECKING:
    from tipwatch.crawlers.ledger import Ledger

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_UNFINISHED = 3
EXIT_BUSY = 4
# The crawl could not write its output folder: no space left (or over quota) ...
EXIT_NO_SPACE = 6
# ... or no permission, a read-only file system. The parent names the folder (the child's log
# is in that folder and may not have been written).
EXIT_CANNOT_WRITE = 7

LOCK_NAME = ".crawl.lock"

# The only Settings fields a crawl uses (secrets and database URLs are never passed along).
CRAWL_SETTING_FIELDS = (
    "user_agent",
    "download_delay",
    "download_timeout",
    "max_body_bytes",
    "crawl_allowed_cidrs",
    "crawl_retry_after_max",
    "crawl_hold_max",
    "crawl_backoff_base",
    "crawl_backoff_retries",
    "crawl_delay_max",
    "crawl_robots_max_bytes",
    "crawl_robots_cache_seconds",
    "crawl_max_redirects",
    "crawl_refetch_max",
)

# The store URL of the URL ledger (it may hold a password): read from the environment only.
STORE_URL_ENV = "TIPWATCH_CRAWL_STORE_URL"


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
    p = argparse.ArgumentParser(
        prog="python -P -m tipwatch.crawlers.crawl_process", description=__doc__
    )
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
    # The parent acts on the operator's Ctrl-C and passes a stop on as SIGTERM
    # (`tipwatch.stopping`): the terminal's SIGINT, which reaches this process too, is ignored.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
    warc_path = (args.out / (args.warc_name or default_warc_name())).resolve()
    store_url = os.environ.get(STORE_URL_ENV) or None
    if store_url is None:
        return run_crawl(
            sources,
            warc_path,
            settings,
            allow_loopback=args.allow_loopback,
            since=since,
            log_level=args.log_level,
        )
    lock = lock_out_dir(args.out)
    if lock is None:
        print(f"crawl_process: another crawl is running in {args.out}", file=sys.stderr)
        return EXIT_BUSY
    from tipwatch.crawlers.ledger import Ledger

    try:
        ledger = Ledger.open(store_url)
        try:
            salvaged = recover_open_warcs(args.out, ledger)
            return run_crawl(
                sources,
                warc_path,
                settings,
                allow_loopback=args.allow_loopback,
                since=since,
                log_level=args.log_level,
                ledger=ledger,
                salvaged=salvaged,
            )
        finally:
            ledger.close()
    finally:
        lock.close()


def lock_out_dir(out_dir: Path) -> IO[str] | None:
    """An exclusive, non-blocking lock on `out_dir` (released when the file is closed or the
    process dies, SIGKILL included), or None if another crawl holds it."""
    fh = open(out_dir / LOCK_NAME, "a", encoding="utf-8")  # noqa: SIM115
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        return None
    return fh


def recover_open_warcs(out_dir: Path, ledger: Ledger) -> dict[str, Any]:
    """Salvage every `*.warc.gz.open` a killed crawl left in `out_dir` (the caller holds the
    directory lock, so none of them is being written) and mark the URLs of its complete records
    `fetched` where the ledger still has them pending: a page archived just before the kill is
    not fetched again. Returns counts for the report."""
    files = pages = marked = 0
    errors: list[str] = []
    for open_path in sorted(out_dir.glob("*.warc.gz" + OPEN_SUFFIX)):
        try:
            final, kept = salvage_open_warc(open_path)
        except (OSError, WarcError) as exc:
            errors.append(f"{open_path}: {exc}")
            print(f"crawl_process: cannot salvage {open_path}: {exc}", file=sys.stderr)
            continue
        files += 1
        if final is None:
            continue
        warc = str(final.resolve())
        for offset, page in kept:
            pages += 1
            marked += int(
                ledger.mark_fetched(page.url, warc, offset, source_id=page.source_id or None)
            )
    return {"files": files, "pages": pages, "marked_fetched": marked, "errors": errors}


def _write_error_exit(exc: OSError) -> int:
    return EXIT_NO_SPACE if exc.errno in (errno.ENOSPC, errno.EDQUOT) else EXIT_CANNOT_WRITE


def _stop_on_sigterm(process: Any, reactor: Any) -> None:
    """SIGTERM once: stop the crawl gracefully (no new requests; the spider closes with finish
    reason `shutdown`, the WARC and the report are written). Twice: stop the reactor now."""

    def graceful(signum: int, frame: Any) -> None:
        signal.signal(signal.SIGTERM, at_once)
        reactor.callFromThread(process.stop)

    def stop_reactor() -> None:
        if reactor.running:
            reactor.stop()

    def at_once(signum: int, frame: Any) -> None:
        reactor.callFromThread(stop_reactor)

    signal.signal(signal.SIGTERM, graceful)


def run_crawl(
    sources: list[Source],
    warc_path: Path,
    settings: Settings,
    *,
    allow_loopback: bool,
    since: datetime | None,
    log_level: str = "INFO",
    ledger: Ledger | None = None,
    salvaged: dict[str, Any] | None = None,
) -> int:
    """Run one crawl in this process (once per process: the reactor cannot restart)."""
    # Scrapy is imported here so that `--help` and input errors stay fast.
    import scrapy
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from tipwatch.crawlers.pipelines import WarcPipeline
    from tipwatch.crawlers.scrapy_settings import check_scrapy_version, scrapy_settings
    from tipwatch.crawlers.spiders.news import NewsSpider

    check_scrapy_version(scrapy.__version__)

    started_at = datetime.now(UTC)
    process = CrawlerProcess(
        scrapy_settings(
            settings,
            warc_path=warc_path,
            allow_loopback=allow_loopback,
            log_level=log_level,
            sources=sources,
        )
    )
    crawler = process.create_crawler(NewsSpider)
    holder: dict[str, WarcPipeline | None] = {}

    def _opened(spider: Any) -> None:
        holder["pipeline"] = crawler.get_item_pipeline(WarcPipeline)

    crawler.signals.connect(_opened, signal=signals.spider_opened)
    process.crawl(crawler, sources=sources, since=since, ledger=ledger)
    from twisted.internet import reactor

    reactor.callWhenRunning(_stop_on_sigterm, process, reactor)
    process.start(install_signal_handlers=False)

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
        "discovered_by_source": {
            s.id: int(stats.get(f"tipwatch/articles_discovered_by/{s.id}", 0)) for s in sources
        },
        "pages_fetched": pipeline.pages_fetched if pipeline else 0,
        "skipped": dict(sorted(pipeline.skip_counts.items())) if pipeline else {},
        "robots_forbidden": int(stats.get("robotstxt/forbidden", 0)),
        "errors": int(stats.get("tipwatch/errors", 0)) + spider_exceptions,
        "error_details": error_details,
        "requests": int(stats.get("downloader/request_count", 0)),
        "skips": [s.model_dump(mode="json") for s in pipeline.skips] if pipeline else [],
        "ledger": ledger is not None,
        "articles_known": int(stats.get("tipwatch/articles_known", 0)),
        "articles_resumed": int(stats.get("tipwatch/articles_resumed", 0)),
        "articles_updated": int(stats.get("tipwatch/articles_updated", 0)),
        "salvaged": salvaged or {},
        "url_states": ledger.counts([s.id for s in sources]) if ledger is not None else {},
    }
    write_error = pipeline.write_error if pipeline else None
    try:
        _write_json_atomic(report_path_for(warc_path), report)
    except OSError as exc:
        write_error = write_error or exc
    if write_error is not None:
        print(f"crawl_process: cannot write: {write_error}", file=sys.stderr)
        return _write_error_exit(write_error)

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
