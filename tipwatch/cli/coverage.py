"""`tipwatch coverage`: the per-country coverage table and the coverage-bias report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tipwatch.cli.common import DataDir, fail, load_settings, opened_store


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
    from tipwatch.tables import coverage_text

    try:
        as_of = date.fromisoformat(today) if today else datetime.now(UTC).date()
    except ValueError as exc:
        raise fail(f"--today must be YYYY-MM-DD, got {today!r}") from exc
    settings = load_settings(data_dir)
    with opened_store(settings) as store, store.session() as s:
        rows = coverage_table(s)
        report = build_report(s, today=as_of)
    typer.echo(coverage_text(rows))
    typer.echo("")
    typer.echo(report_text(report))
    if json_out:
        json_out.write_text(json.dumps(report.model_dump(mode="json"), indent=2), encoding="utf-8")
