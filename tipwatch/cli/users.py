"""Review UI accounts: `tipwatch users add|list|passwd|disable|enable` (accounts live in
`tipwatch.accounts`; the CLI never imports the web application)."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path
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
    pw, generated = _read_password(password)
    try:
        with opened_store(settings, create=True) as store, store.session() as s:
            create_user(s, username, pw, role)
    except AuthError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"user {username} ({role}) saved" + (f"; password: {pw}" if generated else ""))


def _read_password(password: str | None) -> tuple[str, bool]:
    """The password given ('-': read from stdin), or a generated one (then True)."""
    if password == "-":
        password = sys.stdin.readline().rstrip("\n")
    if password is None:
        return secrets.token_urlsafe(12), True
    return password, False


@group.command("list")
def list_(data_dir: DataDir = None) -> None:
    """List the accounts: name, role, created, disabled."""
    from tipwatch.accounts import list_users

    with opened_store(load_settings(data_dir)) as store, store.session() as s:
        rows = [(u.username, u.role, u.created_at, u.disabled_at) for u in list_users(s)]
    typer.echo("username\trole\tcreated\tdisabled")
    for username, role, created, disabled in rows:
        typer.echo(
            f"{username}\t{role}\t{created:%Y-%m-%d %H:%M}\t"
            + (f"{disabled:%Y-%m-%d %H:%M}" if disabled else "-")
        )


@group.command("passwd")
def passwd(
    username: str,
    password: Annotated[
        str | None, typer.Option(help="Read from stdin when '-'; generated when omitted")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Set a new password for an account (its sessions end)."""
    from tipwatch.accounts import AuthError, set_password

    pw, generated = _read_password(password)
    try:
        with opened_store(load_settings(data_dir)) as store, store.session() as s:
            set_password(s, username, pw)
    except AuthError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"password of {username} changed" + (f": {pw}" if generated else ""))


def _change(username: str, data_dir: Path | None, action: str) -> None:
    """Disable or enable an account; unknown users fail with one line."""
    from tipwatch.accounts import AuthError, disable_user, enable_user

    change = disable_user if action == "disable" else enable_user
    try:
        with opened_store(load_settings(data_dir)) as store, store.session() as s:
            change(s, username)
    except AuthError as exc:
        raise fail(str(exc)) from exc


@group.command("disable")
def disable(username: str, data_dir: DataDir = None) -> None:
    """Stop an account from logging in and end its sessions (it stays in the audit log)."""
    _change(username, data_dir, "disable")
    typer.echo(f"user {username} disabled; their sessions ended")


@group.command("enable")
def enable(username: str, data_dir: DataDir = None) -> None:
    """Let a disabled account log in again."""
    _change(username, data_dir, "enable")
    typer.echo(f"user {username} enabled")
