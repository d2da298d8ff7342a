"""Push the outbox to the search index now, and keep retrying what the engine did not take.

Used by the review UI so that an analyst's change is searchable before the answer returns
(`tipwatch.review_ui.freshness`). A push is `sync_outbox` followed by the index's `refresh`;
when the engine fails, the rows stay in the outbox and `Pushed.error` says why.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import structlog

from tipwatch.index.factory import opened_index
from tipwatch.index.sync import sync_outbox
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.outbox import pending_index_writes

log = structlog.get_logger(__name__)

# Seconds between two retries of index writes the engine did not take.
RETRY_SECONDS = 5.0


@dataclass(frozen=True)
class Pushed:
    """What one push did: rows applied, rows still waiting, and the engine's error if any."""

    synced: int
    waiting: int
    error: str | None = None


class IndexPusher:
    """Applies the outbox to the configured index, one push at a time in this process (the
    store's index lock orders it with other processes' syncs and rebuilds)."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self._lock = threading.Lock()

    def waiting(self) -> int:
        with self.store.session() as s:
            return pending_index_writes(s)

    def push(self) -> Pushed:
        with self._lock:
            try:
                with opened_index(self.settings) as index:
                    synced = sync_outbox(self.store, index)
                    index.refresh()
            except Exception as exc:  # engine down, refusing or damaged: the outbox keeps the rows
                waiting = self.waiting()
                log.warning(
                    "index.push_failed", error=f"{type(exc).__name__}: {exc}", waiting=waiting
                )
                return Pushed(synced=0, waiting=waiting, error=f"{type(exc).__name__}: {exc}")
            return Pushed(synced=synced, waiting=self.waiting())


class IndexRetrier:
    """A daemon thread that pushes waiting index writes every `every` seconds, while the app
    runs (a change made while the engine was down reaches it within seconds of its return)."""

    def __init__(self, pusher: IndexPusher, every: float | None = None) -> None:
        self.pusher = pusher
        self.every = RETRY_SECONDS if every is None else every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="index-retrier", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.every + 30)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                if self.pusher.waiting():
                    self.pusher.push()
            except Exception as exc:  # the store briefly locked or gone: try again later
                log.warning("index.retry_failed", error=f"{type(exc).__name__}: {exc}")
