"""`tipwatch prefect-server`: a persistent Prefect server (API and UI) whose history is a SQLite
database under the data folder (`<data dir>/prefect/prefect.db`), so runs, logs and artifacts
stay visible between commands. Export the PREFECT_API_URL it prints and every command uses that
server instead of starting a temporary one; `tipwatch schedule` needs it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from tipwatch.cli.common import DataDir, load_settings
from tipwatch.settings import Settings

# Prefect 3 reads the first; the second is its older name, still accepted.
_DATABASE_URL_VARS = (
    "PREFECT_SERVER_DATABASE_CONNECTION_URL",
    "PREFECT_API_DATABASE_CONNECTION_URL",
)


def server_env(settings: Settings, api_url: str) -> tuple[dict[str, str], str]:
    """The environment of the server process (its home under the data folder; its database
    there too, unless a database URL is set, e.g. PostgreSQL) and a description of the history."""
    home = (settings.data_dir / "prefect").resolve()
    env = dict(os.environ)
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_API_URL=api_url,
    )
    configured = next((name for name in _DATABASE_URL_VARS if env.get(name)), None)
    if configured is not None:
        return env, f"the database {configured} names"
    sqlite = home / "prefect.db"
    env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = f"sqlite+aiosqlite:///{sqlite}"
    return env, str(sqlite)


def prefect_server(
    host: Annotated[
        str | None,
        typer.Option("--host", help="Address to listen on (TIPWATCH_PREFECT_SERVER_HOST)"),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option("--port", help="Port (TIPWATCH_PREFECT_SERVER_PORT, 4200)"),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Run a persistent Prefect server on SQLite under the data folder, until Ctrl-C."""
    settings = load_settings(data_dir)
    host = host or settings.prefect_server_host
    port = port or settings.prefect_server_port
    api_url = f"http://{host}:{port}/api"
    env, history = server_env(settings, api_url)
    Path(env["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
    typer.echo(
        f"Prefect server for {settings.data_dir.resolve()} (history: {history}); "
        f"UI at http://{host}:{port}\nexport PREFECT_API_URL={api_url}",
    )
    sys.stdout.flush()
    sys.stderr.flush()
    argv = [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)]
    os.execve(sys.executable, argv, env)  # the server replaces this process: Ctrl-C stops it
