"""The whole pipeline from the command line: `tipwatch run` (crawl real sources and process
them), `tipwatch ingest-warc` (backfill from WARC files) and `tipwatch reextract` (re-run the
extraction and NLP on every stored article). Prefect and the crawler are imported inside each
command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tipwatch.cli.common import DataDir, fail, load_settings
from tipwatch.cli.exit_codes import ExitCode

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
    from tipwatch.crawlers.source_defs import load_sources, resolve_sources_dir
    from tipwatch.flows.pipeline import pipeline
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
    result = pipeline(chosen, settings)
    typer.echo(coverage_text(result.coverage))
    if result.assertion_violations:
        for problem in result.assertion_violations:
            typer.echo(f"ASSERTION FAILED: {problem}", err=True)
        raise typer.Exit(ExitCode.ASSERTION_FAILED)


def ingest_warc(
    files: Annotated[list[Path], typer.Argument(help="WARC files (gzip per record), e.g. CC-NEWS")],
    sources: SourcesOption = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Attribute records of unknown hosts to this id")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Backfill from WARC files through the same pipeline (files are referenced in place)."""
    from tipwatch.crawlers.source_defs import load_sources, resolve_sources_dir
    from tipwatch.flows.backfill import ingest_warc as ingest_warc_flow

    settings = load_settings(data_dir)
    result = ingest_warc_flow(
        files,
        load_sources(resolve_sources_dir(sources, settings.sources_dir)),
        settings,
        source_id=source,
    )
    c = result.counts
    skipped = {**result.skipped, **c.skipped}
    typer.echo(
        f"{result.records} response records in {result.files} files: {result.queued} queued, "
        f"{result.already_known} already known; {c.articles} articles, {c.cases} case reports, "
        f"{c.duplicates} duplicates; skipped: "
        + (", ".join(f"{k}={v}" for k, v in sorted(skipped.items())) or "none")
    )


def reextract(data_dir: DataDir = None) -> None:
    """Re-run article extraction and the NLP on every stored article from the WARC archive."""
    from tipwatch.flows.backfill import reextract as reextract_flow

    r = reextract_flow(load_settings(data_dir))
    typer.echo(
        f"re-extracted {r.articles} articles ({r.unreadable} unreadable); cases "
        f"{r.cases_before} -> {r.cases_after} ({r.changed_case_decision} changed)"
    )
