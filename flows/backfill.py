"""Backfill flows: ingest any WARC file through the pipeline, and re-extract stored articles
from the WARC archive when the NLP improves. Both reuse the crawl pipeline's processing step."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path

import structlog
from prefect import flow
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from tipwatch.crawlers.ledger import FetchedRef, Ledger
from tipwatch.crawlers.source_defs import Source
from tipwatch.crawlers.warc import WarcError, WarcRecordTooLarge, iter_records
from tipwatch.flows import detach_prefect_server, one_line_prefect_failures
from tipwatch.flows.forkserver import ingest_languages
from tipwatch.flows.provisional import Attribution, host
from tipwatch.flows.run_guard import held_run
from tipwatch.flows.steps import (
    ProcessCounts,
    process_fetched,
    processing_options,
    read_ledger_page,
)
from tipwatch.index.base import SearchIndex
from tipwatch.index.factory import opened_index
from tipwatch.index.sync import sync_outbox
from tipwatch.nlp.article import page_to_article
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.relevance import SAFE_THRESHOLD
from tipwatch.progress import report
from tipwatch.records import Article, Skipped, SourceInfo, publication_country
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import CaseRow, SourceRow, UrlRow
from tipwatch.store.provisional import ProvisionalOutlet, refresh_languages
from tipwatch.store.repository import record_skip, save_article, save_extraction, upsert_sources
from tipwatch.store.takedowns import (
    ArticleSuppressed,
    TombstoneRef,
    is_tombstoned,
    suppressed_skip,
)

detach_prefect_server()
one_line_prefect_failures()
log = structlog.get_logger(__name__)


class IngestResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    files: int = 0
    records: int = 0
    queued: int = 0
    already_known: int = 0
    # Records per attribution rule: `registry` (a registry source's header or host), `pinned`
    # (`--source`), `provisional` (an outlet outside the registry, kept by domain).
    attributed: dict[str, int] = Field(default_factory=dict)
    # Provisional outlets the store has after the run (`tipwatch sources provisional`).
    provisional_outlets: int = 0
    skipped: dict[str, int] = Field(default_factory=dict)
    counts: ProcessCounts = Field(default_factory=ProcessCounts)
    indexed: int = 0


@flow(name="ingest-warc", validate_parameters=False)
def ingest_warc(
    paths: list[Path],
    sources: list[Source],
    settings: Settings,
    *,
    source_id: str | None = None,
    pin_all: bool = False,
    extractor: CaseExtractor | None = None,
) -> IngestResult:
    """Queue every response record of the WARC files in the URL ledger as fetched (the files
    are referenced in place, not copied), then process them like crawled pages.

    A record's outlet is its tipwatch source-id header's; with `source_id`, that source's for a
    record of the source's own registrable domain (for every record with `pin_all`); else the
    registry source whose homepage, feed, sitemap or section host matches the record's host;
    else a provisional outlet of the host's registrable domain (`flows/provisional.py`), counted
    apart in coverage until adopted. A host with no registrable domain (an IP address, a
    reserved name such as `.example`) is an `ingest:unknown_source` skip. Runs under the data
    folder's run lock.
    """
    if pin_all and source_id is None:
        raise ValueError("pin_all needs a source id to pin to")
    with held_run(settings):
        return _ingest_warc(
            paths, sources, settings, source_id=source_id, pin_all=pin_all, extractor=extractor
        )


def _ingest_warc(
    paths: list[Path],
    sources: list[Source],
    settings: Settings,
    *,
    source_id: str | None,
    pin_all: bool,
    extractor: CaseExtractor | None,
) -> IngestResult:
    by_id = {s.id: s for s in sources}
    if source_id is not None and source_id not in by_id:
        raise ValueError(f"unknown source id {source_id!r}")
    store = Store.from_settings(settings)
    result = IngestResult()
    skipped: Counter[str] = Counter()
    try:
        with store.session() as s:
            upsert_sources(s, sources)
        attribution = Attribution(
            by_id, store, pin=by_id[source_id] if source_id else None, pin_all=pin_all
        )
        outlets: dict[str, SourceInfo] = dict(by_id)
        provisional: list[ProvisionalOutlet] = []

        def fetched_refs() -> Iterator[FetchedRef]:
            """The pages to process, while the files are read: what earlier runs left
            `fetched` for registry outlets, then each registry outlet's new records once queued
            (processed while the rest is read); provisional outlets' records after the last
            file, when their country has been voted on."""
            ledger = Ledger(store)
            yield from ledger.fetched(list(by_id))
            queue: list[tuple[str, str, str, int]] = []
            for path in paths:
                yield from _read_file(Path(path).resolve(), queue)
            yield from _queue(ledger, store, queue, result, by_id)
            provisional.extend(attribution.settle())
            outlets.update({p.id: p for p in provisional if p.id not in by_id})
            yield from ledger.fetched([p.id for p in provisional if p.id not in by_id])

        def _read_file(path: Path, queue: list[tuple[str, str, str, int]]) -> Iterator[FetchedRef]:
            ledger = Ledger(store)
            result.files += 1
            for offset, item in iter_records(path, max_body_bytes=settings.max_body_bytes):
                if isinstance(item, WarcError):
                    # Over the crawler's maximum body (e.g. a decompression bomb: never
                    # inflated) or corrupt: counted, and reading goes on with the next record.
                    reason = (
                        "too_large" if isinstance(item, WarcRecordTooLarge) else "corrupt_record"
                    )
                    skipped[f"ingest:{reason}"] += 1
                    with store.session() as s:
                        record_skip(s, Skipped(stage="ingest", reason=reason, detail=str(item)))
                    continue
                for page in item:
                    result.records += 1
                    report("reading WARC", result.records, None)
                    sid = attribution.source_for(page)
                    if sid is None:
                        skipped["ingest:unknown_source"] += 1
                        with store.session() as s:
                            record_skip(
                                s,
                                Skipped(
                                    stage="ingest",
                                    reason="unknown_source",
                                    url=page.final_url,
                                    detail=(
                                        f"{path}@{offset}: host {host(page.final_url)!r} has "
                                        "no registrable domain"
                                    ),
                                ),
                            )
                        continue
                    queue.append((page.final_url, sid, str(path), offset))
                    if len(queue) >= _QUEUE_BATCH:
                        yield from _queue(ledger, store, queue, result, by_id)

        with opened_index(settings) as index:
            as_we_go = IndexAsWeGo(store, index)
            result.counts = process_fetched(
                outlets,
                extractor or CaseExtractor.from_settings(settings),
                store,
                refs=fetched_refs(),
                after_batch=as_we_go,
                preload_languages=ingest_languages(sources, source_id, pin_all),
                **processing_options(settings),
            )
            result.attributed = dict(attribution.counts)
            result.provisional_outlets = len(provisional)
            result.skipped = dict(skipped)
            with store.session() as s:
                refresh_languages(s, [p.id for p in provisional])
            result.indexed = as_we_go.synced + sync_outbox(store, index)
        log.info("ingest.done", **result.model_dump(exclude={"counts"}))
        return result
    finally:
        store.dispose()


# Records queued in the URL ledger per transaction.
_QUEUE_BATCH = 500
# Pages processed between two index syncs while a run goes on.
SYNC_EVERY = 2000


class IndexAsWeGo:
    """Sync the outbox to the index every `SYNC_EVERY` pages while pages are still processed
    (called after each stored batch): the index work overlaps the workers' instead of
    following it, and the run's last sync has little left. A failed sync (engine down) is
    logged and ends syncing for the run: the rows stay in the outbox, and the run's last sync
    reports the failure as before."""

    def __init__(self, store: Store, index: SearchIndex) -> None:
        self.store = store
        self.index = index
        self.synced = 0
        self._at = 0
        self._failed = False

    def __call__(self, done: int) -> None:
        if self._failed or done - self._at < SYNC_EVERY:
            return
        self._at = done
        try:
            self.synced += sync_outbox(self.store, self.index)
        except Exception as exc:  # noqa: BLE001 - kept in the outbox, reported at the end
            self._failed = True
            log.warning("index.sync_deferred", error=str(exc))


def _queue(
    ledger: Ledger,
    store: Store,
    queue: list[tuple[str, str, str, int]],
    result: IngestResult,
    registry: Mapping[str, Source],
) -> list[FetchedRef]:
    """Record the queued records' URLs as fetched at their (file, offset), in one transaction;
    a URL the ledger already has past `pending` counts as already known. Returns the records
    of `registry` outlets now fetched (to process at once)."""
    if not queue:
        return []
    ledger.discover([(url, sid) for url, sid, _path, _offset in queue])
    ready: list[FetchedRef] = []
    with store.session() as s:
        marked = ledger.mark_fetched_many(
            [(url, path, offset, sid) for url, sid, path, offset in queue], session=s
        )
        for (url, sid, path, offset), fetched in zip(queue, marked, strict=True):
            if fetched:
                result.queued += 1
                if sid in registry:
                    ready.append(FetchedRef(url, sid, path, offset, verified=True))
            else:
                result.already_known += 1
    queue.clear()
    return ready


class ReextractResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: int = 0
    unreadable: int = 0
    # Articles taken down (tombstoned): recorded as `reextract:suppressed` skips, not stored.
    suppressed: int = 0
    cases_before: int = 0
    cases_after: int = 0
    changed_case_decision: int = 0
    indexed: int = 0


def _countries_from_store(store: Store) -> dict[str, str | None]:
    """Each stored outlet's articles' country of publication (None: unknown), registry and
    provisional outlets alike."""
    with store.session() as s:
        rows = s.execute(select(SourceRow.id, SourceRow.country)).all()
        return {sid: publication_country(country) for sid, country in rows}


def _refuse_suppressed(store: Store, article: Article, known: TombstoneRef | None) -> bool:
    """Record a `reextract:suppressed` skip when the article was taken down."""
    with store.session() as s:
        row = None if known else is_tombstoned(s, article.canonical_url, article.content_hash)
        tombstone = known or (TombstoneRef.of(row) if row is not None else None)
        if tombstone is None:
            return False
        record_skip(s, suppressed_skip(article, tombstone, stage="reextract"))
    log.info("reextract.suppressed", url=article.url, tombstone=tombstone.id)
    return True


@flow(name="reextract", validate_parameters=False)
def reextract(settings: Settings, *, extractor: CaseExtractor | None = None) -> ReextractResult:
    """Run article extraction and the NLP again on every stored article, from its archived raw
    response (WARC), so improved extraction reaches old articles. The machine's new extraction
    is kept beside the old one (one row per extractor version); cases a reviewer already
    accepted or rejected are not changed. Articles taken down are not stored again (counted in
    `suppressed`). Runs under the data folder's run lock."""
    with held_run(settings):
        return _reextract(settings, extractor)


def _reextract(settings: Settings, extractor: CaseExtractor | None) -> ReextractResult:
    store = Store.from_settings(settings)
    extractor = extractor or CaseExtractor.from_settings(settings)
    result = ReextractResult()
    try:
        countries = _countries_from_store(store)
        with store.session() as s:
            refs = [
                (u.url, u.warc_path, u.warc_offset, u.article_id, u.source_id)
                for u in s.scalars(
                    select(UrlRow).where(UrlRow.state == "stored", UrlRow.warc_path.is_not(None))
                )
            ]
            before = {c.article_id for c in s.scalars(select(CaseRow))}
        result.cases_before = len(before)
        for i, (url, warc_path, offset, article_id, source_id) in enumerate(refs):
            report("reextract", i, len(refs))
            try:
                page = read_ledger_page(
                    Path(str(warc_path)),
                    int(offset or 0),
                    source_id,
                    max_body_bytes=settings.max_body_bytes,
                )
            except WarcError as exc:
                result.unreadable += 1
                log.warning("reextract.unreadable", url=url, error=str(exc))
                continue
            article = page_to_article(
                page,
                countries.get(page.source_id or ""),
                max_html_bytes=settings.extract_max_html_bytes,
                timeout=settings.extract_timeout,
                triage=settings.triage and extractor.case_threshold > SAFE_THRESHOLD,
            )
            if isinstance(article, Skipped) or article.article_id != article_id:
                result.unreadable += 1
                continue
            if _refuse_suppressed(store, article, None):
                result.suppressed += 1
                continue
            extraction = extractor.extract_article(article)
            try:
                with store.session() as s:
                    row, _ = save_article(
                        s,
                        article,
                        extraction,
                        warc_path=warc_path,
                        warc_offset=int(offset) if offset is not None else None,
                    )
                    save_extraction(s, row, extraction)
            except ArticleSuppressed as exc:
                # Taken down while the NLP ran: the session rolled back, nothing stored.
                _refuse_suppressed(store, article, exc.tombstone)
                result.suppressed += 1
                continue
            result.articles += 1
        with store.session() as s:
            after = {c.article_id for c in s.scalars(select(CaseRow))}
            result.cases_after = len(after)
            result.changed_case_decision = len(before ^ after)
        with opened_index(settings) as index:
            result.indexed = sync_outbox(store, index)
        log.info("reextract.done", **result.model_dump())
        report("reextract", len(refs), len(refs))
        return result
    finally:
        store.dispose()
