"""The store of record: `tipwatch db upgrade` (schema migrations)."""

from __future__ import annotations

import typer

from tipwatch.cli.common import DataDir, load_settings

group = typer.Typer(no_args_is_help=True, help="Store of record: schema migrations.")


@group.command("upgrade")
def upgrade(data_dir: DataDir = None) -> None:
    """Apply schema migrations to the store of record."""
    from tipwatch.store.db import migrate

    migrate(load_settings(data_dir).resolved_database_url)
    typer.echo("store schema is up to date")
