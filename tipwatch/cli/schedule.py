"""`tipwatch schedule`: serve one Prefect deployment per source, each on the source's `schedule`
(cron) in its `timezone`, from one long-running command; `--dry-run` prints them and their next
run times without serving. Needs a Prefect server (`tipwatch prefect-server`, PREFECT_API_URL)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from tipwatch.cli.common import DataDir, check_store, fail, load_settings
from tipwatch.cli.exit_codes import ExitCode

SourcesOption = Annotated[
    Path | None,
    typer.Option("--sources", help="Folder of source YAML files (default: the registry)"),
]


def _after(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise fail(f"--from: not an ISO date and time: {text!r}") from None
    if when.tzinfo is None:
        raise fail(f"--from: give a time zone offset (e.g. {text}Z): {text!r}")
    return when


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def schedule(
    sources: SourcesOption = None,
    only: Annotated[list[str] | None, typer.Option("--only", help="Source id (repeatable)")] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="ISO alpha-2 (repeatable)")
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print the deployments and next run times; serve nothing"),
    ] = False,
    runs: Annotated[int, typer.Option("--runs", min=1, max=50, help="Next run times shown")] = 3,
    after: Annotated[
        str | None,
        typer.Option("--from", help="--dry-run: next runs after this ISO time (default now)"),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Run every source on its own schedule (cron in the source's time zone), until Ctrl-C."""
    from tipwatch.crawlers.source_defs import load_sources, resolve_sources_dir

    settings = load_settings(data_dir)
    folder = resolve_sources_dir(sources, settings.sources_dir)
    countries = {c.upper() for c in country or []}
    chosen = [
        s
        for s in load_sources(folder)
        if (not only or s.id in only) and (not countries or s.country in countries)
    ]
    unknown = sorted(set(only or []) - {s.id for s in chosen})
    if unknown or not chosen:
        named = f": {', '.join(unknown)}" if unknown else ""
        raise fail(f"no source matches --only/--country{named}")
    start = _after(after)

    from prefect.settings import get_current_settings

    api = get_current_settings().api.url
    if not api and not dry_run:
        raise fail(
            "tipwatch schedule needs a Prefect server: start one with `tipwatch prefect-server` "
            "and export the PREFECT_API_URL it prints",
            ExitCode.USAGE,
        )
    from tipwatch.flows.run_guard import close_crashed_runs
    from tipwatch.flows.schedule import (
        build_deployments,
        ensure_global_limit,
        plan,
        serve_deployments,
    )

    planned = plan(chosen, runs, start)
    width = max(len(p.name) for p in planned)
    for p in planned:
        times = ", ".join(t.isoformat(timespec="minutes") for t in p.next_runs)
        typer.echo(f"{p.name.ljust(width)}  cron '{p.cron}'  {p.timezone}  next: {times}")
    limit = settings.max_concurrent_crawls
    typer.echo(
        f"{_count(len(planned), 'deployment')}; an overlapping run of a source is cancelled; "
        f"at most {_count(limit, 'scheduled crawl')} at once (TIPWATCH_MAX_CONCURRENT_CRAWLS)"
    )
    if dry_run:
        return
    check_store(settings)
    deployments = build_deployments(chosen, sources_dir=folder, data_dir=settings.data_dir)
    ensure_global_limit(limit, overwrite=True)
    # Runs killed with an earlier `tipwatch schedule` hold their sources' deployment slots
    # until they are marked crashed: do it before serving, or their next runs are cancelled.
    close_crashed_runs(settings)
    typer.echo(f"serving {len(deployments)} deployments on {api} (Ctrl-C stops)", err=True)
    serve_deployments(deployments, limit=limit)
