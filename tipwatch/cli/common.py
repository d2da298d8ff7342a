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
    """The store of record the settings name; its connections are closed on the way out."""
    from tipwatch.store.db import Store

    store = Store(settings.resolved_database_url)
    try:
        yield store
    finally:
        store.dispose()


def fail(message: str, code: ExitCode = ExitCode.USAGE) -> typer.Exit:
    """Print `error: message` to stderr; the caller raises the returned exit (`raise fail(...)`,
    `from exc` where there is a cause)."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(int(code))
