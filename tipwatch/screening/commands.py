"""Screening commands on the main CLI (`register(app)`): `tipwatch eval-names`."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer


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


def register(app: typer.Typer) -> None:
    app.command("eval-names")(eval_names_command)
