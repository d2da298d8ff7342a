"""The `pipeline` Prefect flow: crawl -> article -> NLP -> store -> index -> coverage.

Runs locally in Prefect's ephemeral mode (no server to set up), or on the Prefect server that
PREFECT_API_URL names (`tipwatch prefect-server`). Scrapy's reactor cannot restart
in one process, so the crawl task runs each crawl in a child process (see crawlers/run.py).
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import structlog
from prefect import Task, flow, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State
from prefect.tasks import exponential_backoff
from pydantic import BaseModel, ConfigDict, Field

from tipwatch.coverage import CoverageRow, coverage_table
from tipwatch.crawlers.crawl_process import EXIT_BUSY, EXIT_UNFINISHED
from tipwatch.crawlers.run import CrawlError, CrawlResult, crawl
from tipwatch.crawlers.source_defs import Source, check_assertions
from tipwatch.flows import detach_prefect_server, one_line_prefect_failures
from tipwatch.flows.forkserver import preload_languages
from tipwatch.flows.prefect_runs import current_flow_run_ids
from tipwatch.flows.run_guard import held_run
from tipwatch.flows.run_report import publish, run_markdown, stored_by_source
from tipwatch.flows.steps import ProcessCounts, process_fetched, processing_options
from tipwatch.index.factory import opened_index
from tipwatch.index.sync import sync_outbox
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.settings import Settings
from tipwatch.stopping import STOP
from tipwatch.store.db import Store
from tipwatch.store.repository import (
    finish_crawl_run,
    record_skip,
    start_crawl_run,
    upsert_sources,
)

detach_prefect_server()
one_line_prefect_failures()
log = structlog.get_logger(__name__)


class PipelineResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    crawl_run_id: int
    warc_path: str
    crawl_report: dict[str, object] = Field(default_factory=dict)
    counts: ProcessCounts
    indexed: int
    coverage: list[CoverageRow]
    # Sources whose per-run assertions failed (e.g. no article found: a layout change?).
    assertion_violations: list[str] = Field(default_factory=list)
    # The operator stopped the run (the first Ctrl-C): fetching stopped, what was fetched was
    # processed; the URLs not fetched stay pending for the next run.
    interrupted: bool = False
    pending_urls: int = 0
    # Sources that found no article at all this run while the crawl met errors (a dead feed,
    # DNS or network failures); when that is every source the run is recorded `failed` and
    # `tipwatch run` exits non-zero: an offline run is never "ok".
    failed_sources: list[str] = Field(default_factory=list)
    all_sources_failed: bool = False
    crawl_errors: list[str] = Field(default_factory=list)
    # The run's summary (per source, skips, coverage changes), also published as the flow run's
    # Prefect markdown artifact (key `tipwatch-run`; None if Prefect could not take it).
    summary_markdown: str = ""
    prefect_artifact_id: str | None = None


# Exit codes of a crawl child that a new attempt may cure: it did not finish normally (network
# trouble, a shutdown), or another crawl held the output folder for a while.
_TRANSIENT_CHILD_EXITS = frozenset({EXIT_UNFINISHED, EXIT_BUSY})
_TRANSIENT_ERRNOS = frozenset(
    {
        errno.ECONNREFUSED,
        errno.ECONNRESET,
        errno.ECONNABORTED,
        errno.ETIMEDOUT,
        errno.EHOSTUNREACH,
        errno.ENETUNREACH,
        errno.ENETDOWN,
        errno.EAGAIN,
    }
)


def is_transient(exc: BaseException) -> bool:
    """True for failures a later attempt may not meet again: network errors, timeouts, a crawl
    child killed by a signal (OOM killer, an operator's kill) or timed out, or one that ended
    unfinished. Everything else (bad input, a child's usage error or crash, an assertion, a
    bug) is permanent: retrying would only repeat it and hide the reason."""
    if STOP.requested:  # the operator asked the run to stop: never start the crawl again
        return False
    if isinstance(exc, CrawlError):
        code = exc.returncode
        return code is None or code < 0 or code in _TRANSIENT_CHILD_EXITS
    if isinstance(exc, TimeoutError | ConnectionError):
        return True
    return isinstance(exc, OSError) and exc.errno in _TRANSIENT_ERRNOS


def retry_if_transient(task: Task[Any, Any], task_run: TaskRun, state: State[Any]) -> bool:
    """Prefect `retry_condition_fn`: retry only transient failures (`is_transient`)."""
    exc = state.data if isinstance(state.data, BaseException) else None
    if exc is None:
        exc = state.result(raise_on_failure=False)
    retry = isinstance(exc, BaseException) and is_transient(exc)
    log.warning(
        "crawl.attempt_failed",
        error=f"{type(exc).__name__}: {exc}",
        retry="transient, retried" if retry else "permanent, not retried",
    )
    return retry


@task(
    name="crawl",
    retries=3,
    retry_delay_seconds=exponential_backoff(backoff_factor=10),
    retry_jitter_factor=0.5,
    retry_condition_fn=retry_if_transient,
    timeout_seconds=3600,
    cache_policy=NO_CACHE,
)
def crawl_task(
    sources: list[Source], out_dir: Path, settings: Settings, allow_loopback: bool
) -> CrawlResult:
    # The crawl keeps the URL ledger in the flow's own store.
    return crawl(
        sources,
        out_dir,
        settings,
        allow_loopback=allow_loopback,
        store_url=settings.resolved_database_url,
    )


@task(name="extract-and-store", cache_policy=NO_CACHE)
def process_task(
    warc_path: Path | None,
    sources: list[Source],
    store: Store,
    extractor: CaseExtractor,
    settings: Settings | None = None,
) -> ProcessCounts:
    """Process every page the URL ledger has as fetched for `sources`: this crawl's WARC
    (`warc_path`) and any left by an earlier run that was killed before processing them."""
    by_id = {s.id: s for s in sources}
    if settings is None:
        return process_fetched(by_id, extractor, store)
    return process_fetched(
        by_id,
        extractor,
        store,
        preload_languages=preload_languages(lang for s in sources for lang in s.languages),
        **processing_options(settings),
    )


@task(name="index-sync", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def index_task(store: Store, settings: Settings) -> int:
    with opened_index(settings) as index:
        return sync_outbox(store, index)


@task(name="coverage", cache_policy=NO_CACHE)
def coverage_task(store: Store) -> list[CoverageRow]:
    with store.session() as s:
        return coverage_table(s)


@flow(name="pipeline", log_prints=False, validate_parameters=False)
def pipeline(
    sources: list[Source],
    settings: Settings,
    allow_loopback: bool = False,
    extractor: CaseExtractor | None = None,
) -> PipelineResult:
    """Crawl the sources, extract cases, store them, sync the index, compute coverage; under
    the data folder's run lock (`RunBusy` when another run holds it)."""
    with held_run(settings):
        return _pipeline(sources, settings, allow_loopback, extractor)


def _process_or_close(
    store: Store,
    run_id: int,
    warc_path: Path | None,
    sources: list[Source],
    extractor: CaseExtractor,
    settings: Settings,
) -> ProcessCounts:
    """Process what was fetched; a second Ctrl-C (or any failure) closes the run row first so
    no run is left `running`."""
    try:
        return process_task(warc_path, sources, store, extractor, settings)
    except BaseException as exc:
        with store.session() as s:
            finish_crawl_run(
                s,
                run_id,
                status="interrupted" if STOP.requested else "failed",
                warc_path=str(warc_path) if warc_path else None,
                pages_fetched=0,
                report={"error": f"{type(exc).__name__}: {exc}", "stage": "process"},
            )
        raise


def sources_that_failed(sources: list[Source], crawled: CrawlResult) -> list[str]:
    """Ids of the sources whose feeds, sitemaps and sections gave no article URL at all (known
    ones included) in a crawl that met errors or robots refusals: nothing was reachable."""
    troubled = crawled.errors > 0 or crawled.robots_forbidden > 0 or bool(crawled.skipped)
    if not troubled:
        return []
    return [s.id for s in sources if crawled.discovered_by_source.get(s.id, 0) == 0]


def _pending(crawled: CrawlResult | None) -> int:
    if crawled is None:
        return 0
    return int(crawled.url_states.get("pending", 0))


def _pipeline(
    sources: list[Source],
    settings: Settings,
    allow_loopback: bool,
    extractor: CaseExtractor | None,
) -> PipelineResult:
    store = Store.from_settings(settings)
    try:
        extractor = extractor or CaseExtractor.from_settings(settings)
        ids = [src.id for src in sources]
        with store.session() as s:
            upsert_sources(s, sources)
            run_id = start_crawl_run(s, ids, prefect_flow_run_ids=current_flow_run_ids())
            stored_before = stored_by_source(s, ids)
            coverage_before = coverage_table(s)
        out_dir = settings.data_dir / "warc"
        try:
            crawled = crawl_task.with_options(
                retries=settings.crawl_task_retries,
                retry_delay_seconds=exponential_backoff(settings.crawl_task_retry_delay),
            )(sources, out_dir, settings, allow_loopback)
        except BaseException as exc:
            # Stopped by the operator before the crawl wrote its report (the first Ctrl-C):
            # still process what earlier crawls fetched. Anything else fails the run.
            stop_only = STOP.requested and not STOP.forced and isinstance(exc, CrawlError)
            with store.session() as s:
                finish_crawl_run(
                    s,
                    run_id,
                    status="interrupted" if STOP.requested else "failed",
                    warc_path=None,
                    pages_fetched=0,
                    report={"error": f"{type(exc).__name__}: {exc}"},
                )
            if not stop_only:
                raise
            crawled = None
        if crawled is None:
            counts = _process_or_close(store, run_id, None, sources, extractor, settings)
            violations: list[str] = []
            failed_sources: list[str] = []
            status = "interrupted"
            report: dict[str, object] = {"interrupted": True}
            warc_path: Path | None = None
        else:
            warc_path = crawled.warc_path
            interrupted = STOP.requested or crawled.finish_reason == "shutdown"
            # An interrupted crawl saw only part of the sources: its counts prove nothing.
            violations = (
                []
                if interrupted
                else [
                    problem
                    for src in sources
                    for problem in check_assertions(
                        src, crawled.discovered_by_source.get(src.id, 0)
                    )
                ]
            )
            for problem in violations:
                log.warning("source.assertion_failed", problem=problem)
            report = crawled.model_dump(mode="json", exclude={"skips"})
            report["assertion_violations"] = violations
            report["interrupted"] = interrupted
            failed_sources = [] if interrupted else sources_that_failed(sources, crawled)
            all_failed = bool(failed_sources) and len(failed_sources) == len(sources)
            report["failed_sources"] = failed_sources
            with store.session() as s:
                for skip in crawled.skips:
                    record_skip(s, skip)
            counts = _process_or_close(store, run_id, warc_path, sources, extractor, settings)
            status = (
                "interrupted"
                if interrupted
                else "failed"
                if all_failed
                else "assertion_failed"
                if violations
                else "ok"
            )
            with store.session() as s:
                finish_crawl_run(
                    s,
                    run_id,
                    status=status,
                    warc_path=str(warc_path),
                    pages_fetched=crawled.pages_fetched,
                    report=report,
                )
        indexed = index_task(store, settings)
        coverage = coverage_task(store)
        with store.session() as s:
            stored_after = stored_by_source(s, ids)
        summary = run_markdown(
            run_id=run_id,
            status=status,
            sources=sources,
            crawl_report=report,
            skipped={
                **{f"crawl:{k}": v for k, v in (crawled.skipped if crawled else {}).items()},
                **counts.skipped,
            },
            violations=violations,
            before=stored_before,
            after=stored_after,
            coverage_before=coverage_before,
            coverage_after=coverage,
        )
        return PipelineResult(
            summary_markdown=summary,
            prefect_artifact_id=publish(summary, run_id),
            crawl_run_id=run_id,
            warc_path=str(warc_path or ""),
            crawl_report=report,
            counts=counts,
            indexed=indexed,
            coverage=coverage,
            assertion_violations=violations,
            interrupted=bool(report.get("interrupted")),
            pending_urls=_pending(crawled),
            failed_sources=failed_sources,
            all_sources_failed=bool(failed_sources) and len(failed_sources) == len(sources),
            crawl_errors=list(crawled.error_details[:5]) if crawled is not None else [],
        )
    finally:
        store.dispose()
