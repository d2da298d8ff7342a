"""The `tipwatch` command line: one sub-command per stage, and the whole run."""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path
from typing import Annotated

import typer

from tipwatch import logs
from tipwatch.settings import Settings, get_settings

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
index_app = typer.Typer(no_args_is_help=True, help="Search index: sync from the outbox, rebuild.")
users_app = typer.Typer(no_args_is_help=True, help="Review UI accounts.")
db_app = typer.Typer(no_args_is_help=True, help="Store of record: schema migrations.")
app.add_typer(index_app, name="index")
app.add_typer(users_app, name="users")
app.add_typer(db_app, name="db")

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Working folder (TIPWATCH_DATA_DIR; default var/)"),
]


def _settings(data_dir: Path | None, **overrides: object) -> Settings:
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    settings = get_settings(**overrides)
    logs.configure(json=settings.log_json)
    return settings


def _register_stage_commands() -> None:
    from tipwatch.crawlers.commands import register as register_sources
    from tipwatch.nlp.commands import register as register_nlp
    from tipwatch.screening.commands import register as register_screening

    register_nlp(app)
    register_sources(app)
    register_screening(app)


_register_stage_commands()


@app.command()
def demo(
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Stop after the summary (also TIPWATCH_NO_SERVE=1)")
    ] = False,
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Real source YAML folder: crawl real sites"),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Serve the bundled fictional news site, crawl it, run the pipeline, print the summary,
    then serve the review UI."""
    from tipwatch.demo.run import run_demo

    settings = _settings(data_dir)
    code = run_demo(settings, sources_dir=sources, serve=not (no_serve or settings.no_serve))
    raise typer.Exit(code)


@app.command()
def run(
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Folder of source YAML files (default: the registry)"),
    ] = None,
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

    settings = _settings(data_dir)
    chosen = [
        s
        for s in load_sources(resolve_sources_dir(sources, settings.sources_dir))
        if (not only or s.id in only) and (not country or s.country in {c.upper() for c in country})
    ]
    if not chosen:
        typer.echo("error: no source matches --only/--country", err=True)
        raise typer.Exit(2)
    result = pipeline(chosen, settings)
    typer.echo(coverage_text(result.coverage))
    if result.assertion_violations:
        for problem in result.assertion_violations:
            typer.echo(f"ASSERTION FAILED: {problem}", err=True)
        raise typer.Exit(3)


@app.command("ingest-warc")
def ingest_warc_command(
    files: Annotated[list[Path], typer.Argument(help="WARC files (gzip per record), e.g. CC-NEWS")],
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Folder of source YAML files (default: the registry)"),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Attribute records of unknown hosts to this id")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Backfill from WARC files through the same pipeline (files are referenced in place)."""
    from tipwatch.crawlers.source_defs import load_sources, resolve_sources_dir
    from tipwatch.flows.backfill import ingest_warc

    settings = _settings(data_dir)
    result = ingest_warc(
        files,
        load_sources(resolve_sources_dir(sources, settings.sources_dir)),
        settings,
        source_id=source,
    )
    c = result.counts
    typer.echo(
        f"{result.records} response records in {result.files} files: {result.queued} queued, "
        f"{result.already_known} already known; {c.articles} articles, {c.cases} case reports, "
        f"{c.duplicates} duplicates; skipped: "
        + (
            ", ".join(f"{k}={v}" for k, v in sorted({**result.skipped, **c.skipped}.items()))
            or "none"
        )
    )


@app.command()
def reextract(data_dir: DataDir = None) -> None:
    """Re-run article extraction and the NLP on every stored article from the WARC archive."""
    from tipwatch.flows.backfill import reextract as reextract_flow

    r = reextract_flow(_settings(data_dir))
    typer.echo(
        f"re-extracted {r.articles} articles ({r.unreadable} unreadable); cases "
        f"{r.cases_before} -> {r.cases_after} ({r.changed_case_decision} changed)"
    )


@app.command()
def coverage(
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the coverage report as JSON here")
    ] = None,
    today: Annotated[
        str | None, typer.Option("--today", help="As-of date YYYY-MM-DD (default: today, UTC)")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Print the per-country coverage table and the coverage-bias report."""
    from datetime import UTC, date, datetime

    from tipwatch.coverage import coverage_table
    from tipwatch.metrics.build import build_report
    from tipwatch.metrics.render import report_text
    from tipwatch.store.db import Store
    from tipwatch.tables import coverage_text

    try:
        as_of = date.fromisoformat(today) if today else datetime.now(UTC).date()
    except ValueError as exc:
        typer.echo(f"error: --today must be YYYY-MM-DD, got {today!r}", err=True)
        raise typer.Exit(2) from exc
    settings = _settings(data_dir)
    store = Store(settings.resolved_database_url)
    with store.session() as s:
        rows = coverage_table(s)
        report = build_report(s, today=as_of)
    store.dispose()
    typer.echo(coverage_text(rows))
    typer.echo("")
    typer.echo(report_text(report))
    if json_out:
        json_out.write_text(json.dumps(report.model_dump(mode="json"), indent=2), encoding="utf-8")


@app.command()
def serve(data_dir: DataDir = None) -> None:
    """Serve the review UI."""
    from tipwatch.demo.run import serve_ui
    from tipwatch.store.db import Store

    settings = _settings(data_dir)
    serve_ui(settings, Store(settings.resolved_database_url))


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words to find (names, places, charges)")] = "",
    country: Annotated[str | None, typer.Option(help="Jurisdiction country, ISO alpha-2")] = None,
    status: Annotated[str | None, typer.Option(help="A perpetrator's legal status")] = None,
    category: Annotated[str | None, typer.Option(help="Charge category")] = None,
    outlet: Annotated[str | None, typer.Option(help="Source (outlet) id")] = None,
    language: Annotated[str | None, typer.Option(help="Article language")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    facets: Annotated[bool, typer.Option("--facets", help="Print facet counts instead")] = False,
    limit: int = 20,
    data_dir: DataDir = None,
) -> None:
    """Search the index (JSON lines out): full text over names, titles and bodies, with exact
    filters; `--facets` prints counts per country, status, charge category, outlet, language."""
    from pydantic import ValidationError

    from tipwatch.index.base import SearchQuery
    from tipwatch.index.factory import opened_index

    try:
        query = SearchQuery(
            text=text,
            country=country.upper() if country else None,
            status=status,
            charge_category=category,
            source_id=outlet,
            language=language,
            date_from=date_from,
            date_to=date_to,
            limit=limit,
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        typer.echo(f"error: {'.'.join(str(p) for p in err['loc'])}: {err['msg']}", err=True)
        raise typer.Exit(2) from exc
    from tipwatch.index.engine_client import EngineDown

    settings = _settings(data_dir)
    try:
        with opened_index(settings) as index:
            if facets:
                typer.echo(json.dumps(index.facets(query), sort_keys=True))
                return
            for hit in index.search(query):
                typer.echo(hit.model_dump_json())
    except EngineDown as exc:
        typer.echo(f"error: search engine at {settings.search_url} unreachable: {exc}", err=True)
        raise typer.Exit(3) from exc


@index_app.command("sync")
def index_sync(data_dir: DataDir = None) -> None:
    """Apply pending outbox rows to the search index."""
    from tipwatch.index.factory import opened_index
    from tipwatch.index.sync import sync_outbox
    from tipwatch.store.db import Store

    settings = _settings(data_dir)
    with opened_index(settings) as index:
        n = sync_outbox(Store(settings.resolved_database_url), index)
    typer.echo(f"synced {n} outbox rows")


@index_app.command("rebuild")
def index_rebuild(data_dir: DataDir = None) -> None:
    """Rebuild the search index from the store of record."""
    from tipwatch.index.factory import opened_index
    from tipwatch.index.sync import rebuild
    from tipwatch.store.db import Store

    settings = _settings(data_dir)
    with opened_index(settings) as index:
        n = rebuild(Store(settings.resolved_database_url), index)
    typer.echo(f"indexed {n} documents")


@db_app.command("upgrade")
def db_upgrade(data_dir: DataDir = None) -> None:
    """Apply schema migrations to the store of record."""
    from tipwatch.store.db import migrate

    settings = _settings(data_dir)
    migrate(settings.resolved_database_url)
    typer.echo("store schema is up to date")


@users_app.command("add")
def users_add(
    username: str,
    role: Annotated[str, typer.Option(help="admin, reviewer or viewer")] = "reviewer",
    password: Annotated[
        str | None, typer.Option(help="Read from stdin when '-'; generated when omitted")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Create a review UI account."""
    from tipwatch.review_ui.auth import AuthError, create_user
    from tipwatch.store.db import Store

    settings = _settings(data_dir)
    if password == "-":
        password = sys.stdin.readline().rstrip("\n")
    generated = password is None
    pw = password or secrets.token_urlsafe(12)
    store = Store(settings.resolved_database_url)
    try:
        with store.session() as s:
            create_user(s, username, pw, role)
    except AuthError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"user {username} ({role}) saved" + (f"; password: {pw}" if generated else ""))


def main() -> None:  # pragma: no cover
    app()
