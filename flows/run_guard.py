"""One run per data folder: `held_run` takes the run lock (`tipwatch.store.locks.run_lock`) for
the whole of a run (`tipwatch run`, `ingest-warc`, `reextract`, `demo`) and, as the outermost
holder, closes the crawl-run rows that killed runs left `running` (they become `crashed`).

The CLI takes it before Prefect starts, so a second run is answered with one line (`RunBusy`) and
no flow traceback; the flows take it again (re-entrantly) so that any other caller is protected
too. Prefect is imported only when a crashed row names Prefect flow runs to mark `Crashed` too
(`tipwatch.flows.prefect_runs`). Scheduled runs wait for the lock (`held_run_waiting`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import structlog

from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.locks import RunBusy, run_lock
from tipwatch.store.repository import close_stale_runs, prefect_flow_runs_of

__all__ = ["RunBusy", "close_crashed_runs", "held_run", "held_run_waiting"]

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
                    flow_runs = prefect_flow_runs_of(s, crashed)
            finally:
                store.dispose()
            if crashed:
                log.warning("runs.marked_crashed", run_ids=crashed)
            if flow_runs:
                from tipwatch.flows.prefect_runs import mark_crashed

                mark_crashed(flow_runs)
        yield


def close_crashed_runs(settings: Settings) -> bool:
    """Close now what killed runs left open (`held_run` with nothing inside), unless a run holds
    the data folder (False): that run closed them when it started.

    `tipwatch schedule` calls it when it starts: a flow run killed with its serve process keeps
    its deployment's concurrency slot while Prefect has it RUNNING, so the source's next
    scheduled run would be cancelled ("Deployment concurrency limit reached") and never get to
    close it; marking it `Crashed` frees the slot."""
    try:
        with held_run(settings):
            return True
    except RunBusy:
        return False


@contextmanager
def held_run_waiting(settings: Settings, wait: float, poll: float = 5.0) -> Iterator[None]:
    """`held_run`, waiting up to `wait` seconds (trying every `poll`) while another process
    holds the lock; raises the last `RunBusy` when the wait is over."""
    start = time.monotonic()
    waited = False
    with ExitStack() as stack:
        while True:
            try:
                stack.enter_context(held_run(settings))
                break
            except RunBusy as exc:
                left = start + wait - time.monotonic()
                if left <= 0:
                    raise
                if not waited:
                    log.info("run.waiting_for_lock", holder=str(exc), wait_seconds=wait)
                    waited = True
                time.sleep(min(poll, left))
        if waited:
            log.info("run.lock_taken", waited_seconds=round(time.monotonic() - start, 1))
        yield
