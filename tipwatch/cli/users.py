"""Review UI accounts: `tipwatch users add` (accounts live in `tipwatch.accounts`; the CLI never
imports the web application)."""

from __future__ import annotations

import secrets
import sys
from typing import Annotated

import typer

from tipwatch.cli.common import DataDir, fail, load_settings, opened_store

group = typer.Typer(no_args_is_help=True, help="Review UI accounts.")


@group.command("add")
def add(
    username: str,
    role: Annotated[str, typer.Option(help="admin, reviewer or viewer")] = "reviewer",
    password: Annotated[
        str | None, typer.Option(help="Read from stdin when '-'; generated when omitted")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Create a review UI account."""
    from tipwatch.accounts import AuthError, create_user

    settings = load_settings(data_dir)
    if password == "-":
        password = sys.stdin.readline().rstrip("\n")
    generated = password is None
    pw = password or secrets.token_urlsafe(12)
    try:
        with opened_store(settings, create=True) as store, store.session() as s:
            create_user(s, username, pw, role)
    except AuthError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"user {username} ({role}) saved" + (f"; password: {pw}" if generated else ""))
