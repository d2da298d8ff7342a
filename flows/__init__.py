"""Prefect flows: the only place that knows the order of tipwatch's stages."""

import contextlib
import os
from collections.abc import Callable

# tipwatch runs offline and never phones home: Prefect's ephemeral server would otherwise try to
# send usage telemetry (and log an error on machines without internet).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# The temporary Prefect server a command starts must come up on a loaded 2-core machine too
# (Prefect's default wait, 20 s, ran out under load: "Timed out while attempting to connect to
# ephemeral Prefect API server"); a persistent server makes this moot.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


# Runs uvicorn as `python -m uvicorn ARGS` would, with Ctrl-C (SIGINT) ignored: uvicorn then
# handles SIGTERM only (how Prefect stops its server at exit).
_SERVER_LAUNCHER = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
    "import uvicorn.server; uvicorn.server.HANDLED_SIGNALS = (signal.SIGTERM,); "
    "sys.argv[0] = 'uvicorn'; runpy.run_module('uvicorn', run_name='__main__', alter_sys=True)"
)


def detach_prefect_server() -> None:
    """Keep Prefect's temporary API server alive through the operator's Ctrl-C (when no Prefect
    server is configured: `PREFECT_API_URL` unset, so Prefect starts a temporary one).

    A terminal's Ctrl-C reaches every process of its foreground group: the temporary server died
    with the first Ctrl-C, and the run could then neither finish nor record its state. The
    server now ignores SIGINT (it stays in the group: a hang-up or a kill of the group still
    ends it, and Prefect stops it with SIGTERM at exit); the command decides what Ctrl-C means
    (`tipwatch.stopping`). Prefect has no setting for this, so the server module's
    `subprocess.Popen` runs `python -m uvicorn ...` through `_SERVER_LAUNCHER`;
    `tests/cli/test_interrupt.py` checks it still applies to the installed Prefect.
    """
    import subprocess
    import sys
    from typing import Any

    from prefect.settings import get_current_settings

    if get_current_settings().api.url:
        return
    from prefect.server.api import server as prefect_server

    if getattr(prefect_server.subprocess, "tipwatch_detached", False):
        return

    class _Subprocess:
        tipwatch_detached = True

        def __getattr__(self, name: str) -> Any:
            return getattr(subprocess, name)

        @staticmethod
        def Popen(args: list[str], *rest: Any, **kwargs: Any) -> subprocess.Popen[Any]:  # noqa: N802
            if list(args[:3]) == [sys.executable, "-m", "uvicorn"]:
                args = [sys.executable, "-c", _SERVER_LAUNCHER, *args[3:]]
            return subprocess.Popen(args, *rest, **kwargs)

    prefect_server.subprocess = _Subprocess()  # type: ignore[assignment]


class _NoTraceback:
    """Logging filter: the record keeps its one-line message, loses its traceback."""

    def filter(self, record: object) -> bool:
        if getattr(record, "exc_info", None):
            record.exc_info = None  # type: ignore[attr-defined]
            record.exc_text = None  # type: ignore[attr-defined]
        return True


def one_line_prefect_failures() -> None:
    """Prefect logs a failed task or flow run with the exception's traceback. The exception
    reaches the caller anyway (the CLI turns a user's error, such as a full disk, into one line
    and lets a bug's traceback through once), so Prefect's copy is cut to its message."""
    import logging

    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoTraceback) for f in logger.filters):
            logger.addFilter(_NoTraceback())


def start_prefect_server_early() -> Callable[[], None]:
    """Start Prefect's temporary API server now, in the background, when no server is
    configured; returns a function that waits until it is up (call it before the flow).

    A command otherwise starts the server only when its flow starts, and waits for it (4-5 s on
    2 cores) while it could have been importing its modules and starting its workers' fork
    server: started first, the three overlap. The server is Prefect's own singleton, so the
    flow finds it running; when no temporary server is needed this does nothing.
    """
    import threading

    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url or not settings.server.ephemeral.enabled:
        return lambda: None
    detach_prefect_server()
    from prefect.server.api.server import SubprocessASGIServer

    def start() -> None:
        # on failure Prefect marks it not running: the flow's own start tries again, and its
        # error is the one the operator sees
        with contextlib.suppress(Exception):
            SubprocessASGIServer().start()

    thread = threading.Thread(target=start, name="prefect-server-start", daemon=True)
    thread.start()
    return thread.join
