"""Name screening from the command line: `tipwatch screen` (JSON out), `tipwatch eval-names`
(the name-matching figures) and `tipwatch import ftm` (load a FollowTheMoney list as its own
dataset)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from tipwatch.cli.common import DataDir, fail, load_settings, opened_store, require_store
from tipwatch.cli.progress_bars import progress_bars
from tipwatch.screening.defaults import MATCH_THRESHOLD
from tipwatch.settings import Settings

import_group = typer.Typer(no_args_is_help=True, help="Load data from other sources.")


def eval_names(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    split: Annotated[
        str, typer.Option(help="Real pairs: dev (tuning), test (the gate's) or all")
    ] = "test",
    threshold: Annotated[
        float, typer.Option(help="Score from which a hit is a match")
    ] = MATCH_THRESHOLD,
    through_service: Annotated[
        bool,
        typer.Option(
            "--through-service",
            help="Real pairs through the store-backed screening service, as the API answers "
            "(candidates from stored keys, hits from the 0.5 cutoff); slower",
        ),
    ] = False,
) -> None:
    """Name matching on real name pairs (EveryPolitician: recall@1, recall@10, true and false
    match rates at the threshold, by kind of variant and name culture) and on the generated
    name-variant set (precision@1 and recall@10 by rule)."""
    from tipwatch.screening.evaluate import (
        evaluate,
        evaluate_real,
        evaluate_real_service,
        render,
        render_real,
    )

    if split not in {"dev", "test", "all"}:
        raise fail("--split takes dev, test or all")
    if through_service:
        real = evaluate_real_service(split=split, threshold=threshold)
    else:
        real = evaluate_real(split=split, threshold=threshold)
    generated = evaluate()
    if as_json:
        typer.echo(json.dumps({"real": asdict(real), "generated": asdict(generated)}, indent=2))
    else:
        typer.echo(render_real(real))
        typer.echo("")
        typer.echo(render(generated))


def screen(
    name: Annotated[str | None, typer.Argument(help="The name to screen")] = None,
    country: Annotated[str | None, typer.Option(help="ISO country code")] = None,
    birth_year: Annotated[int | None, typer.Option("--birth-year")] = None,
    limit: Annotated[int | None, typer.Option(help="Hits per name (10; 3 with --file)")] = None,
    threshold: Annotated[
        float, typer.Option(help="Score from which a hit is a match")
    ] = MATCH_THRESHOLD,
    cutoff: Annotated[float, typer.Option(help="Lowest score listed")] = 0.5,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="A client list as CSV (header: name, and any of country, birth_year, id): "
            "one CSV row per hit out",
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="With --file: output CSV (default stdout)")
    ] = None,
    include_unreviewed: Annotated[
        bool,
        typer.Option(
            "--include-unreviewed",
            help="Also screen cases no analyst has reviewed yet (each such hit is labelled)",
        ),
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Screen a name (JSON out) or a client list (--file, CSV out) against tipwatch's persons and
    imported lists. Only cases an analyst accepted count unless --include-unreviewed is given."""
    if file is not None:
        if name is not None:
            raise fail("give a NAME or --file, not both")
        _screen_file(file, out, limit or 3, threshold, cutoff, include_unreviewed, data_dir)
        return
    if name is None:
        raise fail("give a NAME to screen, or --file with a client list")
    settings = load_settings(data_dir)
    if settings.screen_helper:
        answer = _through_helper(
            settings,
            {
                "name": name,
                "country": country,
                "birth_year": birth_year,
                "limit": limit or 10,
                "threshold": threshold,
                "cutoff": cutoff,
                "include_unreviewed": include_unreviewed,
            },
        )
        if answer is not None:
            typer.echo(answer)
            return

    from pydantic import ValidationError

    from tipwatch.screening.service import ScreeningQuery
    from tipwatch.screening.service import screen as screen_name

    try:
        query = ScreeningQuery(
            name=name,
            country=country,
            birth_year=birth_year,
            limit=limit or 10,
            threshold=threshold,
            cutoff=cutoff,
            include_unreviewed=include_unreviewed,
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        raise fail(f"{err['loc'][0]}: {err['msg']}") from exc
    # Screening only reads: the store is not scanned whole first (a damaged page still fails).
    from tipwatch.screening import postings

    with opened_store(settings, scan=False) as store:
        postings.attach(store, settings.data_dir)
        with store.session() as s:
            result = screen_name(s, query)
    typer.echo(result.model_dump_json(indent=2))


def _through_helper(settings: Settings, query: dict[str, object]) -> str | None:
    """The answer from the store's screening helper (started when none runs), or None when it
    cannot be used: the command then screens in its own process, saying why on stderr."""
    from tipwatch.screening import helper

    require_store(settings)
    try:
        answer = helper.screen_via_helper(settings.data_dir, settings.resolved_database_url, query)
    except helper.InvalidQuery as exc:
        raise fail(str(exc)) from exc
    except (helper.HelperError, OSError) as exc:
        typer.echo(f"screening helper not used ({exc}): screening in this process", err=True)
        return None
    if answer is None:
        typer.echo("the screening helper did not start: screening in this process", err=True)
    return answer


helper_group = typer.Typer(
    no_args_is_help=True,
    help="The resident process that keeps the name tables loaded for `tipwatch screen`.",
)


@helper_group.command("run")
def helper_run(
    idle: Annotated[
        float | None, typer.Option(help="Seconds without a request before it stops")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Run the store's screening helper in this process (`tipwatch screen` starts one itself)."""
    from tipwatch.screening import helper

    settings = load_settings(data_dir)
    require_store(settings)
    served = helper.run(settings.data_dir, idle=idle)
    typer.echo(f"screening helper stopped after {served} queries")


@helper_group.command("status")
def helper_status(data_dir: DataDir = None) -> None:
    """Whether the store's screening helper runs (pid, build)."""
    from tipwatch.screening import helper

    settings = load_settings(data_dir)
    state = helper.ping(settings.resolved_database_url)
    if state is None:
        typer.echo("no screening helper runs for this store")
        raise typer.Exit(1)
    if not state.get("ok"):
        typer.echo(f"a screening helper runs but answered: {state.get('error')}")
        raise typer.Exit(1)
    typer.echo(f"screening helper running: pid {state['pid']}, build {state['build']}")


@helper_group.command("stop")
def helper_stop(data_dir: DataDir = None) -> None:
    """Stop the store's screening helper."""
    from tipwatch.screening import helper

    settings = load_settings(data_dir)
    if helper.stop(settings.resolved_database_url):
        typer.echo("screening helper stopped")
    else:
        typer.echo("no screening helper was running")


def _screen_file(
    file: Path,
    out: Path | None,
    limit: int,
    threshold: float,
    cutoff: float,
    include_unreviewed: bool,
    data_dir: Path | None,
) -> None:
    import sys

    from tipwatch.screening.batch import BatchError, read_clients, screen_clients, write_rows

    try:
        with file.open(encoding="utf-8-sig", newline="") as fh:
            clients = read_clients(
                fh,
                limit=limit,
                threshold=threshold,
                cutoff=cutoff,
                include_unreviewed=include_unreviewed,
            )
    except (OSError, UnicodeDecodeError, BatchError) as exc:
        raise fail(f"{file}: {exc}") from exc
    from tipwatch.screening import postings

    settings = load_settings(data_dir)
    with opened_store(settings, scan=False) as store:
        postings.attach(store, settings.data_dir)
        with store.session() as s:
            rows = screen_clients(s, clients)
            if out is None:
                n = write_rows(rows, sys.stdout)
            else:
                with out.open("w", encoding="utf-8", newline="") as fh:
                    n = write_rows(rows, fh)
    bad = sum(1 for c in clients if c.query is None)
    typer.echo(
        f"screened {len(clients) - bad} of {len(clients)} clients ({bad} not screened: see "
        f"their note); {n} rows",
        err=True,
    )


@import_group.command("ftm")
def import_ftm(
    path: Path,
    dataset: Annotated[str | None, typer.Option(help="Dataset name (default: file stem)")] = None,
    title: Annotated[str | None, typer.Option(help="Human-readable dataset title")] = None,
    data_dir: DataDir = None,
) -> None:
    """Load FollowTheMoney Person entities (JSON Lines) as a separate, labelled dataset."""
    from tipwatch.screening import postings
    from tipwatch.screening.ftm_import import ImportError_
    from tipwatch.screening.ftm_import import import_ftm as import_ftm_file

    name = dataset or path.stem.lower().replace(".", "-")
    settings = load_settings(data_dir)
    try:
        with progress_bars(), opened_store(settings, create=True) as store:
            with store.session() as s:
                report = import_ftm_file(s, path, dataset=name, title=title)
            # The list's key postings, derived from what was just committed (screening reads
            # the list by SQL until they are written).
            with store.session() as s:
                postings.build(s, report.dataset, postings.root_of(settings.data_dir))
    except (ImportError_, UnicodeDecodeError) as exc:
        raise fail(str(exc)) from exc
    except postings.PostingsError as exc:
        typer.echo(f"key postings not built ({exc}): screening reads this list by SQL", err=True)
    skipped = ", ".join(f"{k}={v}" for k, v in sorted(report.skipped.items())) or "none"
    typer.echo(
        f"dataset {report.dataset}: {report.imported} persons imported, "
        f"{report.removed} removed, skipped: {skipped}"
    )
