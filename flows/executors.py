"""Where batches of pages are analysed: this process, worker processes, or a Dask cluster.

All three take the same batches (`flows/analyse.py:analyse_batch`) and give back their results
in submission order, with at most a few batches in flight (memory stays bounded however many
pages wait). The caller stores each batch as it comes back.

- `inline`: in the calling process (small runs: no worker start-up to pay).
- `processes`: a pool of worker processes started from a fork server that has tipwatch imported;
  each worker loads the spaCy model once. Workers ignore Ctrl-C: the run decides what it means
  (`tipwatch.stopping`), and pages already fetched are always processed.
- `dask`: Prefect's Dask task runner (`prefect-dask`): each batch is a Prefect task run on a Dask
  cluster, a local one of `workers` processes or the scheduler at `address`. The same flow runs
  from a laptop to many machines (docs/performance.md says how to point it at a cluster).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import multiprocessing.context
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol

import structlog

from tipwatch.flows.analyse import Analysed, AnalyseOptions, PageJob, analyse_batch
from tipwatch.flows.forkserver import context

log = structlog.get_logger(__name__)

# Batches in flight per worker. Results come back in submission order, and a batch of case
# reports takes spaCy ten times longer than one of pages without trafficking wording: with a
# short queue the other workers finish theirs and wait on the slow one. Eight keeps every core
# busy (2,000-page bench: 47 -> 49 pages/s while processing) for a few MB of queued results.
AHEAD_PER_WORKER = 8
# Batches a worker analyses before it is replaced by a fresh one (bounded memory). The workers
# are replaced one at a time, half a lifetime apart, so the others keep every other core busy.
RECYCLE_BATCHES = 50
Batch = list[PageJob]


class _Result(Protocol):
    def result(self) -> list[Analysed]: ...


def _in_order(
    submit: Callable[[Batch], _Result], batches: Iterable[Batch], ahead: int
) -> Iterator[list[Analysed]]:
    pending: deque[_Result] = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class _Done:
    def __init__(self, value: list[Analysed]) -> None:
        self.value = value

    def result(self) -> list[Analysed]:
        return self.value


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _release_free_memory() -> None:
    """Hand the C heap's free pages back to the system. What a batch allocates (lxml trees,
    spaCy's arrays) is freed when it ends, but glibc keeps the pages for later: without this a
    worker's memory stays at the peak of its largest batch."""
    if _libc is not None:
        _libc.malloc_trim(0)


def _load_libc() -> Any:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        return libc
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return None


_libc = _load_libc()


def analyse_in_worker(batch: Batch, options: AnalyseOptions) -> list[Analysed]:
    """`analyse_batch` in a worker process, which then returns its free heap to the system."""
    try:
        return analyse_batch(batch, options)
    finally:
        _release_free_memory()


class _Slot:
    """One worker process: a single-process pool, replaced after `life` batches."""

    def __init__(self, life: int) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.life = life
        self.submitted = 0
        self.running: list[Future[list[Analysed]]] = []

    @property
    def retiring(self) -> bool:
        return self.submitted >= self.life

    def busy(self) -> int:
        self.running = [f for f in self.running if not f.done()]
        return len(self.running)


class _Workers:
    """`workers` worker processes started from the fork server, each replaced by a fresh one
    after RECYCLE_BATCHES batches (a worker's memory grows with what it has read: spaCy's
    string store keeps every new word, allocators keep their peak). A worker due for
    replacement takes no new batch; once its last one is done it exits and a new worker forks
    from the fork server, the model already loaded. The first lifetimes are staggered, so the
    workers are not all replaced at once and the other cores never wait. Results come back in
    submission order, with at most AHEAD_PER_WORKER batches in flight per worker."""

    def __init__(
        self, ctx: multiprocessing.context.BaseContext, workers: int, options: AnalyseOptions
    ) -> None:
        self.ctx = ctx
        self.options = options
        self.slots = [_Slot(max(1, RECYCLE_BATCHES * (i + 1) // workers)) for i in range(workers)]

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        # stopped early (an error, or the caller closed us): batches not started are dropped,
        # the ones running finish (workers ignore Ctrl-C)
        for slot in self.slots:
            if slot.pool is not None:
                slot.pool.shutdown(wait=True, cancel_futures=exc_type is not None)
                slot.pool = None

    def _free_slot(self) -> _Slot | None:
        """The least busy worker that takes batches, replacing retired ones that are done."""
        best: _Slot | None = None
        for slot in self.slots:
            if slot.retiring:
                if slot.busy():
                    continue
                if slot.pool is not None:
                    slot.pool.shutdown(wait=True)
                    slot.pool = None
                slot.submitted = 0
                slot.life = RECYCLE_BATCHES
            if best is None or slot.busy() < best.busy():
                best = slot
        return best

    def _submit(self, slot: _Slot, batch: Batch) -> Future[list[Analysed]]:
        if slot.pool is None:
            slot.pool = ProcessPoolExecutor(
                max_workers=1, mp_context=self.ctx, initializer=_worker_init
            )
        future = slot.pool.submit(analyse_in_worker, batch, self.options)
        slot.submitted += 1
        slot.running.append(future)
        return future

    def run(self, batches: Iterable[Batch]) -> Iterator[list[Analysed]]:
        # Batches are taken from `batches` only as they are submitted (it may be a stream
        # still being read).
        pending: deque[Future[list[Analysed]]] = deque()
        ahead = AHEAD_PER_WORKER * len(self.slots)
        for batch in batches:
            slot = self._free_slot()
            while slot is None:
                # every worker is due for replacement and still busy: wait for the oldest
                yield pending.popleft().result()
                slot = self._free_slot()
            pending.append(self._submit(slot, batch))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@contextmanager
def batch_runner(
    kind: str,
    options: AnalyseOptions,
    *,
    workers: int,
    dask_address: str = "",
) -> Iterator[Callable[[Iterable[Batch]], Iterator[list[Analysed]]]]:
    """A function that analyses batches with the `kind` executor and yields their results in
    order. `kind` is "inline", "processes" or "dask" (resolve "auto" with `choose_kind`)."""
    if kind == "inline":

        def inline(batches: Iterable[Batch]) -> Iterator[list[Analysed]]:
            return _in_order(lambda b: _Done(analyse_batch(b, options)), batches, 1)

        yield inline
        return
    if kind == "processes":
        ctx = context(options.case_threshold, options.preload_languages)
        log.info("nlp.executor", kind=kind, workers=workers)

        def processes(batches: Iterable[Batch]) -> Iterator[list[Analysed]]:
            with _Workers(ctx, workers, options) as pool:
                yield from pool.run(batches)

        yield processes
        return
    if kind == "dask":
        with _dask_runner(workers, dask_address) as runner:
            from tipwatch.flows.dask_task import analyse_batch_task

            log.info("nlp.executor", kind=kind, workers=workers, address=dask_address or "local")

            def dask(batches: Iterable[Batch]) -> Iterator[list[Analysed]]:
                def submit(b: Batch) -> Any:
                    return runner.submit(
                        analyse_batch_task, parameters={"jobs": b, "options": options}
                    )

                return _in_order(submit, batches, AHEAD_PER_WORKER * workers)

            yield dask
        return
    raise ValueError(f"unknown NLP executor {kind!r}: use auto, inline, processes or dask")


@contextmanager
def _dask_runner(workers: int, address: str) -> Iterator[Any]:
    from prefect_dask import DaskTaskRunner

    if address:
        runner = DaskTaskRunner(address=address)
    else:
        runner = DaskTaskRunner(
            cluster_kwargs={
                "n_workers": workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            }
        )
    with runner:
        yield runner
