"""What every command shares: the `--data-dir` option, the ONE way a command builds its
`Settings` (`load_settings`, which also configures logging), the store opened from them, and
`fail` for errors.

Heavy modules (SQLAlchemy, spaCy, Prefect, the crawler) are imported inside the functions and
commands that need them, so `tipwatch --help` stays fast.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tipwatch import logs
from tipwatch.cli.exit_codes import ExitCode
from tipwatch.settings import Settings, get_settings

if TYPE_CHECKING:
    from tipwatch.store.db import Store

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Working folder (TIPWATCH_DATA_DIR; default var/)"),
]


def load_settings(data_dir: Path | None = None, **overrides: object) -> Settings:
    """Settings from the environment (TIPWATCH_*), with `--data-dir` and `overrides` on top;
    logging is configured from them (`TIPWATCH_LOG_JSON`)."""
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    settings = get_settings(**overrides)
    logs.configure(json=settings.log_json)
    return settings


def require_store(settings: Settings) -> None:
    """For commands that read what earlier runs stored: a SQLite store that does not exist (a
    wrong or missing data folder) is one line and `ExitCode.USAGE`, never a new empty store
    that answers every question with nothing."""
    from tipwatch.store.db import sqlite_file

    path = sqlite_file(settings.resolved_database_url)
    if path is not None and not path.exists():
        raise fail(
            f"no tipwatch store at {path}: point --data-dir (TIPWATCH_DATA_DIR) at the folder "
            "that holds one, or make it with `tipwatch run` or `tipwatch demo`",
            ExitCode.USAGE,
        )


@contextmanager
def opened_store(settings: Settings, *, create: bool = False, scan: bool = True) -> Iterator[Store]:
    """The store of record the settings name; its connections are closed on the way out. A
    damaged store (`StoreDamaged`) ends the command with one line and `ExitCode.DAMAGED`; a
    missing one too (`require_store`) unless `create` (commands that add data). `scan=False`
    (commands that only read) skips reading the whole SQLite file first; a page that turns
    out damaged then ends the command the same way when it is read."""
    from sqlalchemy.exc import DatabaseError

    from tipwatch.store.db import Store, StoreDamaged, sqlite_file

    def damaged(exc: DatabaseError) -> bool:
        """SQLite's own word that the file is damaged (malformed, not a database), not a
        busy or locked database (OperationalError)."""
        orig = exc.orig
        return isinstance(orig, sqlite3.DatabaseError) and not isinstance(
            orig, sqlite3.OperationalError
        )

    def unreadable(exc: DatabaseError) -> typer.Exit:
        where = sqlite_file(settings.resolved_database_url) or "the store"
        return fail(
            f"{where}: could not be read ({exc.orig}); run `tipwatch db check`, and restore the "
            "store from a backup if it fails",
            ExitCode.DAMAGED,
        )

    if not create:
        require_store(settings)
    try:
        # a full disk while the schema is brought up to date is one line too
        with store_write_errors(settings):
            store = Store.from_settings(settings, scan=scan)
    except StoreDamaged as exc:
        raise fail(str(exc), ExitCode.DAMAGED) from exc
    except DatabaseError as exc:
        if scan or not damaged(exc):
            raise
        raise unreadable(exc) from exc
    try:
        with store_write_errors(settings):
            yield store
    except DatabaseError as exc:
        if scan or not damaged(exc):
            raise
        raise unreadable(exc) from exc
    finally:
        store.dispose()


# What SQLite says when it cannot write its file, and the errno that names the cause.
_SQLITE_WRITE_ERRORS = (
    ("database or disk is full", errno.ENOSPC),
    ("attempt to write a readonly database", errno.EROFS),
    ("unable to open database file", errno.EACCES),
)


@contextmanager
def store_write_errors(settings: Settings) -> Iterator[None]:
    """SQLite's "database or disk is full" (and "readonly database") from anywhere in the block
    becomes an `OSError` naming the store's folder, which `run_cli` prints as one line with the
    free space, exit CANNOT_WRITE; the transaction was rolled back, nothing half-written."""
    from sqlalchemy.exc import OperationalError

    from tipwatch.store.db import sqlite_file

    try:
        yield
    except OperationalError as exc:
        path = sqlite_file(settings.resolved_database_url)
        message = str(exc.orig)
        code = next((c for text, c in _SQLITE_WRITE_ERRORS if text in message), None)
        if path is None or code is None:
            raise
        raise OSError(code, os.strerror(code), str(path.parent)) from exc


def check_store(settings: Settings) -> None:
    """For commands that open the store deeper down (the flows, the demo): a damaged SQLite
    store ends the command here with one line and `ExitCode.DAMAGED`, not in a traceback."""
    from tipwatch.store.db import StoreDamaged, check_sqlite_file, sqlite_file

    path = sqlite_file(settings.resolved_database_url)
    if path is None:
        return
    try:
        check_sqlite_file(path)
    except StoreDamaged as exc:
        raise fail(str(exc), ExitCode.DAMAGED) from exc


def fail(message: str, code: ExitCode = ExitCode.USAGE) -> typer.Exit:
    """Print `error: message` to stderr; the caller raises the returned exit (`raise fail(...)`,
    `from exc` where there is a cause)."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(int(code))


@contextmanager
def stoppable(what: str) -> Iterator[None]:
    """Ctrl-C (or SIGTERM, SIGHUP) ends a long command with one line and exit INTERRUPTED
    instead of a traceback or click's "Aborted!"; exit handlers run (Prefect's server stops)."""
    from tipwatch.stopping import terminate_as_exit

    try:
        with terminate_as_exit():
            yield
    except KeyboardInterrupt:
        raise fail(
            f"{what} stopped (Ctrl-C); run it again to go on", ExitCode.INTERRUPTED
        ) from None
