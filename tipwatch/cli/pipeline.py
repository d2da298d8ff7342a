"""The whole pipeline from the command line: `tipwatch run` (crawl real sources and process
them), `tipwatch ingest-warc` (backfill from WARC files) and `tipwatch reextract` (re-run the
extraction and NLP on every stored article). Prefect and the crawler are imported inside each
command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tipwatch.cli.common import (
    DataDir,
    check_store,
    fail,
    load_settings,
    stoppable,
    store_write_errors,
)
from tipwatch.cli.exit_codes import ExitCode
from tipwatch.cli.progress_bars import progress_bars

if TYPE_CHECKING:
    from tipwatch.settings import Settings


@contextmanager
def exclusive_run(settings: Settings) -> Iterator[None]:
    """Hold the data folder's run lock for the command (taken before Prefect starts); a second
    run gets one line and exit code BUSY."""
    from tipwatch.flows.run_guard import RunBusy, held_run

    check_store(settings)  # a damaged store: one line, exit DAMAGED (before the lock opens it)
    stack = ExitStack()
    try:
        stack.enter_context(held_run(settings))
    except RunBusy as exc:
        raise fail(str(exc), ExitCode.BUSY) from None
    with stack, store_write_errors(settings):
        yield


SourcesOption = Annotated[
    Path | None,
    typer.Option("--sources", help="Folder of source YAML files (default: the registry)"),
]


def run(
    sources: SourcesOption = None,
    only: Annotated[list[str] | None, typer.Option("--only", help="Source id (repeatable)")] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="ISO alpha-2 (repeatable)")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Crawl real sources (all, or those chosen) and run the whole pipeline once."""
    from tipwatch.crawlers.run import CrawlError
    from tipwatch.crawlers.source_defs import load_sources, resolve_sources_dir
    from tipwatch.flows.pipeline import pipeline
    from tipwatch.stopping import sigint_stops, terminate_as_exit
    from tipwatch.tables import coverage_text

    settings = load_settings(data_dir)
    countries = {c.upper() for c in country or []}
    chosen = [
        s
        for s in load_sources(resolve_sources_dir(sources, settings.sources_dir))
        if (not only or s.id in only) and (not countries or s.country in countries)
    ]
    if not chosen:
        raise fail("no source matches --only/--country")
    with exclusive_run(settings), terminate_as_exit(), sigint_stops(), progress_bars():
        try:
            result = pipeline(chosen, settings)
        except CrawlError as exc:
            # Retried already if it was transient; the run row says `failed` with this reason.
            raise fail(f"the crawl failed: {exc}", ExitCode.FAILURE) from None
        except KeyboardInterrupt:
            # The second Ctrl-C: stopped at once. The ledger is exact (a page is `fetched` only
            # once in a WARC, `processed` only once stored): the next run goes on from there.
            raise fail(
                "stopped at once (Ctrl-C twice); the run row says `interrupted`. Pages fetched "
                "but not processed and URLs not fetched are picked up by the next `tipwatch run`.",
                ExitCode.INTERRUPTED,
            ) from None
    typer.echo(coverage_text(result.coverage))
    if result.all_sources_failed:
        first = f" (first: {result.crawl_errors[0]})" if result.crawl_errors else ""
        typer.echo(
            f"error: every source failed: no article found on {len(result.failed_sources)} "
            f"sources, {result.crawl_report.get('errors', 0)} crawl errors{first}; the run is "
            "recorded as failed (check the network, or the feeds with `tipwatch sources check`)",
            err=True,
        )
        raise typer.Exit(ExitCode.FAILURE)
    if result.interrupted:
        c = result.counts
        typer.echo(
            f"Stopped (Ctrl-C) after fetching {result.crawl_report.get('pages_fetched', 0)} "
            f"pages: {c.articles} articles processed, {c.cases} case reports; "
            f"{result.pending_urls} URLs left pending for the next `tipwatch run`.",
            err=True,
        )
        raise typer.Exit(ExitCode.INTERRUPTED)
    if result.assertion_violations:
        for problem in result.assertion_violations:
            typer.echo(f"ASSERTION FAILED: {problem}", err=True)
        raise typer.Exit(ExitCode.ASSERTION_FAILED)


def ingest_warc(
    files: Annotated[list[Path], typer.Argument(help="WARC files (gzip per record), e.g. CC-NEWS")],
    sources: SourcesOption = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help=(
                "Attribute to this registry source id the records of its own registrable domain "
                "(any subdomain of its homepage, feeds, sitemaps and sections); records of "
                "other hosts still go to their registry source or to a provisional outlet"
            ),
        ),
    ] = None,
    pin_all: Annotated[
        bool,
        typer.Option(
            "--pin-all",
            help=(
                "With --source: attribute every record without a tipwatch source header to "
                "that source, whatever its host (a WARC known to hold one outlet only)"
            ),
        ),
    ] = False,
    data_dir: DataDir = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the result (counts, skips, CPU seconds per stage) as JSON"
        ),
    ] = False,
) -> None:
    """Backfill from WARC files through the same pipeline (files are referenced in place).

    A record goes to the registry source of its host; a host outside the registry is kept as a
    provisional outlet of its registrable domain, with its country inferred from the domain or
    the page metadata (see `tipwatch sources provisional`, adopt with `tipwatch sources adopt`).
    """
    from tipwatch.crawlers.source_defs import load_sources, resolve_sources_dir
    from tipwatch.flows import start_prefect_server_early
    from tipwatch.flows.forkserver import ingest_languages, start_early, will_use_workers

    settings = load_settings(data_dir)
    if pin_all and source is None:
        raise fail("--pin-all needs --source ID (the source to attribute every record to)")
    registry = load_sources(resolve_sources_dir(sources, settings.sources_dir))
    if source is not None and source not in {s.id for s in registry}:
        raise fail(f"--source {source}: no such source id in the registry")
    with exclusive_run(settings), stoppable("ingest-warc"), progress_bars():
        # The slow starts first, side by side: the workers' fork server (the spaCy load) and
        # Prefect's temporary server, while this process imports its stages.
        if will_use_workers(settings, files):
            start_early(settings.case_threshold, ingest_languages(registry, source, pin_all))
        server_up = start_prefect_server_early()
        from tipwatch.crawlers.warc import iter_records
        from tipwatch.flows.backfill import ingest_warc as ingest_warc_flow

        # Every file must open and start like a WARC before the pipeline starts: a wrong path or
        # a file that is no WARC is one line (WarcError, see cli/errors.py), not a failed run.
        for path in files:
            next(iter(iter_records(path, max_body_bytes=settings.max_body_bytes)), None)
        server_up()
        result = ingest_warc_flow(files, registry, settings, source_id=source, pin_all=pin_all)
    if as_json:
        typer.echo(result.model_dump_json())
        return
    c = result.counts
    skipped = {**result.skipped, **c.skipped}
    typer.echo(
        f"{result.records} response records in {result.files} files: {result.queued} queued, "
        f"{result.already_known} already known; {c.articles} articles, {c.cases} case reports, "
        f"{c.duplicates} duplicates; skipped: "
        + (", ".join(f"{k}={v}" for k, v in sorted(skipped.items())) or "none")
    )
    if result.attributed.get("provisional"):
        typer.echo(
            f"{result.attributed['provisional']} records of hosts outside the registry kept "
            f"under {result.provisional_outlets} provisional outlets (counted apart in "
            "coverage): see `tipwatch sources provisional`, adopt with `tipwatch sources adopt`"
        )


def reextract(data_dir: DataDir = None) -> None:
    """Re-run article extraction and the NLP on every stored article from the WARC archive."""
    from tipwatch.flows.backfill import reextract as reextract_flow

    settings = load_settings(data_dir)
    with exclusive_run(settings), stoppable("reextract"), progress_bars():
        r = reextract_flow(settings)
    typer.echo(
        f"re-extracted {r.articles} articles ({r.unreadable} unreadable); cases "
        f"{r.cases_before} -> {r.cases_after} ({r.changed_case_decision} changed)"
    )
