"""Progress of long steps (crawl, processing, `reextract`, `ingest-warc`, `import ftm`).

A stage calls `report(step, done, total)` as it goes; it does not know who listens. By default
nobody does (a no-op, so library use and tests print nothing). A command that runs in a terminal
installs a sink with `reporting(sink)`: `tipwatch.cli.progress_bars` draws rich progress bars
(items done, rate, ETA) on stderr, and stays quiet when stderr is not a terminal.

No third-party import here: every layer may use it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

__all__ = ["ProgressSink", "listening", "report", "reporting"]


class ProgressSink(Protocol):
    def __call__(self, step: str, done: int, total: int | None) -> None:
        """`done` items of `step` so far, of `total` (None: not known in advance)."""


_lock = threading.Lock()
_sink: ProgressSink | None = None


def report(step: str, done: int, total: int | None = None) -> None:
    """Tell the installed sink (if any) how far `step` is. Cheap when nobody listens."""
    sink = _sink
    if sink is not None:
        sink(step, done, total)


def listening() -> bool:
    """Whether a sink is installed (a stage may skip work done only to report progress)."""
    return _sink is not None


@contextmanager
def reporting(sink: ProgressSink) -> Iterator[None]:
    """Send `report` calls to `sink` while the block runs (the previous sink afterwards)."""
    global _sink
    with _lock:
        previous, _sink = _sink, sink
    try:
        yield
    finally:
        with _lock:
            _sink = previous
