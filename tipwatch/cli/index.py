"""The search index: `tipwatch index sync|rebuild` and `tipwatch search` (JSON lines out)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from tipwatch.cli.common import DataDir, fail, load_settings, opened_store, require_store
from tipwatch.cli.exit_codes import ExitCode

# Quarantined outbox rows listed by `index sync` (the newest first).
QUARANTINE_LINES = 10

group = typer.Typer(no_args_is_help=True, help="Search index: sync from the outbox, rebuild.")


@group.command("sync")
def sync(data_dir: DataDir = None) -> None:
    """Apply pending outbox rows to the search index."""
    from tipwatch.index.factory import opened_index
    from tipwatch.index.fts5 import IndexDamaged
    from tipwatch.index.sync import quarantined_rows, sync_outbox

    settings = load_settings(data_dir)
    require_store(settings)  # before the index file is made beside a store that is not there
    try:
        with opened_index(settings) as index, opened_store(settings) as store:
            n = sync_outbox(store, index)
            quarantined, newest = quarantined_rows(store, limit=QUARANTINE_LINES)
    except IndexDamaged as exc:
        raise fail(str(exc), ExitCode.DAMAGED) from exc
    typer.echo(f"synced {n} outbox rows")
    if quarantined:
        # Refused by the index for good (a mapping conflict, a document too large): these cases
        # are not searchable until the cause is fixed and `tipwatch index rebuild` is run.
        typer.echo(
            f"error: {quarantined} outbox rows are quarantined (refused by the index; not "
            "searchable): fix the cause, then run `tipwatch index rebuild`",
            err=True,
        )
        for row in newest:
            typer.echo(f"  {row.doc_id}  {row.at:%Y-%m-%dT%H:%M:%SZ}  {row.reason}", err=True)
        if quarantined > len(newest):
            typer.echo(f"  ... and {quarantined - len(newest)} more", err=True)
        raise typer.Exit(ExitCode.FAILURE)


@group.command("rebuild")
def rebuild(data_dir: DataDir = None) -> None:
    """Rebuild the search index from the store of record (an FTS5 file is built anew beside the
    old one and swapped in, so this also repairs a damaged index file)."""
    from tipwatch.index.factory import opened_index
    from tipwatch.index.sync import rebuild as rebuild_index

    settings = load_settings(data_dir)
    require_store(settings)  # before the index file is made beside a store that is not there
    with opened_store(settings) as store, opened_index(settings, damaged_ok=True) as index:
        damage = getattr(index, "damage", None)
        n = rebuild_index(store, index)
    if damage:
        typer.echo(f"replaced the damaged index file ({damage})")
    typer.echo(f"indexed {n} documents")


def search(
    text: Annotated[str, typer.Argument(help="Words to find (names, places, charges)")] = "",
    country: Annotated[str | None, typer.Option(help="Jurisdiction country, ISO alpha-2")] = None,
    status: Annotated[str | None, typer.Option(help="A perpetrator's legal status")] = None,
    category: Annotated[str | None, typer.Option(help="Charge category")] = None,
    outlet: Annotated[str | None, typer.Option(help="Source (outlet) id")] = None,
    language: Annotated[str | None, typer.Option(help="Article language")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    decision: Annotated[
        str | None,
        typer.Option(
            help="The machine's decision: case, held, rejected, not_relevant, not_extracted, "
            "skipped"
        ),
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Why it is no case (a reason code)")] = None,
    facets: Annotated[bool, typer.Option("--facets", help="Print facet counts instead")] = False,
    count: Annotated[bool, typer.Option("--count", help="Print how many match instead")] = False,
    limit: int = 20,
    data_dir: DataDir = None,
) -> None:
    """Search the index (JSON lines out): full text over names, titles and bodies, with exact
    filters. Every stored article is a document: cases, and articles that are no case with the
    machine's decision and reason. `--facets` prints counts per country, status, charge
    category, outlet, language, review status, decision and reason; `--count` the total."""
    from pydantic import ValidationError

    from tipwatch.domain.language_codes import canonical_or_none
    from tipwatch.index.base import MAX_QUERY_CHARS, SearchQuery, unsearchable
    from tipwatch.index.engine_client import EngineDown
    from tipwatch.index.factory import opened_index
    from tipwatch.index.fts5 import IndexDamaged

    if len(text) > MAX_QUERY_CHARS:
        raise fail(f"search text is too long ({len(text)} characters): at most {MAX_QUERY_CHARS}")
    problem = unsearchable(text)
    if problem:
        raise fail(problem)
    try:
        query = SearchQuery(
            text=text,
            country=country.upper() if country else None,
            status=status,
            charge_category=category,
            source_id=outlet,
            language=canonical_or_none(language),
            date_from=date_from,
            date_to=date_to,
            decision=decision,
            reason=reason,
            limit=limit,
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        raise fail(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}") from exc
    settings = load_settings(data_dir)
    if not settings.search_url:
        # The FTS5 index lives beside the store it is derived from: no store there means a
        # wrong data folder (checked before an empty index file is made in it).
        require_store(settings)
    try:
        with opened_index(settings) as index:
            if facets:
                typer.echo(json.dumps(index.facets(query), sort_keys=True))
                return
            if count:
                typer.echo(str(index.total(query)))
                return
            for hit in index.search(query):
                typer.echo(hit.model_dump_json())
    except EngineDown as exc:
        raise fail(
            f"search engine at {settings.search_url} unreachable: {exc}", ExitCode.UNAVAILABLE
        ) from exc
    except IndexDamaged as exc:
        raise fail(str(exc), ExitCode.DAMAGED) from exc
