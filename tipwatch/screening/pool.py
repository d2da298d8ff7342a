"""Batches of screening queries shared between the serving process and worker processes.

Screening a name is CPU work in Python (and compiled Python): threads of one process take turns
on the interpreter lock, so a batch (`POST /api/v1/match`, yente's `/match/{dataset}`) on two
threads ran barely faster than on one. `ScreeningPool` starts worker processes that open the
same store (each request reads it afresh, as the server does, so an analyst's decision counts
at once) and the imported lists' postings (memory maps: the pages are shared). A batch is cut
into small chunks; the calling thread screens chunks from one end while each worker takes
chunks from the other, so the work evens out whatever the queries cost. When a worker is not
ready yet or has died, the calling thread screens its chunks: nothing is lost and the answer is
the same, only slower.
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import structlog

from tipwatch.screening.service import ScreeningQuery, ScreeningResult, screen
from tipwatch.settings import Settings

log = structlog.get_logger(__name__)

# Queries per chunk: small enough that the last chunks even out, large enough that the
# round trip to a worker (pickling a chunk and its answers) is a small share.
CHUNK = 4


def batch_workers(configured: int | None) -> int:
    """The worker processes to start: as configured, else one fewer than the CPUs this
    process may use, at least 1 and at most 3."""
    if configured is not None:
        return configured
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(3, (cpus or 1) - 1))


# Per worker process: the store, set by `_start`.
_worker: dict[str, Any] = {}


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    """End this worker when the serving process is gone (killed, or stopped without closing
    the pool): a worker holds a gigabyte at a million people."""
    while True:
        time.sleep(every)
        if os.getppid() != parent:
            os._exit(0)


def _start(settings: Settings) -> None:
    threading.Thread(
        target=_exit_with_parent, args=(os.getppid(),), daemon=True, name="exit-with-parent"
    ).start()
    from tipwatch.screening import postings
    from tipwatch.screening.warm import settle, warm_up
    from tipwatch.store.db import Store

    store = Store.from_settings(settings, upgrade=False, scan=False)
    # Only postings already built: the serving process builds missing ones (until then the
    # lists are screened by SQL here as there).
    lists = postings.attach(store, settings.data_dir, build_missing=False)
    warm_up()
    with store.session() as s:
        lists.warm(s)
    settle()
    _worker["store"] = store


def _ready() -> bool:
    return "store" in _worker


def _screen_chunk(queries: list[dict[str, Any]]) -> list[str]:
    """The chunk's results as JSON (the serving process validates them back)."""
    store = _worker["store"]
    out = []
    for q in queries:
        with store.session() as s:
            out.append(screen(s, ScreeningQuery.model_validate(q)).model_dump_json())
    return out


class ScreeningPool:
    """`workers` processes that screen a batch's chunks beside the calling thread."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self.workers = workers
        self._settings = settings
        self._restart_lock = threading.Lock()
        self._broken = False
        # Queries the workers answered (the rest were answered by the calling threads), and
        # how often the workers were started again after one died.
        self.screened_remotely = 0
        self.restarts = 0
        self._spawn()

    def _spawn(self) -> None:
        self._executor = ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(self._settings,),
        )
        # One task per worker makes the executor start them all now, not at the first batch.
        self._warming: list[Future[bool]] = [
            self._executor.submit(_ready) for _ in range(self.workers)
        ]

    def _restart(self) -> None:
        """New workers after one died (an out-of-memory kill, say): they take over once they
        have loaded their tables; until then batches are screened here."""
        with self._restart_lock:
            if not self._broken:
                return
            old = self._executor
            self._spawn()
            self._broken = False
            self.restarts += 1
        old.shutdown(wait=False, cancel_futures=True)
        log.warning("screening_pool.restarted", restarts=self.restarts)

    def ready(self) -> bool:
        """Whether every worker has started and loaded its name tables."""
        return all(f.done() and not f.exception() and f.result() for f in self._warming)

    def wait_ready(self, timeout: float | None = None) -> bool:
        for f in self._warming:
            try:
                f.result(timeout=timeout)
            except Exception:  # noqa: BLE001 - reported as not ready
                return False
        return True

    def screen_all(
        self,
        queries: Sequence[ScreeningQuery],
        local: Callable[[ScreeningQuery], ScreeningResult],
    ) -> list[ScreeningResult]:
        """`local(q)` for every query, in order: the calling thread runs `local` on chunks from
        the end of the batch while the workers screen chunks from the start with `screen`."""
        answers: list[ScreeningResult | None] = [None] * len(queries)
        chunks = collections.deque(
            range(start, min(start + CHUNK, len(queries)))
            for start in range(0, len(queries), CHUNK)
        )
        lock = threading.Lock()

        def take(left: bool) -> range | None:
            with lock:
                if not chunks:
                    return None
                return chunks.popleft() if left else chunks.pop()

        def remote() -> None:
            while not self._broken:
                chunk = take(left=True)
                if chunk is None:
                    return
                try:
                    texts = self._executor.submit(
                        _screen_chunk, [queries[i].model_dump() for i in chunk]
                    ).result()
                except Exception as exc:  # noqa: BLE001 - the chunk goes back to this process
                    self._broken = True
                    log.warning("screening_pool.worker_failed", error=repr(exc)[:300])
                    with lock:
                        chunks.appendleft(chunk)
                    return
                for i, text in zip(chunk, texts, strict=True):
                    answers[i] = ScreeningResult.model_validate_json(text)
                with lock:
                    self.screened_remotely += len(chunk)

        def here() -> None:
            while (chunk := take(left=False)) is not None:
                for i in chunk:
                    answers[i] = local(queries[i])

        helpers = []
        if not self._broken and self.ready() and len(chunks) > 1:
            helpers = [threading.Thread(target=remote, daemon=True) for _ in range(self.workers)]
            for t in helpers:
                t.start()
        here()
        for t in helpers:
            t.join()
        here()  # a chunk a failed worker put back after this thread had finished
        if self._broken:
            self._restart()
        done = [a for a in answers if a is not None]
        assert len(done) == len(queries)
        return done

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
