"""What every command shares: the `--data-dir` option, the ONE way a command builds its
`Settings` (`load_settings`, which also configures logging), the store opened from them, and
`fail` for errors.

Heavy modules (SQLAlchemy, spaCy, Prefect, the crawler) are imported inside the functions and
commands that need them, so `tipwatch --help` stays fast.
"""

from __future__ import annotations

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


@contextmanager
def opened_store(settings: Settings) -> Iterator[Store]:
    """The store of record the settings name; its connections are closed on the way out. A
    damaged store (`StoreDamaged`) ends the command with one line and `ExitCode.DAMAGED`."""
    from tipwatch.store.db import Store, StoreDamaged

    try:
        store = Store(settings.resolved_database_url)
    except StoreDamaged as exc:
        raise fail(str(exc), ExitCode.DAMAGED) from exc
    try:
        yield store
    finally:
        store.dispose()


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
