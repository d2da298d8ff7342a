"""The CPU-bound half of processing a fetched page: WARC record -> article -> extraction.

`analyse_batch` reads a batch of archived pages and runs the article and NLP stages on each; it
touches no store, so batches run anywhere: in the calling process, in worker processes
(`flows/executors.py`), or on a Dask cluster through Prefect's Dask task runner. The caller
stores the results, one transaction per batch (`flows/steps.py`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from tipwatch.crawlers.warc import (
    DEFAULT_MAX_BODY_BYTES,
    OPEN_SUFFIX,
    WarcError,
    WarcRecordTooLarge,
    read_page_at,
)
from tipwatch.nlp.article import EXTRACT_TIMEOUT, MAX_HTML_BYTES, page_to_article
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.relevance import SAFE_THRESHOLD
from tipwatch.records import (
    Article,
    Extraction,
    FetchedPage,
    Skipped,
)
from tipwatch.store.dedupe import Fingerprint, fingerprint_of

# Stage names of `Analysed.seconds` (CPU seconds in the process that ran the stage).
READ, ARTICLE, NLP, FINGERPRINT = "read_warc", "article", "nlp", "fingerprint"


@dataclass(frozen=True)
class PageJob:
    """One archived page to analyse, as the URL ledger knows it."""

    url: str
    source_id: str | None
    warc_path: str
    offset: int
    # The page's outlet's country, None when the source is unknown (then not analysed).
    country: str | None
    known_source: bool
    # The record's digests were verified this run when it was queued (`FetchedRef.verified`):
    # read again without recomputing them (the gzip CRC is still checked).
    digests_verified: bool = False


@dataclass(frozen=True)
class AnalyseOptions:
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_html_bytes: int = MAX_HTML_BYTES
    extract_timeout: float | None = EXTRACT_TIMEOUT
    case_threshold: float = 0.5
    # Decide pages that name no trafficking wording from their markup (`nlp/triage.py`).
    triage: bool = True
    # The extractor to run (sent to the workers with each batch; its spaCy pipeline is cached
    # per process); None: a plain `CaseExtractor` with `case_threshold`.
    extractor: CaseExtractor | None = None
    # The languages whose pipelines the workers' fork server loads before they fork (None:
    # every registered language; see `flows/forkserver.py:preload_languages`).
    preload_languages: tuple[str, ...] | None = None


@dataclass
class Analysed:
    """What became of one job: an article with its extraction, a named skip, or a WARC record
    that could not be read (`unreadable`, with `not_ready` when its WARC is still being written)."""

    job: PageJob
    page_source_id: str | None = None
    article: Article | None = None
    extraction: Extraction | None = None
    skip: Skipped | None = None
    unreadable: str | None = None
    not_ready: bool = False
    # The article text's near-duplicate fingerprint (None for a metadata-only article).
    fingerprint: Fingerprint | None = None
    seconds: dict[str, float] = field(default_factory=dict)


_EXTRACTORS: dict[float, CaseExtractor] = {}


def _extractor(threshold: float) -> CaseExtractor:
    """One extractor per process and threshold (its spaCy pipeline loads on first use)."""
    if threshold not in _EXTRACTORS:
        _EXTRACTORS[threshold] = CaseExtractor(case_threshold=threshold)
    return _EXTRACTORS[threshold]


def _read(job: PageJob, options: AnalyseOptions) -> FetchedPage:
    page = read_page_at(
        Path(job.warc_path),
        job.offset,
        max_body_bytes=options.max_body_bytes,
        check_digests=not job.digests_verified,
    )
    if job.source_id and page.source_id != job.source_id:
        # Records of other archives (ingested WARCs) carry no tipwatch source id.
        page = page.model_copy(update={"source_id": job.source_id})
    return page


def analyse_one(job: PageJob, options: AnalyseOptions) -> Analysed:
    return analyse_batch([job], options)[0]


def _to_article(job: PageJob, options: AnalyseOptions) -> Analysed:
    """Read the job's WARC record and make its article (or its skip): no NLP yet."""
    out = Analysed(job=job)
    t0 = time.process_time()
    try:
        page = _read(job, options)
    except WarcRecordTooLarge as exc:
        out.skip = Skipped(
            stage="ingest",
            reason="too_large",
            url=job.url,
            source_id=job.source_id,
            detail=str(exc),
        )
        return out
    except WarcError as exc:
        path = Path(job.warc_path)
        out.unreadable = str(exc)
        out.not_ready = path.with_name(path.name + OPEN_SUFFIX).exists()
        return out
    finally:
        out.seconds[READ] = time.process_time() - t0
    out.page_source_id = page.source_id
    if not job.known_source:
        out.skip = Skipped(
            stage="article", reason="unknown_source", url=page.url, source_id=page.source_id
        )
        return out
    t1 = time.process_time()
    result = page_to_article(
        page,
        job.country,
        max_html_bytes=options.max_html_bytes,
        timeout=options.extract_timeout,
        triage=options.triage and options.case_threshold > SAFE_THRESHOLD,
    )
    out.seconds[ARTICLE] = time.process_time() - t1
    if isinstance(result, Skipped):
        out.skip = result
    else:
        out.article = result
    return out


def analyse_batch(jobs: list[PageJob], options: AnalyseOptions) -> list[Analysed]:
    """Analyse every job of a batch, in order (one result per job): articles first, then the
    NLP stage over the batch's articles together (spaCy reads its texts with `nlp.pipe`)."""
    results = [_to_article(job, options) for job in jobs]
    with_article = [r for r in results if r.article is not None]
    if with_article:
        extractor = options.extractor or _extractor(options.case_threshold)
        t = time.process_time()
        extractions = extractor.extract_articles([r.article for r in with_article if r.article])
        share = (time.process_time() - t) / len(with_article)
        for r, extraction in zip(with_article, extractions, strict=True):
            r.extraction = extraction
            r.seconds[NLP] = share
    for r in with_article:
        if r.article is not None and not r.article.metadata_only:
            t3 = time.process_time()
            r.fingerprint = fingerprint_of(r.article.text)
            r.seconds[FINGERPRINT] = time.process_time() - t3
    return results
