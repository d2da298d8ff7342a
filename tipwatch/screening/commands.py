"""Screening and export commands on the main CLI (`register(app)`):
`tipwatch eval-names`, `tipwatch screen`, `tipwatch import ftm`, `tipwatch api-keys add|revoke`,
`tipwatch export`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from tipwatch.store.db import Store

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Working folder (TIPWATCH_DATA_DIR; default var/)"),
]
import_app = typer.Typer(no_args_is_help=True, help="Load data from other sources.")
keys_app = typer.Typer(no_args_is_help=True, help="Screening API keys.")
EXPORT_FORMATS = ("csv", "jsonl", "ftm")


def _store(data_dir: Path | None) -> Store:
    from tipwatch.cli import _settings
    from tipwatch.store.db import Store

    return Store(_settings(data_dir).resolved_database_url)


def eval_names_command(
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Precision@1 and recall@10 of name matching on the generated name-variant set."""
    from tipwatch.screening.evaluate import evaluate, render

    report = evaluate()
    if as_json:
        typer.echo(json.dumps(asdict(report), indent=2))
    else:
        typer.echo(render(report))


def screen_command(
    name: str,
    country: Annotated[str | None, typer.Option(help="ISO country code")] = None,
    birth_year: Annotated[int | None, typer.Option("--birth-year")] = None,
    limit: int = 10,
    data_dir: DataDir = None,
) -> None:
    """Screen a name against tipwatch's persons and imported lists (JSON output)."""
    from pydantic import ValidationError

    from tipwatch.screening.service import ScreeningQuery, screen

    try:
        query = ScreeningQuery(name=name, country=country, birth_year=birth_year, limit=limit)
    except ValidationError as exc:
        typer.echo(f"error: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}", err=True)
        raise typer.Exit(2) from exc
    store = _store(data_dir)
    with store.session() as s:
        result = screen(s, query)
    typer.echo(result.model_dump_json(indent=2))


@import_app.command("ftm")
def import_ftm_command(
    path: Path,
    dataset: Annotated[str | None, typer.Option(help="Dataset name (default: file stem)")] = None,
    title: Annotated[str | None, typer.Option(help="Human-readable dataset title")] = None,
    data_dir: DataDir = None,
) -> None:
    """Load FollowTheMoney Person entities (JSON Lines) as a separate, labelled dataset."""
    from tipwatch.screening.ftm_import import ImportError_, import_ftm

    name = dataset or path.stem.lower().replace(".", "-")
    store = _store(data_dir)
    try:
        with store.session() as s:
            report = import_ftm(s, path, dataset=name, title=title)
    except (ImportError_, UnicodeDecodeError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    skipped = ", ".join(f"{k}={v}" for k, v in sorted(report.skipped.items())) or "none"
    typer.echo(
        f"dataset {report.dataset}: {report.imported} persons imported, "
        f"{report.removed} removed, skipped: {skipped}"
    )


@keys_app.command("add")
def api_keys_add(
    label: Annotated[str, typer.Option(help="Who the key is for")],
    rate: Annotated[int, typer.Option(help="Requests per minute")] = 60,
    data_dir: DataDir = None,
) -> None:
    """Create a screening API key (printed once; only its hash is stored)."""
    import getpass

    from tipwatch.screening.apikeys import create_api_key

    store = _store(data_dir)
    try:
        with store.session() as s:
            key = create_api_key(s, label=label, created_by=getpass.getuser(), rate_per_minute=rate)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(key)


@keys_app.command("revoke")
def api_keys_revoke(key_id: int, data_dir: DataDir = None) -> None:
    """Revoke a screening API key by its id."""
    from tipwatch.screening.apikeys import revoke_api_key

    store = _store(data_dir)
    with store.session() as s:
        done = revoke_api_key(s, key_id)
    if not done:
        typer.echo(f"error: no active API key with id {key_id}", err=True)
        raise typer.Exit(2)
    typer.echo(f"API key {key_id} revoked")


def export_command(
    fmt: Annotated[str, typer.Option("--format", help="csv, jsonl or ftm")] = "csv",
    out: Annotated[Path | None, typer.Option(help="Output file (default: stdout)")] = None,
    reviewed_only: Annotated[
        bool, typer.Option("--reviewed-only", help="Only cases an analyst accepted")
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Export perpetrator mentions with status, date and source (rejected cases, taken-down
    articles and suppressed persons are never exported)."""
    from tipwatch.exports.ftm import write_ftm
    from tipwatch.exports.rows import export_rows
    from tipwatch.exports.tabular import write_csv, write_jsonl

    if fmt not in EXPORT_FORMATS:
        typer.echo(f"error: --format must be one of {', '.join(EXPORT_FORMATS)}", err=True)
        raise typer.Exit(2)
    writer = {"csv": write_csv, "jsonl": write_jsonl, "ftm": write_ftm}[fmt]
    store = _store(data_dir)
    with store.session() as s:
        rows = list(export_rows(s, reviewed_only=reviewed_only))
    if out is None:
        n = writer(rows, sys.stdout)
    else:
        with out.open("w", encoding="utf-8", newline="") as fh:
            n = writer(rows, fh)
    typer.echo(f"exported {n} {'entities' if fmt == 'ftm' else 'rows'}", err=True)


def register(app: typer.Typer) -> None:
    app.command("eval-names")(eval_names_command)
    app.command("screen")(screen_command)
    app.command("export")(export_command)
    app.add_typer(import_app, name="import")
    app.add_typer(keys_app, name="api-keys")
