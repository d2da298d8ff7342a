"""Screening API keys: `tipwatch api-keys add|revoke`. A key is printed once; only its hash is
stored (`tipwatch.screening.apikeys`)."""

from __future__ import annotations

from typing import Annotated

import typer

from tipwatch.cli.common import DataDir, fail, load_settings, opened_store

group = typer.Typer(no_args_is_help=True, help="Screening API keys.")


@group.command("add")
def add(
    label: Annotated[str, typer.Option(help="Who the key is for")],
    rate: Annotated[int, typer.Option(help="Requests per minute")] = 60,
    data_dir: DataDir = None,
) -> None:
    """Create a screening API key (printed once; only its hash is stored)."""
    import getpass

    from tipwatch.screening.apikeys import create_api_key

    try:
        with opened_store(load_settings(data_dir), create=True) as store, store.session() as s:
            key = create_api_key(s, label=label, created_by=getpass.getuser(), rate_per_minute=rate)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    typer.echo(key)


@group.command("revoke")
def revoke(key_id: int, data_dir: DataDir = None) -> None:
    """Revoke a screening API key by its id."""
    from tipwatch.screening.apikeys import revoke_api_key

    with opened_store(load_settings(data_dir)) as store, store.session() as s:
        done = revoke_api_key(s, key_id)
    if not done:
        raise fail(f"no active API key with id {key_id}")
    typer.echo(f"API key {key_id} revoked")
