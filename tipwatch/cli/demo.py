"""`tipwatch demo` (the main job on the bundled fictional news site) and `tipwatch serve` (the
review UI on the configured store)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tipwatch.cli.common import DataDir, check_store, fail, load_settings, opened_store
from tipwatch.cli.exit_codes import ExitCode


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
    from tipwatch.store.locks import RunBusy

    settings = load_settings(data_dir)
    check_store(settings)  # a damaged store: one line, exit DAMAGED
    try:
        code = run_demo(settings, sources_dir=sources, serve=not (no_serve or settings.no_serve))
    except RunBusy as exc:
        raise fail(str(exc), ExitCode.BUSY) from None
    raise typer.Exit(code)


def serve(data_dir: DataDir = None) -> None:
    """Serve the review UI."""
    from tipwatch.demo.run import serve_ui

    settings = load_settings(data_dir)
    with opened_store(settings) as store:
        serve_ui(settings, store)
