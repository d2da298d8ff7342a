"""Screening API keys: `tipwatch api-keys add|list|revoke`. A key is printed once (stdout; its
id, which `revoke` takes, on stderr); only its hash is stored (`tipwatch.screening.apikeys`)."""

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

    from tipwatch.screening.apikeys import create_api_key, key_id_of

    try:
        with opened_store(load_settings(data_dir), create=True) as store, store.session() as s:
            key = create_api_key(s, label=label, created_by=getpass.getuser(), rate_per_minute=rate)
            key_id = key_id_of(s, key)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    typer.echo(key)
    typer.echo(
        f"API key id {key_id} for {label!r}: the key above is shown once; revoke it with "
        f"`tipwatch api-keys revoke {key_id}`",
        err=True,
    )


@group.command("list")
def list_(data_dir: DataDir = None) -> None:
    """List the API keys (never the keys themselves): id, label, rate, created, revoked."""
    from tipwatch.screening.apikeys import list_api_keys

    with opened_store(load_settings(data_dir)) as store, store.session() as s:
        rows = [
            (k.id, k.label, k.rate_per_minute, k.created_by, k.created_at, k.revoked_at)
            for k in list_api_keys(s)
        ]
    typer.echo("id\tlabel\tper_minute\tcreated_by\tcreated\trevoked")
    for key_id, label, rate, by, created, revoked in rows:
        typer.echo(
            f"{key_id}\t{label}\t{rate}\t{by}\t{created:%Y-%m-%d %H:%M}\t"
            + (f"{revoked:%Y-%m-%d %H:%M}" if revoked else "-")
        )


@group.command("revoke")
def revoke(key_id: int, data_dir: DataDir = None) -> None:
    """Revoke a screening API key by its id."""
    from tipwatch.screening.apikeys import revoke_api_key

    with opened_store(load_settings(data_dir)) as store, store.session() as s:
        done = revoke_api_key(s, key_id)
    if not done:
        raise fail(f"no active API key with id {key_id}")
    typer.echo(f"API key {key_id} revoked")
