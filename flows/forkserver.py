"""The workers' fork server, and what decides whether a run starts one: kept apart from the
executors (`flows/executors.py`) and free of heavy imports, so a command can start the fork
server first, before it imports its stages, and the spaCy load overlaps everything else.

The fork server imports tipwatch and loads the spaCy pipelines once (`flows/preload.py`); the
worker processes fork from it with the model in shared pages.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
from collections.abc import Iterable, Sequence
from multiprocessing import forkserver
from pathlib import Path

import structlog

from tipwatch.records import SourceInfo
from tipwatch.settings import Settings

log = structlog.get_logger(__name__)

# Read by `tipwatch.flows.preload` in the fork server (named here: importing that module loads
# the spaCy model).
PRELOAD_THRESHOLD_ENV = "TIPWATCH_PRELOAD_CASE_THRESHOLD"
# The languages whose pipelines the fork server loads, comma-separated; unset: every registered
# language. A worker loads any other language's pipeline itself when a page needs it.
PRELOAD_LANGUAGES_ENV = "TIPWATCH_PRELOAD_LANGUAGES"

# Fewer pages than this run inline under "auto": a worker's start-up (model load, ~3 s) is not
# worth it.
AUTO_MIN_PAGES = 200


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


def preload_languages(languages: Iterable[str] | None) -> tuple[str, ...] | None:
    """The pipelines worth loading in the fork server for a run whose outlets publish in
    `languages` (None: unknown, then every registered language): those and English, which
    many outlets publish beside their own language. A pipeline takes 40-170 MB (French's
    lemmatizer tables most), shared by the workers but held for the whole run."""
    if languages is None:
        return None
    return tuple(sorted({"en", *(code.lower() for code in languages)}))


def context(
    case_threshold: float, languages: tuple[str, ...] | None = None
) -> multiprocessing.context.ForkServerContext:
    """The fork server context the workers start from. The fork server loads the spaCy
    pipelines once (`flows/preload.py`), so the workers fork with the model in shared pages:
    those of `languages` (None: every registered language)."""
    ctx = multiprocessing.get_context("forkserver")
    os.environ[PRELOAD_THRESHOLD_ENV] = repr(case_threshold)
    if languages is None:
        os.environ.pop(PRELOAD_LANGUAGES_ENV, None)
    else:
        os.environ[PRELOAD_LANGUAGES_ENV] = ",".join(languages)
    ctx.set_forkserver_preload(["tipwatch.flows.analyse", "tipwatch.flows.preload"])
    return ctx


def start_early(case_threshold: float, languages: tuple[str, ...] | None = None) -> None:
    """Start the workers' fork server now: it loads the spaCy pipelines (several seconds) in
    the background while the caller starts its flow and reads its input, instead of after. For
    runs that will use the `processes` executor; the server stops when this process exits."""
    context(case_threshold, languages)
    forkserver.ensure_running()
    log.info("nlp.forkserver_started")


# Compressed WARC bytes per response record, at least, in news archives (a gzipped page with
# its headers: 10-40 KB in CC-NEWS and tipwatch's own archives): a lower bound of the number
# of records, to tell ahead of reading whether a run will start worker processes.
_BYTES_PER_RECORD = 60_000


def will_use_workers(settings: Settings, paths: Sequence[Path]) -> bool:
    """Will ingesting `paths` likely run the NLP on worker processes (`flows/executors.py`)?
    True when "processes" is configured, or under "auto" when the files are large enough to
    hold more pages than the inline executor takes."""
    workers = worker_count(settings.nlp_workers)
    size = sum(Path(p).stat().st_size for p in paths if Path(p).is_file())
    pages = size // _BYTES_PER_RECORD
    return choose_kind(settings.nlp_executor, workers, pages) == "processes"


def ingest_languages(
    sources: Sequence[SourceInfo], source_id: str | None, pin_all: bool
) -> tuple[str, ...] | None:
    """The languages whose pipelines the workers should start with for an ingest
    (`flows/forkserver.py:preload_languages`): the pinned source's when every record goes to it;
    otherwise records may belong to any outlet, provisional ones included (None: all)."""
    if not pin_all or source_id is None:
        return None
    for source in sources:
        if source.id == source_id:
            return preload_languages(source.languages)
    return None
