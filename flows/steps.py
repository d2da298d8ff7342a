"""Wiring of stage functions that the flow calls as tasks. Stages themselves live in crawlers/,
nlp/, tipwatch/store and index/ and do not know where they sit in the pipeline."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from itertools import chain, islice
from pathlib import Path
from typing import Any

import structlog
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from tipwatch.crawlers.ledger import FETCHED, FetchedRef, Ledger, is_update
from tipwatch.crawlers.warc import (
    DEFAULT_MAX_BODY_BYTES,
    read_page_at,
)
from tipwatch.flows.analyse import Analysed, AnalyseOptions, PageJob
from tipwatch.flows.executors import batch_runner
from tipwatch.flows.forkserver import AUTO_MIN_PAGES, choose_kind, worker_count
from tipwatch.nlp.article import EXTRACT_TIMEOUT, MAX_HTML_BYTES
from tipwatch.nlp.components.case_classifier import DEFAULT_THRESHOLD
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.progress import report
from tipwatch.records import (
    NOT_RELEVANT,
    FetchedPage,
    Skipped,
    SourceInfo,
    publication_country,
)
from tipwatch.settings import Settings
from tipwatch.store import bulk, name_keys
from tipwatch.store.db import Store
from tipwatch.store.dedupe import exact_duplicate_of
from tipwatch.store.models import ArticleRow
from tipwatch.store.repository import record_skip, save_article, save_extraction
from tipwatch.store.takedowns import ArticleSuppressed, is_tombstoned, suppressed_skip

log = structlog.get_logger(__name__)
STORE = "store"


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
    # Articles decided without spaCy: no trafficking wording in the page or its text.
    not_relevant: int = 0
    # Articles in a language tipwatch cannot extract that its vocabulary marks as likely case
    # reports: held in the review queue as "not extracted" (not counted in `cases`).
    not_extracted: int = 0
    skipped: dict[str, int] = Field(default_factory=dict)
    # CPU seconds per stage (read_warc, article, nlp: in whichever process ran them; store: here).
    cpu_seconds: dict[str, float] = Field(default_factory=dict)
    # Where the article and NLP stages ran ("inline", "processes" or "dask").
    executor: str = "inline"


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
    sources: Mapping[str, SourceInfo],
    extractor: CaseExtractor,
    store: Store,
    *,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    max_html_bytes: int = MAX_HTML_BYTES,
    extract_timeout: float | None = EXTRACT_TIMEOUT,
    triage: bool = True,
    executor: str = "auto",
    workers: int = 0,
    batch_size: int = 32,
    dask_address: str = "",
    refs: Iterable[FetchedRef] | None = None,
    after_batch: Callable[[int], None] | None = None,
    preload_languages: tuple[str, ...] | None = None,
) -> ProcessCounts:
    """Process every page the URL ledger has as `fetched` for `sources`, whichever crawl fetched
    it: each is read back from its WARC at (warc_path, offset) with digests verified (unless this
    run's reader verified them already: `FetchedRef.verified`), so pages of a crawl whose
    processing never ran (killed flow) are processed now, without a refetch.

    `refs`, when given, replaces that list: pages already marked `fetched`, read lazily, so a
    caller that is still queueing pages (`ingest-warc` reading its WARC files) has them
    processed while it reads. `sources` is read as each page comes, so such a caller may add
    outlets to it before it gives their pages. `after_batch`, when given, is called with the
    number of pages done after each batch is stored (e.g. to index as the run goes).
    `preload_languages`: the pipelines worker processes start with (None: every registered
    language; `flows/forkserver.py:preload_languages`); others load in a worker on first use.

    Pages go in batches of `batch_size` through the article and NLP stages on the `executor`
    (`flows/executors.py`: this process, `workers` processes, or Dask), and each batch is
    stored in one transaction (a batch that fails is stored again page by page, so one bad
    page cannot take its batch with it). With `triage`, a page whose markup names no
    trafficking wording is kept as a metadata-only article without text extraction or NLP.

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
    if refs is None:
        refs = ledger.fetched(list(sources))
    expected = len(refs) if isinstance(refs, Sized) else None
    options = AnalyseOptions(
        max_body_bytes=max_body_bytes,
        max_html_bytes=max_html_bytes,
        extract_timeout=extract_timeout,
        # an extractor object without a threshold (a stand-in) is treated as the default one
        case_threshold=getattr(extractor, "case_threshold", DEFAULT_THRESHOLD),
        triage=triage,
        extractor=extractor,
        preload_languages=preload_languages,
    )
    n_workers = worker_count(workers)
    if expected is None and executor == "auto":
        # a stream is read far enough to tell whether it is worth starting the workers
        stream = iter(refs)
        head = list(islice(stream, AUTO_MIN_PAGES))
        batches = _Batches(chain(head, stream), sources, batch_size)
        kind = choose_kind(executor, n_workers, len(head))
    else:
        batches = _Batches(refs, sources, batch_size)
        kind = choose_kind(executor, n_workers, AUTO_MIN_PAGES if expected is None else expected)
    done = 0
    report("processing", 0, batches.total)
    with batch_runner(kind, options, workers=n_workers, dask_address=dask_address) as run:
        for results in run(batches):
            t0 = time.process_time()
            try:
                with store.session() as s:
                    name_keys.defer(s)
                    _store_batch(results, sources, s, ledger, counts, skipped)
            except Exception:
                # One transaction per page, so the batch's sound pages are kept and the
                # failing one raises on its own.
                log.warning("batch.store_failed", pages=len(results), retry="page by page")
                for item in results:
                    with store.session() as s:
                        name_keys.defer(s)
                        _store_one(item, sources, s, ledger, counts, skipped, retry=True)
            _add_seconds(counts, STORE, time.process_time() - t0)
            for item in results:
                for stage, seconds in item.seconds.items():
                    _add_seconds(counts, stage, seconds)
            done += len(results)
            report("processing", done, batches.total)
            if after_batch is not None:
                after_batch(done)
    # The workers have exited: now the persons' screening keys (rigour's name tagger loads here,
    # not beside the spaCy models). Also finishes what a killed run left pending.
    refreshed = 0
    while True:
        with store.session() as s:
            done_now = name_keys.refresh_pending(s)
        refreshed += done_now
        if done_now == 0:
            break
    if refreshed:
        log.info("name_keys.refreshed", persons=refreshed)
    counts.skipped = dict(skipped)
    counts.executor = kind
    return counts


def page_job(ref: FetchedRef, sources: Mapping[str, SourceInfo]) -> PageJob:
    """The analysis job of a fetched page; its outlet's country as `sources` has it now."""
    info = sources.get(ref.source_id or "")
    return PageJob(
        url=ref.url,
        source_id=ref.source_id,
        warc_path=ref.warc_path,
        offset=ref.offset,
        country=publication_country(info.country) if info is not None else None,
        known_source=info is not None,
        digests_verified=ref.verified,
    )


class _Batches:
    """Jobs of `refs` in batches of `size`, each job made when its ref is read; `total` is the
    number of refs once all are read (None before)."""

    def __init__(
        self, refs: Iterable[FetchedRef], sources: Mapping[str, SourceInfo], size: int
    ) -> None:
        self.refs = refs
        self.sources = sources
        self.size = size
        self.total: int | None = len(refs) if isinstance(refs, Sized) else None

    def __iter__(self) -> Iterator[list[PageJob]]:
        batch: list[PageJob] = []
        seen = 0
        for ref in self.refs:
            seen += 1
            batch.append(page_job(ref, self.sources))
            if len(batch) >= self.size:
                yield batch
                batch = []
        self.total = seen
        if batch:
            yield batch


def processing_options(settings: Settings) -> dict[str, Any]:
    """`process_fetched`'s keyword options as the settings give them."""
    return {
        "max_body_bytes": settings.max_body_bytes,
        "max_html_bytes": settings.extract_max_html_bytes,
        "extract_timeout": settings.extract_timeout,
        "triage": settings.triage,
        "executor": settings.nlp_executor,
        "workers": settings.nlp_workers,
        "batch_size": settings.nlp_batch_size,
        "dask_address": settings.dask_address,
    }


def _add_seconds(counts: ProcessCounts, stage: str, seconds: float) -> None:
    counts.cpu_seconds[stage] = round(counts.cpu_seconds.get(stage, 0.0) + seconds, 6)


def _store_batch(
    results: list[Analysed],
    sources: Mapping[str, SourceInfo],
    s: Session,
    ledger: Ledger,
    counts: ProcessCounts,
    skipped: Counter[str],
) -> None:
    """A batch of analysed pages -> store, in the session `s`. New metadata-only articles
    that need no per-row decision are inserted together (`tipwatch.store.bulk`); every other
    page goes through `_store_one`. The stored rows are the same as page by page."""
    candidates = [
        item
        for item in results
        if item.unreadable is None
        and item.skip is None
        and item.article is not None
        and item.extraction is not None
        and item.article.metadata_only
        and (item.job.source_id or "") in sources
    ]
    plain: set[int] = set()
    if candidates:
        news = [
            bulk.NewArticle(c.article, c.extraction, c.job.warc_path, c.job.offset)  # type: ignore[arg-type]
            for c in candidates
        ]
        fetched = ledger.plain_fetched([c.job.url for c in candidates], session=s)
        # a URL twice in a batch is left to the page-by-page path
        urls = Counter(item.job.url for item in results)
        plain = {
            id(c)
            for c, ok in zip(candidates, bulk.plain_new(s, news), strict=True)
            if ok and c.job.url in fetched and urls[c.job.url] == 1
        }
    quick = [item for item in results if id(item) in plain]
    if quick:
        bulk.insert_new(
            s,
            [
                bulk.NewArticle(i.article, i.extraction, i.job.warc_path, i.job.offset)  # type: ignore[arg-type]
                for i in quick
            ],
        )
        ledger.mark_stored_many(
            [(i.job.url, i.article.article_id, i.job.source_id) for i in quick if i.article],
            session=s,
        )
        for item in quick:
            assert item.article is not None and item.extraction is not None
            extraction = item.extraction
            counts.pages += 1
            counts.articles += 1
            counts.new_articles += 1
            counts.not_relevant += int(extraction.skipped == NOT_RELEVANT)
            if extraction.skipped:
                skipped[f"nlp:{extraction.skipped}"] += 1
            log.info(
                "article.processed",
                source_id=item.job.source_id,
                article_id=item.article.article_id,
                is_case=False,
                perpetrators=0,
                skipped=extraction.skipped,
            )
    for item in results:
        if id(item) not in plain:
            _store_one(item, sources, s, ledger, counts, skipped)


def _store_one(
    item: Analysed,
    sources: Mapping[str, SourceInfo],
    s: Session,
    ledger: Ledger,
    counts: ProcessCounts,
    skipped: Counter[str],
    *,
    retry: bool = False,
) -> None:
    """One analysed page -> store (+ outbox) and URL ledger, inside the session `s`.

    Every page ends as an article or as a named skip in the store, and its URL as `stored`,
    `duplicate_of` or `skipped` in the URL ledger in that same transaction; nothing is dropped
    silently. An article that was taken down (tombstoned) becomes an `article:suppressed` skip,
    its text never stored.

    A re-fetched update (ledger reason `updated`) whose text is unchanged (same content hash)
    only goes back to `stored`; a changed one replaces the article's text under the same id
    (the earlier version recorded in `article_versions`) with the new extraction, and a reviewed
    case is reopened (`save_extraction`).
    """
    job = item.job
    url = job.url
    if retry and _already_done(ledger, url, s):
        return
    if item.unreadable is not None:
        if item.not_ready:
            counts.not_ready += 1
            return
        ledger.requeue(url, "warc_unreadable", item.unreadable, session=s)
        skipped["ledger:warc_unreadable"] += 1
        log.warning("page.requeued", url=url, warc_path=job.warc_path, error=item.unreadable)
        return
    counts.pages += 1
    if item.skip is not None:
        _record(s, ledger, url, item.page_source_id or job.source_id, item.skip, skipped)
        return
    result, extraction = item.article, item.extraction
    assert result is not None and extraction is not None
    source = sources[job.source_id or ""]
    tombstone = is_tombstoned(s, result.canonical_url, result.content_hash)
    if tombstone is not None:
        _record(s, ledger, url, source.id, suppressed_skip(result, tombstone), skipped)
        return
    unchanged = False
    first = s.get(ArticleRow, result.article_id)
    entry = ledger.get(url, session=s)
    update = entry is not None and is_update(entry)
    if first is not None and first.url != result.url:
        # Another URL already gave this article (same canonical URL).
        original: str | None = result.article_id
    elif first is not None and update:
        # A new version of this very article, not a copy of another one.
        original = None
        unchanged = first.content_hash == result.content_hash and first.suppressed_at is None
        if unchanged:
            ledger.mark_stored(url, first.id, source_id=source.id, session=s)
    else:
        # The same text stored under another canonical URL (an exact copy).
        original = exact_duplicate_of(s, result.content_hash, result.canonical_url)
    if original is not None:
        ledger.mark_duplicate(url, original, source_id=source.id, session=s)
        counts.duplicates += 1
        log.info("page.duplicate", url=url, duplicate_of=original)
        return
    if unchanged:
        counts.unchanged += 1
        log.info("article.unchanged", url=url, article_id=result.article_id)
        return
    try:
        with s.begin_nested():
            row, created = save_article(
                s,
                result,
                extraction,
                warc_path=job.warc_path,
                warc_offset=job.offset,
                fingerprint=item.fingerprint,
            )
            case_id = save_extraction(s, row, extraction)
            ledger.mark_stored(url, row.id, source_id=source.id, session=s)
    except ArticleSuppressed as exc:
        # Taken down meanwhile: nothing of this article was stored.
        _record(s, ledger, url, source.id, suppressed_skip(result, exc.tombstone), skipped)
        return
    counts.articles += 1
    counts.new_articles += int(created)
    counts.updated += int(update and not created)
    counts.cases += int(case_id is not None and extraction.is_case)
    counts.not_extracted += int(case_id is not None and not extraction.is_case)
    counts.not_relevant += int(extraction.skipped == NOT_RELEVANT)
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


def _already_done(ledger: Ledger, url: str, s: Session) -> bool:
    entry = ledger.get(url, session=s)
    return entry is not None and entry.state != FETCHED


def _record(
    s: Session,
    ledger: Ledger,
    url: str,
    source_id: str | None,
    skip: Skipped,
    skipped: Counter[str],
) -> None:
    """A named, counted skip: stored, and the URL marked skipped in the same transaction."""
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
