"""One run per data folder: `held_run` takes the run lock (`tipwatch.store.locks.run_lock`) for
the whole of a run (`tipwatch run`, `ingest-warc`, `reextract`, `demo`) and, as the outermost
holder, closes the crawl-run rows that killed runs left `running` (they become `crashed`).

The CLI takes it before Prefect starts, so a second run is answered with one line (`RunBusy`) and
no flow traceback; the flows take it again (re-entrantly) so that any other caller is protected
too. Prefect is not imported here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import structlog

from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.locks import RunBusy, run_lock
from tipwatch.store.repository import close_stale_runs

__all__ = ["RunBusy", "held_run"]

log = structlog.get_logger(__name__)


@contextmanager
def held_run(settings: Settings) -> Iterator[None]:
    """Hold the data folder's run lock until the context exits; raises `RunBusy` at once if
    another process holds it."""
    url = settings.resolved_database_url
    with run_lock(settings.data_dir, url) as outermost:
        if outermost:
            store = Store(url)
            try:
                with store.session() as s:
                    crashed = close_stale_runs(s)
            finally:
                store.dispose()
            if crashed:
                log.warning("runs.marked_crashed", run_ids=crashed)
        yield
