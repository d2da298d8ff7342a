"""Wiring of stage functions that the flow calls as tasks. Stages themselves live in crawlers/,
nlp/, tipwatch/store and index/ and do not know where they sit in the pipeline."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import structlog
from pydantic import BaseModel, ConfigDict, Field

from tipwatch.crawlers.ledger import Ledger, is_update
from tipwatch.crawlers.source_defs import Source
from tipwatch.crawlers.warc import (
    DEFAULT_MAX_BODY_BYTES,
    OPEN_SUFFIX,
    WarcError,
    WarcRecordTooLarge,
    read_page_at,
)
from tipwatch.nlp.article import EXTRACT_TIMEOUT, MAX_HTML_BYTES, page_to_article
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.progress import report
from tipwatch.records import Article, FetchedPage, Skipped
from tipwatch.store.db import Store
from tipwatch.store.dedupe import exact_duplicate_of
from tipwatch.store.models import ArticleRow
from tipwatch.store.repository import record_skip, save_article, save_extraction
from tipwatch.store.takedowns import ArticleSuppressed, is_tombstoned, suppressed_skip

log = structlog.get_logger(__name__)


class ProcessCounts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pages: int = 0
    articles: int = 0
    new_articles: int = 0
    cases: int = 0
    # Pages whose article (same canonical URL) was already stored from another URL.
    duplicates: int = 0
    # Re-fetched updates (a feed or sitemap dated the URL after its fetch): a new version
    # stored, or the text found unchanged (nothing else done).
    updated: int = 0
    unchanged: int = 0
    # Fetched pages left for later: their WARC is still `.open` (a crawl is running or was
    # killed; the next crawl salvages it).
    not_ready: int = 0
    skipped: dict[str, int] = Field(default_factory=dict)


def read_ledger_page(
    path: Path,
    offset: int,
    source_id: str | None,
    *,
    max_body_bytes: int | None = DEFAULT_MAX_BODY_BYTES,
) -> FetchedPage:
    """The page archived at (path, offset), attributed to the source the URL ledger records:
    records from other archives (ingested WARCs) carry no tipwatch source id. Raises
    `WarcRecordTooLarge` for a body over `max_body_bytes`, without inflating it."""
    page = read_page_at(path, offset, max_body_bytes=max_body_bytes)
    if source_id and page.source_id != source_id:
        page = page.model_copy(update={"source_id": source_id})
    return page


def process_fetched(
    sources: dict[str, Source],
    extractor: CaseExtractor,
    store: Store,
    *,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    max_html_bytes: int = MAX_HTML_BYTES,
    extract_timeout: float | None = EXTRACT_TIMEOUT,
) -> ProcessCounts:
    """Process every page the URL ledger has as `fetched` for `sources`, whichever crawl fetched
    it: each is read back from its WARC at (warc_path, offset) with digests verified, so pages
    of a crawl whose processing never ran (killed flow) are processed now, without a refetch.

    A record that cannot be read any more (WARC deleted or corrupt) sends its URL back to
    `pending`, so the next crawl fetches it again: nothing is lost. A record over
    `max_body_bytes` is an `ingest:too_large` skip and a page over `max_html_bytes` (after
    trimming) an `article:too_large_to_extract` skip, and one that keeps trafilatura busy over
    `extract_timeout` seconds an `article:extract_timeout` skip: one hostile input never stalls
    the run.
    """
    ledger = Ledger(store)
    counts = ProcessCounts()
    skipped: Counter[str] = Counter()
    refs = ledger.fetched(list(sources))
    for i, ref in enumerate(refs):
        report("processing", i, len(refs))
        path = Path(ref.warc_path)
        try:
            page = read_ledger_page(path, ref.offset, ref.source_id, max_body_bytes=max_body_bytes)
        except WarcRecordTooLarge as exc:
            skip = Skipped(
                stage="ingest",
                reason="too_large",
                url=ref.url,
                source_id=ref.source_id,
                detail=str(exc),
            )
            _record(store, ledger, ref.url, ref.source_id, skip, skipped)
            continue
        except WarcError as exc:
            if path.with_name(path.name + OPEN_SUFFIX).exists():
                counts.not_ready += 1
                continue
            ledger.requeue(ref.url, "warc_unreadable", str(exc))
            skipped["ledger:warc_unreadable"] += 1
            log.warning("page.requeued", url=ref.url, warc_path=ref.warc_path, error=str(exc))
            continue
        _process_one(
            page,
            ref.url,
            path,
            sources,
            extractor,
            store,
            ledger,
            counts,
            skipped,
            max_html_bytes,
            extract_timeout,
            warc_offset=ref.offset,
        )
    report("processing", len(refs), len(refs))
    counts.skipped = dict(skipped)
    return counts


def _process_one(
    page: FetchedPage,
    url: str,
    warc_path: Path | None,
    sources: dict[str, Source],
    extractor: CaseExtractor,
    store: Store,
    ledger: Ledger,
    counts: ProcessCounts,
    skipped: Counter[str],
    max_html_bytes: int = MAX_HTML_BYTES,
    extract_timeout: float | None = EXTRACT_TIMEOUT,
    *,
    warc_offset: int | None = None,
) -> None:
    """fetched page -> article -> extraction -> store (+ outbox), in one transaction.

    Every page ends as an article or as a named skip in the store, and its URL as `stored`,
    `duplicate_of` or `skipped` in the URL ledger in that same transaction; nothing is dropped
    silently. An article that was taken down (tombstoned) becomes an `article:suppressed` skip
    before the NLP runs, its text never stored.

    A re-fetched update (ledger reason `updated`) whose text is unchanged (same content hash)
    only goes back to `stored`; a changed one replaces the article's text under the same id
    (the earlier version recorded in `article_versions`), the NLP runs again and a reviewed
    case is reopened (`save_extraction`).
    """
    counts.pages += 1
    source = sources.get(page.source_id)
    if source is None:
        skip = Skipped(
            stage="article", reason="unknown_source", url=page.url, source_id=page.source_id
        )
    else:
        result = page_to_article(
            page, source.country, max_html_bytes=max_html_bytes, timeout=extract_timeout
        )
        if isinstance(result, Skipped):
            skip = result
        elif (refused := suppression(store, result)) is not None:
            skip = refused
        else:
            unchanged = False
            with store.session() as s:
                first = s.get(ArticleRow, result.article_id)
                entry = ledger.get(url, session=s)
                update = entry is not None and is_update(entry)
                if first is not None and first.url != result.url:
                    # Another URL already gave this article (same canonical URL).
                    original: str | None = result.article_id
                elif first is not None and update:
                    # A new version of this very article, not a copy of another one.
                    original = None
                    unchanged = (
                        first.content_hash == result.content_hash and first.suppressed_at is None
                    )
                    if unchanged:
                        ledger.mark_stored(url, first.id, source_id=source.id, session=s)
                else:
                    # The same text stored under another canonical URL (an exact copy).
                    original = exact_duplicate_of(s, result.content_hash, result.canonical_url)
                if original is not None:
                    ledger.mark_duplicate(url, original, source_id=source.id, session=s)
            if original is not None:
                counts.duplicates += 1
                log.info("page.duplicate", url=url, duplicate_of=original)
                return
            if unchanged:
                counts.unchanged += 1
                log.info("article.unchanged", url=url, article_id=result.article_id)
                return
            extraction = extractor.extract_article(result)
            try:
                with store.session() as s:
                    row, created = save_article(
                        s,
                        result,
                        extraction,
                        warc_path=str(warc_path) if warc_path else None,
                        warc_offset=warc_offset,
                    )
                    case_id = save_extraction(s, row, extraction)
                    ledger.mark_stored(url, row.id, source_id=source.id, session=s)
            except ArticleSuppressed as exc:
                # Taken down while the NLP ran: nothing was stored (the session rolled back).
                skip = suppressed_skip(result, exc.tombstone)
                _record(store, ledger, url, page.source_id, skip, skipped)
                return
            counts.articles += 1
            counts.new_articles += int(created)
            counts.updated += int(update and not created)
            counts.cases += int(case_id is not None)
            if extraction.skipped:
                skipped[f"nlp:{extraction.skipped}"] += 1
            log.info(
                "article.processed",
                source_id=source.id,
                article_id=row.id,
                is_case=extraction.is_case,
                perpetrators=len(extraction.perpetrators),
                skipped=extraction.skipped,
            )
            return
    _record(store, ledger, url, page.source_id, skip, skipped)


def suppression(store: Store, article: Article) -> Skipped | None:
    """The `suppressed` skip for an article that was taken down (an active tombstone matches
    its canonical URL or content hash), checked before the NLP runs; None otherwise."""
    with store.session() as s:
        tombstone = is_tombstoned(s, article.canonical_url, article.content_hash)
        return suppressed_skip(article, tombstone) if tombstone is not None else None


def _record(
    store: Store,
    ledger: Ledger,
    url: str,
    source_id: str | None,
    skip: Skipped,
    skipped: Counter[str],
) -> None:
    """A named, counted skip: stored, and the URL marked skipped in the same transaction."""
    with store.session() as s:
        record_skip(s, skip)
        ledger.mark_skipped(
            url,
            f"{skip.stage}:{skip.reason}",
            skip.detail,
            source_id=source_id or None,
            stage=skip.stage,
            session=s,
        )
    skipped[f"{skip.stage}:{skip.reason}"] += 1
    log.info("page.skipped", url=skip.url, stage=skip.stage, reason=skip.reason)
