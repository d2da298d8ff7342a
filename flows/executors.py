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

import multiprocessing
import multiprocessing.context
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import forkserver
from typing import Any, Protocol

import structlog

from tipwatch.flows.analyse import Analysed, AnalyseOptions, PageJob, analyse_batch

log = structlog.get_logger(__name__)

# Read by `tipwatch.flows.preload` in the fork server (named here: importing that module loads
# the spaCy model).
PRELOAD_THRESHOLD_ENV = "TIPWATCH_PRELOAD_CASE_THRESHOLD"

# Fewer pages than this run inline under "auto": a worker's start-up (model load, ~3 s) is not
# worth it.
AUTO_MIN_PAGES = 200
# Batches in flight per worker. Results come back in submission order, and a batch of case
# reports takes spaCy ten times longer than one of pages without trafficking wording: with a
# short queue the other workers finish theirs and wait on the slow one. Eight keeps every core
# busy (2,000-page bench: 47 -> 49 pages/s while processing) for a few MB of queued results.
AHEAD_PER_WORKER = 8
# Batches a pool of workers analyses before it is replaced by a fresh one (bounded memory).
RECYCLE_BATCHES = 100
Batch = list[PageJob]


class _Result(Protocol):
    def result(self) -> list[Analysed]: ...


def worker_count(configured: int) -> int:
    """`configured`, or one worker per CPU core available to this process when 0."""
    if configured > 0:
        return configured
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def choose_kind(kind: str, workers: int, pages: int) -> str:
    """The executor "auto" resolves to for `pages` pages on `workers` workers."""
    if kind != "auto":
        return kind
    return "processes" if workers > 1 and pages >= AUTO_MIN_PAGES else "inline"


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


def _forkserver(case_threshold: float) -> multiprocessing.context.ForkServerContext:
    """The fork server context the workers start from. The fork server loads the spaCy
    pipelines once (`flows/preload.py`), so the workers fork with the model in shared pages."""
    ctx = multiprocessing.get_context("forkserver")
    os.environ[PRELOAD_THRESHOLD_ENV] = repr(case_threshold)
    ctx.set_forkserver_preload(["tipwatch.flows.analyse", "tipwatch.flows.preload"])
    return ctx


def start_early(case_threshold: float) -> None:
    """Start the workers' fork server now: it loads the spaCy pipelines (several seconds) in
    the background while the caller starts its flow and reads its input, instead of after. For
    runs that will use the `processes` executor; the server stops when this process exits."""
    _forkserver(case_threshold)
    forkserver.ensure_running()
    log.info("nlp.forkserver_started")


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
        ctx = _forkserver(options.case_threshold)
        log.info("nlp.executor", kind=kind, workers=workers)

        def processes(batches: Iterable[Batch]) -> Iterator[list[Analysed]]:
            # A fresh pool every RECYCLE_BATCHES batches: a worker's memory grows with what it
            # has read (spaCy's string store keeps every new word, allocators keep their peak),
            # and new workers fork from the fork server with the model already loaded. Batches
            # are taken from `batches` only as they are submitted (it may be a stream still
            # being read).
            pending: deque[Future[list[Analysed]]] = deque()
            pool: ProcessPoolExecutor | None = None
            submitted = 0
            ahead = AHEAD_PER_WORKER * workers
            try:
                for batch in batches:
                    if pool is None or submitted == RECYCLE_BATCHES:
                        if pool is not None:
                            while pending:
                                yield pending.popleft().result()
                            pool.shutdown(wait=True)
                        pool = ProcessPoolExecutor(
                            max_workers=workers, mp_context=ctx, initializer=_worker_init
                        )
                        submitted = 0
                    pending.append(pool.submit(analyse_batch, batch, options))
                    submitted += 1
                    if len(pending) >= ahead:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
            except BaseException:
                # stopped early (an error, or the caller closed us): batches not started
                # are dropped, the ones running finish (workers ignore Ctrl-C)
                if pool is not None:
                    pool.shutdown(wait=True, cancel_futures=True)
                raise
            if pool is not None:
                pool.shutdown(wait=True)

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
