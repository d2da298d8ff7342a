"""Extraction on several cores: the jobs of one call shared out among forked processes.

For the commands that extract a known list of texts at once (`tipwatch eval`, `bench.extract`):
the spaCy pipeline is loaded once, in this process, before the workers fork, so each worker
starts with it in shared memory and no worker pays the load. Jobs go out in small chunks, so a
worker that drew long case reports does not leave the other idle; results come back in the
order given, exactly as `CaseExtractor.extract_many` gives them in one process
(`tests/nlp/test_extract_parallel.py`). The crawl pipeline has its own pool of workers
(`flows/executors.py`) and does not use this.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from tipwatch.nlp.extractor import CaseExtractor, Job
from tipwatch.nlp.lang import for_language
from tipwatch.records import Extraction

# Texts per task: small enough that the workers finish together, large enough that spaCy's
# `pipe` batches them.
CHUNK = 8

# The extractor a forked worker inherits (set in the parent just before the pool forks).
_inherited: CaseExtractor | None = None


def default_workers() -> int:
    """One worker per core this process may run on."""
    return max(1, len(os.sched_getaffinity(0)))


def _init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(chunk: list[Job]) -> list[Extraction]:
    assert _inherited is not None, "the worker was not forked from extract_parallel"
    return _inherited.extract_many(chunk)


def extract_parallel(
    extractor: CaseExtractor,
    jobs: Sequence[Job],
    *,
    workers: int | None = None,
    languages: Sequence[str] = ("en",),
) -> list[Extraction]:
    """The extraction of every job, in order, over `workers` forked processes (one per core by
    default; one means this process). `languages` are the pipelines loaded before the fork;
    another language a job needs is loaded by each worker that meets it."""
    global _inherited
    n = default_workers() if workers is None else workers
    if n <= 1 or len(jobs) <= CHUNK:
        return extractor.extract_many(jobs)
    for code in languages:
        support = for_language(code)
        if support is not None:
            extractor.pipeline(support)
    chunks = [list(jobs[i : i + CHUNK]) for i in range(0, len(jobs), CHUNK)]
    _inherited = extractor
    try:
        with ProcessPoolExecutor(
            max_workers=n, mp_context=multiprocessing.get_context("fork"), initializer=_init
        ) as pool:
            parts = list(pool.map(_run, chunks))
    finally:
        _inherited = None
    return [e for part in parts for e in part]
