"""`tipwatch export`: perpetrator mentions with status, date and source as CSV, JSON Lines or
FollowTheMoney entities; accepted cases only unless --include-unreviewed (rejected cases,
taken-down articles and suppressed persons are never exported: `tipwatch.exports`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tipwatch.cli.common import DataDir, fail, load_settings, opened_store

EXPORT_FORMATS = ("csv", "jsonl", "ftm")


def export(
    fmt: Annotated[str, typer.Option("--format", help="csv, jsonl or ftm")] = "csv",
    out: Annotated[Path | None, typer.Option(help="Output file (default: stdout)")] = None,
    include_unreviewed: Annotated[
        bool,
        typer.Option(
            "--include-unreviewed",
            help="Also export cases no analyst has reviewed yet (review_status pending, "
            "reviewed false)",
        ),
    ] = False,
    reviewed_only: Annotated[
        bool,
        typer.Option("--reviewed-only", hidden=True, help="The default: only accepted cases"),
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Export perpetrator mentions with status, date and source: cases an analyst accepted,
    and with --include-unreviewed also the machine's unreviewed ones (rejected cases, taken-down
    articles and suppressed persons are never exported)."""
    from tipwatch.exports.ftm import write_ftm
    from tipwatch.exports.rows import export_rows
    from tipwatch.exports.tabular import write_csv, write_jsonl

    if reviewed_only and include_unreviewed:
        raise fail("--reviewed-only and --include-unreviewed contradict each other")
    if fmt not in EXPORT_FORMATS:
        raise fail(f"--format must be one of {', '.join(EXPORT_FORMATS)}")
    writer = {"csv": write_csv, "jsonl": write_jsonl, "ftm": write_ftm}[fmt]
    with opened_store(load_settings(data_dir)) as store, store.session() as s:
        rows = list(export_rows(s, include_unreviewed=include_unreviewed))
    if out is None:
        n = writer(rows, sys.stdout)
    else:
        with out.open("w", encoding="utf-8", newline="") as fh:
            n = writer(rows, fh)
    typer.echo(f"exported {n} {'entities' if fmt == 'ftm' else 'rows'}", err=True)
